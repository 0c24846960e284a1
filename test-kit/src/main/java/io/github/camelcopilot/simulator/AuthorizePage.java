package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * The simulated Entra's {@code /<tenant>/oauth2/v2.0/authorize}: {@code GET} shows a sign-in page with a button per
 * test user (the {@code login_hint} first), {@code POST} (the button) redirects to the client's {@code redirect_uri}
 * with a one-time code bound to the client, the redirect URI and the PKCE challenge. PKCE with {@code S256} is
 * required. Errors the client can hear go back to the redirect URI as {@code error=...}; a missing or malformed
 * redirect URI is shown on the page instead, as Entra does.
 */
final class AuthorizePage {

    private AuthorizePage() {
    }

    static void handle(HttpExchange exchange, SimulatedEntra entra, String tenant, Map<String, String> query)
            throws IOException {
        String redirectUri = query.get("redirect_uri");
        if (query.get("client_id") == null || !isHttpUrl(redirectUri)) {
            page(exchange, 400, "<p>AADSTS900144: the request needs client_id and an absolute http(s) redirect_uri.</p>");
            return;
        }
        String problem = null;
        if (!"code".equals(query.get("response_type"))) {
            problem = "AADSTS700054: response_type must be 'code'.";
        } else if (query.get("code_challenge") == null || !"S256".equals(query.get("code_challenge_method"))) {
            problem = "AADSTS9002325: Proof Key for Code Exchange (S256) is required.";
        }
        if (problem != null) {
            redirect(exchange, redirectUri, "error=invalid_request&error_description=" + encode(problem)
                                            + state(query));
            return;
        }
        String user = query.get("user");
        if (!"POST".equals(exchange.getRequestMethod()) || user == null || user.isBlank()) {
            page(exchange, 200, signInForm(entra, query));
            return;
        }
        SimulatedEntra.AuthorizationCode code = entra.startAuthorization(user.trim(), tenant, query.get("client_id"),
                redirectUri, query.getOrDefault("scope", ""), query.get("code_challenge"), query.get("nonce"));
        redirect(exchange, redirectUri, "code=" + encode(code.code()) + state(query));
    }

    /** base64url(SHA-256(verifier)), the S256 code challenge. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signInForm(SimulatedEntra entra, Map<String, String> query) {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
                "code_challenge", "code_challenge_method", "response_mode")) {
            if (query.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(query.get(name))).append("\">");
            }
        }
        String hint = query.get("login_hint");
        StringBuilder users = new StringBuilder();
        if (hint != null && !hint.isBlank()) {
            users.append(userButton(hint));
        }
        entra.testUsers().stream().filter(user -> !user.equals(hint)).forEach(user -> users.append(userButton(user)));
        return "<h1>Sign in to the simulated Microsoft Entra ID</h1>"
               + "<p>An application (" + escape(query.get("client_id")) + ") asks you to sign in. Pick a test user:</p>"
               + "<form method=\"post\">" + hidden + users + "</form>";
    }

    private static String userButton(String user) {
        return "<p><button type=\"submit\" name=\"user\" value=\"" + escape(user) + "\">Sign in as " + escape(user)
               + "</button></p>";
    }

    private static String state(Map<String, String> query) {
        return query.get("state") == null ? "" : "&state=" + encode(query.get("state"));
    }

    private static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void redirect(HttpExchange exchange, String redirectUri, String parameters) throws IOException {
        exchange.getResponseHeaders().set("Location", redirectUri + (redirectUri.contains("?") ? "&" : "?")
                                                      + parameters);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void page(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in (simulated)"
                        + "</title></head><body style=\"font-family: system-ui, sans-serif; max-width: 36rem;"
                        + " margin: 2rem auto\">" + body + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
