package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The Entra endpoints MSAL4J and browsers call, under {@code /<tenant>/oauth2/v2.0/}: {@code token} (grants
 * authorization code with PKCE, on-behalf-of, refresh token, device code and client credentials), {@code devicecode},
 * and {@code authorize} (a sign-in page listing the test users, then a redirect with a code); and the signing keys at
 * {@code /<tenant>/discovery/v2.0/keys}. Answers use Entra's shapes and error codes ({@code invalid_grant},
 * {@code authorization_pending}, {@code invalid_client}, ...). A successful user sign-in carries a signed
 * {@code id_token} and a base64url {@code client_info}, so that MSAL creates an account for silent calls.
 * {@code GET /devicelogin?code=..&user=..} approves a device code by hand when the simulator runs for the app.
 */
final class EntraHandler {

    private static final Pattern ENDPOINT = Pattern.compile("/([^/]+)/oauth2/v2\\.0/(token|devicecode|authorize)");
    private static final Pattern KEYS = Pattern.compile("/([^/]+)/discovery/v2\\.0/keys");
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");
    private static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(15);
    static final String DEVICE_LOGIN_PATH = "/devicelogin";

    private final SimulatedEntra entra;
    private final String baseUrl;

    EntraHandler(SimulatedEntra entra, String baseUrl) {
        this.entra = entra;
        this.baseUrl = baseUrl;
    }

    static boolean handles(String path) {
        return ENDPOINT.matcher(path).matches() || KEYS.matcher(path).matches() || path.equals(DEVICE_LOGIN_PATH);
    }

    void handle(HttpExchange exchange) throws IOException {
        // Entra echoes the caller's correlation id, and MSAL complains in its log when it does not.
        String correlationId = exchange.getRequestHeaders().getFirst("client-request-id");
        if (correlationId != null) {
            exchange.getResponseHeaders().set("client-request-id", correlationId);
        }
        exchange.getResponseHeaders().set("x-ms-request-id", java.util.UUID.randomUUID().toString());
        String path = exchange.getRequestURI().getPath();
        Map<String, String> form = form(exchange);
        if (path.equals(DEVICE_LOGIN_PATH)) {
            approveByHand(exchange, form);
            return;
        }
        if (KEYS.matcher(path).matches()) {
            sendJson(exchange, 200, entra.publishedKeys().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher endpoint = ENDPOINT.matcher(path);
        if (endpoint.matches() && endpoint.group(2).equals("authorize")) {
            AuthorizePage.handle(exchange, entra, endpoint.group(1), form);
            return;
        }
        if (!endpoint.matches() || !"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
            return;
        }
        String tenant = endpoint.group(1);
        if (endpoint.group(2).equals("devicecode")) {
            deviceCode(exchange, tenant, form);
        } else {
            token(exchange, tenant, form);
        }
    }

    private void deviceCode(HttpExchange exchange, String tenant, Map<String, String> form) throws IOException {
        if (form.get("client_id") == null) {
            error(exchange, 400, "invalid_request", "AADSTS900144: The request body must contain the parameter:"
                                                    + " 'client_id'.");
            return;
        }
        SimulatedEntra.DeviceLogin login = entra.startDeviceLogin(form.get("client_id"), tenant,
                form.getOrDefault("scope", ""), DEVICE_CODE_LIFETIME);
        String verificationUri = baseUrl + DEVICE_LOGIN_PATH;
        ObjectNode body = SimulatorJson.mapper().createObjectNode()
                .put("user_code", login.userCode())
                .put("device_code", login.deviceCode())
                .put("verification_uri", verificationUri)
                .put("expires_in", DEVICE_CODE_LIFETIME.toSeconds())
                .put("interval", Math.max(1, entra.deviceCodePollInterval().toSeconds()))
                .put("message", "To sign in, use a web browser to open the page " + verificationUri
                                + "?code=" + login.userCode() + "&user=<your username> (the simulator's sign-in"
                                + " page) and enter the code " + login.userCode() + " to authenticate.");
        send(exchange, 200, body);
    }

    private void token(HttpExchange exchange, String tenant, Map<String, String> form) throws IOException {
        String grant = form.get("grant_type");
        entra.countTokenRequest(grant);
        String clientId = form.get("client_id");
        if (clientId == null) {
            error(exchange, 400, "invalid_request", "AADSTS900144: The request body must contain the parameter:"
                                                    + " 'client_id'.");
            return;
        }
        boolean confidential = form.containsKey("client_secret") || form.containsKey("client_assertion");
        if (form.containsKey("client_assertion")
            && !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))) {
            error(exchange, 401, "invalid_client", "AADSTS700024: Client assertion type is not supported.");
            return;
        }
        String registered = entra.clientSecret(clientId);
        if (registered != null && form.containsKey("client_secret") && !registered.equals(form.get("client_secret"))) {
            error(exchange, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret"
                                                   + " being sent in the request is the client secret value, not the"
                                                   + " client secret ID.");
            return;
        }
        String scope = form.getOrDefault("scope", "");
        if (grant == null) {
            error(exchange, 400, "invalid_request", "AADSTS900144: The request body must contain the parameter:"
                                                    + " 'grant_type'.");
            return;
        }
        switch (grant) {
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> onBehalfOf(exchange, tenant, clientId, confidential,
                    scope, form);
            case "refresh_token" -> refresh(exchange, tenant, clientId, scope, form);
            case "authorization_code" -> authorizationCode(exchange, clientId, confidential, form);
            case "device_code", "urn:ietf:params:oauth:grant-type:device_code" -> deviceCodeGrant(exchange, clientId,
                    scope, form);
            case "client_credentials" -> {
                if (!confidential) {
                    invalidClient(exchange);
                    return;
                }
                ObjectNode body = tokens(null, tenant, clientId, scope, false, false);
                send(exchange, 200, body);
            }
            default -> error(exchange, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported"
                                                                      + " grant type '" + grant + "'.");
        }
    }

