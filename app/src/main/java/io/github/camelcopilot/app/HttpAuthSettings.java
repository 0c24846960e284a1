package io.github.camelcopilot.app;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.github.camelcopilot.internal.auth.MsalAppSettings;
import org.apache.camel.spi.PropertiesComponent;

/**
 * How the app's HTTP routes know their callers: the app registration that exposes the app's own API (callers' tokens
 * are for it, and the app exchanges them on-behalf-of for Graph tokens), and what a caller's token must show. Every
 * {@code copilot.http.auth.*} setting falls back to the component's sign-in setting of the same name
 * ({@code camel.component.copilot.tenantId}, ...), and the token checks derive from the tenant by default.
 *
 * @param required          callers must present a token (always when a real service is configured)
 * @param clientId          the app registration's client id, or null when none is configured
 * @param clientSecret      its secret, or null
 * @param authority         the Entra authority, {@code https://login.microsoftonline.com/<tenant>/}
 * @param authorityEndpoint where sign-in requests go instead of the authority's host (a simulator), or null
 * @param issuer            the {@code iss} a caller's token must carry
 * @param audiences         one of these must be its {@code aud}
 * @param scope             its {@code scp} must include this
 * @param jwksUrl           where the tenant publishes its signing keys
 * @param redirectUri       the page's sign-in redirect URI, or null to derive it from each request
 * @param maxPromptLength   longer prompts are refused with 413
 */
record HttpAuthSettings(boolean required, String clientId, String clientSecret, String authority,
                        URI authorityEndpoint, String issuer, List<String> audiences, String scope, String jwksUrl,
                        String redirectUri, int maxPromptLength) {

    static final String PREFIX = "copilot.http.auth.";
    static final String REQUIRED = PREFIX + "required";
    static final String MAX_PROMPT_LENGTH = "copilot.http.maxPromptLength";
    private static final String COMPONENT = "camel.component.copilot.";
    private static final String DEFAULT_SCOPE = "access_as_user";
    private static final int DEFAULT_MAX_PROMPT_LENGTH = 16_000;

    /** Reads the settings; {@code serviceConfigured} (baseUrl set) makes caller tokens required. */
    static HttpAuthSettings read(PropertiesComponent properties, boolean serviceConfigured) {
        boolean required = serviceConfigured || properties.resolveProperty(REQUIRED).map(Boolean::parseBoolean)
                .orElse(false);
        String clientId = setting(properties, "clientId").orElse(null);
        String secret = setting(properties, "clientSecret").orElse(null);
        Optional<String> tenant = setting(properties, "tenantId");
        String authority = setting(properties, "authority").or(() -> tenant.map(MsalAppSettings::defaultAuthority))
                .map(value -> value.endsWith("/") ? value : value + "/").orElse(null);
        URI endpoint = setting(properties, "authorityEndpoint").map(URI::create).orElse(null);
        String issuer = own(properties, "issuer").orElseGet(() -> authority == null ? null : authority + "v2.0");
        // Entra writes the client id into v2.0 tokens' aud, and the Application ID URI into v1.0 tokens'.
        List<String> audiences = own(properties, "audience")
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElseGet(() -> clientId == null ? List.of() : List.of("api://" + clientId, clientId));
        String scope = own(properties, "scope").orElse(DEFAULT_SCOPE);
        String jwksUrl = own(properties, "jwksUrl").orElseGet(() -> authority == null ? null
                : redirected(authority, endpoint) + "discovery/v2.0/keys");
        String redirectUri = own(properties, "redirectUri").orElse(null);
        int maxPrompt = properties.resolveProperty(MAX_PROMPT_LENGTH).map(String::trim).map(Integer::parseInt)
                .orElse(DEFAULT_MAX_PROMPT_LENGTH);
        return new HttpAuthSettings(required, clientId, secret, authority, endpoint, issuer, audiences, scope,
                jwksUrl, redirectUri, maxPrompt);
    }

    /** Whether callers can be verified and the page can sign people in. */
    boolean configured() {
        return clientId != null && clientSecret != null && authority != null;
    }

    /** What is missing for {@link #configured()}, for the banner and the 503 answer. */
    String missing() {
        return "set " + PREFIX + "clientId, " + PREFIX + "clientSecret and " + PREFIX + "tenantId (the app"
               + " registration exposing api://<client id>/" + scope + ")";
    }

    /** The scope a sign-in asks for: the app's own API. */
    String apiScope() {
        return "api://" + clientId + "/" + scope;
    }

    /** An authority URL as the browser must open it: on the authorityEndpoint's host when one is set. */
    String forBrowser(String url) {
        return authorityEndpoint == null ? url : redirected(url, authorityEndpoint);
    }

    private static String redirected(String url, URI endpoint) {
        if (endpoint == null) {
            return url;
        }
        URI original = URI.create(url);
        String base = endpoint.toString().replaceAll("/+$", "");
        return base + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    }

    private static Optional<String> own(PropertiesComponent properties, String name) {
        return properties.resolveProperty(PREFIX + name).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static Optional<String> setting(PropertiesComponent properties, String name) {
        return own(properties, name).or(() -> properties.resolveProperty(COMPONENT + name).map(String::trim)
                .filter(value -> !value.isEmpty()));
    }

    @Override
    public String toString() {
        return "HttpAuthSettings[required=" + required + ", clientId=" + clientId + ", authority=" + authority
               + (clientSecret == null ? "" : ", clientSecret=***") + ", issuer=" + issuer + ", audiences="
               + audiences + ", scope=" + scope + ", jwksUrl=" + jwksUrl + "]";
    }
}
