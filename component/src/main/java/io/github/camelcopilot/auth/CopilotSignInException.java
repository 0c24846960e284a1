package io.github.camelcopilot.auth;

/**
 * No token could be acquired. {@link #isSignInRequired()} tells whether a person must sign in again (revoked or
 * expired refresh token, consent withdrawn, interaction required): retrying cannot help then.
 * <p>
 * Messages never contain tokens, secrets or assertions.
 */
public class CopilotSignInException extends RuntimeException {

    private final boolean signInRequired;
    private final String errorCode;

    public CopilotSignInException(String message, String errorCode, boolean signInRequired) {
        super(message);
        this.errorCode = errorCode;
        this.signInRequired = signInRequired;
    }

    /** True when only a new interactive sign-in can help; the call must not be retried. */
    public boolean isSignInRequired() {
        return signInRequired;
    }

    /** The identity provider's error code (such as {@code invalid_grant}), or null. */
    public String getErrorCode() {
        return errorCode;
    }
}
