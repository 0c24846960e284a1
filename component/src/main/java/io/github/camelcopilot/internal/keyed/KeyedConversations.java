package io.github.camelcopilot.internal.keyed;

import io.github.camelcopilot.client.CopilotConversationStoreException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.github.camelcopilot.internal.client.CopilotCallGroup;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.FailureKind;
import io.github.camelcopilot.client.CopilotNoReplyException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.model.CopilotConversation;
import io.github.camelcopilot.internal.Failures;
import io.github.camelcopilot.internal.observe.CopilotMeters;
import io.github.camelcopilot.store.CopilotConversationEntry;
import io.github.camelcopilot.store.CopilotConversationStore;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversations per business key, a service of each chat and chatOverStream endpoint: which conversation a keyed
 * message goes to, when the key moves on to a new one, and the record of it in the {@link CopilotConversationStore}.
 * A key's turns run one at a time in this JVM, across the endpoints on one store ({@link StoreLanes}); every change of
 * a key's conversation is a compare-and-set in the store, and an instance that loses a race continues the winner's.
 */
public final class KeyedConversations extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedConversations.class);
    private static final Logger ACTIVITY = LoggerFactory.getLogger("io.github.camelcopilot.activity");
    private static final int MAX_STORE_ATTEMPTS = 4;

    /** Sends a keyed message to the conversation chosen for it; completes when the exchange may continue. */
    @FunctionalInterface
    public interface Turn {
        CompletionStage<Sent> send(Conversation conversation);
    }

    /** Where a keyed message goes: {@code started} when it starts the key's conversation, replacing any previous. */
    public record Conversation(String id, boolean started, String previousId) {
    }

    /** A sent turn: {@code finished} completes with the conversation after it (null when unknown). */
    public record Sent(CompletionStage<CopilotConversation> finished) {
    }

    /** Why a key's conversation was replaced, as the activity log and the rollover meter say it. */
    private record Reason(String text, String tag) {
        static final Reason DISENGAGED = new Reason("disengagedForRai", "disengagedForRai");
        static final Reason MAX_TURNS = new Reason("maxTurns reached", "maxTurns");
        static final Reason IDLE = new Reason("idle past conversationIdleTimeout", "idle");

        static Reason refused(int status) {
            return new Reason(status == 404 ? "not found (404)" : "refused (" + status + ")", "refused_" + status);
        }
    }

    /**
     * Refusals that may be the conversation's doing: gone (404, 410), or closed to chats as after a disengagement
     * (400, 409, 422, undocumented). Sign-in, permission and throttling (401, 403, 429) are not.
     */
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 409, 410, 422);

    private record Chosen(CopilotConversationEntry entry, boolean started, String previous) {
    }

    private final CopilotConversationStore store;
    private final StoreLanes lanes;
    private final int maxTurns;
    private final Duration idleTimeout;
    private final Duration maxWait;
    private final Executor waitingTurns;
    private final Supplier<ScheduledExecutorService> scheduler;
    private final Supplier<CopilotMeters> meters;
    private volatile StoreLanes.Lane lane;

    /**
     * @param maxWait      the longest a message waits behind its key's running turn (requestTimeout)
     * @param waitingTurns where a turn that waited starts when the store does not block (its pool otherwise)
     */
    public KeyedConversations(CopilotConversationStore store, StoreLanes lanes, int maxTurns, long idleTimeoutMillis,
                              Duration maxWait, Executor waitingTurns, Supplier<ScheduledExecutorService> scheduler,
                              Supplier<CopilotMeters> meters) {
        this.store = store;
        this.lanes = lanes;
        this.maxTurns = maxTurns;
        this.idleTimeout = idleTimeoutMillis > 0 ? Duration.ofMillis(idleTimeoutMillis) : null;
        this.maxWait = maxWait;
        this.waitingTurns = waitingTurns;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    @Override
    protected void doStart() {
        lane = lanes.acquire(store);
    }

    @Override
    protected void doStop() {
        if (lane != null) {
            lanes.release(store, lane);
        }
    }

    /**
     * Runs the exchange's turn in the key's conversation once the key's earlier turns have finished; completes when the
     * exchange may continue. {@code calls}: the route's, whose stop also fails a message waiting for its key.
     */
    public CompletableFuture<Void> turn(Exchange exchange, String key, CopilotCallGroup calls,
                                        Supplier<CompletableFuture<String>> create, Turn turn) {
        Attempt attempt = new Attempt(exchange, key, create, turn);
        CompletableFuture<Void> forExchange = attempt.forExchange;
        // A message that waits too long behind its key's running turn fails, unsent, rather than forever (a route
        // reading a key's stream while asking again with that key would never end); the turns behind it keep waiting.
        AtomicBoolean decided = new AtomicBoolean();
        lane.sequencer().submit(key, attempt.storePool != null ? attempt.storePool : waitingTurns,
                () -> decided.compareAndSet(false, true) ? attempt.run() : CompletableFuture.completedFuture(null));
        if (!decided.get()) {
            BiConsumer<String, FailureKind> giveUp = (why, kind) -> {
                if (decided.compareAndSet(false, true)) {
                    forExchange.completeExceptionally(CopilotException.builder("Copilot chat not sent: " + why,
                            exchange).kind(kind).build());
                }
            };
            Runnable tooLong = () -> giveUp.accept("the previous turn of key '" + key + "' was still running after "
                    + maxWait.toMillis() + " ms (requestTimeout); nothing was sent. A route that reads a keyed stream"
                    + " must finish it before asking again with the same key, or raise requestTimeout",
                    FailureKind.NOT_SENT);
            Future<?> timer;
            try {
                timer = scheduler.get().schedule(tooLong, maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                tooLong.run(); // stopping: never send what the exchange will not wait for
                timer = null;
            }
            CopilotCallGroup.Member stopWaiting = reason -> giveUp.accept(reason + " while the message waited for the"
                    + " previous turn of key '" + key + "' to end; nothing was sent", FailureKind.STOPPED);
            Future<?> waitTimer = timer;
            forExchange.whenComplete((ignored, error) -> {
                calls.leave(stopWaiting);
                if (waitTimer != null) {
                    waitTimer.cancel(false);
                }
            });
            calls.join(stopWaiting);
        }
        return forExchange;
    }

    /** One exchange's way through the key's record; {@link #run()} completes when the key may take its next turn. */
    private final class Attempt {

        private final Exchange exchange;
        private final String key;
        private final Supplier<CompletableFuture<String>> create;
        private final Turn turn;
        private final CompletableFuture<Void> forExchange = new CompletableFuture<>();
        private final Executor storePool = lane.pool(); // null when the store does not block
        private final CopilotMeters meters = KeyedConversations.this.meters.get();

        Attempt(Exchange exchange, String key, Supplier<CompletableFuture<String>> create, Turn turn) {
            this.exchange = exchange;
            this.key = key;
            this.create = create;
            this.turn = turn;
        }

        CompletableFuture<Void> run() {
            CompletableFuture<Void> released = new CompletableFuture<>();
            calling(() -> storeCall(() -> store.get(key)).thenCompose(this::choose)
                    .thenCompose(chosen -> send(chosen, true))).whenComplete((done, error) -> {
                if (error != null) {
                    forExchange.completeExceptionally(Failures.unwrap(error));
                    released.complete(null);
                    return;
                }
                CompletableFuture<CopilotConversation> finished = done.finished().toCompletableFuture();
                // The exchange goes on as soon as its reply is there; the key waits for the record to be updated.
                forExchange.complete(null);
                finished.handle((conversation, failure) -> failure == null ? conversation : null)
                        .thenCompose(conversation -> recordTurn(done.chosen().entry(), conversation, 0))
                        .whenComplete((ignored, failure) -> {
                            if (failure != null) {
                                LOG.warn("Could not record the turn of conversation {} for its key: {}",
                                        done.chosen().entry().conversationId(), Failures.unwrap(failure).toString());
                            }
                            released.complete(null);
                        });
            });
            return released;
        }

        /** The key's conversation if it may take this message, otherwise a new one recorded in its place. */
        private CompletableFuture<Chosen> choose(Optional<CopilotConversationEntry> current) {
            Reason reason = current.map(KeyedConversations.this::whyRetired).orElse(null);
            if (current.isPresent() && reason == null) {
                return CompletableFuture.completedFuture(new Chosen(current.get(), false, null));
            }
            return create.get().thenCompose(created -> record(current.orElse(null), reason, created, 0));
        }

        /** Records {@code created} as the key's conversation in place of {@code current} (null: the key had none). */
        private CompletableFuture<Chosen> record(CopilotConversationEntry current, Reason reason, String created,
                                                 int attempt) {
            if (attempt >= MAX_STORE_ATTEMPTS) {
                ACTIVITY.info("Conversation {} created for key {} is not used: the key's record kept changing", created,
                        key);
                return CompletableFuture.failedFuture(CopilotConversationStoreException.of("The conversation of key '"
                        + key + "' kept changing in the conversation store; nothing was sent", exchange, null));
            }
            CopilotConversationEntry fresh = CopilotConversationEntry.started(key, created, Instant.now());
            if (current == null) {
                return storeCall(() -> store.putIfAbsent(fresh, timeToLive())).thenCompose(existing -> {
                    if (existing.isEmpty()) {
                        ACTIVITY.info("Conversation {} recorded for key {}", created, key);
                        return CompletableFuture.completedFuture(new Chosen(fresh, true, null));
                    }
                    return afterLostRace(existing.get(), created, attempt);
                });
            }
            return storeCall(() -> store.replace(current, fresh, timeToLive())).thenCompose(replaced -> {
                if (replaced) {
                    ACTIVITY.info("Conversation {} of key {} replaced by {} ({})", current.conversationId(), key, created,
                            reason.text());
                    meters.rollover(reason.tag());
                    return CompletableFuture.completedFuture(
                            new Chosen(fresh.withVersion(current.version() + 1), true, current.conversationId()));
                }
                return storeCall(() -> store.get(key)).thenCompose(now -> now.isEmpty()
                        ? record(null, null, created, attempt + 1)
                        : afterLostRace(now.get(), created, attempt));
            });
        }

        /** Someone else recorded {@code winner} first: continue it if it can take the message, else replace it. */
        private CompletableFuture<Chosen> afterLostRace(CopilotConversationEntry winner, String created, int attempt) {
            Reason reason = whyRetired(winner);
            if (reason == null) {
                ACTIVITY.info("Conversation {} created for key {} is not used: conversation {} was recorded first;"
                              + " continuing it", created, key, winner.conversationId());
                return CompletableFuture.completedFuture(new Chosen(winner, false, null));
            }
            return record(winner, reason, created, attempt + 1);
        }

        /** Sends the message; when refused (once) to a new conversation that replaces the refusing one. */
        private CompletableFuture<Done> send(Chosen chosen, boolean mayRollOver) {
            String id = chosen.entry().conversationId();
            meters.conversation(!chosen.started() ? "continued" : chosen.previous() != null ? "rolled_over" : "new");
            Conversation conversation = new Conversation(id, chosen.started(), chosen.previous());
            return calling(() -> turn.send(conversation)).handle((done, error) -> {
                if (error == null) {
                    return CompletableFuture.completedFuture(new Done(chosen, done.finished()));
                }
                Throwable cause = Failures.unwrap(error);
                if (cause instanceof CopilotNoReplyException noReply && noReply.isDisengagedForRai()) {
                    // Closed by responsible-AI filtering without a reply: nothing more goes to it either.
                    return recordTurn(chosen.entry(), disengaged(), 0)
                            .handle((ignored, storeError) -> CompletableFuture.<Done>failedFuture(cause))
                            .thenCompose(failed -> failed);
                }
                Reason refused = mayRollOver ? refusal(chosen, cause) : null;
                if (refused == null) {
                    return CompletableFuture.<Done>failedFuture(cause);
                }
                ACTIVITY.info("Conversation {} of key {} did not take the message ({}): sending it to a new"
                              + " conversation", id, key, refused.text());
                return create.get()
                        .thenCompose(created -> record(chosen.entry(), refused, created, 0))
                        .thenCompose(next -> send(next, false));
            }).thenCompose(stage -> stage);
        }

        /** Stores the turn's outcome over {@code used}, retrying if others wrote. */
        private CompletableFuture<Void> recordTurn(CopilotConversationEntry used, CopilotConversation conversation,
                                                   int attempt) {
            if (conversation == null || attempt >= MAX_STORE_ATTEMPTS) {
                return CompletableFuture.completedFuture(null);
            }
            int turns = conversation.getTurnCount() != null
                    ? Math.max(conversation.getTurnCount(), used.turnCount()) : used.turnCount() + 1;
            String state = used.isDisengaged() ? used.state()
                    : conversation.getState() != null ? conversation.getState() : CopilotConversationEntry.ACTIVE;
            CopilotConversationEntry updated = used.afterTurn(Instant.now(), turns, state);
            return storeCall(() -> store.replace(used, updated, timeToLive())).thenCompose(replaced -> {
                if (replaced) {
                    if (updated.isDisengaged() && !used.isDisengaged()) {
                        ACTIVITY.info("Conversation {} of key {} was disengaged by Copilot (disengagedForRai): the key's"
                                      + " next message starts a new conversation", used.conversationId(), key);
                    }
                    return CompletableFuture.completedFuture(null);
                }
                return storeCall(() -> store.get(key)).thenCompose(now -> {
                    if (now.isEmpty() || !now.get().conversationId().equals(used.conversationId())) {
                        return CompletableFuture.completedFuture(null); // the key has moved on: nothing to record
                    }
                    return recordTurn(now.get(), conversation, attempt + 1);
                });
            });
        }

        /** A store call: on this thread for a non-blocking store, on the store's pool otherwise. */
        private <T> CompletableFuture<T> storeCall(Supplier<T> call) {
            long started = System.nanoTime();
            CompletableFuture<T> result = calling(() -> storePool != null
                    ? CompletableFuture.supplyAsync(call, storePool) : CompletableFuture.completedFuture(call.get()));
            if (meters.enabled()) {
                result.whenComplete((ignored, error) -> meters.storeCall(error == null, System.nanoTime() - started));
            }
            return result.exceptionallyCompose(error -> {
                Throwable cause = Failures.unwrap(error);
                return CompletableFuture.failedFuture(cause instanceof CopilotConversationStoreException
                        ? cause : CopilotConversationStoreException.of("The conversation store failed for key '" + key
                                + "': " + cause.getMessage(), exchange, cause));
            });
        }
    }

    private record Done(Chosen chosen, CompletionStage<CopilotConversation> finished) {
    }

    /** The stage {@code call} returns, or its exception as a failed stage. */
    private static <T> CompletableFuture<T> calling(Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Why {@code chosen} must give way after the chat failed with {@code cause}, or null: only an unprocessed refusal
     * counts, and from a conversation this message just created only a 404 (else the message is at fault).
     */
    private static Reason refusal(Chosen chosen, Throwable cause) {
        if (!(cause instanceof CopilotException failure) || failure.isPossiblyProcessed()
            || !REFUSALS.contains(failure.getStatusCode())) {
            return null;
        }
        if (chosen.started() && !(failure instanceof CopilotNotFoundException)) {
            return null;
        }
        return Reason.refused(failure.getStatusCode());
    }

    private static CopilotConversation disengaged() {
        CopilotConversation conversation = new CopilotConversation();
        conversation.setState(CopilotConversation.STATE_DISENGAGED_FOR_RAI);
        return conversation;
    }

    private Reason whyRetired(CopilotConversationEntry entry) {
        if (entry.isDisengaged()) {
            return Reason.DISENGAGED;
        }
        if (maxTurns > 0 && entry.turnCount() >= maxTurns) {
            return Reason.MAX_TURNS;
        }
        if (idleTimeout != null) {
            Instant idleUntil = entry.lastUsed().plus(idleTimeout);
            if (!Instant.now().isBefore(idleUntil)) {
                return Reason.IDLE;
            }
        }
        return null;
    }

    /** Twice the idle timeout: the key's next message still finds (and reports) what it replaces; idle keys go. */
    private Duration timeToLive() {
        return idleTimeout == null ? null : idleTimeout.multipliedBy(2);
    }
}
