package io.github.camelcopilot.internal.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * The settings of one call, resolved from headers, endpoint and component.
 *
 * @param action            what is being done, for messages ("Copilot chat")
 * @param conversationsUrl  the conversations collection, such as {@code https://graph.microsoft.com/beta/copilot/conversations}
 * @param tokens            acquires the access token for each attempt, and hears of refused ones
 * @param retry             how failures are retried
 * @param responseTimeout   the longest wait for the response: for create and chat counted from the attempt's start,
 *                          so that one deadline covers token and response; for a stream, the wait for its headers
 *                          once the request is sent
 * @param timeoutOption     the option that set responseTimeout, named in the timeout's message
 * @param maxResponseSize   the largest body read into memory
 * @param exchange          the exchange, for the exceptions raised
 * @param requestTimeout    the longest wait for an attempt's access token (requestTimeout; for create and chat the
 *                          same as responseTimeout)
 * @param group             the owner's calls, stopped together with the call's producer (null: only the client's
 *                          own stop ends the call early)
 * @param listener          hears the call's retries and end, and adds trace headers ({@link CallListener#NONE}: none)
 */
public record CopilotCall(String action, String conversationsUrl, AccessTokens tokens,
                          RetryPolicy retry, Duration responseTimeout, String timeoutOption,
                          long maxResponseSize, Exchange exchange, Duration requestTimeout, CopilotCallGroup group,
                          CallListener listener) {

    public CopilotCall {
        listener = listener == null ? CallListener.NONE : listener;
    }

    /** A call whose token wait is bounded by {@code responseTimeout} too, that only the client's stop ends early. */
    public CopilotCall(String action, String conversationsUrl, AccessTokens tokens, RetryPolicy retry,
                       Duration responseTimeout, String timeoutOption, long maxResponseSize, Exchange exchange) {
        this(action, conversationsUrl, tokens, retry, responseTimeout, timeoutOption, maxResponseSize, exchange,
                responseTimeout, null, CallListener.NONE);
    }

    /** The option bounding the token wait, named in messages. */
    String requestTimeoutOption() {
        return requestTimeout.equals(responseTimeout) ? timeoutOption : "requestTimeout";
    }

    @Override
    public String toString() {
        return "CopilotCall[" + action + ", " + conversationsUrl + "]";
    }
}
