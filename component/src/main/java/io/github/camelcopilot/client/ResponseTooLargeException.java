package io.github.camelcopilot.client;

import java.io.IOException;

/** A response body grew past {@code maxResponseSize}; reading stopped instead of exhausting memory. */
public class ResponseTooLargeException extends IOException {

    public ResponseTooLargeException(long limit) {
        super("the response body exceeded maxResponseSize (" + limit + " bytes)");
    }
}
