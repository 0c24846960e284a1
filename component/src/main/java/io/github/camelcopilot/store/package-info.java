/**
 * Where conversations per business key are kept: the {@link io.github.camelcopilot.store.CopilotConversationStore}
 * SPI, an in-memory store (the component's default) and a JDBC store (for a database that replicas share).
 * Depends on nothing of the component; the component uses it.
 */
package io.github.camelcopilot.store;
