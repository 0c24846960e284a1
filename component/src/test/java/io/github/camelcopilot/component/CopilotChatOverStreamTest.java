package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.internal.stream.StreamIdleTimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CopilotChatOverStreamTest extends CopilotTestSupport {

    private final List<CopilotStreamUpdate> updates = new ArrayList<>();
    private final List<String> readerThreads = new ArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deltas")
                        .to("copilot:chatOverStream")
                        .split(body()).streaming()
                            .process(e -> {
                                updates.add(e.getMessage().getBody(CopilotStreamUpdate.class));
                                readerThreads.add(Thread.currentThread().getName());
                            })
                        .end()
                        .setBody(simple("${header.CamelCopilotTurnCount}"));
                from("direct:snapshots")
                        .to("copilot:chatOverStream?streamMode=snapshots")
                        .split(body()).streaming()
                            .to("mock:snapshot")
                        .end();
                from("direct:final")
                        .to("copilot:chatOverStream?streamMode=final&updateUri=seda:updates");
                from("seda:updates").to("mock:update");
                from("direct:firstOnly")
                        .to("copilot:chatOverStream")
                        .process(e -> {
                            Iterator<?> it = e.getMessage().getBody(Iterator.class);
                            e.getMessage().setHeader("first", it.next());
                        });
                from("direct:raw").to("copilot:chatOverStream");
                from("direct:impatient").to("copilot:chatOverStream?streamMode=final&streamIdleTimeout=300");
            }
        };
    }

    private String replay() {
        return replay(updates);
    }

    @Test
    void deltasThroughAStreamingSplitRebuildTheAnswerAcrossRewrites() {
        String prompt = "Plan the offsite";
        Exchange result = template.request("direct:deltas", e -> e.getMessage().setBody(prompt));

        assertThat(result.getException()).isNull();
        String expected = SimulatorReplies.replyFor(prompt);
        assertThat(replay()).isEqualTo(expected);
        assertThat(updates).filteredOn(CopilotStreamUpdate::isReplacement).isNotEmpty();
        assertThat(updates).filteredOn(CopilotStreamUpdate::isLast).hasSize(1);
        CopilotStreamUpdate last = updates.get(updates.size() - 1);
        assertThat(last.isLast()).isTrue();
        assertThat(last.isRecovered()).isFalse();
        assertThat(last.getText()).isEqualTo(expected);
        assertThat(updates).allMatch(u -> !u.isReplacement() || u.getDelta().equals(u.getText()));
        // headers of the final conversation land on the exchange once the stream is read
        assertThat(result.getMessage().getBody(String.class)).isEqualTo("1");
        assertThat(result.getMessage().getHeader(CopilotConstants.CONVERSATION, CopilotConversation.class)
                .getReplyText()).isEqualTo(expected);
        assertThat(result.getMessage().getHeader(CopilotConstants.REQUEST_ID, String.class)).isNotBlank();
        assertThat(lastRequest().header("Accept")).isEqualTo("text/event-stream");
        assertThat(lastRequest().path()).endsWith("/chatOverStream");
        // the route waits between events on a thread of the component's, never on the JDK's common pool
        assertThat(readerThreads).isNotEmpty().allMatch(name -> name.contains("CopilotStreamReader"));
    }

    @Test
    void snapshotsModeYieldsEverySnapshot() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:snapshot");
        mock.expectedMinimumMessageCount(5);

        template.sendBody("direct:snapshots", "Snapshots please");

        mock.assertIsSatisfied();
        List<CopilotConversation> snapshots = mock.getExchanges().stream()
                .map(e -> e.getMessage().getBody(CopilotConversation.class)).toList();
        assertThat(snapshots.get(0).getMessages()).isEmpty();
        assertThat(snapshots.get(0).getDisplayName()).isEqualTo(SimulatorReplies.INTERMEDIATE_DISPLAY_NAME);
        CopilotConversation last = snapshots.get(snapshots.size() - 1);
        assertThat(last.getMessages()).hasSize(2);
        assertThat(last.getReplyText()).isEqualTo(SimulatorReplies.replyFor("Snapshots please"));
        assertThat(last.getTurnCount()).isEqualTo(1);
    }

    @Test
    void finalModeReturnsTheReplyAndRelaysUpdatesInOrder() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:update");
        mock.expectedMinimumMessageCount(3);

        Exchange result = template.request("direct:final", e -> e.getMessage().setBody("Final mode"));

        assertThat(result.getException()).isNull();
        String expected = SimulatorReplies.replyFor("Final mode");
        assertThat(result.getMessage().getBody(String.class)).isEqualTo(expected);
        assertThat(result.getMessage().getHeader(CopilotConstants.TURN_COUNT)).isEqualTo(1);
        mock.assertIsSatisfied();
        await().atMost(Duration.ofSeconds(5)).until(() -> mock.getExchanges().stream()
                .anyMatch(e -> e.getMessage().getBody(CopilotStreamUpdate.class).isLast()));
        mock.getExchanges().forEach(e -> updates.add(e.getMessage().getBody(CopilotStreamUpdate.class)));
        assertThat(replay()).isEqualTo(expected);
        assertThat(updates.get(updates.size() - 1).isLast()).isTrue();
    }

    @Test
    void aMalformedFinalEventStillGivesTheWholeAnswer() {
        simulator().faults().enqueue(Fault.malformedFinalEvent());

        Exchange result = template.request("direct:deltas", e -> e.getMessage().setBody("Malformed end"));

        assertThat(result.getException()).isNull();
        CopilotStreamUpdate last = updates.get(updates.size() - 1);
        assertThat(last.isLast()).isTrue();
        assertThat(last.getText()).isEqualTo(SimulatorReplies.replyFor("Malformed end"));
        assertThat(replay()).isEqualTo(SimulatorReplies.replyFor("Malformed end"));
    }

    @Test
    void aMalformedFinalEventInFinalModeStillGivesTheWholeAnswer() {
        simulator().faults().enqueue(Fault.malformedFinalEvent());

        String reply = template.requestBody("direct:final", "Malformed final mode", String.class);

        assertThat(reply).isEqualTo(SimulatorReplies.replyFor("Malformed final mode"));
    }

    @Test
    void aTruncatedStreamFailsTheExchangeInsteadOfPassingOffAPartialAnswer() {
        simulator().faults().enqueue(Fault.truncatedStream());

        Exchange result = template.request("direct:deltas", e -> e.getMessage().setBody("Cut off"));

        assertThat(result.getException()).isNotNull();
        assertThat(result.getException()).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(findCopilotException(result.getException())).isNotNull();
        assertThat(updates).noneMatch(CopilotStreamUpdate::isLast);
    }

    @Test
    void aTruncatedStreamInFinalModeFailsWithACopilotException() {
        simulator().faults().enqueue(Fault.truncatedStream());

        Exchange result = template.request("direct:final", e -> e.getMessage().setBody("Cut off final"));

        assertThat(result.getException()).isInstanceOf(CopilotException.class);
        CopilotException error = result.getException(CopilotException.class);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
        assertThat(error.getRequestId()).isNotNull();
        assertThat(error.getClientRequestId()).isEqualTo(simulator().requests()
                .get(simulator().requestCount() - 1).header("client-request-id"));
    }

    @Test
    void stoppingEarlyReleasesTheConnection() {
        simulator().streamEventDelay(Duration.ofMillis(50));

        Exchange result = template.request("direct:firstOnly", e -> e.getMessage().setBody("Stop early"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader("first")).isInstanceOf(CopilotStreamUpdate.class);
        Iterator<?> body = result.getMessage().getBody(Iterator.class);
        // reading on after the exchange completed is an error, not an end that passes the first update off as all
        assertThatThrownBy(body::hasNext).hasRootCauseInstanceOf(StreamClosedException.class);
    }

    @Test
    void aSilentStreamFailsAfterTheIdleTimeout() {
        simulator().streamEventDelay(Duration.ofSeconds(3));
        // events 3 s apart against a 300 ms idle timeout: without the timer the stream would simply succeed
        Exchange result = template.request("direct:impatient", e -> e.getMessage().setBody("Slow stream"));

        assertThat(result.getException()).isInstanceOf(CopilotException.class)
                .hasRootCauseInstanceOf(StreamIdleTimeoutException.class);
    }

    @Test
    void aJsonAnswerWhereAStreamWasAskedForIsAClearError() {
        // the Work IQ path of the simulator under the Graph layout does not exist: 404, not a parse error
        Exchange result = template.request("direct:raw", e -> {
            e.getMessage().setBody("Wrong place");
            e.getMessage().setHeader(CopilotConstants.CONVERSATION_ID, "00000000-0000-0000-0000-000000000000");
        });

        assertThat(result.getException()).isInstanceOf(io.github.camelcopilot.client.CopilotNotFoundException.class);
    }

    private static CopilotException findCopilotException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CopilotException copilot) {
                return copilot;
            }
        }
        return null;
    }
}
