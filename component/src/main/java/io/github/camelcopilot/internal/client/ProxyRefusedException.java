package io.github.camelcopilot.internal.client;

import java.io.IOException;

/**
 * The HTTP proxy refused a call, so nothing reached the service: it asked for credentials (407) or refused the
 * CONNECT tunnel (any status: tinyproxy answers 401 for a wrong password). The message never quotes a password.
 */
public final class ProxyRefusedException extends IOException {

    private final int status;

    private ProxyRefusedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @param proxy the proxy the call was routed through; null for a 407 from a proxy the component was not told of */
    static ProxyRefusedException of(ProxyRoutes.Server proxy, String target, int status, String reason,
                                    boolean tunnel) {
        String answer = "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
        if (proxy == null) {
            return new ProxyRefusedException("a proxy on the way to " + target + " asked for credentials (" + answer
                    + ") but none is configured: set proxyHost, proxyPort, proxyUser and proxyPassword; nothing was"
                    + " sent", status);
        }
        String refused = "the proxy " + proxy.address() + " (from " + proxy.origin() + ") refused "
                         + (tunnel ? "the CONNECT tunnel to " : "the request to ") + target + " (" + answer + ")";
        String check;
        if (status == 401 || status == 407) {
            check = proxy.user() == null
                    ? "it wants credentials and none are set: set " + proxy.credentialsOrigin()
                    : "check the proxy credentials of user " + proxy.user() + ": " + proxy.credentialsOrigin();
        } else if (status >= 500) {
            check = "the proxy could not reach " + target + "; check that this proxy is the one for it";
        } else {
            check = "the proxy does not let this connection through: check that the proxy (" + proxy.origin()
                    + ") is the one for " + target + ", or exclude the host with nonProxyHosts";
        }
        return new ProxyRefusedException(refused + ": " + check + "; nothing was sent", status);
    }

    /** The proxy's status (407, or the status that refused a tunnel). */
    public int status() {
        return status;
    }

    /** A proxy that could not reach the host (5xx) may manage next time; credentials or policy will not change. */
    boolean mayPassLater() {
        return status >= 500;
    }
}
