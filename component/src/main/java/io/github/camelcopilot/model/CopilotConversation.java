package io.github.camelcopilot.model;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * A {@code copilotConversation}: what create, chat and every stream event return. {@code messages} holds only the
 * current turn: the prompt echo and the reply after a chat, the reply so far on intermediate stream events.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CopilotConversation {

    public static final String STATE_ACTIVE = "active";
    public static final String STATE_DISENGAGED_FOR_RAI = "disengagedForRai";

    @JsonProperty("@odata.context")
    private String odataContext;
    private String id;
    @JsonSerialize(using = ToStringSerializer.class)
    @JsonDeserialize(using = IsoDateTime.class)
    private OffsetDateTime createdDateTime;
    private String displayName;
    private String state;
    private Integer turnCount;
    private String agentId;
    private List<CopilotConversationMessage> messages = new ArrayList<>();

    public String getOdataContext() {
        return odataContext;
    }

    public void setOdataContext(String odataContext) {
        this.odataContext = odataContext;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public OffsetDateTime getCreatedDateTime() {
        return createdDateTime;
    }

    public void setCreatedDateTime(OffsetDateTime createdDateTime) {
        this.createdDateTime = createdDateTime;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    /** {@code active}, {@code disengagedForRai} (start a new conversation) or a value added later. */
    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    /** Microsoft's create example says {@code status} where all else says {@code state}: read as a fallback. */
    @JsonProperty("status")
    void setStatus(String status) {
        if (state == null) {
            state = status;
        }
    }

    public Integer getTurnCount() {
        return turnCount;
    }

    public void setTurnCount(Integer turnCount) {
        this.turnCount = turnCount;
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public List<CopilotConversationMessage> getMessages() {
        return messages;
    }

    public void setMessages(List<CopilotConversationMessage> messages) {
        this.messages = messages == null ? new ArrayList<>() : messages;
    }

    /**
     * True when the messages hold the prompt echo and a reply after it: the shape of chat's response and of a
     * stream's final event. A chat response without it has no reply (only the echo, or no message at all).
     */
    @JsonIgnore
    public boolean hasCompleteTurn() {
        return messages.size() >= 2;
    }

    /**
     * The latest message: the reply in a complete turn, the reply so far on an intermediate stream event, null without
     * messages. A response holding only the prompt echo yields the echo: check {@link #hasCompleteTurn()} first.
     */
    @JsonIgnore
    public CopilotConversationMessage getReply() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    /** The text of {@link #getReply()}, or null when there is no message. */
    @JsonIgnore
    public String getReplyText() {
        CopilotConversationMessage reply = getReply();
        return reply == null ? null : reply.getText();
    }

    /** True when responsible-AI filtering closed the conversation: further chats fail, start a new one. */
    @JsonIgnore
    public boolean isDisengagedForRai() {
        return STATE_DISENGAGED_FOR_RAI.equals(state);
    }

    @Override
    public String toString() {
        // Identifiers only: prompts and replies may be confidential and must not end up in logs.
        return "CopilotConversation[id=" + id + ", state=" + state + ", turnCount=" + turnCount
               + ", messages=" + messages.size() + "]";
    }
}
