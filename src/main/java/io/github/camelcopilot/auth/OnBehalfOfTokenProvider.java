package io.github.camelcopilot.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.OnBehalfOfParameters;
import com.microsoft.aad.msal4j.UserAssertion;

/**
 * The {@code onBehalfOf} mode: a confidential client exchanges the caller's user token (the user assertion) for a
 * token to the API. MSAL caches the result per assertion, so repeat messages of one user reach the identity
 * provider once per token lifetime, and many users each get their own token. Nothing blocks the calling thread:
 * MSAL runs the exchange on its executor.
 */
public final class OnBehalfOfTokenProvider implements MsalTokenProvider {

    private final ConfidentialClientApplication application;
    private final RefusedTokens refused = new RefusedTokens();
    private final SharedAcquisitions<Key> inFlight = new SharedAcquisitions<>();

    /** One user's token for some scopes; the assertion only as a hash. */
    private record Key(String assertionHash, List<String> scopes, boolean skipCache) {
    }

    public OnBehalfOfTokenProvider(ConfidentialClientApplication application) {
        this.application = application;
    }

    @Override
    public CompletionStage<String> getAccessToken(CopilotTokenRequest request) {
        return acquire(request).thenApply(IAuthenticationResult::accessToken);
    }

    @Override
    public CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request) {
        if (request.userAssertion() == null || request.userAssertion().isBlank()) {
            return CompletableFuture.failedFuture(new CopilotSignInException(
                    "On-behalf-of needs the caller's user token in the CamelCopilotUserAssertion header", null,
                    false));
        }
        return exchange(request, false).thenCompose(result -> refused.contains(result.accessToken())
                ? exchange(request, true) // the API refused the cached token: ask the identity provider anew
                : CompletableFuture.completedFuture(result));
    }

    private CompletableFuture<IAuthenticationResult> exchange(CopilotTokenRequest request, boolean skipCache) {
        Key key = new Key(RefusedTokens.hash(request.userAssertion().trim()), request.scopes(), skipCache);
        return inFlight.acquire(key, () -> exchangeNow(request, skipCache));
    }

    private CompletableFuture<IAuthenticationResult> exchangeNow(CopilotTokenRequest request, boolean skipCache) {
        OnBehalfOfParameters parameters = OnBehalfOfParameters
                .builder(new LinkedHashSet<>(request.scopes()), new UserAssertion(request.userAssertion().trim()))
                .skipCache(skipCache)
                .build();
        return application.acquireToken(parameters).exceptionally(error -> {
            throw new CompletionException(MsalErrors.translate(error, "On-behalf-of token exchange",
                    "the caller's user token was refused, so the user must sign in to the calling application again"));
        });
    }

    @Override
    public void invalidate(String accessToken) {
        refused.add(accessToken);
    }

    @Override
    public String toString() {
        return "OnBehalfOfTokenProvider[clientId=" + application.clientId() + ", authority=" + application.authority()
               + "]";
    }
}
