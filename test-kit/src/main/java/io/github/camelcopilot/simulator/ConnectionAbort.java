package io.github.camelcopilot.simulator;

import java.io.IOException;

/**
 * Thrown out of the handler to break the connection on purpose: HttpServer closes the connection when a handler throws
 * an {@link IOException}, without sending a response or finishing a chunked one, which is exactly what a reset or a
 * truncated stream looks like to the client.
 */
final class ConnectionAbort extends IOException {

    private static final long serialVersionUID = 1L;

    ConnectionAbort(String reason) {
        super(reason);
    }
}
