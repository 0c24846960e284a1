package io.github.camelcopilot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * A store in one table of any JDBC database (PostgreSQL for replicas, an embedded H2 file), created when missing. The
 * SQL is plain SQL-92 with times as epoch milliseconds: put-if-absent is an INSERT on the primary key, where a
 * unique-key violation (SQLState class 23) means another writer was first; replace is an UPDATE on key, conversation
 * id and version, which won when it changed one row. Every call has its own auto-commit connection.
 */
public final class JdbcConversationStore implements CopilotConversationStore {

    public static final String DEFAULT_TABLE = "copilot_conversation";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String COLUMNS = "conversation_key, conversation_id, created_at, last_used_at, turn_count,"
                                          + " state, version, expires_at";
    private static final String NOT_EXPIRED = "(expires_at IS NULL OR expires_at > ?)";

    private final DataSource dataSource;
    private final String table;
    private final Clock clock;
    private int queryTimeoutSeconds = 30;
    private volatile boolean tableChecked;

    public JdbcConversationStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    public JdbcConversationStore(DataSource dataSource, String table) {
        this(dataSource, table, Clock.systemUTC());
    }

    public JdbcConversationStore(DataSource dataSource, String table, Clock clock) {
        if (dataSource == null) {
            throw new IllegalArgumentException("A DataSource is required");
        }
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("Not a plain SQL table name: " + table);
        }
        this.dataSource = dataSource;
        this.table = table;
        this.clock = clock;
    }

    /** The longest a statement may run (default 30 s), so that a stuck database fails calls instead of hanging them. */
    public JdbcConversationStore queryTimeout(Duration timeout) {
        this.queryTimeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        return this;
    }

    @Override
    public Optional<CopilotConversationEntry> get(String key) {
        try (Connection connection = connection()) {
            return select(connection, key);
        } catch (SQLException e) {
            throw failure("read the entry of a key", e);
        }
    }

    @Override
    public Optional<CopilotConversationEntry> putIfAbsent(CopilotConversationEntry entry, Duration timeToLive) {
        try (Connection connection = connection()) {
            long now = clock.millis();
            // An expired row must not block the insert; removing it is harmless if someone else just did.
            try (PreparedStatement delete = prepare(connection, "DELETE FROM " + table
                    + " WHERE conversation_key = ? AND expires_at IS NOT NULL AND expires_at <= ?")) {
                delete.setString(1, entry.key());
                delete.setLong(2, now);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = prepare(connection,
                    "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.key());
                bind(insert, 2, entry, 0, expiry(now, timeToLive));
                insert.executeUpdate();
                return Optional.empty();
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            Optional<CopilotConversationEntry> winner = select(connection, entry.key());
            if (winner.isEmpty()) {
                // The winner's row expired or was deleted between our insert and this read: try once more.
                return putIfAbsent(entry, timeToLive);
            }
            return winner;
        } catch (SQLException e) {
            throw failure("record a key's conversation", e);
        }
    }

    @Override
    public boolean replace(CopilotConversationEntry expected, CopilotConversationEntry replacement,
                           Duration timeToLive) {
        try (Connection connection = connection();
             PreparedStatement update = prepare(connection, "UPDATE " + table
                     + " SET conversation_id = ?, created_at = ?, last_used_at = ?, turn_count = ?, state = ?,"
                     + " version = ?, expires_at = ?"
                     + " WHERE conversation_key = ? AND conversation_id = ? AND version = ? AND " + NOT_EXPIRED)) {
            long now = clock.millis();
            bind(update, 1, replacement, expected.version() + 1, expiry(now, timeToLive));
            update.setString(8, expected.key());
            update.setString(9, expected.conversationId());
            update.setLong(10, expected.version());
            update.setLong(11, now);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("replace a key's conversation", e);
        }
    }

    /** Deletes every expired row; returns how many. Expired rows are ignored anyway: this only reclaims space. */
    public int purgeExpired() {
        try (Connection connection = connection();
             PreparedStatement delete = prepare(connection, "DELETE FROM " + table
                     + " WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
            delete.setLong(1, clock.millis());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("purge expired entries", e);
        }
    }

    private Optional<CopilotConversationEntry> select(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM " + table
                + " WHERE conversation_key = ? AND " + NOT_EXPIRED)) {
            select.setString(1, key);
            select.setLong(2, clock.millis());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CopilotConversationEntry(row.getString(1), row.getString(2),
                        Instant.ofEpochMilli(row.getLong(3)), Instant.ofEpochMilli(row.getLong(4)), row.getInt(5),
                        row.getString(6), row.getLong(7)));
            }
        }
    }

    /** Binds the columns after the key, in the order of {@link #COLUMNS}, from {@code first} on. */
    private static void bind(PreparedStatement statement, int first, CopilotConversationEntry entry, long version,
                             Long expiresAt) throws SQLException {
        statement.setString(first, entry.conversationId());
        statement.setLong(first + 1, entry.created().toEpochMilli());
        statement.setLong(first + 2, entry.lastUsed().toEpochMilli());
        statement.setInt(first + 3, entry.turnCount());
        statement.setString(first + 4, entry.state());
        statement.setLong(first + 5, version);
        if (expiresAt == null) {
            statement.setNull(first + 6, Types.BIGINT);
        } else {
            statement.setLong(first + 6, expiresAt);
        }
    }

    private static Long expiry(long now, Duration timeToLive) {
        return timeToLive == null || timeToLive.isZero() || timeToLive.isNegative()
                ? null : now + timeToLive.toMillis();
    }

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            if (!tableChecked) {
                createTableIfMissing(connection);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Creates the table unless it exists; another process creating it at the same time is fine. */
    private synchronized void createTableIfMissing(Connection connection) throws SQLException {
        if (tableChecked) {
            return;
        }
        if (!tableExists(connection)) {
            try (Statement create = connection.createStatement()) {
                create.setQueryTimeout(queryTimeoutSeconds);
                create.executeUpdate("CREATE TABLE " + table + " ("
                                     + "conversation_key VARCHAR(1024) NOT NULL PRIMARY KEY,"
                                     + " conversation_id VARCHAR(256) NOT NULL,"
                                     + " created_at BIGINT NOT NULL,"
                                     + " last_used_at BIGINT NOT NULL,"
                                     + " turn_count INTEGER NOT NULL,"
                                     + " state VARCHAR(64) NOT NULL,"
                                     + " version BIGINT NOT NULL,"
                                     + " expires_at BIGINT)");
            } catch (SQLException e) {
                if (!tableExists(connection)) {
                    throw e;
                }
            }
        }
        tableChecked = true;
    }

    private boolean tableExists(Connection connection) throws SQLException {
        try (Statement probe = connection.createStatement()) {
            probe.setQueryTimeout(queryTimeoutSeconds);
            probe.executeQuery("SELECT conversation_key FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private IllegalStateException failure(String what, SQLException e) {
        // No key or conversation id in the message: the SQLState and the driver's message name the problem.
        return new IllegalStateException("Conversation store (table " + table + "): could not " + what + ": "
                                         + e.getMessage() + " [SQLState " + e.getSQLState() + "]", e);
    }

    @Override
    public String toString() {
        return "JdbcConversationStore[table=" + table + "]";
    }
}
