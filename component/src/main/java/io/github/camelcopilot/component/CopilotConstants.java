package io.github.camelcopilot.component;

import org.apache.camel.spi.Metadata;

/** The message headers of the copilot component. */
public final class CopilotConstants {

    @Metadata(description = "The conversation to continue (in), or the conversation the call used or created (out).",
              javaType = "String")
    public static final String CONVERSATION_ID = "CamelCopilotConversationId";
    @Metadata(description = "The business key whose conversation this message continues (or starts), overriding the"
                            + " conversationKey option. Ignored when a conversation id is given.",
              javaType = "String")
    public static final String CONVERSATION_KEY = "CamelCopilotConversationKey";
    @Metadata(description = "The user's IANA time zone for this message, overriding the timeZone option.",
              javaType = "String")
    public static final String TIME_ZONE = "CamelCopilotTimeZone";
    @Metadata(description = "Whether web grounding is allowed for this message, overriding the webEnabled option.",
              javaType = "Boolean")
    public static final String WEB_ENABLED = "CamelCopilotWebEnabled";
    @Metadata(description = "Extra grounding text for this message: a String or a List of Strings.",
              javaType = "Object")
    public static final String ADDITIONAL_CONTEXT = "CamelCopilotAdditionalContext";
    @Metadata(description = "File URLs to ground this message on: comma-separated String or a List of Strings.",
              javaType = "Object")
    public static final String FILES = "CamelCopilotFiles";
    @Metadata(description = "A delegated access token for this message, overriding the accessToken option."
                            + " Removed from the message once read.",
              javaType = "String", secret = true)
    public static final String ACCESS_TOKEN = "CamelCopilotAccessToken";
    @Metadata(description = "authMode onBehalfOf: the caller's user token, exchanged for a token to the API on the"
                            + " user's behalf. Removed from the message once read.",
              javaType = "String", secret = true)
    public static final String USER_ASSERTION = "CamelCopilotUserAssertion";

    @Metadata(description = "The whole conversation returned by chat (and by the end of chatOverStream).",
              javaType = "io.github.camelcopilot.model.CopilotConversation")
    public static final String CONVERSATION = "CamelCopilotConversation";
    @Metadata(description = "With a conversation key: true when this message started the key's conversation (the"
                            + " key had none, or its conversation was replaced), false when it continued one.",
              javaType = "Boolean")
    public static final String CONVERSATION_STARTED = "CamelCopilotConversationStarted";
    @Metadata(description = "With a conversation key: the conversation this message's new conversation replaced"
                            + " (disengaged, not found or refusing the chat, at maxTurns or idle past"
                            + " conversationIdleTimeout).",
              javaType = "String")
    public static final String PREVIOUS_CONVERSATION_ID = "CamelCopilotPreviousConversationId";
    @Metadata(description = "The conversation's turn count after the call.", javaType = "Integer")
    public static final String TURN_COUNT = "CamelCopilotTurnCount";
    @Metadata(description = "The conversation's state: active, or disengagedForRai when responsible-AI filtering"
                            + " closed it (start a new conversation).",
              javaType = "String")
    public static final String CONVERSATION_STATE = "CamelCopilotConversationState";
    @Metadata(description = "The conversation's display name (the first prompt once a turn has happened).",
              javaType = "String")
    public static final String DISPLAY_NAME = "CamelCopilotDisplayName";
    @Metadata(description = "When the conversation was created.", javaType = "java.time.OffsetDateTime")
    public static final String CREATED_DATE_TIME = "CamelCopilotCreatedDateTime";
    @Metadata(description = "The id of the reply message.", javaType = "String")
    public static final String MESSAGE_ID = "CamelCopilotMessageId";
    @Metadata(description = "The reply's citations and annotations.",
              javaType = "java.util.List<io.github.camelcopilot.model.CopilotAttribution>")
    public static final String ATTRIBUTIONS = "CamelCopilotAttributions";
    @Metadata(description = "The reply's sensitivity label (every field null when none applies).",
              javaType = "io.github.camelcopilot.model.CopilotSensitivityLabel")
    public static final String SENSITIVITY_LABEL = "CamelCopilotSensitivityLabel";
    @Metadata(description = "The service's request-id of the last HTTP exchange (quote it to Microsoft support).",
              javaType = "String")
    public static final String REQUEST_ID = "CamelCopilotRequestId";
    @Metadata(description = "The client-request-id sent with the last HTTP exchange.", javaType = "String")
    public static final String CLIENT_REQUEST_ID = "CamelCopilotClientRequestId";

    private CopilotConstants() {
    }
}
