package io.github.camelcopilot.app;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.Prompt;
import com.microsoft.aad.msal4j.SilentParameters;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's sign-in: the authorization code flow with PKCE, run on the server by MSAL4J as a confidential client.
 * The browser is sent to Entra's authorize endpoint and comes back with a code; MSAL redeems it (with the PKCE
 * verifier and the client secret) for a token for the app's own API, and keeps that token, the refresh token and the
 * account in the app's memory. The browser only ever holds the session cookie. Each request of a signed-in page gets
 * the user's current API token from MSAL (refreshed silently), which the HTTP routes then exchange on-behalf-of for a
 * Graph token exactly as they do for a bearer caller.
 */
final class PageSignIn {

    static final String CALLBACK_PATH = "/auth/callback";
    private static final Logger LOG = LoggerFactory.getLogger(PageSignIn.class);
    private static final long MSAL_TIMEOUT_SECONDS = 30;

    private final HttpAuthSettings settings;
    private final ConfidentialClientApplication msal;
    private final CallerSessions sessions;
    private final CallerTokenVerifier verifier;

    PageSignIn(HttpAuthSettings settings, ConfidentialClientApplication msal, CallerSessions sessions,
               CallerTokenVerifier verifier) {
        this.settings = settings;
        this.msal = msal;
        this.sessions = sessions;
        this.verifier = verifier;
    }

    /** {@code GET /auth/signin[?user=hint]}: a new pending session, then off to the authorize endpoint. */
    void start(Exchange exchange) {
        String redirectUri = settings.redirectUri() != null ? settings.redirectUri()
                : HttpExchanges.origin(exchange) + CALLBACK_PATH;
        CallerSessions.Session session = sessions.startSignIn(redirectUri);
        CallerSessions.PendingSignIn pending = session.pending();
        AuthorizationRequestUrlParameters.Builder parameters = AuthorizationRequestUrlParameters
                .builder(redirectUri, Set.of(settings.apiScope()))
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(s256(pending.codeVerifier()))
                .codeChallengeMethod("S256")
                .prompt(Prompt.SELECT_ACCOUNT);
        String hint = exchange.getMessage().getHeader("user", String.class);
        if (hint != null && !hint.isBlank()) {
            parameters.loginHint(hint.trim());
        }
        // MSAL4J writes response_mode=form_post (it overrides query); that POST comes cross-site, without the
        // SameSite=Lax session cookie holding the state. The code comes back in the query instead (Entra supports it).
        String authorize = msal.getAuthorizationRequestUrl(parameters.build()).toString()
                .replace("response_mode=form_post", "response_mode=query");
        HttpExchanges.setSessionCookie(exchange, session.id());
        HttpExchanges.redirect(exchange, settings.forBrowser(authorize));
    }

    /** {@code GET /auth/callback?code=..&state=..}: redeems the code, then a new signed-in session. */
    void complete(Exchange exchange) throws HttpProblem {
        Optional<CallerSessions.Session> found = sessions.find(HttpExchanges.cookie(exchange, CallerSessions.COOKIE));
        CallerSessions.PendingSignIn pending = found.map(CallerSessions.Session::pending).orElse(null);
        String state = exchange.getMessage().getHeader("state", String.class);
        if (pending == null || !sessions.current(pending) || state == null
            || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                pending.state().getBytes(StandardCharsets.UTF_8))) {
            throw new HttpProblem(400, "invalid_state", "This sign-in was not started here, or took too long: sign in"
                                                        + " again from the page.");
        }
        String error = exchange.getMessage().getHeader("error", String.class);
        String code = exchange.getMessage().getHeader("code", String.class);
        if (error != null || code == null) {
            throw new HttpProblem(401, "sign_in_failed", "Sign-in did not complete: " + (error == null
                    ? "no code" : error + " " + exchange.getMessage().getHeader("error_description", "",
                    String.class)));
        }
        IAuthenticationResult result;
        try {
            result = msal.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(pending.redirectUri()))
                    .scopes(Set.of(settings.apiScope())).codeVerifier(pending.codeVerifier()).build())
                    .get(MSAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Redeeming a sign-in code failed: {}", e.getCause() == null ? e : e.getCause().getMessage());
            throw new HttpProblem(401, "sign_in_failed", "Sign-in failed at the identity provider; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "stopping", "The app is stopping.");
        }
        CallerTokenVerifier.Caller caller;
        try {
            caller = verifier.verify(result.accessToken());
        } catch (CallerTokenVerifier.RejectedToken e) {
            throw new HttpProblem(401, "sign_in_failed", "The identity provider's token was refused: "
                                                         + e.getMessage());
        }
        CallerSessions.Session session = sessions.completeSignIn(found.get(),
                new CallerSessions.SignedIn(result.account(), caller.principal(), caller.name()));
        LOG.info("Signed in to the page: {}", caller.name());
        HttpExchanges.setSessionCookie(exchange, session.id());
        HttpExchanges.redirect(exchange, "/");
    }

    /** The signed-in user's current token for the app's API, from MSAL's cache or refreshed. */
    CallerTokenVerifier.Caller caller(CallerSessions.Session session) throws HttpProblem {
        CallerSessions.SignedIn user = session.signedIn();
        try {
            IAuthenticationResult result = msal.acquireTokenSilently(SilentParameters.builder(
                    Set.of(settings.apiScope()), user.account()).build()).get(MSAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return verifier.verify(result.accessToken());
        } catch (ExecutionException | TimeoutException | java.net.MalformedURLException
                 | CallerTokenVerifier.RejectedToken e) {
            sessions.remove(session);
            throw new HttpProblem(401, "sign_in_expired", "Your sign-in has expired: sign in again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "stopping", "The app is stopping.");
        }
    }

    /** Forgets the session and the account's tokens. */
    void signOut(Exchange exchange, CallerSessions.Session session) {
        if (session.signedIn() != null) {
            msal.removeAccount(session.signedIn().account());
        }
        sessions.remove(session);
        HttpExchanges.setSessionCookie(exchange, null);
    }

    /** What the page needs to know about its session (the CSRF token only to a signed-in page of this origin). */
    Map<String, Object> describe(Optional<CallerSessions.Session> session) {
        Map<String, Object> body = new LinkedHashMap<>();
        CallerSessions.SignedIn user = session.map(CallerSessions.Session::signedIn).orElse(null);
        body.put("signedIn", user != null);
        body.put("user", user == null ? null : user.name());
        body.put("csrfToken", user == null ? null : session.get().csrfToken());
        body.put("signInRequired", settings.required());
        body.put("simulated", settings.authorityEndpoint() != null);
        return body;
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
