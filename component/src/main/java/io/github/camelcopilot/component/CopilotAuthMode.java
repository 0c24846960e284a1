package io.github.camelcopilot.component;

/** How the delegated access token is obtained. */
public enum CopilotAuthMode {
    /** A token the caller already holds: the accessToken option or the CamelCopilotAccessToken header. */
    accessToken,
    /** A confidential client exchanges the caller's user token (header CamelCopilotUserAssertion) with MSAL4J. */
    onBehalfOf,
    /** Silent MSAL4J sign-in from the token cache file that the app's login command filled once. */
    tokenCache,
    /** A CopilotTokenProvider bean of the user's. */
    provider
}
