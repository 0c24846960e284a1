package io.github.camelcopilot.internal.stream;

import java.io.IOException;

/** The server sent nothing for longer than the stream's idle timeout. */
public class StreamIdleTimeoutException extends IOException {

    public StreamIdleTimeoutException(String message) {
        super(message);
    }
}
