package io.github.camelcopilot.component;

/** How the delegated access token is obtained. */
public enum CopilotAuthMode {
    /** A token the caller already holds: the accessToken option or the CamelCopilotAccessToken header. */
    accessToken,
    /** A CopilotTokenProvider bean of the user's. */
    provider
}
