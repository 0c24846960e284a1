package io.github.camelcopilot.component;

/** The operations of the {@code copilot:} endpoint. */
public enum CopilotOperation {
    /** Starts a new, empty conversation. */
    createConversation,
    /** Sends a prompt and returns the complete reply. */
    chat,
    /** Sends a prompt and streams the reply as it is written. */
    chatOverStream
}
