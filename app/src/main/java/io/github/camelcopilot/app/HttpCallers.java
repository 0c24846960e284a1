package io.github.camelcopilot.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.camelcopilot.client.CopilotAuthenticationException;
import io.github.camelcopilot.client.CopilotAuthorizationException;
import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.client.CopilotInvalidInputException;
import io.github.camelcopilot.client.CopilotNotFoundException;
import io.github.camelcopilot.client.CopilotThrottledException;
import io.github.camelcopilot.component.CopilotConstants;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP routes' gatekeeper, registered as the bean {@value #BEAN} and called from
 * {@code routes/http-trigger.yaml}. Before anything is sent to Copilot it establishes who calls:
 * <ul>
 * <li>a bearer token: verified ({@link CallerTokenVerifier}); the caller then acts as itself, on-behalf-of;</li>
 * <li>the page's session cookie: the signed-in user's token from MSAL, and for a POST the session's CSRF token in
 * {@code X-CSRF-Token} and a same-origin {@code Origin};</li>
 * <li>nobody: refused with 401 when a real service is configured; with the embedded simulator, anonymous (the
 * component's own token: there is no real data behind it).</li>
 * </ul>
 * It then checks the prompt (present, at most {@code copilot.http.maxPromptLength} characters) and that a
 * conversation to continue is the caller's own, and sets what the route sends: the prompt as the body, the
 * conversation id, and for a caller the user assertion header. Headers the client sent under Copilot's names are
 * dropped first, so that a caller cannot choose a token or conversation by header.
 */
public final class HttpCallers {

    /** The registry name of this bean. */
    public static final String BEAN = "copilotHttpCallers";
    /** Exchange property: true when the caller acts as itself (the route then uses the on-behalf-of endpoint). */
    public static final String AS_CALLER = "CopilotAsCaller";
    static final String PRINCIPAL = "CopilotCallerPrincipal";
    static final String PROMPT = "CopilotCallerPrompt";
    static final String ANONYMOUS = "anonymous";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(HttpCallers.class);
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+(\\S+)\\s*");

    private final HttpAuthSettings settings;
    private final CallerTokenVerifier verifier;
    private final CallerSessions sessions;
    private final PageSignIn signIn;
    private final ConversationOwners owners = new ConversationOwners();

    HttpCallers(HttpAuthSettings settings, CallerTokenVerifier verifier, CallerSessions sessions, PageSignIn signIn) {
        this.settings = settings;
        this.verifier = verifier;
        this.sessions = sessions;
        this.signIn = signIn;
    }

    /** {@code POST /ask}, {@code GET|POST /ask/stream}: who calls, what it asks, in which conversation. */
    public void authenticate(Exchange exchange) throws HttpProblem, InvalidPayloadException {
        Message message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> name.regionMatches(true, 0, "CamelCopilot", 0, 12));
        boolean post = "POST".equalsIgnoreCase(message.getHeader(Exchange.HTTP_METHOD, String.class));
        // Sending a chat turn changes state even over GET: a cookie-borne GET needs the CSRF header too.
        CallerTokenVerifier.Caller caller = caller(exchange, true);
        String prompt = post ? message.getBody(String.class) : message.getHeader("q", String.class);
        if (prompt == null || prompt.isBlank()) {
            throw new HttpProblem(400, "no_prompt", post ? "Send the prompt as the request body (text/plain)."
                    : "Send the prompt as the q parameter.");
        }
        if (prompt.length() > settings.maxPromptLength()) {
            throw new HttpProblem(413, "prompt_too_long", "The prompt has " + prompt.length() + " characters; at most "
                                                          + settings.maxPromptLength() + " are accepted.");
        }
        String principal = caller == null ? ANONYMOUS : caller.principal();
        String conversationId = message.getHeader("conversationId", String.class);
        if (conversationId != null && !conversationId.isBlank()) {
            if (!owners.isOwner(conversationId.trim(), principal)) {
                throw unknownConversation();
            }
            message.setHeader(CopilotConstants.CONVERSATION_ID, conversationId.trim());
        }
        message.removeHeader("Authorization");
        message.removeHeader("Cookie");
        message.setBody(prompt);
        exchange.setProperty(PRINCIPAL, principal);
        exchange.setProperty(PROMPT, prompt);
        exchange.setProperty(AS_CALLER, caller != null);
        if (caller != null) {
            message.setHeader(CopilotConstants.USER_ASSERTION, caller.token());
        }
    }

    /**
     * After {@code copilot:chat}: the conversation is the caller's from now on, and the answer becomes the result
     * document ({@link CopilotResults#summary}), with none of the request's headers echoed back.
     */
    public Map<String, Object> answered(Exchange exchange) {
        Message message = exchange.getMessage();
        owners.record(message.getHeader(CopilotConstants.CONVERSATION_ID, String.class),
                exchange.getProperty(PRINCIPAL, String.class),
                new ConversationOwners.Turn(exchange.getProperty(PROMPT, String.class), message.getBody(String.class),
                        message.getHeader(CopilotConstants.ATTRIBUTIONS, List.class)));
        Map<String, Object> result = CopilotResults.summary(exchange);
        message.getHeaders().clear();
        return result;
    }

    /** After {@code copilot:chatOverStream}: relays the stream as server-sent events and records the answer. */
    public void relayStream(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        ServerSentEventRelay.Relayed relayed = ServerSentEventRelay.relay(exchange);
        if (relayed != null && relayed.conversationId() != null) {
            owners.record(relayed.conversationId(), exchange.getProperty(PRINCIPAL, String.class),
                    new ConversationOwners.Turn(exchange.getProperty(PROMPT, String.class), relayed.text(),
                            relayed.attributions()));
        }
    }

    /**
     * Refuses a request whose caller does not prove who it is, as {@code GET /conversations/{id}} does: with a real
     * service configured, a verified bearer token or the page's session; with the embedded simulator, anyone.
     */
    void requireCaller(Exchange exchange) throws HttpProblem {
        caller(exchange, false);
    }

    /** {@code GET /conversations/{id}}: the caller's own conversation's turns, or 404. */
    public void conversation(Exchange exchange) throws HttpProblem, JsonProcessingException {
        CallerTokenVerifier.Caller caller = caller(exchange, false);
        String id = exchange.getMessage().getHeader("id", String.class);
        List<ConversationOwners.Turn> turns = owners.turns(id, caller == null ? ANONYMOUS : caller.principal())
                .orElseThrow(HttpCallers::unknownConversation);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversationId", id);
        body.put("turns", turns);
        HttpExchanges.json(exchange, 200, body);
    }

    /** {@code GET /auth/session}: signed in or not, as whom, and the CSRF token for the page's requests. */
    public void session(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> body = signIn == null
                ? new LinkedHashMap<>(Map.of("signedIn", false, "signInRequired", settings.required(),
                "signInAvailable", false))
                : signIn.describe(currentSession(exchange));
        body.putIfAbsent("signInAvailable", signIn != null);
        HttpExchanges.json(exchange, 200, body);
    }

    /** {@code GET /auth/signin}. */
    public void signIn(Exchange exchange) throws HttpProblem {
        requireSignIn().start(exchange);
    }

    /** {@code GET /auth/callback}. */
    public void signInCallback(Exchange exchange) throws HttpProblem {
        requireSignIn().complete(exchange);
    }

    /** {@code POST /auth/signout}: CSRF-checked like every state-changing request. */
    public void signOut(Exchange exchange) throws HttpProblem, JsonProcessingException {
        Optional<CallerSessions.Session> session = currentSession(exchange);
        if (session.isPresent()) {
            checkSameOrigin(exchange, session.get());
            requireSignIn().signOut(exchange, session.get());
        }
        HttpExchanges.json(exchange, 200, Map.of("signedIn", false));
    }

    /**
     * The route's error handler: a refused request or a failed Copilot call becomes a JSON answer with a status that
     * says what happened (the service's 403 stays 403), never a stack trace.
     */
    public void failed(Exchange exchange) throws JsonProcessingException {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status;
        String error;
        String message;
        String challenge = null;
        if (failure instanceof HttpProblem problem) {
            status = problem.status();
            error = problem.error();
            message = problem.getMessage();
            challenge = problem.challenge();
        } else if (failure instanceof CopilotException copilot) {
            status = statusOf(copilot);
            error = "copilot_" + (copilot.getStatusCode() > 0 ? copilot.getStatusCode() : "failed");
            message = copilot.getMessage();
            if (copilot instanceof CopilotAuthenticationException) {
                challenge = challenge("invalid_token", "Copilot did not accept the caller's sign-in");
            }
        } else {
            LOG.warn("HTTP request failed", failure);
            status = 500;
            error = "internal_error";
            message = "The request failed; the app's log has the details.";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (failure instanceof CopilotException copilot && copilot.getRequestId() != null) {
            body.put("requestId", copilot.getRequestId());
        }
        Message out = exchange.getMessage();
        HttpExchanges.json(exchange, status, body);
        if (challenge != null) {
            out.setHeader("WWW-Authenticate", challenge);
        }
        if (failure instanceof CopilotThrottledException throttled && throttled.getRetryAfter() != null) {
            out.setHeader("Retry-After", Math.max(1, throttled.getRetryAfter().toSeconds()));
        }
    }

    private static int statusOf(CopilotException failure) {
        if (failure instanceof CopilotInvalidInputException) {
            return 400;
        }
        if (failure instanceof CopilotAuthenticationException) {
            return 401;
        }
        if (failure instanceof CopilotAuthorizationException) {
            return 403;
        }
        if (failure instanceof CopilotNotFoundException) {
            return 404;
        }
        if (failure instanceof CopilotThrottledException) {
            return 429;
        }
        return 502;
    }

    /** The caller of this request, or null for an anonymous one where that is allowed. */
    private CallerTokenVerifier.Caller caller(Exchange exchange, boolean stateChanging) throws HttpProblem {
        String authorization = HttpExchanges.header(exchange, "Authorization");
        if (authorization != null) {
            return bearer(authorization);
        }
        Optional<CallerSessions.Session> session = currentSession(exchange);
        if (stateChanging) {
            checkSameOrigin(exchange, session.orElse(null));
        }
        if (session.isPresent() && session.get().signedIn() != null) {
            return signIn.caller(session.get());
        }
        if (settings.required()) {
            throw new HttpProblem(401, "no_token", "Sign in: send an Entra access token for this app's API ("
                                                   + scopeDescription() + ") as a bearer token, or sign in on the page.",
                    "Bearer realm=\"camel-copilot\"" + (settings.configured()
                            ? ", scope=\"" + settings.apiScope() + "\"" : ""));
        }
        return null;
    }

    private CallerTokenVerifier.Caller bearer(String authorization) throws HttpProblem {
        if (verifier == null) {
            throw new HttpProblem(503, "sign_in_not_configured", "This app cannot verify callers yet: "
                                                                 + settings.missing() + ".");
        }
        Matcher bearer = BEARER.matcher(authorization);
        if (!bearer.matches()) {
            throw new HttpProblem(401, "invalid_request", "The Authorization header must be 'Bearer <token>'.",
                    challenge("invalid_request", "Bearer token expected"));
        }
        try {
            return verifier.verify(bearer.group(1));
        } catch (CallerTokenVerifier.RejectedToken e) {
            if (e.refusal() == CallerTokenVerifier.Refusal.KEYS_UNAVAILABLE) {
                LOG.warn("Cannot verify HTTP callers: {}", e.getMessage());
                throw new HttpProblem(503, "keys_unavailable", "Callers cannot be verified just now; try again.");
            }
            if (e.insufficientScope()) {
                throw new HttpProblem(403, "insufficient_scope", e.getMessage(),
                        "Bearer realm=\"camel-copilot\", error=\"insufficient_scope\", scope=\"" + settings.apiScope()
                        + "\"");
            }
            throw new HttpProblem(401, "invalid_token", e.getMessage(), challenge("invalid_token", e.getMessage()));
        }
    }

    /**
     * A state-changing request riding on the session cookie must come from this app's own page: the session's CSRF
     * token in a header (another site cannot read it), and no foreign {@code Origin} or {@code Sec-Fetch-Site}.
     */
    private void checkSameOrigin(Exchange exchange, CallerSessions.Session session) throws HttpProblem {
        String origin = HttpExchanges.header(exchange, "Origin");
        String fetchSite = HttpExchanges.header(exchange, "Sec-Fetch-Site");
        boolean foreignOrigin = origin != null && !origin.equals(HttpExchanges.origin(exchange))
                                && (settings.redirectUri() == null || !settings.redirectUri().startsWith(origin + "/"));
        boolean foreignSite = fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none");
        if (foreignOrigin || foreignSite) {
            throw new HttpProblem(403, "cross_site", "Cross-site requests are refused.");
        }
        if (session != null && session.signedIn() != null
            && !session.csrfMatches(HttpExchanges.header(exchange, CSRF_HEADER))) {
            throw new HttpProblem(403, "csrf", "The request lacks this session's " + CSRF_HEADER + " header.");
        }
    }

    private Optional<CallerSessions.Session> currentSession(Exchange exchange) {
        return sessions.find(HttpExchanges.cookie(exchange, CallerSessions.COOKIE));
    }

    private PageSignIn requireSignIn() throws HttpProblem {
        if (signIn == null) {
            throw new HttpProblem(503, "sign_in_not_configured", "Sign-in is not configured: " + settings.missing()
                                                                 + ".");
        }
        return signIn;
    }

    private String scopeDescription() {
        return settings.configured() ? settings.apiScope() : "not configured: " + settings.missing();
    }

    private static HttpProblem unknownConversation() {
        // The same answer for someone else's conversation and one that does not exist: nothing to learn from it.
        return new HttpProblem(404, "conversation_not_found", "No conversation of yours has this id.");
    }

    private static String challenge(String error, String description) {
        return "Bearer realm=\"camel-copilot\", error=\"" + error + "\", error_description=\""
               + description.replace("\"", "'").replace("\\", "") + "\"";
    }
}
