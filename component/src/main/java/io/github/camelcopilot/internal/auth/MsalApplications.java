package io.github.camelcopilot.internal.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCode;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.PublicClientApplication;

/** Builds the MSAL applications the same way for routes and for the {@code login} command. */
public final class MsalApplications {

    private MsalApplications() {
    }

    /**
     * A device-code sign-in: {@code shown} gets the code to show the person, then MSAL polls until they approve it.
     * MSAL's poll reads the returned future back from a reference it sets only after its task has started, so a poll
     * that comes first fails with a NullPointerException; the code is therefore handed out, and the polling begun,
     * only once this method has the future.
     */
    public static CompletableFuture<IAuthenticationResult> signInByDeviceCode(PublicClientApplication application,
                                                                              Set<String> scopes,
                                                                              Consumer<DeviceCode> shown) {
        CountDownLatch handedBack = new CountDownLatch(1);
        CompletableFuture<IAuthenticationResult> result = application.acquireToken(
                DeviceCodeFlowParameters.builder(scopes, code -> {
                    try {
                        handedBack.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    shown.accept(code);
                }).build());
        handedBack.countDown();
        return result;
    }

    public static ConfidentialClientApplication confidentialClient(MsalAppSettings settings, SignInHttp http,
                                                                   ExecutorService executor) {
        return configure(ConfidentialClientApplication.builder(settings.clientId(), credential(settings)),
                settings, http, executor).build();
    }

    /** The public client of a tokenCache configuration, its cache persisted to the tokenCacheFile. */
    public static PublicClientApplication publicClient(MsalAppSettings settings, SignInHttp http,
                                                       ExecutorService executor) {
        if (settings.tokenCacheFile() == null) {
            throw new IllegalArgumentException("a public client needs a tokenCacheFile");
        }
        return configure(PublicClientApplication.builder(settings.clientId()), settings, http, executor)
                .setTokenCacheAccessAspect(new TokenCacheFile(settings.tokenCacheFile())).build();
    }

    private static <B extends AbstractClientApplicationBase.Builder<B>> B configure(
            B builder, MsalAppSettings settings, SignInHttp http, ExecutorService executor) {
        try {
            builder.authority(settings.authority());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority '" + settings.authority() + "' is not a valid URL", e);
        }
        builder.httpClient(new MsalHttpClient(http, settings.readTimeout(), URI.create(settings.authority()).getHost(),
                settings.authorityEndpoint()));
        if (executor != null) {
            builder.executorService(executor);
        }
        if (settings.authorityEndpoint() != null) {
            // A redirected authority (a simulator) has no instance metadata at login.microsoftonline.com.
            builder.instanceDiscovery(false);
        }
        return builder;
    }

    private static IClientCredential credential(MsalAppSettings settings) {
        if (settings.clientSecret() != null) {
            return ClientCredentialFactory.createFromSecret(settings.clientSecret());
        }
        if (settings.certificateFile() == null) {
            throw new IllegalArgumentException("onBehalfOf needs clientSecret or certificateFile");
        }
        try (InputStream pkcs12 = Files.newInputStream(settings.certificateFile())) {
            return ClientCredentialFactory.createFromCertificate(pkcs12,
                    settings.certificatePassword() == null ? "" : settings.certificatePassword());
        } catch (IOException | GeneralSecurityException e) {
            // The exception's own message may name the file but never the password.
            throw new IllegalArgumentException("Cannot read the client certificate from certificateFile "
                                               + settings.certificateFile() + " (PKCS#12 with its private key): "
                                               + e.getClass().getSimpleName(), e);
        }
    }
}
