package io.github.camelcopilot.internal.client;

/**
 * Checks what a token source returned before it goes into an {@code Authorization} header: a header value with a
 * line break would split the request (header injection), and control or non-ASCII characters are not a bearer
 * token (RFC 6750 allows visible ASCII only). Descriptions name the position, never the token's text.
 */
final class BearerTokens {

    private BearerTokens() {
    }

    /** The token without surrounding whitespace (a token read from a file often ends with a line break). */
    static String normalized(String token) {
        return token == null ? null : token.strip();
    }

    /** What is wrong with a (normalized) token, or null when it may be sent. */
    static String problem(String token) {
        if (token == null) {
            return "the token is null";
        }
        if (token.isEmpty()) {
            return "the token is empty or only whitespace";
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 0x21 && c <= 0x7e) {
                continue;
            }
            String what = c == '\r' || c == '\n' ? "a line break"
                    : c == ' ' || c == '\t' ? "whitespace"
                    : c < 0x20 || c == 0x7f ? "a control character"
                    : "a non-ASCII character";
            return "the token contains " + what + " at position " + (i + 1) + " of " + token.length();
        }
        return null;
    }
}
