package io.github.camelcopilot.client;

import org.apache.camel.Exchange;

/** The message or the configuration is not a valid request; raised before anything is sent. */
public class CopilotInvalidInputException extends CopilotException {

    public CopilotInvalidInputException(String message, Exchange exchange) {
        super(message, exchange, null);
    }
}
