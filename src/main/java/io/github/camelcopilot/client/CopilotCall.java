package io.github.camelcopilot.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * The settings of one call, resolved from headers, endpoint and component.
 *
 * @param action            what is being done, for messages ("Copilot chat")
 * @param conversationsUrl  the conversations collection, such as {@code https://graph.microsoft.com/beta/copilot/conversations}
 * @param tokens            acquires the access token for each attempt, and hears of refused ones
 * @param retry             how failures are retried
 * @param responseTimeout   the longest wait for the whole response (for a stream: for its headers)
 * @param timeoutOption     the option that set responseTimeout, named in the timeout's message
 * @param maxResponseSize   the largest body read into memory
 * @param exchange          the exchange, for the exceptions raised
 */
public record CopilotCall(String action, String conversationsUrl, AccessTokens tokens,
                          RetryPolicy retry, Duration responseTimeout, String timeoutOption,
                          long maxResponseSize, Exchange exchange) {

    @Override
    public String toString() {
        return "CopilotCall[" + action + ", " + conversationsUrl + "]";
    }
}
