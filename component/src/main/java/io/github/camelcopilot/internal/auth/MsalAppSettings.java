package io.github.camelcopilot.internal.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What identifies one MSAL application: endpoints whose settings are equal share one long-lived application and so
 * one token cache (a new one per exchange would call the token endpoint every time).
 *
 * @param authorityEndpoint send sign-in requests to this base URL instead of the authority's host, or null
 * @param certificateFile   on-behalf-of: a PKCS#12 file with the client certificate and its key, or null
 * @param account           tokenCache: the signed-in account to use (null: the only one cached)
 */
public record MsalAppSettings(Kind kind, String clientId, String authority, URI authorityEndpoint, String clientSecret,
                              Path certificateFile, String certificatePassword, Path tokenCacheFile, String account,
                              Duration readTimeout) {

    /** A confidential client exchanging the caller's user token, or a public client reading a persisted cache. */
    public enum Kind {
        ON_BEHALF_OF,
        TOKEN_CACHE
    }

    public MsalAppSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authority, "authority");
    }

    /** Entra's public cloud authority of a tenant, {@code https://login.microsoftonline.com/<tenant>/}. */
    public static String defaultAuthority(String tenantId) {
        return "https://login.microsoftonline.com/" + tenantId.trim() + "/";
    }

    @Override
    public String toString() {
        // Secrets stay out: this may appear in logs.
        return "MsalAppSettings[" + kind + ", clientId=" + clientId + ", authority=" + authority
               + (authorityEndpoint == null ? "" : ", authorityEndpoint=" + authorityEndpoint)
               + (clientSecret == null ? "" : ", clientSecret=***")
               + (certificateFile == null ? "" : ", certificateFile=" + certificateFile)
               + (tokenCacheFile == null ? "" : ", tokenCacheFile=" + tokenCacheFile)
               + (account == null ? "" : ", account=" + account) + "]";
    }
}
