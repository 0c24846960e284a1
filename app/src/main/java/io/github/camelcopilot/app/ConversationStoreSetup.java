package io.github.camelcopilot.app;

import java.nio.file.Path;
import java.util.Optional;

import javax.sql.ConnectionPoolDataSource;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.store.JdbcConversationStore;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the app a durable conversation store, so that a restart continues each key's conversation: the JDBC store on
 * an embedded H2 file database under {@code copilot.data.dir} by default, or on the database of
 * {@code copilot.store.url} (PostgreSQL, which replicas share). Skipped when
 * {@code camel.component.copilot.conversationStore} names a store bean of the user's.
 */
final class ConversationStoreSetup extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CopilotApp.class);

    static final String URL = "copilot.store.url";
    static final String USER = "copilot.store.user";
    static final String PASSWORD = "copilot.store.password";
    static final String TABLE = "copilot.store.table";
    static final String MAX_CONNECTIONS = "copilot.store.maxConnections";
    static final String USER_STORE = "camel.component.copilot.conversationStore";
    /** The H2 database file under the data directory (H2 adds {@code .mv.db}). */
    static final String EMBEDDED_FILE = "copilot-conversations";

    private JdbcConnectionPool pool;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        if (property(properties, USER_STORE).isPresent()) {
            return;
        }
        String dataDir = property(properties, "copilot.data.dir").orElse("data");
        String url = property(properties, URL).orElseGet(() -> "jdbc:h2:file:"
                + Path.of(dataDir).resolve(EMBEDDED_FILE).toAbsolutePath().normalize());
        String user = property(properties, USER).orElse("");
        String password = property(properties, PASSWORD).orElse("");
        pool = JdbcConnectionPool.create(poolSource(url, user, password));
        pool.setMaxConnections(property(properties, MAX_CONNECTIONS).map(Integer::parseInt).orElse(8));
        JdbcConversationStore store = new JdbcConversationStore(pool,
                property(properties, TABLE).orElse(JdbcConversationStore.DEFAULT_TABLE));
        // Set on the component itself, as the simulator's URL is: the properties binding that follows only touches
        // options that are set, so camel.component.copilot.conversationStore still wins.
        main.getCamelContext().getComponent("copilot", CopilotComponent.class).getConfiguration()
                .setConversationStore(store);
        LOG.info("Conversations per key are kept in {} ({})", store, withoutSecrets(url));
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (pool != null) {
            pool.dispose();
            pool = null;
        }
    }

    /** A pooled source for the URL's database: H2 and PostgreSQL, the two drivers the app ships. */
    private static ConnectionPoolDataSource poolSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGConnectionPoolDataSource postgres = new PGConnectionPoolDataSource();
            try {
                postgres.setURL(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(URL + " is not a valid PostgreSQL JDBC URL", e);
            }
            if (!user.isEmpty()) {
                postgres.setUser(user);
            }
            if (!password.isEmpty()) {
                postgres.setPassword(password);
            }
            return postgres;
        }
        throw new IllegalArgumentException(URL + " must be a jdbc:h2: or jdbc:postgresql: URL (the drivers the app"
                                           + " ships); for another database bind a CopilotConversationStore bean and"
                                           + " set " + USER_STORE);
    }

    /** The URL as logged: its parameters (where a password could be given) left out. */
    private static String withoutSecrets(String url) {
        int parameters = url.indexOf(url.startsWith("jdbc:h2:") ? ';' : '?');
        return parameters < 0 ? url : url.substring(0, parameters) + "...";
    }

    private static Optional<String> property(PropertiesComponent properties, String name) {
        return properties.resolveProperty(name).map(String::trim).filter(value -> !value.isEmpty());
    }
}
