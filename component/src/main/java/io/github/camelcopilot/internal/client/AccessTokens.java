package io.github.camelcopilot.internal.client;

import java.util.concurrent.CompletionStage;

/** Where a call's access token comes from, and whom to tell when the API refuses one. */
@FunctionalInterface
public interface AccessTokens {

    /** The token for the next attempt; must not block for network I/O. */
    CompletionStage<String> acquire();

    /** The API answered 401 to {@code token}: forget it (a token that came with the message cannot be). */
    default void refused(String token) {
    }
}
