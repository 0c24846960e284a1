package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenRequest;

import java.net.MalformedURLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import io.github.camelcopilot.internal.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tokenCache} mode: a person signed in once with the {@code login} command, which left refresh tokens in
 * the token cache file; tokens are acquired silently for the configured account (or the only one cached).
 * {@link #keepAlive()} refreshes on a schedule so that an idle route's refresh token does not lapse (Entra drops those
 * unused for 90 days; MSAL never refreshes in the background).
 */
public final class TokenCacheTokenProvider extends MsalTokenProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCacheTokenProvider.class);

    private final PublicClientApplication application;
    private final String account;
    private final List<String> scopes;

    /**
     * @param account the username of the account to use, or null for the only cached account
     * @param scopes  the scopes the keep-alive refreshes
     */
    public TokenCacheTokenProvider(PublicClientApplication application, String account, List<String> scopes) {
        this.application = application;
        this.account = account;
        this.scopes = List.copyOf(scopes);
    }

    @Override
    CompletableFuture<IAuthenticationResult> acquire(CopilotTokenRequest request, boolean forceRefresh) {
        return silently(request.scopes(), forceRefresh);
    }

    /** A forced refresh with the refresh token, keeping it in use; failures are logged, not thrown. */
    public CompletableFuture<Void> keepAlive() {
        return silently(scopes, true).handle((result, error) -> {
            if (error != null) {
                LOG.warn("Token keep-alive failed: {}", Failures.unwrap(error).getMessage());
            } else {
                LOG.debug("Token keep-alive refreshed the sign-in of {}", result.account().username());
            }
            return null;
        });
    }

    private CompletableFuture<IAuthenticationResult> silently(List<String> requested, boolean forceRefresh) {
        return shared(List.of(requested, forceRefresh), () -> silentlyNow(requested, forceRefresh));
    }

    private CompletableFuture<IAuthenticationResult> silentlyNow(List<String> requested, boolean forceRefresh) {
        return application.getAccounts().thenCompose(accounts -> {
            IAccount chosen = choose(accounts);
            try {
                return application.acquireTokenSilently(SilentParameters
                        .builder(new LinkedHashSet<>(requested), chosen).forceRefresh(forceRefresh).build());
            } catch (MalformedURLException e) {
                throw new CompletionException(e);
            }
        }).exceptionally(error -> {
            throw new CompletionException(MsalErrors.translate(error, "Silent sign-in"
                    + (account == null ? "" : " for " + account), MsalErrors.LOGIN_AGAIN));
        });
    }

    private IAccount choose(Set<IAccount> accounts) {
        if (account != null) {
            return accounts.stream().filter(candidate -> account.equalsIgnoreCase(candidate.username())).findFirst()
                    .orElseThrow(() -> new CopilotSignInException("Account " + account
                            + " is not in the token cache file (signed in: " + usernames(accounts) + "): "
                            + "sign in as " + account + " with " + MsalErrors.LOGIN_COMMAND, null, true));
        }
        if (accounts.size() == 1) {
            return accounts.iterator().next();
        }
        if (accounts.isEmpty()) {
            throw new CopilotSignInException("Nobody has signed in: the token cache file holds no account; "
                                             + "sign in with " + MsalErrors.LOGIN_COMMAND, null, true);
        }
        throw new CopilotSignInException("The token cache file holds several accounts (" + usernames(accounts)
                                         + "): set the account option to the one to use", null, false);
    }

    private static List<String> usernames(Set<IAccount> accounts) {
        return accounts.stream().map(IAccount::username).sorted().toList();
    }

    @Override
    public String toString() {
        return "TokenCacheTokenProvider[clientId=" + application.clientId() + ", account="
               + (account == null ? "the only cached account" : account) + "]";
    }
}
