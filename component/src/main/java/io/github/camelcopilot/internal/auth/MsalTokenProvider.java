package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.microsoft.aad.msal4j.IAuthenticationResult;

/**
 * What the two MSAL4J-backed providers share. {@link #acquire} exposes MSAL's whole result, so that its token source
 * can be counted. MSAL cannot drop one access token from its cache, so tokens the API refused (401) are remembered
 * (as hashes) and the cache bypassed when MSAL hands one out again. And MSAL does not coalesce (a burst of 64 messages
 * of one user made 64 token calls, measured), so concurrent requests for one token share one acquisition.
 */
public abstract class MsalTokenProvider implements CopilotTokenProvider {

    private static final int REFUSED_CAPACITY = 1_000;

    private final Set<String> refused = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REFUSED_CAPACITY;
        }
    }));
    private final Map<Object, CompletableFuture<IAuthenticationResult>> pending = new ConcurrentHashMap<>();

    /** MSAL's result for the request, {@code skipCache} asking the identity provider anew. */
    abstract CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request, boolean skipCache);

    /** MSAL's result for the request, from its cache or the identity provider. */
    public CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request) {
        return acquire(request, false).thenCompose(result -> wasRefused(result.accessToken())
                ? acquire(request, true) : CompletableFuture.completedFuture(result));
    }

    private boolean wasRefused(String token) {
        return !refused.isEmpty() && refused.contains(hash(token));
    }

    @Override
    public CompletionStage<String> getAccessToken(CopilotTokenRequest request) {
        return acquire(request).thenApply(IAuthenticationResult::accessToken);
    }

    @Override
    public void invalidate(String accessToken) {
        refused.add(hash(accessToken));
    }

    /** The acquisition under way for {@code key} (never a raw assertion: a hash of it), or one started now. */
    CompletableFuture<IAuthenticationResult> shared(Object key,
                                                    Supplier<CompletableFuture<IAuthenticationResult>> start) {
        CompletableFuture<IAuthenticationResult> created = new CompletableFuture<>();
        CompletableFuture<IAuthenticationResult> under = pending.putIfAbsent(key, created);
        if (under != null) {
            return under;
        }
        CompletableFuture<IAuthenticationResult> started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((result, error) -> {
            pending.remove(key, created);
            if (error != null) {
                created.completeExceptionally(error);
            } else {
                created.complete(result);
            }
        });
        return created;
    }

    /** A SHA-256 of a token: safe to keep and compare. */
    static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
