package io.github.camelcopilot.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.simulator.SimulatorReplies;
import io.github.camelcopilot.stream.CopilotStreamUpdate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Which threads run what, and what happens to streams when their reader, their target or the component lags or goes. */
class CopilotThreadsTest extends CopilotTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Thread names seen by each step, by route. */
    private final Map<String, List<String>> threadsSeen = new ConcurrentHashMap<>();
    private final Map<String, List<CopilotStreamUpdate>> updatesSeen = new ConcurrentHashMap<>();
    private final CountDownLatch slowTargetGate = new CountDownLatch(1);
    private final AtomicInteger slowArrived = new AtomicInteger();
    private final BlockingQueue<Iterator<?>> handedOff = new LinkedBlockingQueue<>();
    private final CountDownLatch readerWaiting = new CountDownLatch(1);
    private final ExecutorService userPool = Executors.newFixedThreadPool(2, r -> new Thread(r, "users-own-pool"));

    @AfterEach
    void releaseAndStopUserPool() {
        slowTargetGate.countDown();
        readerWaiting.countDown();
        userPool.shutdownNow();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        ThreadPoolProfile profile = new ThreadPoolProfile("copilotProfile");
        profile.setPoolSize(2);
        profile.setMaxPoolSize(3);
        profile.setMaxQueueSize(1); // refused from the second waiting task on, were it used as it is
        context.getExecutorServiceManager().registerThreadPoolProfile(profile);
        context.getRegistry().bind("usersPool", userPool);
        context.getComponent("copilot", CopilotComponent.class).setStreamReaderPoolSize(2);
        return context;
    }

    private void record(String key, Exchange exchange) {
        threadsSeen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Thread.currentThread().getName());
        if (exchange.getMessage().getBody() instanceof CopilotStreamUpdate update) {
            updatesSeen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(update);
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:create").to("copilot:createConversation").process(e -> record("create", e));
                from("direct:chat").to("copilot:chat").process(e -> record("chat", e));
                from("direct:final").to("copilot:chatOverStream?streamMode=final&updateUri=direct:update")
                        .process(e -> record("final", e));
                from("direct:update").process(e -> record("update", e));
                from("direct:profile").to("copilot:chat?executorService=copilotProfile").process(e -> record("profile", e));
                from("direct:bean").to("copilot:chat?executorService=usersPool").process(e -> record("bean", e));

                from("direct:fewReaders").to("copilot:chatOverStream")
                        .split(body()).streaming()
                            .process(e -> record("reader", e))
                        .end();

                from("direct:toSlowTarget")
                        .to("copilot:chatOverStream?streamMode=final&updateUri=seda:slow?size=1");
                from("seda:slow?size=1").process(e -> {
                    slowArrived.incrementAndGet();
                    slowTargetGate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    record("slow", e);
                });
                from("direct:toFastTarget")
                        .to("copilot:chatOverStream?streamMode=final&updateUri=seda:fast");
                from("seda:fast").process(e -> record("fast", e));
                from("direct:toStuckTarget")
                        .to("copilot:chatOverStream?streamMode=final&streamIdleTimeout=1000"
                            + "&updateUri=seda:stuck?size=1");
                from("seda:stuck?size=1").process(e -> slowTargetGate.await(WAIT.toSeconds(), TimeUnit.SECONDS));

                from("direct:handOff").to("copilot:chatOverStream").process(e -> {
                    handedOff.add(e.getMessage().getBody(Iterator.class));
                    readerWaiting.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                });
                from("direct:deltas").to("copilot:chatOverStream")
                        .split(body()).streaming()
                            .process(e -> record("deltas", e))
                        .end();
            }
        };
    }

    @Test
    void routesContinueOnTheComponentsRoutePoolNeverOnTheHttpClientsOrTheCommonPool() {
        // a little latency: the answer surely comes after process() has returned
        simulator().faults().latency(Duration.ofMillis(50));

        template.requestBody("direct:create", "");
        template.requestBody("direct:chat", "Which thread?");
        String reply = template.requestBody("direct:final", "Which thread in final mode?", String.class);

        assertThat(reply).isEqualTo(SimulatorReplies.replyFor("Which thread in final mode?"));
        for (String step : List.of("create", "chat", "final", "update")) {
            assertThat(threadsSeen.get(step)).as(step).isNotEmpty().allSatisfy(name -> assertThat(name)
                    .contains(CopilotThreads.ROUTE)
                    .doesNotContain("ForkJoinPool")
                    .doesNotContain("HttpClient")
                    .doesNotContain(CopilotThreads.HTTP));
        }
        assertThat(replay(updatesSeen.get("update"))).isEqualTo(reply);
    }

    @Test
    void aNamedThreadPoolProfileOrExecutorServiceBeanRunsTheRestOfTheRoute() {
        for (int i = 0; i < 4; i++) { // more calls at once than the profile's queue holds: none is refused
            template.asyncRequestBody("direct:profile", "Profile " + i);
        }
        template.requestBody("direct:profile", "Profile");
        template.requestBody("direct:bean", "Bean");

        await().atMost(WAIT).until(() -> threadsSeen.getOrDefault("profile", List.of()).size() == 5);
        assertThat(threadsSeen.get("profile")).allSatisfy(name -> assertThat(name)
                .contains(CopilotThreads.ROUTE + "-copilotProfile"));
        assertThat(Set.copyOf(threadsSeen.get("profile"))).hasSizeLessThanOrEqualTo(3);
        assertThat(threadsSeen.get("bean")).containsOnly("users-own-pool");
    }

    @Test
    void anExecutorServiceThatNamesNothingFailsAtStart() {
        assertThatThrownBy(() -> context.getEndpoint("copilot:chat?executorService=noSuchPool").start())
                .hasStackTraceContaining("executorService 'noSuchPool' is neither an ExecutorService bean nor a"
                                         + " thread-pool profile id");
    }

    @Test
    void moreIteratorStreamsThanReaderThreadsAllComplete() throws Exception {
        simulator().streamEventDelay(Duration.ofMillis(20));
        List<CompletableFuture<Exchange>> streams = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String prompt = "Stream " + i;
            streams.add(template.asyncSend("direct:fewReaders", e -> e.getMessage().setBody(prompt)));
        }

        for (CompletableFuture<Exchange> stream : streams) {
            Exchange done = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.getException()).isNull();
        }
        List<CopilotStreamUpdate> updates = updatesSeen.get("reader");
        assertThat(updates).filteredOn(CopilotStreamUpdate::isLast).hasSize(10)
                .extracting(CopilotStreamUpdate::getText)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10)
                        .mapToObj(i -> SimulatorReplies.replyFor("Stream " + i)).toList());
        assertThat(Set.copyOf(threadsSeen.get("reader"))).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(name -> assertThat(name).contains(CopilotThreads.STREAM_READER));
    }

    @Test
    void aFullSlowUpdateTargetGetsEveryUpdateInOrderWhileAnotherStreamGoesOnUnhindered() throws Exception {
        String slowPrompt = "Relayed to a full queue";
        String fastPrompt = "Relayed to a free queue";
        CompletableFuture<Exchange> slow = template.asyncSend("direct:toSlowTarget",
                e -> e.getMessage().setBody(slowPrompt));
        // the slow target's consumer holds its first update and its queue of one is full from the second on
        await().atMost(WAIT).until(() -> slowArrived.get() == 1);

        Exchange fast = template.request("direct:toFastTarget", e -> e.getMessage().setBody(fastPrompt));

        assertThat(fast.getException()).isNull();
        assertThat(fast.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(fastPrompt));
        // the reply comes once the queue holds every update; its consumer may still be taking the last ones
        await().atMost(WAIT).until(() -> updatesSeen.getOrDefault("fast", List.of()).stream()
                .anyMatch(CopilotStreamUpdate::isLast));
        List<CopilotStreamUpdate> fastUpdates = updatesSeen.get("fast");
        assertThat(replay(fastUpdates)).isEqualTo(SimulatorReplies.replyFor(fastPrompt));
        // the other stream, its target still blocked, has not been let through by anything
        assertThat(slow).isNotDone();
        assertThat(updatesSeen.get("slow")).isNull();

        slowTargetGate.countDown();

        Exchange slowDone = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(slowDone.getException()).isNull();
        assertThat(slowDone.getMessage().getBody(String.class)).isEqualTo(SimulatorReplies.replyFor(slowPrompt));
        await().atMost(WAIT).until(() -> updatesSeen.getOrDefault("slow", List.of()).stream()
                .anyMatch(CopilotStreamUpdate::isLast));
        List<CopilotStreamUpdate> slowUpdates = updatesSeen.get("slow");
        assertThat(slowUpdates).hasSameSizeAs(fastUpdates);
        assertThat(replay(slowUpdates)).isEqualTo(SimulatorReplies.replyFor(slowPrompt));
        assertThat(slowUpdates.get(slowUpdates.size() - 1).isLast()).isTrue();
    }

    @Test
    void aTargetThatStaysFullFailsItsStreamClearlyAfterTheIdleTimeout() {
        Exchange result = template.request("direct:toStuckTarget", e -> e.getMessage().setBody("Nobody takes these"));

        assertThat(result.getException()).isInstanceOf(CopilotException.class)
                .hasRootCauseInstanceOf(UpdateRelay.UpdateRefusedException.class);
    }

    @Test
    void closingTheStreamFromAnotherThreadWakesAReaderBlockedInHasNextWithAnError() throws Exception {
        simulator().streamEventDelay(Duration.ofMillis(500));
        template.asyncSend("direct:handOff", e -> e.getMessage().setBody("Read elsewhere"));
        Iterator<?> iterator = handedOff.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(iterator).isNotNull();
        AtomicReference<Throwable> readerError = new AtomicReference<>();
        List<Object> read = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                while (iterator.hasNext()) {
                    read.add(iterator.next());
                }
            } catch (Throwable t) {
                readerError.set(t);
            }
        }, "test-reader");
        reader.start();
        await().atMost(WAIT).until(() -> reader.getState() == Thread.State.WAITING);

        readerWaiting.countDown(); // the route ends, the exchange completes and closes its stream

        reader.join(WAIT.toMillis());
        assertThat(reader.isAlive()).isFalse();
        assertThat(readerError.get()).isNotNull()
                .hasRootCauseMessage("the stream was closed before its end (the exchange completed or the route"
                                     + " stopped reading); the answer is incomplete");
        assertThat(read).noneMatch(update -> ((CopilotStreamUpdate) update).isLast());
        assertThatThrownBy(iterator::hasNext).as("closed: reading on is an error").isNotNull();
    }

    @Test
    void stoppingTheComponentFailsOpenStreamsSayingSo() throws Exception {
        simulator().streamEventDelay(Duration.ofMillis(500));
        CompletableFuture<Exchange> finalMode = template.asyncSend("direct:final", e -> e.getMessage().setBody("F"));
        CompletableFuture<Exchange> iteratorMode = template.asyncSend("direct:deltas", e -> e.getMessage().setBody("I"));
        await().atMost(WAIT).until(() -> updatesSeen.containsKey("update") && updatesSeen.containsKey("deltas"));

        context.getComponent("copilot").stop();

        for (CompletableFuture<Exchange> stream : List.of(finalMode, iteratorMode)) {
            Exchange done = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.getException()).isNotNull();
            assertThat(done.getException()).hasStackTraceContaining(
                    "the copilot component is stopping while it was open");
        }
        assertThat(updatesSeen.get("update")).noneMatch(CopilotStreamUpdate::isLast);
        assertThat(updatesSeen.get("deltas")).noneMatch(CopilotStreamUpdate::isLast);
    }

    @Test
    void thePoolsQueueWhatTheirThreadsCannotTakeYetAndRefuseNothing() throws Exception {
        CopilotThreads threads = context.getComponent("copilot", CopilotComponent.class).threads();
        int tasks = 3_000; // more than the 1,000 of Camel's default profile, whose queue then refuses
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(tasks * 2);
        Executor route = threads.routeExecutor(null);
        for (int i = 0; i < tasks; i++) {
            route.execute(() -> {
                awaitQuietly(hold);
                ran.countDown();
            });
        }
        // every open stream keeps an idle timer on the scheduler
        for (int i = 0; i < tasks; i++) {
            threads.scheduler().schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);
        }

        hold.countDown();

        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theHttpClientAndSignInRunOnTheComponentsBoundedPools() {
        String clientId = "client-" + UUID.randomUUID();
        simulator().acceptTokens(); // only the simulated Entra's tokens from here on
        simulator().entra().registerClient(clientId, "s3cret");
        String user = simulator().entra().issueUserToken("adele@contoso.test", "api://calling-app");
        String uri = "copilot:createConversation?clientSecret=RAW(s3cret)&clientId=" + clientId
                     + "&authority=https://login.fake.test/tenant-" + UUID.randomUUID() + "/&authorityEndpoint="
                     + simulator().authorityEndpoint();

        Exchange done = template.send(uri, e -> e.getMessage().setHeader(CopilotConstants.USER_ASSERTION, user));

        assertThat(done.getException()).isNull();
        CopilotComponent component = context.getComponent("copilot", CopilotComponent.class);
        CopilotThreads threads = component.threads();
        long ioThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().endsWith(" - " + CopilotThreads.HTTP)).count();
        assertThat(ioThreads).as("the transport's I/O threads and the one that connects")
                .isEqualTo(CopilotThreads.DEFAULT_HTTP_THREADS + 1);
        assertBoundedAndUsed(threads.signInExecutor(), CopilotThreads.DEFAULT_SIGN_IN_THREADS);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(name -> name.endsWith(" - " + CopilotThreads.SIGN_IN))
                .anyMatch(name -> name.endsWith(" - " + CopilotThreads.HTTP));
    }

    private static void assertBoundedAndUsed(ExecutorService pool, int threads) {
        assertThat(pool).isInstanceOfSatisfying(ThreadPoolExecutor.class, executor -> {
            assertThat(executor.getMaximumPoolSize()).isEqualTo(threads);
            assertThat(executor.getQueue().remainingCapacity()).isGreaterThan(1_000_000);
            assertThat(executor.getCompletedTaskCount()).isPositive();
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
