package io.github.camelcopilot.app;

/**
 * A request the HTTP routes refuse before anything is sent to Copilot: the status, a short machine-readable error,
 * a message safe to show the caller, and for 401/403 the {@code WWW-Authenticate} challenge.
 */
final class HttpProblem extends Exception {

    private final int status;
    private final String error;
    private final String challenge;

    HttpProblem(int status, String error, String message) {
        this(status, error, message, null);
    }

    HttpProblem(int status, String error, String message, String challenge) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.challenge = challenge;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    /** The {@code WWW-Authenticate} header value, or null. */
    String challenge() {
        return challenge;
    }
}
