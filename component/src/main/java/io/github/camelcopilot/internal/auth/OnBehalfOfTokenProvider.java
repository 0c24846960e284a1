package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenRequest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.OnBehalfOfParameters;
import com.microsoft.aad.msal4j.UserAssertion;

/**
 * The {@code onBehalfOf} mode: a confidential client exchanges the caller's user token (the user assertion) for a
 * token to the API; MSAL caches the result per assertion and runs the exchange on its executor.
 * <p>
 * MSAL never evicts on-behalf-of entries, and every new incoming token of a user (hourly) is a new one, so its cache
 * and the linear scans of its lookups would grow without bound. After {@code maxCachedAssertions} distinct assertions
 * the provider starts over with a fresh MSAL application: the users then active each cost one more token call.
 */
public final class OnBehalfOfTokenProvider extends MsalTokenProvider {

    public static final int DEFAULT_MAX_CACHED_ASSERTIONS = 10_000;

    private final Supplier<ConfidentialClientApplication> applications;
    private final int maxCachedAssertions;
    private volatile Generation current;

    /** One user's token for some scopes; the assertion as a hash. */
    private record Key(String assertionHash, List<String> scopes, boolean skipCache) {
    }

    /** An MSAL application and the assertion hashes its cache holds tokens for. */
    private record Generation(ConfidentialClientApplication application, Set<String> assertions) {
    }

    /** @param applications makes the confidential client, now and whenever the provider starts over */
    public OnBehalfOfTokenProvider(Supplier<ConfidentialClientApplication> applications) {
        this(applications, DEFAULT_MAX_CACHED_ASSERTIONS);
    }

    public OnBehalfOfTokenProvider(Supplier<ConfidentialClientApplication> applications, int maxCachedAssertions) {
        if (maxCachedAssertions < 1) {
            throw new IllegalArgumentException("maxCachedAssertions must be at least 1: " + maxCachedAssertions);
        }
        this.applications = applications;
        this.maxCachedAssertions = maxCachedAssertions;
        this.current = new Generation(applications.get(), ConcurrentHashMap.newKeySet());
    }

    /** The application whose cache holds (or will hold) this assertion's tokens. */
    private ConfidentialClientApplication applicationFor(String assertionHash) {
        Generation generation = current;
        if (!generation.assertions().contains(assertionHash) && generation.assertions().size() >= maxCachedAssertions) {
            synchronized (this) {
                if (current == generation) {
                    current = new Generation(applications.get(), ConcurrentHashMap.newKeySet());
                }
                generation = current;
            }
        }
        generation.assertions().add(assertionHash);
        return generation.application();
    }

    @Override
    CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request, boolean skipCache) {
        if (request.userAssertion() == null || request.userAssertion().isBlank()) {
            return CompletableFuture.failedFuture(new CopilotSignInException(
                    "On-behalf-of needs the caller's user token in the CamelCopilotUserAssertion header", null,
                    false));
        }
        Key key = new Key(hash(request.userAssertion().trim()), request.scopes(), skipCache);
        return shared(key, () -> exchangeNow(applicationFor(key.assertionHash()), request, skipCache));
    }

    private static CompletableFuture<IAuthenticationResult> exchangeNow(ConfidentialClientApplication application,
                                                                        CopilotTokenRequest request,
                                                                        boolean skipCache) {
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
    public String toString() {
        ConfidentialClientApplication application = current.application();
        return "OnBehalfOfTokenProvider[clientId=" + application.clientId() + ", authority=" + application.authority()
               + "]";
    }
}
