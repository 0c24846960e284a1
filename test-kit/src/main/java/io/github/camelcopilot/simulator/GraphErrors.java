package io.github.camelcopilot.simulator;

import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Graph error bodies and the codes and messages that go with each status. */
final class GraphErrors {

    /**
     * Statuses whose error body spells the inner object {@code innererror}; the others use {@code innerError}. Graph's
     * casing varies in the wild, so the simulator varies it too, and clients have to read both.
     */
    private static final Set<Integer> LOWER_CASE_INNER_ERROR = Set.of(403, 429, 502, 503);

    private GraphErrors() {
    }

    /** A plausible Graph error code for a status. */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "InvalidAuthenticationToken";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequests";
            case 500 -> "InternalServerError";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }

    /** The message of an injected status fault (Graph says its messages are not stable; these are typical). */
    static String messageFor(int status) {
        return switch (status) {
            case 401 -> "Access token has expired or is not yet valid.";
            case 403 -> "Access denied. The caller may lack a Microsoft 365 Copilot license, consent for the required"
                        + " permissions, or a delegated (user) token.";
            case 404 -> "The requested resource was not found.";
            case 429 -> "Too many requests. Retry after the period given in the Retry-After header.";
            case 503 -> "The service is temporarily unavailable. Please retry later.";
            case 504 -> "The request timed out before the service could complete it.";
            default -> status >= 500 ? "An internal server error occurred." : "The request is invalid.";
        };
    }

    /** {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}. */
    static ObjectNode body(int status, String code, String message, String requestId, String clientRequestId) {
        ObjectNode root = SimulatorJson.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject(LOWER_CASE_INNER_ERROR.contains(status) ? "innererror" : "innerError");
        inner.put("date", GraphTime.errorDate(Instant.now()));
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientRequestId);
        return root;
    }

    /** The kind of page a gateway or load balancer in front of Graph answers with. */
    static String htmlPage(int status) {
        String title = status + " " + reasonPhrase(status);
        return "<!DOCTYPE html>\n<html>\n<head><title>" + title + "</title></head>\n<body>\n<center><h1>" + title
               + "</h1></center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\n</body>\n</html>\n";
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
    }
}
