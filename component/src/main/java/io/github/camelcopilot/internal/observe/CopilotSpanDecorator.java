package io.github.camelcopilot.internal.observe;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotConversationMessage;
import io.github.camelcopilot.model.CopilotJson;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.Exchange;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.decorators.AbstractSpanDecorator;

/**
 * The span of a {@code copilot:} call as camel-telemetry makes it, with the OpenTelemetry GenAI attributes and the
 * ids Microsoft support asks for. camel-telemetry finds this class through {@code ServiceLoader}; without it on the
 * class path nothing reads it.
 */
public class CopilotSpanDecorator extends AbstractSpanDecorator {

    /** CopilotConstants' output headers, named here because this package may not depend on the component's. */
    static final String CONVERSATION_ID_HEADER = "CamelCopilotConversationId";
    static final String CONVERSATION_HEADER = "CamelCopilotConversation";

    @Override
    public String getComponent() {
        return "copilot";
    }

    @Override
    public String getComponentClassName() {
        return "io.github.camelcopilot.component.CopilotComponent";
    }

    /** The GenAI span name: the operation alone, as no model is named. */
    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        return operation(endpoint).genAiName();
    }

    @Override
    public void beforeTracingEvent(Span span, Exchange exchange, Endpoint endpoint) {
        super.beforeTracingEvent(span, exchange, endpoint);
        ObservedOperation operation = operation(endpoint);
        span.setTag("gen_ai.operation.name", operation.genAiName());
        span.setTag("gen_ai.provider.name", ObservedOperation.PROVIDER);
        span.setTag("copilot.operation", operation.name());
        if (endpoint instanceof EndpointServiceLocation location && location.getServiceUrl() != null) {
            String host = host(location.getServiceUrl());
            if (host != null) {
                span.setTag("server.address", host); // the host alone, as the convention has it
            }
        }
    }

    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        super.afterTracingEvent(span, exchange);
        Object conversationId = exchange.getMessage().getHeader(CONVERSATION_ID_HEADER);
        if (conversationId instanceof String id) {
            span.setTag("gen_ai.conversation.id", id);
        }
        SpanRecord record = exchange.getProperty(SpanRecord.PROPERTY, SpanRecord.class);
        if (record == null) {
            return;
        }
        record.attributes().forEach(span::setTag);
        for (Map<String, String> event : record.events()) {
            span.log(event);
        }
        if (record.captureContent()
            && exchange.getMessage().getHeader(CONVERSATION_HEADER) instanceof CopilotConversation conversation) {
            content(span, conversation);
        }
    }

    /** The prompt and reply as {@code gen_ai.input.messages} and {@code gen_ai.output.messages} (JSON). */
    private static void content(Span span, CopilotConversation conversation) {
        List<CopilotConversationMessage> messages = conversation.getMessages();
        try {
            if (messages != null && messages.size() > 1 && messages.get(0).getText() != null) {
                span.setTag("gen_ai.input.messages", CopilotJson.mapper().writeValueAsString(List.of(
                        Map.of("role", "user", "parts", List.of(Map.of("type", "text", "content",
                                messages.get(0).getText()))))));
            }
            String reply = conversation.getReplyText();
            if (reply != null) {
                span.setTag("gen_ai.output.messages", CopilotJson.mapper().writeValueAsString(List.of(
                        Map.of("role", "assistant", "parts", List.of(Map.of("type", "text", "content", reply))))));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            span.setTag("copilot.content.error", e.getClass().getSimpleName());
        }
    }

    private static ObservedOperation operation(Endpoint endpoint) {
        String path = stripSchemeAndOptions(endpoint).replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return switch (path) {
            case "createconversation" -> ObservedOperation.createConversation;
            case "chatoverstream" -> ObservedOperation.chatOverStream;
            default -> ObservedOperation.chat;
        };
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
