package io.github.camelcopilot.app;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.camelcopilot.model.CopilotJson;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** What the caller-facing beans read from a platform-http (Vert.x) request, and how they answer. */
final class HttpExchanges {

    private HttpExchanges() {
    }

    static HttpServerRequest request(Exchange exchange) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("The app's HTTP beans work in platform-http (Vert.x) routes only");
        }
        return message.getRequest();
    }

    static String header(Exchange exchange, String name) {
        return request(exchange).getHeader(name);
    }

    static String cookie(Exchange exchange, String name) {
        Cookie cookie = request(exchange).getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** TLS here, or at a proxy in front that says so. */
    static boolean secure(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    /** This request's own origin, {@code http://localhost:8080}, as the browser names it in {@code Origin}. */
    static String origin(Exchange exchange) {
        // The authority, not the Host header: an HTTP/2 request (h2c upgrade) names it in :authority instead.
        HostAndPort authority = request(exchange).authority();
        boolean secure = secure(exchange);
        int defaultPort = secure ? 443 : 80;
        return (secure ? "https" : "http") + "://" + authority.host()
               + (authority.port() < 0 || authority.port() == defaultPort ? "" : ":" + authority.port());
    }

    private static void keepOnly(Exchange exchange, String header) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> !name.equalsIgnoreCase(header));
    }

    /** The session cookie: HttpOnly, SameSite=Lax, Secure under TLS; {@code null} expires it. */
    static void setSessionCookie(Exchange exchange, String sessionId) {
        String value = CallerSessions.COOKIE + "=" + (sessionId == null ? "" : sessionId)
                       + "; Path=/; HttpOnly; SameSite=Lax" + (secure(exchange) ? "; Secure" : "")
                       + (sessionId == null ? "; Max-Age=0" : "");
        exchange.getMessage().setHeader("Set-Cookie", value);
    }

    /** Answers with a JSON document; the request's headers are not echoed back. */
    static void json(Exchange exchange, int status, Map<String, ?> body) throws JsonProcessingException {
        keepOnly(exchange, "Set-Cookie");
        exchange.getMessage().setBody(CopilotJson.mapper().writeValueAsString(body));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    static void redirect(Exchange exchange, String location) {
        keepOnly(exchange, "Set-Cookie");
        exchange.getMessage().setBody("");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        exchange.getMessage().setHeader("Location", location);
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }
}
