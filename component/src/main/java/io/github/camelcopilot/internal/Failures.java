package io.github.camelcopilot.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Below the client and sign-in, so that both read an asynchronous failure the same way. */
public final class Failures {

    private Failures() {
    }

    /** The failure under the CompletionException and ExecutionException wrappers a future adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
               && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
