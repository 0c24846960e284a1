package io.github.camelcopilot.internal.client;

/** A response body grew past {@code maxResponseSize}; reading stopped instead of exhausting memory. */
public class ResponseTooLargeException extends UnusableResponseException {

    public ResponseTooLargeException(long limit) {
        super("the response body exceeded maxResponseSize (" + limit + " bytes)");
    }
}
