package io.github.camelcopilot.springboot;

/** The conversation store the starter provides ({@code camel.component.copilot.conversation-store-type}). */
public enum CopilotConversationStoreType {
    /** The component's own bounded in-memory store: nothing for the starter to provide. */
    MEMORY,
    /** A {@link io.github.camelcopilot.store.JdbcConversationStore} on the application's {@code DataSource} bean. */
    JDBC
}
