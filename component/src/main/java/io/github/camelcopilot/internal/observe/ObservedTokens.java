package io.github.camelcopilot.internal.observe;

import java.util.Locale;
import java.util.concurrent.CompletionStage;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.TokenSource;
import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;
import io.github.camelcopilot.internal.auth.MsalTokenProvider;
import io.github.camelcopilot.internal.client.AccessTokens;

/**
 * A provider's tokens for one request, counted by sign-in mode, source and outcome. Sources: MSAL4J's own
 * ({@code cache}, {@code identity_provider}, {@code broker}), {@code supplied} for mode {@code accessToken},
 * {@code provider} for a user's own provider.
 */
public record ObservedTokens(CopilotTokenProvider provider, CopilotTokenRequest request, String mode,
                             CopilotMeters meters) implements AccessTokens {

    @Override
    public CompletionStage<String> acquire() {
        if (provider instanceof MsalTokenProvider msal) {
            return msal.acquire(request).whenComplete((result, error) -> meters.token(mode,
                            error == null ? source(result) : "none", error == null))
                    .thenApply(IAuthenticationResult::accessToken);
        }
        String source = "accessToken".equals(mode) ? "supplied" : "provider";
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
