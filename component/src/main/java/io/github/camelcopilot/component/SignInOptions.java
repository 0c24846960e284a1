package io.github.camelcopilot.component;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.camelcopilot.internal.auth.MsalAppSettings;

import static org.apache.camel.util.ObjectHelper.isNotEmpty;

/**
 * Reads the sign-in options: which {@link CopilotAuthMode} applies (set, or inferred from the options present), and
 * for the MSAL modes the settings of their application. Contradictory or incomplete options fail when the route
 * starts, naming the option that is missing or in the way.
 */
final class SignInOptions {

    private static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com/";
    /** MSAL's answers are small and quick; a sign-in that hangs should not hold a message for the requestTimeout. */
    private static final Duration MAX_SIGN_IN_READ_TIMEOUT = Duration.ofSeconds(60);

    private SignInOptions() {
    }

    /** The mode set, or the one the options imply; fails when they imply several. */
    static CopilotAuthMode modeOf(CopilotConfiguration config) {
        if (config.getAuthMode() != null) {
            return config.getAuthMode();
        }
        Map<CopilotAuthMode, String> implied = new EnumMap<>(CopilotAuthMode.class);
        if (isNotEmpty(config.getClientSecret()) || isNotEmpty(config.getCertificateFile())) {
            implied.put(CopilotAuthMode.onBehalfOf, "clientSecret/certificateFile");
        }
        if (isNotEmpty(config.getTokenCacheFile())) {
            implied.put(CopilotAuthMode.tokenCache, "tokenCacheFile");
        }
        if (config.getTokenProvider() != null) {
            implied.put(CopilotAuthMode.provider, "tokenProvider");
        }
        if (implied.size() > 1) {
            List<String> named = implied.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            throw CopilotEndpoint.invalid("the options imply several sign-in modes: " + String.join(", ", named)
                                          + ". Set authMode to the one you mean");
        }
        return implied.isEmpty() ? CopilotAuthMode.accessToken : implied.keySet().iterator().next();
    }

    /** The MSAL application settings of an onBehalfOf or tokenCache configuration. */
    static MsalAppSettings msalSettings(CopilotAuthMode mode, CopilotConfiguration config) {
        String modeName = "authMode=" + mode;
        require(config.getClientId(), modeName + " needs clientId (the app registration's application id)");
        MsalAppSettings.Kind kind;
        Path certificate = null;
        Path cacheFile = null;
        if (mode == CopilotAuthMode.onBehalfOf) {
            kind = MsalAppSettings.Kind.ON_BEHALF_OF;
            boolean secret = isNotEmpty(config.getClientSecret());
            boolean certificateSet = isNotEmpty(config.getCertificateFile());
            if (secret == certificateSet) {
                throw CopilotEndpoint.invalid(modeName + " needs " + (secret ? "either clientSecret or certificateFile,"
                        + " not both" : "clientSecret or certificateFile (the confidential client's credential)"));
            }
            if (certificateSet) {
                certificate = Path.of(config.getCertificateFile().trim());
            }
            if (isNotEmpty(config.getTokenCacheFile())) {
                throw CopilotEndpoint.invalid(modeName + " does not use tokenCacheFile: MSAL caches on-behalf-of tokens"
                                              + " in memory per user; remove it or use authMode=tokenCache");
            }
        } else {
            kind = MsalAppSettings.Kind.TOKEN_CACHE;
            require(config.getTokenCacheFile(), modeName + " needs tokenCacheFile (the file the"
                    + " app's login command writes)");
            cacheFile = Path.of(config.getTokenCacheFile().trim()).toAbsolutePath();
            if (isNotEmpty(config.getClientSecret()) || isNotEmpty(config.getCertificateFile())) {
                throw CopilotEndpoint.invalid(modeName + " signs in as a public client: remove clientSecret and"
                                              + " certificateFile (they are for authMode=onBehalfOf)");
            }
        }
        Duration readTimeout = Duration.ofMillis(Math.min(config.getRequestTimeout(),
                MAX_SIGN_IN_READ_TIMEOUT.toMillis()));
        return new MsalAppSettings(kind, config.getClientId().trim(), authority(modeName, config),
                authorityEndpoint(config), trimmed(config.getClientSecret()), certificate,
                config.getCertificatePassword(), cacheFile, trimmed(config.getAccount()), readTimeout);
    }

    /** The authority option, or the public cloud's for the tenant; always ending with a slash. */
    private static String authority(String modeName, CopilotConfiguration config) {
        String authority;
        if (isNotEmpty(config.getAuthority())) {
            authority = config.getAuthority().trim();
            URI uri = CopilotEndpoint.parseUrl("authority", authority);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw CopilotEndpoint.invalid("authority '" + authority + "' must be an https URL such as "
                                              + DEFAULT_AUTHORITY_HOST + "<tenant>/ (MSAL4J refuses others; for a"
                                              + " simulator set authorityEndpoint)");
            }
            if (uri.getPort() != -1) {
                throw CopilotEndpoint.invalid("authority '" + authority + "' must not have a port (MSAL4J then never"
                                              + " serves tokens from its cache); send requests elsewhere with"
                                              + " authorityEndpoint");
            }
        } else {
            require(config.getTenantId(), modeName + " needs tenantId (or authority)");
            authority = MsalAppSettings.defaultAuthority(config.getTenantId());
        }
        return authority.endsWith("/") ? authority : authority + "/";
    }

    private static URI authorityEndpoint(CopilotConfiguration config) {
        if (!isNotEmpty(config.getAuthorityEndpoint())) {
            return null;
        }
        return CopilotEndpoint.httpUrl("authorityEndpoint", config.getAuthorityEndpoint().trim(),
                config.isAllowInsecure());
    }

    private static void require(String value, String problem) {
        if (!isNotEmpty(value)) {
            throw CopilotEndpoint.invalid(problem);
        }
    }

    private static String trimmed(String value) {
        return isNotEmpty(value) ? value.trim() : null;
    }
}
