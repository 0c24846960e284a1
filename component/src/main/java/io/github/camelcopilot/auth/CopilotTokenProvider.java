package io.github.camelcopilot.auth;

import java.util.concurrent.CompletionStage;

/**
 * Supplies the delegated (user) access token for a Copilot call. Implementations must not block the calling
 * thread for network I/O: return a stage that completes when the token is there.
 * <p>
 * Register a bean of this type to use your own sign-in (for example a vault or a token broker); the component
 * autowires it when it is the only one.
 * <p>
 * Report a failure by failing the stage: its exception becomes the cause of the exchange's
 * {@code CopilotAuthenticationException}. A provider that throws, returns no stage, completes with a null, blank or
 * non-ASCII token, or does not complete within the endpoint's {@code requestTimeout} fails the exchange the same way,
 * and nothing is sent.
 */
@FunctionalInterface
public interface CopilotTokenProvider {

    /** A token for the request's scopes (and user, for on-behalf-of). */
    CompletionStage<String> getAccessToken(CopilotTokenRequest request);

    /**
     * The service refused {@code accessToken} (HTTP 401): forget it so that the next call acquires a fresh one.
     * The default does nothing, which suits providers that cache nothing.
     */
    default void invalidate(String accessToken) {
    }
}
