package io.github.camelcopilot.internal.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What identifies one MSAL application: endpoints whose settings are equal share one long-lived application object
 * and so one token cache. A new application per exchange would start with an empty cache and call the token
 * endpoint every time.
 *
 * @param kind                which flow the application serves
 * @param clientId            the app registration's client id
 * @param authority           the Entra authority, such as {@code https://login.microsoftonline.com/<tenant>/}
 * @param authorityEndpoint   send sign-in requests to this base URL instead of the authority's host, or null
 * @param clientSecret        on-behalf-of: the client secret, or null
 * @param certificateFile     on-behalf-of: a PKCS#12 file with the client certificate and its key, or null
 * @param certificatePassword the PKCS#12 file's password, or null
 * @param tokenCacheFile      tokenCache: where the MSAL token cache is persisted, or null
 * @param account             tokenCache: the signed-in account to use (null: the only one cached)
 * @param readTimeout         the longest wait for the authority's answer
 */
public record MsalAppSettings(Kind kind, String clientId, String authority, URI authorityEndpoint, String clientSecret,
                              Path certificateFile, String certificatePassword, Path tokenCacheFile, String account,
                              Duration readTimeout) {

    /** The MSAL flows the component runs. */
    public enum Kind {
        /** A confidential client exchanging the caller's user token. */
        ON_BEHALF_OF,
        /** A public client acquiring tokens silently from a persisted cache. */
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

    /** The authority's host, whose requests {@link #authorityEndpoint()} redirects. */
    public String authorityHost() {
        return URI.create(authority).getHost();
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
