package io.github.camelcopilot.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC store on an embedded H2 file database, the app's durable default. */
class H2ConversationStoreTest extends ConversationStoreContract {

    @TempDir
    static Path directory;

    private final MutableClock clock = new MutableClock();
    private JdbcConversationStore store;

    @Override
    protected CopilotConversationStore store() {
        if (store == null) {
            store = new JdbcConversationStore(dataSource(), JdbcConversationStore.DEFAULT_TABLE, clock);
        }
        return store;
    }

    @Override
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    private static JdbcDataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve("conversations").toAbsolutePath());
        return dataSource;
    }

    @Test
    void entriesSurviveANewStoreOnTheSameFile() {
        String key = newKey();
        store().putIfAbsent(CopilotConversationEntry.started(key, "c-1", Instant.now()), null);

        JdbcConversationStore reopened = new JdbcConversationStore(dataSource());
        assertThat(reopened.get(key)).map(CopilotConversationEntry::conversationId).contains("c-1");
        assertThat(reopened.isBlocking()).isTrue();
    }

    @Test
    void purgeRemovesExpiredRows() {
        String key = newKey();
        store().putIfAbsent(CopilotConversationEntry.started(key, "c-1", Instant.now()), Duration.ofSeconds(1));
        advance(Duration.ofSeconds(2));
        assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(store.purgeExpired()).isZero();
    }
}
