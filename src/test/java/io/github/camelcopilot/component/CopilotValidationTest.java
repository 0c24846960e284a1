package io.github.camelcopilot.component;

import java.util.List;
import java.util.Map;

import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.model.CopilotChatRequest;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is refused with a clear message before anything is sent. */
class CopilotValidationTest extends CopilotTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("copilot:chat");
                from("direct:stream").to("copilot:chatOverStream");
            }
        };
    }

    private CopilotInvalidInputException refused(String uri, Object body, Map<String, Object> headers) {
        Exchange result = template.request(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
        assertThat(simulator().requestCount()).as("no request may go out").isZero();
        return result.getException(CopilotInvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "../../me/messages", "a/b", "..", "id with space", "%2e%2e", "id?x=1", "id#frag" })
    void hostileConversationIdsAreRefused(String id) {
        for (String uri : List.of("direct:chat", "direct:stream")) {
            CopilotInvalidInputException error = refused(uri, "Hello", Map.of(CopilotConstants.CONVERSATION_ID, id));
            assertThat(error).as(uri).isNotNull();
            assertThat(error.getMessage()).contains("conversation id").contains("single safe path segment");
        }
    }

    @Test
    void windowsTimeZoneNamesAreRefused() {
        CopilotInvalidInputException error = refused("direct:chat", "Hello",
                Map.of(CopilotConstants.TIME_ZONE, "Pacific Standard Time"));

        assertThat(error.getMessage()).contains("Pacific Standard Time").contains("IANA").contains("Windows");
    }

    @Test
    void aWindowsTimeZoneInARequestObjectIsRefused() {
        CopilotChatRequest request = CopilotChatRequest.ofPrompt("Hello");
        request.setLocationHint(new CopilotChatRequest.LocationHint("W. Europe Standard Time"));

        assertThat(refused("direct:stream", request, Map.of()).getMessage()).contains("IANA");
    }

    @Test
    void emptyPromptsAreRefused() {
        assertThat(refused("direct:chat", "   ", Map.of()).getMessage()).contains("prompt").contains("empty");
        assertThat(refused("direct:chat", null, Map.of()).getMessage()).contains("body is empty");
        assertThat(refused("direct:chat", Map.of("locationHint", Map.of("timeZone", "UTC")), Map.of()).getMessage())
                .contains("'message'");
    }

    @Test
    void bodiesThatAreNotPromptsAreRefused() {
        assertThat(refused("direct:chat", 42, Map.of()).getMessage()).contains("java.lang.Integer").contains("not a prompt");
    }

    @Test
    void malformedFileUrisAreRefused() {
        assertThat(refused("direct:chat", "Hello", Map.of(CopilotConstants.FILES, "ftp://files/report.docx"))
                .getMessage()).contains("ftp://files/report.docx").contains("http(s)");
        assertThat(refused("direct:chat", "Hello", Map.of(CopilotConstants.FILES, List.of(1, 2))).getMessage())
                .contains("CamelCopilotFiles");
    }

    @Test
    void aMissingTokenIsRefusedBeforeSending() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // an empty option value clears the component's default token for this endpoint
                from("direct:noToken").to("copilot:chat?accessToken=");
            }
        });

        assertThat(refused("direct:noToken", "Hello", Map.of()).getMessage()).contains("No access token")
                .contains("CamelCopilotAccessToken");
    }

    @Test
    void badEndpointOptionsFailWhenTheRouteStarts() throws Exception {
        assertStartFails("copilot:chat?timeZone=Pacific Standard Time", "IANA");
        assertStartFails("copilot:chat?conversationId=../../me", "single safe path segment");
        assertStartFails("copilot:chat?streamMode=everything", "streamMode");
        assertStartFails("copilot:chatOverStream?updateUri=seda:x", "streamMode=final");
        assertStartFails("copilot:chat?baseUrl=http://graph.example.com/beta", "plain http");
        assertStartFails("copilot:chat?baseUrl=ftp://x", "https");
        assertStartFails("copilot:chat?maxRetries=-1", "maxRetries");
        assertStartFails("copilot:chat?requestTimeout=0", "requestTimeout");
        assertStartFails("copilot:chat?files=not a url", "file");
        assertStartFails("copilot:chat?authMode=provider", "tokenProvider");
        assertStartFails("copilot:summarize", "Unknown copilot operation");
        assertStartFails("copilot:chat?noSuchOption=1", "noSuchOption");
    }

    private static void assertStartFails(String uri, String expected) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:start").to(uri);
                    }
                });
                context.start();
            }).as(uri).isInstanceOf(FailedToCreateRouteException.class)
                    .satisfies(e -> assertThat(fullMessage(e)).as(uri).contains(expected));
        }
    }

    private static String fullMessage(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
