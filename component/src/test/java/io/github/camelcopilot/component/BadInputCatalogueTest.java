package io.github.camelcopilot.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.model.CopilotChatRequest;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue of bad inputs ("Bad input catalogue" in src/main/docs/copilot-component.adoc): each gives a clear
 * error naming what is wrong, none sends a request, and the message is not lost (the exchange fails with it intact,
 * for the route's error handling).
 */
class BadInputCatalogueTest extends CopilotTestSupport {

    /** A bad message: what the route receives, and what the error must say. */
    record BadMessage(String id, String uri, Object body, Map<String, Object> headers, String expected) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** A bad endpoint configuration: the route fails to start, saying why. */
    record BadOption(String id, String uri, String expected) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<BadMessage> badMessages() {
        CopilotChatRequest windowsZone = CopilotChatRequest.ofPrompt("Hello");
        windowsZone.setLocationHint(new CopilotChatRequest.LocationHint("W. Europe Standard Time"));
        CopilotChatRequest fileWithoutUri = CopilotChatRequest.ofPrompt("Hello");
        fileWithoutUri.setContextualResources(new CopilotChatRequest.ContextualResources());
        fileWithoutUri.getContextualResources().setFiles(java.util.Arrays.asList(new CopilotChatRequest.FileReference()));
        CopilotChatRequest contextWithoutText = CopilotChatRequest.ofPrompt("Hello");
        contextWithoutText.setAdditionalContext(List.of(new CopilotChatRequest.ContextItem()));
        String id = CopilotConstants.CONVERSATION_ID;
        return Stream.of(
                message("null-body", null, Map.of(), "body is empty"),
                message("empty-prompt", "", Map.of(), "prompt (message.text) is empty"),
                message("whitespace-prompt", " \n\t ", Map.of(), "prompt (message.text) is empty"),
                message("empty-bytes", new byte[0], Map.of(), "prompt (message.text) is empty"),
                message("huge-prompt", "x".repeat(2_000_000), Map.of(), "maxRequestSize"),
                message("number-body", 42, Map.of(), "java.lang.Integer is not a prompt"),
                message("list-body", List.of("a", "b"), Map.of(), "is not a prompt"),
                message("object-body", new Object(), Map.of(), "java.lang.Object is not a prompt"),
                message("map-without-message", Map.of("locationHint", Map.of("timeZone", "UTC")), Map.of(),
                        "no 'message' object"),
                message("map-message-not-object", Map.of("message", "Hello"), Map.of(), "no 'message' object"),
                message("map-message-without-text", Map.of("message", Map.of()), Map.of(),
                        "prompt (message.text) is empty"),
                message("request-without-message", new CopilotChatRequest(), Map.of(), "prompt (message.text) is empty"),
                message("id-path-traversal", "Hello", Map.of(id, "../../me/messages"), "single safe path segment"),
                message("id-with-slash", "Hello", Map.of(id, "a/b"), "single safe path segment"),
                message("id-dot-dot", "Hello", Map.of(id, ".."), "single safe path segment"),
                message("id-percent-encoded", "Hello", Map.of(id, "%2e%2e"), "single safe path segment"),
                message("id-with-query", "Hello", Map.of(id, "abc?x=1"), "single safe path segment"),
                message("id-with-space", "Hello", Map.of(id, "abc def"), "single safe path segment"),
                message("id-too-long", "Hello", Map.of(id, "a".repeat(300)), "at most 256 characters"),
                message("id-empty", "Hello", Map.of(id, ""), "conversation id is empty"),
                message("zone-windows-name", "Hello", Map.of(CopilotConstants.TIME_ZONE, "Pacific Standard Time"),
                        "Windows names are refused"),
                message("zone-offset", "Hello", Map.of(CopilotConstants.TIME_ZONE, "GMT+01:00"), "not an IANA time zone"),
                message("zone-unknown", "Hello", Map.of(CopilotConstants.TIME_ZONE, "Mars/Olympus"),
                        "not an IANA time zone"),
                message("zone-in-request", windowsZone, Map.of(), "not an IANA time zone"),
                message("web-enabled-not-boolean", "Hello", Map.of(CopilotConstants.WEB_ENABLED, "maybe"),
                        "CamelCopilotWebEnabled must be true or false"),
                message("file-not-http", "Hello", Map.of(CopilotConstants.FILES, "ftp://files/report.docx"),
                        "not an absolute http(s) URL"),
                message("file-relative", "Hello", Map.of(CopilotConstants.FILES, "/sites/report.docx"),
                        "not an absolute http(s) URL"),
                message("file-not-a-url", "Hello", Map.of(CopilotConstants.FILES, "https://exa mple.com/x"),
                        "not a valid URL"),
                message("files-not-text", "Hello", Map.of(CopilotConstants.FILES, List.of(1, 2)),
                        "header CamelCopilotFiles holds a Integer"),
                message("file-without-uri", fileWithoutUri, Map.of(), "files entry has no uri"),
                message("context-wrong-type", "Hello", Map.of(CopilotConstants.ADDITIONAL_CONTEXT, Map.of("a", "b")),
                        "must be a String or a List of Strings"),
                message("context-without-text", contextWithoutText, Map.of(), "additionalContext item has no text"),
                new BadMessage("no-access-token", "direct:noToken", "Hello", Map.of(), "No access token"));
    }

    static Stream<BadOption> badOptions() {
        return Stream.of(
                new BadOption("option-zone-windows-name", "copilot:chat?timeZone=Pacific Standard Time", "IANA"),
                new BadOption("option-hostile-id", "copilot:chat?conversationId=../../me", "single safe path segment"),
                new BadOption("option-stream-mode", "copilot:chat?streamMode=everything", "streamMode"),
                new BadOption("option-update-uri-without-final", "copilot:chatOverStream?updateUri=seda:x",
                        "streamMode=final"),
                new BadOption("option-plain-http", "copilot:chat?baseUrl=http://graph.example.com/beta", "plain http"),
                new BadOption("option-base-url-scheme", "copilot:chat?baseUrl=ftp://x", "absolute https URL"),
                new BadOption("option-negative-retries", "copilot:chat?maxRetries=-1", "maxRetries must be 0 or more"),
                new BadOption("option-retries-not-a-number", "copilot:chat?maxRetries=three", "maxRetries"),
                new BadOption("option-zero-timeout", "copilot:chat?requestTimeout=0", "requestTimeout must be positive"),
                new BadOption("option-file-not-a-url", "copilot:chat?files=not a url", "file"),
                new BadOption("option-provider-missing", "copilot:chat?authMode=provider", "tokenProvider"),
                new BadOption("option-on-behalf-of-incomplete", "copilot:chat?authMode=onBehalfOf", "clientId"),
                new BadOption("option-api-layout", "copilot:chat?apiLayout=sharepoint", "apiLayout"),
                new BadOption("option-unknown-operation", "copilot:summarize", "Unknown copilot operation"),
                new BadOption("option-unknown", "copilot:chat?noSuchOption=1", "noSuchOption"));
    }

    private static BadMessage message(String id, Object body, Map<String, Object> headers, String expected) {
        return new BadMessage(id, "direct:chat", body, headers, expected);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:stream").to("copilot:chatOverStream");
                // an empty option value clears the component's default token for this endpoint
                from("direct:noToken").to("copilot:chat?accessToken=");
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void aBadMessageIsRefusedClearlyWithoutSendingAnything(BadMessage bad) {
        for (String uri : bad.uri().equals("direct:chat") ? List.of("direct:chat", "direct:stream") : List.of(bad.uri())) {
            Exchange result = template.request(uri, exchange -> {
                exchange.getMessage().setBody(bad.body());
                exchange.getMessage().setHeaders(new HashMap<>(bad.headers()));
            });

            CopilotInvalidInputException error = result.getException(CopilotInvalidInputException.class);
            assertThat(error).as(bad.id() + " via " + uri).isNotNull();
            assertThat(error.getMessage()).as(bad.id()).contains(bad.expected()).doesNotContain("simulator-token");
            assertThat(result.getMessage().getBody()).as("the message is kept for error handling").isSameAs(bad.body());
        }
        assertThat(simulator().requestCount()).as("no request may go out").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void aBadOptionFailsTheRouteAtStart(BadOption bad) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:start").to(bad.uri());
                    }
                });
                context.start();
            }).as(bad.id()).isInstanceOf(FailedToCreateRouteException.class)
                    .satisfies(e -> assertThat(fullMessage(e)).as(bad.id()).contains(bad.expected()));
        }
    }

    @Test
    void theComponentPageListsEveryCatalogueEntry() throws Exception {
        String page = Files.readString(Path.of("src/main/docs/copilot-component.adoc"));
        Stream.concat(badMessages().map(BadMessage::id), badOptions().map(BadOption::id))
                .forEach(id -> assertThat(page).as(id).contains("| `" + id + "` |"));
        assertThat(badMessages().count() + badOptions().count()).isGreaterThanOrEqualTo(30);
    }

    private static String fullMessage(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
