package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.client.FailureKind;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

/**
 * Stopping or removing one route fails the calls it still has under way through copilot (a response, an open
 * stream, a key's turn) once Camel's graceful wait is over, long before requestTimeout; the calls of another route
 * sharing the component and its HTTP client go on.
 */
class CopilotRouteStopTest extends CopilotTestSupport {

    /** Minutes: nothing in these tests may end by a timeout. */
    private static final String PATIENT = "requestTimeout=300000&streamIdleTimeout=300000";
    private static final Duration HANG = Duration.ofMinutes(5);

    /** The threads each exchange's copilot step called back on, one entry per call. */
    private final Map<String, List<String>> callbacks = new ConcurrentHashMap<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // Wraps each copilot step of the routes to record the thread its producer calls back on.
        context.getCamelContextExtension().addInterceptStrategy((camel, definition, target, next) ->
                definition instanceof ToDefinition to && to.getUri().startsWith("copilot:")
                        ? new DelegateAsyncProcessor(target) {
                            @Override
                            public boolean process(Exchange exchange, AsyncCallback callback) {
                                return processor.process(exchange, doneSync -> {
                                    callbacks.computeIfAbsent(exchange.getExchangeId(),
                                            id -> new CopyOnWriteArrayList<>()).add(Thread.currentThread().getName());
                                    callback.done(doneSync);
                                });
                            }
                        }
                        : target);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").routeId("chat").to("copilot:chat?" + PATIENT);
                from("direct:final").routeId("final")
                        .to("copilot:chatOverStream?streamMode=final&updateUri=seda:updates&" + PATIENT);
                from("seda:updates").to("log:update?level=DEBUG");
                from("direct:deltas").routeId("deltas")
                        .to("copilot:chatOverStream?streamMode=deltas&" + PATIENT)
                        .process(e -> {
                            Iterator<?> deltas = e.getMessage().getBody(Iterator.class);
                            while (deltas.hasNext()) {
                                deltas.next();
                            }
                        });
                from("direct:keyed").routeId("keyed").to("copilot:chat?conversationKey=order-7&" + PATIENT);
                from("direct:retrying").routeId("retrying").to("copilot:chat?maxRetryDelay=300000&" + PATIENT);
                from("direct:other").routeId("other").to("copilot:chat?" + PATIENT);
                from("direct:otherKeyed").routeId("otherKeyed").to("copilot:chat?conversationKey=order-7&" + PATIENT);
                // a conversation per message, continued through a dynamic endpoint whose producer cache holds 2
                from("direct:dynamic").routeId("dynamic")
                        .toD("copilot:chat?conversationId=${header.cid}&" + PATIENT, 2);
            }
        };
    }

    /**
     * Camel keeps a bounded cache of the producers of a dynamic endpoint and stops the ones it evicts while their calls
     * are under way: those calls are the route's and go on.
     */
    @Test
    void producersEvictedFromADynamicEndpointsCacheLeaveTheirCallsRunning() throws Exception {
        List<String> conversations = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            conversations.add(template.requestBody("copilot:createConversation",  null,
                    io.github.camelcopilot.model.CopilotConversation.class).getId());
        }
        simulator().faults().latency(Duration.ofMillis(400)); // every call is in flight while others evict it

        List<Future<Exchange>> sent = conversations.stream().<Future<Exchange>>map(cid -> template.asyncSend("direct:dynamic", e -> {
            e.getMessage().setHeader("cid", cid);
            e.getMessage().setBody("Where is my order?");
        })).toList();

        for (Future<Exchange> call : sent) {
            assertAnswered(call);
        }
        assertThat(context.getRouteController().getRouteStatus("dynamic").isStarted()).isTrue();
    }

    @BeforeEach
    void shortGracePeriod() {
        context.getShutdownStrategy().setTimeout(1); // a second for in-flight exchanges, then the producers stop
    }

    private Future<Exchange> ask(String uri) {
        return template.asyncSend(uri, exchange -> exchange.getMessage().setBody("Where is my order?"));
    }

    /** Waits until {@code count} faults have hit requests: those calls are at the simulator now. */
    private void awaitFaultsApplied(int count) {
        await().until(() -> simulator().faults().applied().size() == count);
    }

    private CopilotException failureOf(Future<Exchange> sent) throws Exception {
        await().until(sent::isDone);
        Exchange done = sent.get();
        Throwable error = done.getException();
        while (error != null && !(error instanceof CopilotException)) {
            error = error.getCause();
        }
        assertThat(error).as("a CopilotException in %s", String.valueOf(done.getException())).isNotNull();
        return (CopilotException) error;
    }

    /** The exchange's copilot step called back once, on a thread of the component. */
    private void assertCalledBackOnce(Exchange exchange, String pool) {
        assertThat(callbacks.get(exchange.getExchangeId())).as("callbacks %s of %s", callbacks, exchange.getExchangeId()).singleElement(STRING)
                .contains(pool);
    }

    /** A chat on another route, held at the simulator for a while, then answered. */
    private Future<Exchange> otherRouteAsks(int faultsBefore) {
        simulator().faults().enqueue(Fault.hang(Duration.ofSeconds(2)).on(Fault.Operation.CHAT));
        Future<Exchange> other = ask("direct:other");
        awaitFaultsApplied(faultsBefore + 1);
        return other;
    }

    private static void assertAnswered(Future<Exchange> sent) throws Exception {
        await().until(sent::isDone);
        Exchange done = sent.get();
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isNotBlank();
    }

    @Test
    void stoppingTheRouteAbortsItsChatWaitingForTheResponse() throws Exception {
        simulator().faults().enqueue(Fault.hang(HANG).on(Fault.Operation.CHAT));
        Future<Exchange> stopped = ask("direct:chat");
        awaitFaultsApplied(1);
        Future<Exchange> other = otherRouteAsks(1);

        context.getRouteController().stopRoute("chat");

        CopilotException error = failureOf(stopped);
        // The documented message of a route's stop (the component's is tested in CopilotHttpClientCompletionTest).
        assertThat(error.getMessage()).contains("aborted: the route of the call was stopped")
                .contains("the service may have processed it");
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isTrue();
        assertCalledBackOnce(stopped.get(), CopilotThreads.ROUTE);
        assertAnswered(other);
        assertCalledBackOnce(other.get(), CopilotThreads.ROUTE);
    }

    @Test
    void stoppingTheRouteFailsItsChatWaitingToRetryAndRetriesNothing() throws Exception {
        simulator().faults().enqueue(Fault.throttled("120").on(Fault.Operation.CHAT));
        Future<Exchange> stopped = template.asyncSend("direct:retrying", e -> e.getMessage().setBody("Still there?"));
        awaitFaultsApplied(1);
        int requests = simulator().requestCount();

        context.getRouteController().stopRoute("retrying");

        CopilotException error = failureOf(stopped);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertCalledBackOnce(stopped.get(), CopilotThreads.ROUTE);
        assertThat(simulator().requestCount()).isEqualTo(requests);
    }

    @Test
    void stoppingTheRouteFailsItsOpenFinalStreamWithUpdates() throws Exception {
        simulator().streamEventDelay(HANG); // the stream opens, then pauses after its first (empty) event
        Exchange exchange = context.getEndpoint("direct:final").createExchange();
        exchange.getMessage().setBody("Where is my order?");
        Future<Exchange> stopped = template.asyncSend("direct:final", exchange);
        // The response's headers are in, the answer is being read from the open stream.
        await().until(() -> exchange.getMessage().getHeader(CopilotConstants.REQUEST_ID) != null);
        Future<Exchange> other = otherRouteAsks(0);

        context.getRouteController().stopRoute("final");

        CopilotException error = failureOf(stopped);
        // The documented message of an open stream closed by a stop.
        assertThat(error.getMessage()).contains("the stream was closed before its end: the route of the call"
                + " was stopped");
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isTrue();
        assertCalledBackOnce(stopped.get(), CopilotThreads.ROUTE);
        assertAnswered(other);
    }

    @Test
    void removingTheRouteEndsItsIteratorWithAnErrorNotAShortAnswer() throws Exception {
        simulator().streamEventDelay(HANG);
        Future<Exchange> stopped = ask("direct:deltas");
        await().until(() -> callbacks.size() == 1); // the stream is open, and its reader waits in hasNext()
        Future<Exchange> other = otherRouteAsks(0);

        context.getRouteController().stopRoute("deltas");
        context.removeRoute("deltas");

        CopilotException error = failureOf(stopped);
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.getStatusCode()).isEqualTo(200);
        assertThat(error.isPossiblyProcessed()).isTrue();
        // Called back once, when the stream opened; the reader then got the error.
        assertCalledBackOnce(stopped.get(), CopilotThreads.STREAM_READER);
        assertAnswered(other);
    }

    @Test
    void stoppingTheRouteReleasesItsMessageWaitingForTheKeysTurn() throws Exception {
        simulator().faults().enqueue(Fault.hang(HANG).on(Fault.Operation.CHAT));
        Future<Exchange> running = ask("direct:otherKeyed");
        awaitFaultsApplied(1);
        Future<Exchange> waiting = ask("direct:keyed");
        await().until(() -> context.getInflightRepository().size("keyed") == 1);

        context.getRouteController().stopRoute("keyed");

        CopilotException error = failureOf(waiting);
        // The documented message of a keyed message released by a stop.
        assertThat(error.getMessage()).contains("not sent: the route of the call was stopped")
                .contains("key 'order-7'");
        assertThat(error.getFailureKind()).isEqualTo(FailureKind.STOPPED);
        assertThat(error.isPossiblyProcessed()).isFalse();
        assertCalledBackOnce(waiting.get(), CopilotThreads.ROUTE);
        assertThat(running).as("the other route's turn goes on").isNotDone();
        assertThat(simulator().requests()).filteredOn(request -> request.path().endsWith("/chat")).hasSize(1);
    }
}
