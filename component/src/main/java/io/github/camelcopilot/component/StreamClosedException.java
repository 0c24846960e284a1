package io.github.camelcopilot.component;

import java.io.IOException;

/** A stream ended by this side before the service ended it: its answer is incomplete. */
final class StreamClosedException extends IOException {

    StreamClosedException(String message) {
        super(message);
    }
}
