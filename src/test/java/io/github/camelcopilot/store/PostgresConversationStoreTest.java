package io.github.camelcopilot.store;

import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store against a real PostgreSQL server, started for this test (what replicas share). */
class PostgresConversationStoreTest extends ConversationStoreContract {

    private static EmbeddedPostgres postgres;

    private final MutableClock clock = new MutableClock();
    private JdbcConversationStore store;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected CopilotConversationStore store() {
        if (store == null) {
            store = new JdbcConversationStore(postgres.getPostgresDatabase(), JdbcConversationStore.DEFAULT_TABLE,
                    clock);
        }
        return store;
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }
}
