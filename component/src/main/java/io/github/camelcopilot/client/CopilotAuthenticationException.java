package io.github.camelcopilot.client;

/**
 * HTTP 401, or no usable token ({@link FailureKind#NO_TOKEN}, status 0, nothing sent; the cause is the provider's
 * failure, a {@code CopilotSignInException} for the built-in modes, whose {@code isSignInRequired()} a route reads).
 */
public class CopilotAuthenticationException extends CopilotException {

    public CopilotAuthenticationException(Builder built) {
        super(built);
    }
}
