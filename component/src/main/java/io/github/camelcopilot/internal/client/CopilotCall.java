package io.github.camelcopilot.internal.client;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * The settings of one call, resolved from headers, endpoint and component.
 *
 * @param action          what is being done, for messages ("Copilot chat")
 * @param responseTimeout the longest wait for the response: for create and chat from the attempt's start (token
 *                        included), for a stream the wait for its head once sent
 * @param timeoutOption   the option that set responseTimeout, named in the timeout's message
 * @param exchange        the exchange, for the exceptions raised
 * @param requestTimeout  the longest wait for an attempt's access token
 * @param group           stopped with the call's producer (null: only the client's own stop ends the call early)
 * @param listener        hears the call's retries and end, and adds trace headers
 */
public record CopilotCall(String action, String conversationsUrl, AccessTokens tokens,
                          RetryPolicy retry, Duration responseTimeout, String timeoutOption,
                          long maxResponseSize, Exchange exchange, Duration requestTimeout, CopilotCallGroup group,
                          CallListener listener) {

    public CopilotCall {
        listener = listener == null ? CallListener.NONE : listener;
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
