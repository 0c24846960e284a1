package io.github.camelcopilot.internal.stream;

import java.io.IOException;

/** The event stream broke its format or a limit in a way that cannot be recovered from. */
public class SseFormatException extends IOException {

    public SseFormatException(String message) {
        super(message);
    }

    public SseFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
