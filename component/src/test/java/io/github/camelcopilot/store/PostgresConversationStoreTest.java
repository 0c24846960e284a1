package io.github.camelcopilot.store;

import java.time.Duration;

/** The JDBC store against a real PostgreSQL server, started for the tests (what replicas share). */
class PostgresConversationStoreTest extends ConversationStoreContract {

    private final MutableClock clock = new MutableClock();
    private JdbcConversationStore store;

    @Override
    protected CopilotConversationStore store() {
        if (store == null) {
            store = new JdbcConversationStore(TestPostgres.dataSource(), JdbcConversationStore.DEFAULT_TABLE,
                    clock);
        }
        return store;
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }
}
