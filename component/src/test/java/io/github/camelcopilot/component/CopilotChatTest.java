package io.github.camelcopilot.component;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelcopilot.model.CopilotAttribution;
import io.github.camelcopilot.model.CopilotChatRequest;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.model.CopilotJson;
import io.github.camelcopilot.simulator.RecordedRequest;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopilotChatTest extends CopilotTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:create").to("copilot:createConversation");
                from("direct:chat").to("copilot:chat");
                from("direct:chatWithOptions")
                        .to("copilot:chat?timeZone=Europe/Berlin&webEnabled=false&additionalContext=Be brief"
                            + "&files=https://contoso.sharepoint.com/a.docx,https://contoso.sharepoint.com/b.xlsx");
                from("direct:chatKebab").to("copilot:chat-over-stream?streamMode=final");
                from("direct:createThenChat")
                        .to("copilot:createConversation")
                        .setBody(constant("What is on my calendar?"))
                        .to("copilot:chat")
                        .setBody(simple("${header.CamelCopilotConversationId}|${body}"));
            }
        };
    }

    @Test
    void createConversationReturnsTheConversationAndItsId() throws Exception {
        Exchange result = template.request("direct:create", e -> { });

        assertThat(result.getException()).isNull();
        CopilotConversation conversation = result.getMessage().getBody(CopilotConversation.class);
        assertThat(conversation.getId()).isNotBlank();
        assertThat(conversation.getState()).isEqualTo("active");
        assertThat(conversation.getTurnCount()).isZero();
        assertThat(result.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isEqualTo(conversation.getId());
        assertThat(result.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(0);
        assertThat(result.getMessage().getHeader(CopilotConstants.REQUEST_ID, String.class)).isNotBlank();

        RecordedRequest request = lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/beta/copilot/conversations");
        assertThat(request.body()).isEqualTo("{}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer simulator-token");
        assertThat(request.header("client-request-id"))
                .isEqualTo(result.getMessage().getHeader(CopilotConstants.CLIENT_REQUEST_ID));
    }

    @Test
    void chatWithoutConversationIdCreatesOneThenAnswers() throws Exception {
        Exchange result = template.request("direct:chat", e -> e.getMessage().setBody("Summarise my week"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Summarise my week"));
        String id = result.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);
        assertThat(simulator().requests()).extracting(RecordedRequest::path)
                .containsExactly("/beta/copilot/conversations", "/beta/copilot/conversations/" + id + "/chat");
        assertThat(result.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(1);
        assertThat(result.getMessage().getHeader(CopilotConstants.CONVERSATION_STATE)).isEqualTo("active");
        assertThat(result.getMessage().getHeader(CopilotConstants.DISPLAY_NAME))
                .isEqualTo(SimulatorReplies.displayNameFor("Summarise my week"));
        assertThat(result.getMessage().getHeader(CopilotConstants.MESSAGE_ID, String.class)).isNotBlank();
        assertThat(result.getMessage().getHeader(CopilotConstants.CREATED_DATE_TIME)).isNotNull();
        List<?> attributions = result.getMessage().getHeader(CopilotConstants.ATTRIBUTIONS, List.class);
        assertThat(attributions).hasSize(1);
        assertThat(((CopilotAttribution) attributions.get(0)).getAttributionType()).isEqualTo("citation");
        assertThat(result.getMessage().getHeader(CopilotConstants.SENSITIVITY_LABEL)).isNotNull();
        CopilotConversation conversation
                = result.getMessage().getHeader(CopilotConstants.CONVERSATION, CopilotConversation.class);
        assertThat(conversation.getMessages()).hasSize(2);
        assertThat(conversation.getMessages().get(0).getText()).isEqualTo("Summarise my week");
        assertThat(conversation.getMessages().get(1).getAdaptiveCards()).allMatch(JsonNode::isObject);
    }

    @Test
    void chatContinuesTheConversationOfTheHeaderAndSendsTheDocumentedBody() throws Exception {
        String id = template.requestBody("direct:create", null, CopilotConversation.class).getId();
        simulator().reset();
        simulator().requests();

        Exchange result = template.request("direct:chat", e -> {
            e.getMessage().setBody("Who is Adele?");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, id);
            e.getMessage().setHeader(CopilotConstants.TIME_ZONE, "America/New_York");
        });

        // the simulator was reset, so the conversation is unknown to it now: a 404 proves the id was used as given
        assertThat(result.getException()).isInstanceOf(io.github.camelcopilot.client.CopilotNotFoundException.class);
        RecordedRequest request = lastRequest();
        assertThat(request.path()).isEqualTo("/beta/copilot/conversations/" + id + "/chat");
        JsonNode body = CopilotJson.mapper().readTree(request.body());
        assertThat(body.at("/message/text").asText()).isEqualTo("Who is Adele?");
        assertThat(body.at("/locationHint/timeZone").asText()).isEqualTo("America/New_York");
        assertThat(body.has("contextualResources")).isFalse();
        assertThat(body.has("additionalContext")).isFalse();
        assertThat(body.has("responseOptions")).isFalse();
        assertThat(request.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void secondTurnGrowsTheTurnCount() {
        Exchange first = template.request("direct:chat", e -> e.getMessage().setBody("First question"));
        String id = first.getMessage().getHeader(CopilotConstants.CONVERSATION_ID, String.class);

        Exchange second = template.request("direct:chat", e -> {
            e.getMessage().setBody("Second question");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, id);
        });

        assertThat(second.getException()).isNull();
        assertThat(second.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(2);
        assertThat(second.getMessage().getHeader(CopilotConstants.DISPLAY_NAME))
                .isEqualTo(SimulatorReplies.displayNameFor("First question"));
        assertThat(second.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Second question"));
    }

    @Test
    void endpointOptionsFillTheRequest() throws Exception {
        Exchange result = template.request("direct:chatWithOptions", e -> e.getMessage().setBody("Compare the files"));

        assertThat(result.getException()).isNull();
        JsonNode body = CopilotJson.mapper().readTree(lastRequest().body());
        assertThat(body.at("/locationHint/timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.at("/contextualResources/webContext/isWebEnabled").asBoolean(true)).isFalse();
        assertThat(body.at("/additionalContext/0/text").asText()).isEqualTo("Be brief");
        assertThat(body.at("/contextualResources/files/0/uri").asText()).isEqualTo("https://contoso.sharepoint.com/a.docx");
        assertThat(body.at("/contextualResources/files/1/uri").asText()).isEqualTo("https://contoso.sharepoint.com/b.xlsx");
    }

    @Test
    void headersOverrideEndpointOptions() throws Exception {
        Exchange result = template.request("direct:chatWithOptions", e -> {
            e.getMessage().setBody("Compare the files");
            e.getMessage().setHeader(CopilotConstants.TIME_ZONE, "Asia/Tokyo");
            e.getMessage().setHeader(CopilotConstants.WEB_ENABLED, true);
            e.getMessage().setHeader(CopilotConstants.ADDITIONAL_CONTEXT, List.of("one", "two"));
            e.getMessage().setHeader(CopilotConstants.FILES, List.of("https://contoso.sharepoint.com/c.pptx"));
        });

        assertThat(result.getException()).isNull();
        JsonNode body = CopilotJson.mapper().readTree(lastRequest().body());
        assertThat(body.at("/locationHint/timeZone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(body.at("/contextualResources/webContext/isWebEnabled").asBoolean(false)).isTrue();
        assertThat(body.at("/additionalContext/0/text").asText()).isEqualTo("one");
        assertThat(body.at("/additionalContext/1/text").asText()).isEqualTo("two");
        assertThat(body.at("/contextualResources/files")).hasSize(1);
    }

    @Test
    void aChatRequestBodyIsSentWholeWithOptionsFillingTheGaps() throws Exception {
        CopilotChatRequest request = CopilotChatRequest.ofPrompt("From a request object");
        CopilotChatRequest.LocationHint hint = new CopilotChatRequest.LocationHint();
        hint.setCountryOrRegion("DE");
        request.setLocationHint(hint);
        CopilotChatRequest.ResponseOptions options = new CopilotChatRequest.ResponseOptions();
        options.setAdaptiveCardEnabled(true);
        request.setResponseOptions(options);

        Exchange result = template.request("direct:chatWithOptions", e -> e.getMessage().setBody(request));

        assertThat(result.getException()).isNull();
        JsonNode body = CopilotJson.mapper().readTree(lastRequest().body());
        assertThat(body.at("/message/text").asText()).isEqualTo("From a request object");
        assertThat(body.at("/locationHint/countryOrRegion").asText()).isEqualTo("DE");
        assertThat(body.at("/locationHint/timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.at("/responseOptions/isAdaptiveCardEnabled").asBoolean()).isTrue();
        assertThat(request.getLocationHint().getTimeZone()).as("the caller's object is not modified").isNull();
    }

    @Test
    void aMapBodyOfTheApiShapeIsSentWhole() throws Exception {
        Map<String, Object> request = Map.of(
                "message", Map.of("text", "From a map"),
                "locationHint", Map.of("timeZone", "Europe/Paris"),
                "additionalContext", List.of(Map.of("text", "ctx", "description", "why")));

        Exchange result = template.request("direct:chat", e -> e.getMessage().setBody(request));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("From a map"));
        JsonNode body = CopilotJson.mapper().readTree(lastRequest().body());
        assertThat(body.at("/locationHint/timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(body.at("/additionalContext/0/description").asText()).isEqualTo("why");
    }

    @Test
    void bytesArePromptsToo() {
        Exchange result = template.request("direct:chat", e -> e.getMessage().setBody("Bytes prompt".getBytes()));

        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Bytes prompt"));
    }

    @Test
    void kebabCaseOperationNamesWork() {
        Exchange result = template.request("direct:chatKebab", e -> e.getMessage().setBody("Kebab"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor("Kebab"));
        assertThat(lastRequest().path()).endsWith("/chatOverStream");
    }

    @Test
    void simpleLanguageReadsTheResults() {
        String result = template.requestBody("direct:createThenChat", null, String.class);

        String[] parts = result.split("\\|", 2);
        assertThat(parts[0]).isNotBlank();
        assertThat(parts[1]).isEqualTo(SimulatorReplies.replyFor("What is on my calendar?"));
    }

    @Test
    void theAccessTokenHeaderWinsAndIsRemovedFromTheMessage() {
        simulator().acceptTokens("per-message-token");

        Exchange result = template.request("direct:chat", e -> {
            e.getMessage().setBody("Token?");
            e.getMessage().setHeader(CopilotConstants.ACCESS_TOKEN, "per-message-token");
        });

        assertThat(result.getException()).isNull();
        assertThat(simulator().requests()).allMatch(r -> "Bearer per-message-token".equals(r.header("Authorization")));
        assertThat(result.getMessage().getHeaders()).doesNotContainKey(CopilotConstants.ACCESS_TOKEN);
    }
}
