package io.github.camelcopilot.auth;

import java.util.List;

/**
 * What a token is wanted for: the scopes, and for on-behalf-of the caller's own token (the user assertion).
 *
 * @param scopes        the scopes, such as {@code https://graph.microsoft.com/.default}
 * @param userAssertion the caller's user token for on-behalf-of, or null
 */
public record CopilotTokenRequest(List<String> scopes, String userAssertion) {

    @Override
    public String toString() {
        // The assertion is a bearer token: never print it.
        return "CopilotTokenRequest[scopes=" + scopes + ", userAssertion=" + (userAssertion == null ? "none" : "***")
               + "]";
    }
}
