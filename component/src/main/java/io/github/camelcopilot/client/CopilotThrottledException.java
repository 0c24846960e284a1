package io.github.camelcopilot.client;

/** HTTP 429 that outlasted the retries: wait {@link #getRetryAfter()} before trying again. */
public class CopilotThrottledException extends CopilotException {

    public CopilotThrottledException(Builder built) {
        super(built);
    }
}
