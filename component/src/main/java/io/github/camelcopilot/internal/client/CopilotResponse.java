package io.github.camelcopilot.internal.client;

/**
 * A successful response.
 *
 * @param body            the mapped body
 * @param requestId       the service's {@code request-id}
 * @param clientRequestId the {@code client-request-id} sent with the request that succeeded
 * @param attempts        how many attempts it took
 */
public record CopilotResponse<T>(T body, String requestId, String clientRequestId, int attempts) {
}
