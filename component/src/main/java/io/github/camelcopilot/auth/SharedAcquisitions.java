package io.github.camelcopilot.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.microsoft.aad.msal4j.IAuthenticationResult;

/**
 * Lets concurrent requests for the same token share one acquisition. MSAL does not coalesce: when a burst of
 * messages of one user arrives before the first token is cached, each would call the token endpoint (64 calls for
 * 64 messages in flight, measured); sharing the pending acquisition makes that one call.
 *
 * @param <K> what identifies the token (never the raw assertion: a hash of it)
 */
final class SharedAcquisitions<K> {

    private final Map<K, CompletableFuture<IAuthenticationResult>> pending = new ConcurrentHashMap<>();

    CompletableFuture<IAuthenticationResult> acquire(K key, Supplier<CompletableFuture<IAuthenticationResult>> start) {
        CompletableFuture<IAuthenticationResult> created = new CompletableFuture<>();
        CompletableFuture<IAuthenticationResult> shared = pending.putIfAbsent(key, created);
        if (shared != null) {
            return shared;
        }
        try {
            start.get().whenComplete((result, error) -> {
                pending.remove(key, created);
                if (error != null) {
                    created.completeExceptionally(error);
                } else {
                    created.complete(result);
                }
            });
        } catch (RuntimeException e) {
            pending.remove(key, created);
            created.completeExceptionally(e);
        }
        return created;
    }
}
