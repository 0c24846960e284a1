package io.github.camelcopilot.simulator;

/** The HTTP version a request arrived in. */
public enum WireProtocol {
    HTTP_1_1,
    HTTP_2;

    /** From a request's protocol such as {@code HTTP/1.1} or {@code HTTP/2.0}. */
    static WireProtocol of(String protocol) {
        return protocol != null && protocol.startsWith("HTTP/2") ? HTTP_2 : HTTP_1_1;
    }
}
