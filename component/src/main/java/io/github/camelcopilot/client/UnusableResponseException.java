package io.github.camelcopilot.client;

import java.io.IOException;

/** The service answered, so it acted, but what it sent cannot be read as the operation's answer. */
public class UnusableResponseException extends IOException {

    public UnusableResponseException(String message) {
        super(message);
    }
}