    private void onBehalfOf(HttpExchange exchange, String tenant, String clientId, boolean confidential, String scope,
                            Map<String, String> form) throws IOException {
        if (!confidential) {
            invalidClient(exchange);
            return;
        }
        if (!"on_behalf_of".equals(form.get("requested_token_use"))) {
            error(exchange, 400, "invalid_request", "AADSTS900144: The request body must contain the parameter:"
                                                    + " 'requested_token_use'.");
            return;
        }
        SimulatedEntra.AccessToken assertion = form.get("assertion") == null ? null
                : entra.accessToken(form.get("assertion"));
        if (assertion == null || assertion.user() == null) {
            error(exchange, 400, "invalid_grant", "AADSTS50013: Assertion failed signature validation.");
            return;
        }
        if (!assertion.expiresAt().isAfter(entra.now())) {
            error(exchange, 400, "invalid_grant", "AADSTS500133: Assertion is not within its valid time range.");
            return;
        }
        if (assertion.audience().equals(SimulatedEntra.GRAPH_AUDIENCE)
            || assertion.audience().equals(SimulatedEntra.WORK_IQ_AUDIENCE)) {
            // The assertion must be a token for the calling application's own API, not one it could use itself.
            error(exchange, 400, "invalid_grant", "AADSTS50013: Assertion failed signature validation. [Reason -"
                                                  + " The provided signature value did not match the expected"
                                                  + " signature value., Thumbprint used by client: , Found key"
                                                  + " 'Start=..., End=...'] The assertion's audience is not the"
                                                  + " client's API.");
            return;
        }
        send(exchange, 200, tokens(assertion.user(), tenant, clientId, scope, true, true));
    }

    private void refresh(HttpExchange exchange, String tenant, String clientId, String scope, Map<String, String> form)
            throws IOException {
        SimulatedEntra.RefreshToken refresh = form.get("refresh_token") == null ? null
                : entra.refreshToken(form.get("refresh_token"));
        if (refresh == null || !refresh.clientId().equals(clientId)) {
            error(exchange, 400, "invalid_grant", "AADSTS9002313: Invalid request. Request is malformed or invalid.");
            return;
        }
        if (refresh.revoked()) {
            error(exchange, 400, "invalid_grant", "AADSTS50173: The provided grant has expired due to it being"
                                                  + " revoked, a fresh auth token is needed. The user might have"
                                                  + " changed or reset their password.");
            return;
        }
        send(exchange, 200, tokens(refresh.user(), tenant, clientId, scope, true, true));
    }

    /** Redeems a code once, for the client and redirect URI it was issued to, with the PKCE verifier (S256). */
    private void authorizationCode(HttpExchange exchange, String clientId, boolean confidential,
                                   Map<String, String> form) throws IOException {
        if (!confidential) {
            invalidClient(exchange);
            return;
        }
        SimulatedEntra.AuthorizationCode code = entra.redeemAuthorizationCode(form.get("code"));
        if (code == null || !code.expiresAt().isAfter(entra.now())) {
            error(exchange, 400, "invalid_grant", "AADSTS70008: The provided authorization code or refresh token has"
                                                  + " expired due to inactivity, or was already redeemed.");
            return;
        }
        if (!code.clientId().equals(clientId) || !code.redirectUri().equals(form.get("redirect_uri"))) {
            error(exchange, 400, "invalid_grant", "AADSTS50148: The redirect URI or client of the token request does"
                                                  + " not match the authorization request.");
            return;
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !AuthorizePage.s256(verifier).equals(code.codeChallenge())) {
            error(exchange, 400, "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge"
                                                  + " supplied in the authorization request.");
            return;
        }
        // The token request names the scopes; Entra grants what the user consented to at the authorize step.
        String scope = form.getOrDefault("scope", code.scope());
        ObjectNode body = tokens(code.user(), code.tenant(), clientId, scope, true, true, code.nonce());
        send(exchange, 200, body);
    }

