package io.github.camelcopilot.internal.client;

/**
 * A successful response with the ids support asks for.
 *
 * @param clientRequestId the {@code client-request-id} sent with the attempt that succeeded
 * @param attempts        how many attempts it took
 */
public record CopilotResponse<T>(T body, String requestId, String clientRequestId, int attempts) {

    <U> CopilotResponse<U> with(U newBody) {
        return new CopilotResponse<>(newBody, requestId, clientRequestId, attempts);
    }
}
