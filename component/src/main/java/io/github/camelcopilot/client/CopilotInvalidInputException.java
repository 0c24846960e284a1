package io.github.camelcopilot.client;

import org.apache.camel.Exchange;

/** The message or the configuration is not a valid request; raised before anything is sent. */
public class CopilotInvalidInputException extends CopilotException {

    public CopilotInvalidInputException(Builder built) {
        super(built.kind(FailureKind.INVALID_INPUT));
    }

    /** An invalid input, described by {@code message}. */
    public static CopilotInvalidInputException of(String message, Exchange exchange) {
        return builder(message, exchange).build(CopilotInvalidInputException::new);
    }
}
