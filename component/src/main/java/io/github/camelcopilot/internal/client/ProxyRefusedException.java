package io.github.camelcopilot.internal.client;

import java.io.IOException;

/**
 * The HTTP proxy refused a call, so nothing reached the service: it asked for credentials (407) or refused the
 * CONNECT tunnel (any status, such as tinyproxy's 401 for a wrong password, or 403 for a port it does not allow).
 * The message names the proxy and the settings to check; it never quotes a password.
 */
public final class ProxyRefusedException extends IOException {

    private final int status;
    private final boolean tunnel;

    ProxyRefusedException(String message, int status, boolean tunnel) {
        super(message);
        this.status = status;
        this.tunnel = tunnel;
    }

    /**
     * Why a proxy answered instead of the service; {@code proxy} is the one the call was routed through (null when
     * none is configured, for a 407 from a proxy the component was not told of).
     */
    static ProxyRefusedException of(ProxyRoutes.Server proxy, String target, int status, String reason,
                                    boolean tunnel) {
        String answer = "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
        if (proxy == null) {
            return new ProxyRefusedException("a proxy on the way to " + target + " asked for credentials (" + answer
                    + ") but none is configured: set proxyHost, proxyPort, proxyUser and proxyPassword; nothing was"
                    + " sent", status, tunnel);
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
        return new ProxyRefusedException(refused + ": " + check + "; nothing was sent", status, tunnel);
    }

    /** The proxy's status (407, or the status that refused a tunnel). */
    public int status() {
        return status;
    }

    /** Whether the proxy refused a CONNECT tunnel (https), rather than a plain request. */
    public boolean tunnel() {
        return tunnel;
    }

    /** A proxy that could not reach the host (5xx) may manage next time; credentials or policy will not change. */
    boolean mayPassLater() {
        return status >= 500;
    }
}
