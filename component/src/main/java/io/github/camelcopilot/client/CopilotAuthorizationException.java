package io.github.camelcopilot.client;

/**
 * HTTP 403: the caller may not use Copilot (no Microsoft 365 Copilot licence, consent missing for the seven delegated
 * permissions, an app-only token, or conditional access).
 */
public class CopilotAuthorizationException extends CopilotException {

    public CopilotAuthorizationException(Builder built) {
        super(built);
    }
}