    private void deviceCodeGrant(HttpExchange exchange, String clientId, String scope, Map<String, String> form)
            throws IOException {
        SimulatedEntra.DeviceLogin login = form.get("device_code") == null ? null
                : entra.deviceLogin(form.get("device_code"));
        if (login == null || !login.clientId().equals(clientId)) {
            error(exchange, 400, "invalid_grant", "AADSTS70000: The provided value for the 'device_code' is not"
                                                  + " valid.");
            return;
        }
        if (!login.expiresAt().isAfter(entra.now())) {
            entra.finishDeviceLogin(login.deviceCode());
            error(exchange, 400, "expired_token", "AADSTS70020: The provided value for the input parameter"
                                                  + " 'device_code' is not valid. This device code has expired.");
            return;
        }
        if (login.user() == null) {
            error(exchange, 400, "authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is"
                                                          + " pending. Continue polling.");
            return;
        }
        entra.finishDeviceLogin(login.deviceCode());
        send(exchange, 200, tokens(login.user(), login.tenant(), clientId, scope, true, true));
    }

    /** The token reply; a user sign-in also gets a refresh token, an id_token and client_info. */
    private ObjectNode tokens(String user, String tenant, String clientId, String scope, boolean refreshToken,
                              boolean account) {
        return tokens(user, tenant, clientId, scope, refreshToken, account, null);
    }

    private ObjectNode tokens(String user, String tenant, String clientId, String scope, boolean refreshToken,
                              boolean account, String nonce) {
        List<String> scopes = Arrays.stream(scope.split(" ")).filter(s -> !s.isBlank()).toList();
        List<String> resourceScopes = scopes.stream().filter(s -> !OIDC_SCOPES.contains(s)).toList();
        Duration lifetime = entra.accessTokenLifetime();
        ObjectNode body = SimulatorJson.mapper().createObjectNode()
                .put("token_type", "Bearer")
                .put("scope", String.join(" ", resourceScopes))
                .put("expires_in", lifetime.toSeconds())
                .put("ext_expires_in", lifetime.toSeconds())
                .put("access_token", entra.issueAccessToken(user, tenant, clientId, audienceOf(resourceScopes),
                        lifetime));
        if (user != null && refreshToken && scopes.contains("offline_access")) {
            body.put("refresh_token", entra.issueRefreshToken(user, tenant, clientId));
        }
        if (user != null && account) {
            String objectId = SimulatedEntra.objectId(user);
            body.put("id_token", entra.issueIdToken(user, tenant, clientId, nonce, lifetime));
            body.put("client_info", base64Url("{\"uid\":\"" + objectId + "\",\"utid\":\"" + tenant + "\"}"));
        }
        return body;
    }

    /** {@code https://graph.microsoft.com/.default} and {@code https://graph.microsoft.com/Mail.Read} alike. */
    static String audienceOf(List<String> scopes) {
        for (String scope : scopes) {
            int slash = scope.lastIndexOf('/');
            if (slash > 0 && scope.contains("://")) {
                return scope.substring(0, slash);
            }
        }
        return SimulatedEntra.GRAPH_AUDIENCE; // bare permission names such as Mail.Read mean Graph
    }

    private void approveByHand(HttpExchange exchange, Map<String, String> query) throws IOException {
        String code = query.get("code");
        String user = query.get("user");
        if (code == null || user == null || user.isBlank()) {
            sendText(exchange, 400, "Open " + baseUrl + DEVICE_LOGIN_PATH + "?code=<code>&user=<username> to sign in"
                                    + " to the simulator.\n");
            return;
        }
        try {
            entra.approveDeviceCode(code.trim().toUpperCase(java.util.Locale.ROOT), user.trim());
            sendText(exchange, 200, "Signed in to the simulator as " + user.trim() + ". You can close this page.\n");
        } catch (IllegalArgumentException e) {
            sendText(exchange, 404, "No pending sign-in with code " + code + ".\n");
        }
    }

    private static void invalidClient(HttpExchange exchange) throws IOException {
        error(exchange, 401, "invalid_client", "AADSTS7000218: The request body must contain the following parameter:"
                                               + " 'client_assertion' or 'client_secret'.");
    }

    private static void error(HttpExchange exchange, int status, String error, String description) throws IOException {
        ObjectNode body = SimulatorJson.mapper().createObjectNode()
                .put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + java.util.UUID.randomUUID()
                                          + "\r\nTimestamp: " + Instant.now())
                .put("timestamp", Instant.now().toString());
        body.putArray("error_codes").add(Integer.parseInt(description.replaceAll("^AADSTS(\\d+).*", "$1")));
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        sendJson(exchange, status, SimulatorJson.mapper().writeValueAsBytes(body));
    }

    private static void sendJson(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The form body's parameters, and the query string's (MSAL puts some there). */
    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        for (String part : ((query == null ? "" : query) + "&" + body).split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? part : part.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
