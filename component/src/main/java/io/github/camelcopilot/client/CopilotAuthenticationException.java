package io.github.camelcopilot.client;

/**
 * HTTP 401 (the token was missing, expired, not a delegated user token, or for another audience), or no usable token
 * could be acquired for the call: the token provider failed, returned nothing or something that is not a token, or
 * did not answer within {@code requestTimeout}. Then the status is 0, nothing was sent, and the cause (when there is
 * one) is what the provider failed with (a {@code CopilotSignInException} for the built-in
 * modes, so that a route's {@code onException} can match it and read {@code isSignInRequired()}).
 */
public class CopilotAuthenticationException extends CopilotException {

    public CopilotAuthenticationException(Builder built) {
        super(built);
    }
}
