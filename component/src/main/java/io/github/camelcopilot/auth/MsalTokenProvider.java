package io.github.camelcopilot.auth;

import java.util.concurrent.CompletableFuture;

import com.microsoft.aad.msal4j.IAuthenticationResult;

/** A token provider backed by MSAL4J; {@link #acquire} exposes MSAL's whole result (token source, expiry, account). */
public interface MsalTokenProvider extends CopilotTokenProvider {

    /** MSAL's result for the request, from its cache or the identity provider. */
    CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request);
}
