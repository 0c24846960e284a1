package io.github.camelcopilot.internal.auth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The blocking HTTP exchange MSAL's calls to the token endpoint need, given by the component's transport so that
 * sign-in shares its TLS, proxy and connections. Called on the sign-in pool, never on an I/O thread.
 */
@FunctionalInterface
public interface SignInHttp {

    record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    /** Sends a request and waits at most {@code timeout} for its whole response; {@code body} may be null. */
    Answer send(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException;
}
