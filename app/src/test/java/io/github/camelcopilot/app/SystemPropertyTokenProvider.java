package io.github.camelcopilot.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.auth.CopilotTokenRequest;

/**
 * A user's own token provider, as a user would put one on the app's classpath: here it hands out the token the test
 * passes in a system property (a real one would ask a vault or a token broker).
 */
public class SystemPropertyTokenProvider implements CopilotTokenProvider {

    @Override
    public CompletionStage<String> getAccessToken(CopilotTokenRequest request) {
        return CompletableFuture.completedFuture(System.getProperty("test.copilot.token"));
    }
}
