package io.github.camelcopilot.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@code accessToken} mode: a delegated token the caller obtained elsewhere, used as is. */
public final class StaticTokenProvider implements CopilotTokenProvider {

    private final String accessToken;

    public StaticTokenProvider(String accessToken) {
        this.accessToken = accessToken;
    }

    @Override
    public CompletionStage<String> getAccessToken(CopilotTokenRequest request) {
        return CompletableFuture.completedFuture(accessToken);
    }

    @Override
    public String toString() {
        return "StaticTokenProvider[accessToken=***]";
    }
}
