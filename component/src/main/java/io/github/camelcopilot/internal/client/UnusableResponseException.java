package io.github.camelcopilot.internal.client;

import java.io.IOException;

/** The service answered, so it acted, but what it sent cannot be read as the operation's answer. */
public class UnusableResponseException extends IOException {

    private String requestId;

    public UnusableResponseException(String message) {
        super(message);
    }

    /** The answer's {@code request-id}, or null. */
    public String getRequestId() {
        return requestId;
    }

    void setRequestId(String requestId) {
        this.requestId = requestId;
    }
}
