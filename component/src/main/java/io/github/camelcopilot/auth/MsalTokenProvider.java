package io.github.camelcopilot.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.microsoft.aad.msal4j.IAuthenticationResult;

/**
 * What the two MSAL4J-backed providers share: a token the API refused is not served again from MSAL's cache (MSAL
 * cannot drop one access token), and {@link #acquire} exposes MSAL's whole result, so its token source can be counted.
 */
public abstract class MsalTokenProvider implements CopilotTokenProvider {

    private final RefusedTokens refused = new RefusedTokens();

    MsalTokenProvider() {
    }

    /** MSAL's result for the request, {@code skipCache} asking the identity provider anew. */
    abstract CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request, boolean skipCache);

    /** MSAL's result for the request, from its cache or the identity provider. */
    public CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request) {
        return acquire(request, false).thenCompose(result -> refused.contains(result.accessToken())
                ? acquire(request, true) : CompletableFuture.completedFuture(result));
    }

    @Override
    public CompletionStage<String> getAccessToken(CopilotTokenRequest request) {
        return acquire(request).thenApply(IAuthenticationResult::accessToken);
    }

    @Override
    public void invalidate(String accessToken) {
        refused.add(accessToken);
    }
}
