package io.github.camelcopilot.observe;

import java.util.Locale;
import java.util.concurrent.CompletionStage;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.TokenSource;
import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;
import io.github.camelcopilot.auth.MsalTokenProvider;
import io.github.camelcopilot.auth.StaticTokenProvider;
import io.github.camelcopilot.client.AccessTokens;

/**
 * A provider's tokens for one request, counted by sign-in mode, source and outcome
 * ({@code copilot.auth.token.acquisitions}), with the service's 401 refusals counted as refreshes. Sources:
 * {@code cache} or {@code identity_provider} (or {@code broker}) as MSAL4J reports them, {@code supplied} for a
 * token given with the message or the accessToken option, {@code provider} for a user's own provider.
 */
public final class ObservedTokens implements AccessTokens {

    private final CopilotTokenProvider provider;
    private final CopilotTokenRequest request;
    private final String mode;
    private final CopilotMeters meters;

    private ObservedTokens(CopilotTokenProvider provider, CopilotTokenRequest request, String mode,
                           CopilotMeters meters) {
        this.provider = provider;
        this.request = request;
        this.mode = mode;
        this.meters = meters;
    }

    /** The provider's tokens for the request, measured when meters are on. */
    public static AccessTokens of(CopilotTokenProvider provider, CopilotTokenRequest request, String mode,
                                  CopilotMeters meters) {
        if (!meters.enabled()) {
            return new AccessTokens() {
                @Override
                public CompletionStage<String> acquire() {
                    return provider.getAccessToken(request);
                }

                @Override
                public void refused(String token) {
                    provider.invalidate(token);
                }
            };
        }
        return new ObservedTokens(provider, request, mode, meters);
    }

    /** A token the message carried, counted as supplied. */
    public static AccessTokens supplied(CompletionStage<String> token, CopilotMeters meters) {
        return new AccessTokens() {
            @Override
            public CompletionStage<String> acquire() {
                meters.token("accessToken", "supplied", true);
                return token;
            }

            @Override
            public void refused(String refused) {
                meters.tokenRefreshed("accessToken");
            }
        };
    }

    @Override
    public CompletionStage<String> acquire() {
        if (provider instanceof MsalTokenProvider msal) {
            return msal.acquire(request).whenComplete((result, error) -> meters.token(mode,
                            error == null ? source(result) : "none", error == null))
                    .thenApply(IAuthenticationResult::accessToken);
        }
        String source = provider instanceof StaticTokenProvider ? "supplied" : "provider";
        CompletionStage<String> stage = provider.getAccessToken(request);
        if (stage == null) {
            meters.token(mode, source, false);
            return null;
        }
        return stage.whenComplete((token, error) -> meters.token(mode, source, error == null && token != null));
    }

    private static String source(IAuthenticationResult result) {
        TokenSource source = result == null || result.metadata() == null ? null : result.metadata().tokenSource();
        return source == null ? "unknown" : source.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void refused(String token) {
        meters.tokenRefreshed(mode);
        provider.invalidate(token);
    }
}
