package io.github.camelcopilot.internal.observe;

/** The operations as meters and spans name them. */
public enum ObservedOperation {

    createConversation("create_conversation"),
    chat("chat"),
    chatOverStream("chat");

    /** The value of {@code gen_ai.provider.name} on meters and spans. */
    public static final String PROVIDER = "microsoft.copilot";

    private final String genAiName;

    ObservedOperation(String genAiName) {
        this.genAiName = genAiName;
    }

    /** The value of {@code gen_ai.operation.name}: {@code chat} for both chat operations. */
    public String genAiName() {
        return genAiName;
    }
}
