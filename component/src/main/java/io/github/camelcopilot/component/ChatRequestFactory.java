package io.github.camelcopilot.component;

import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotChatRequest.ContextItem;
import io.github.camelcopilot.model.CopilotChatRequest.ContextualResources;
import io.github.camelcopilot.model.CopilotChatRequest.FileReference;
import io.github.camelcopilot.model.CopilotChatRequest.LocationHint;
import io.github.camelcopilot.model.CopilotChatRequest.WebContext;
import io.github.camelcopilot.model.CopilotJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.util.ObjectHelper;

/**
 * Builds the chat body from the message: a String is the prompt; a CopilotChatRequest or a Map of the API's body
 * shape is the whole request. Whatever the request leaves out is filled from headers, then from the options.
 * Everything is validated here, so an invalid message never reaches the wire.
 */
final class ChatRequestFactory {

    private final CopilotConfiguration config;
    private final ObjectMapper mapper = CopilotJson.mapper();

    ChatRequestFactory(CopilotConfiguration config) {
        this.config = config;
    }

    /** The chat body as the JSON to send: written once, here, where its size is checked. */
    byte[] create(Exchange exchange) throws CopilotInvalidInputException {
        Message message = exchange.getMessage();
        CopilotChatRequest request = fromBody(exchange, message.getBody());
        if (request.getMessage() == null || ObjectHelper.isEmpty(request.getMessage().getText())) {
            throw invalid(exchange, "the prompt (message.text) is empty");
        }
        fillLocationHint(exchange, request);
        fillWebContext(exchange, request);
        fillAdditionalContext(exchange, request);
        fillFiles(exchange, request);
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw invalid(exchange, "the request cannot be written as JSON (" + e.getOriginalMessage() + ")");
        }
        if (json.length > config.getMaxRequestSize()) {
            throw invalid(exchange, "the request is " + json.length + " bytes of JSON, over maxRequestSize ("
                                    + config.getMaxRequestSize() + "); shorten the prompt or the context");
        }
        return json;
    }

    private CopilotChatRequest fromBody(Exchange exchange, Object body) throws CopilotInvalidInputException {
        if (body == null) {
            throw invalid(exchange, "the message body is empty; send the prompt as a String, or a"
                                    + " CopilotChatRequest or Map with message.text");
        }
        if (body instanceof CopilotChatRequest request) {
            return mapper.convertValue(request, CopilotChatRequest.class); // a copy: the caller's object stays as it was
        }
        if (body instanceof Map<?, ?> map) {
            if (!(map.get("message") instanceof Map<?, ?>)) {
                throw invalid(exchange, "the request map has no 'message' object with the prompt as 'text'");
            }
            try {
                return mapper.convertValue(map, CopilotChatRequest.class);
            } catch (IllegalArgumentException e) {
                throw invalid(exchange, "the request map does not have the chat body's shape ("
                                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (body instanceof CharSequence || body instanceof byte[] || body instanceof InputStream
            || body instanceof Reader || body instanceof WrappedFile<?>) {
            String prompt = exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
            if (prompt == null) {
                throw invalid(exchange, "the message body (" + body.getClass().getSimpleName()
                                        + ") could not be read as text");
            }
            return CopilotChatRequest.ofPrompt(prompt);
        }
        throw invalid(exchange, "a message body of type " + body.getClass().getName() + " is not a prompt; send a"
                                + " String, or a CopilotChatRequest or Map with message.text");
    }

    private void fillLocationHint(Exchange exchange, CopilotChatRequest request) throws CopilotInvalidInputException {
        LocationHint hint = request.getLocationHint();
        if (hint == null) {
            hint = new LocationHint();
            request.setLocationHint(hint);
        }
        if (hint.getTimeZone() == null) {
            String zone = exchange.getMessage().getHeader(CopilotConstants.TIME_ZONE, String.class);
            if (zone == null) {
                zone = config.getTimeZone() != null ? config.getTimeZone() : InputChecks.defaultTimeZone();
            }
            hint.setTimeZone(zone);
        }
        check(exchange, InputChecks.checkTimeZone(hint.getTimeZone()));
    }

    /** A header that must be a boolean: true/false (any case) or a Boolean; anything else is refused, not ignored. */
    private static Boolean booleanHeader(Exchange exchange, String header) throws CopilotInvalidInputException {
        Object value = exchange.getMessage().getHeader(header);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw invalid(exchange, "header " + header + " must be true or false, not '"
                                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }

    private void fillWebContext(Exchange exchange, CopilotChatRequest request) throws CopilotInvalidInputException {
        ContextualResources resources = request.getContextualResources();
        if (resources != null && resources.getWebContext() != null) {
            return;
        }
        Boolean enabled = booleanHeader(exchange, CopilotConstants.WEB_ENABLED);
        if (enabled == null) {
            enabled = config.getWebEnabled();
        }
        if (enabled != null) {
            resources(request).setWebContext(new WebContext(enabled));
        }
    }

    private void fillAdditionalContext(Exchange exchange, CopilotChatRequest request)
            throws CopilotInvalidInputException {
        if (request.getAdditionalContext() == null) {
            List<String> texts = values(exchange, CopilotConstants.ADDITIONAL_CONTEXT, config.getAdditionalContext(),
                    false);
            if (!texts.isEmpty()) {
                request.setAdditionalContext(texts.stream().map(ContextItem::new).toList());
            }
        }
        if (request.getAdditionalContext() != null) {
            for (ContextItem item : request.getAdditionalContext()) {
                if (item == null || ObjectHelper.isEmpty(item.getText())) {
                    throw invalid(exchange, "an additionalContext item has no text");
                }
            }
        }
    }

    private void fillFiles(Exchange exchange, CopilotChatRequest request) throws CopilotInvalidInputException {
        ContextualResources resources = request.getContextualResources();
        if (resources == null || resources.getFiles() == null) {
            List<String> uris = values(exchange, CopilotConstants.FILES, config.getFiles(), true);
            if (!uris.isEmpty()) {
                resources(request).setFiles(uris.stream().map(FileReference::new).toList());
            }
        }
        resources = request.getContextualResources();
        if (resources != null && resources.getFiles() != null) {
            for (FileReference file : resources.getFiles()) {
                if (file == null || file.getUri() == null) {
                    throw invalid(exchange, "a contextualResources.files entry has no uri");
                }
                check(exchange, InputChecks.checkFileUri(file.getUri()));
            }
        }
    }

    /** A header's values (a String, split on commas when asked, or a collection), else the option's. */
    private static List<String> values(Exchange exchange, String header, String option, boolean commaSeparated)
            throws CopilotInvalidInputException {
        Object value = exchange.getMessage().getHeader(header);
        if (value == null) {
            value = option;
        }
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (!(item instanceof CharSequence text)) {
                    throw invalid(exchange, "header " + header + " holds a "
                                            + (item == null ? "null" : item.getClass().getSimpleName())
                                            + " where text is expected");
                }
                result.add(text.toString().trim());
            }
        } else if (value instanceof CharSequence text) {
            if (commaSeparated) {
                result.addAll(InputChecks.commaSeparated(text.toString()));
            } else if (!text.toString().isBlank()) {
                result.add(text.toString());
            }
        } else {
            throw invalid(exchange, "header " + header + " must be a String or a List of Strings, not "
                                    + value.getClass().getSimpleName());
        }
        return result;
    }

    private static ContextualResources resources(CopilotChatRequest request) {
        if (request.getContextualResources() == null) {
            request.setContextualResources(new ContextualResources());
        }
        return request.getContextualResources();
    }

    private static void check(Exchange exchange, String problem) throws CopilotInvalidInputException {
        if (problem != null) {
            throw invalid(exchange, problem);
        }
    }

    static CopilotInvalidInputException invalid(Exchange exchange, String problem) {
        return CopilotInvalidInputException.of("Copilot request refused: " + problem, exchange);
    }
}
