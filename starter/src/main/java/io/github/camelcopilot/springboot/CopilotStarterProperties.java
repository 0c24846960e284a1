package io.github.camelcopilot.springboot;

import io.github.camelcopilot.store.JdbcConversationStore;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;

/**
 * The starter's own properties beside the component's options (which the generated
 * {@link CopilotComponentConfiguration} adds): Camel's {@code enabled} and {@code customizer.enabled}, and the
 * conversation store the starter provides.
 */
public abstract class CopilotStarterProperties extends ComponentConfigurationPropertiesCommon {

    private CopilotConversationStoreType conversationStoreType = CopilotConversationStoreType.MEMORY;
    private String conversationStoreTable = JdbcConversationStore.DEFAULT_TABLE;

    /**
     * The conversation store the starter provides when the application defines no CopilotConversationStore bean:
     * memory (the component's own, the default) or jdbc (a JdbcConversationStore on the application's DataSource bean).
     */
    public CopilotConversationStoreType getConversationStoreType() {
        return conversationStoreType;
    }

    public void setConversationStoreType(CopilotConversationStoreType conversationStoreType) {
        this.conversationStoreType = conversationStoreType;
    }

    /** With conversation-store-type jdbc: the table of the JdbcConversationStore, created when missing. */
    public String getConversationStoreTable() {
        return conversationStoreTable;
    }

    public void setConversationStoreTable(String conversationStoreTable) {
        this.conversationStoreTable = conversationStoreTable;
    }
}
