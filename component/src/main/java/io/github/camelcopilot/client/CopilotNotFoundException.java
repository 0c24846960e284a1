package io.github.camelcopilot.client;

/** HTTP 404: the conversation does not exist (or no longer does), or the base URL points at the wrong path. */
public class CopilotNotFoundException extends CopilotException {

    public CopilotNotFoundException(Builder built) {
        super(built);
    }
}
