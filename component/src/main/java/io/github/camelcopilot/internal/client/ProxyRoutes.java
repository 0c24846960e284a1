package io.github.camelcopilot.internal.client;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which HTTP proxy each call takes, as {@link ProxyResolver} decided it. Compares by value, so that endpoints with
 * the same outcome share a transport. Never shows a password.
 *
 * @param source where the settings came from, for the start-up log ("the proxyHost option", "HTTPS_PROXY", ...)
 * @param https  the proxy for https targets (CONNECT tunnels), or null for direct
 * @param http   the proxy for plain http targets, or null for direct
 * @param bypass the hosts reached directly whatever the scheme
 */
public record ProxyRoutes(String source, Server https, Server http, List<HostRule> bypass) {

    public static final ProxyRoutes DIRECT = new ProxyRoutes("no proxy setting", null, null, List.of());

    public ProxyRoutes {
        bypass = List.copyOf(bypass);
    }

    /**
     * @param origin            where it was named, for messages
     * @param credentialsOrigin which settings hold its credentials, for the message of a refusal
     */
    public record Server(String host, int port, String user, String password, String origin,
                         String credentialsOrigin) {

        /** {@code host:port}, brackets around an IPv6 address. */
        public String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return address() + " (from " + origin + (user == null ? ", no credentials" : ", Basic user " + user) + ")";
        }
    }

    /** The proxy for a call to {@code target}, or null when it goes directly. */
    public Server proxyFor(URI target) {
        return proxyFor(target.getScheme(), target.getHost());
    }

    /** The proxy for a call to {@code host} over {@code scheme} (http or https), or null when it goes directly. */
    public Server proxyFor(String scheme, String host) {
        Server server = "http".equalsIgnoreCase(scheme) ? http : https;
        if (server == null || host == null) {
            return server;
        }
        String name = HostRule.normalized(host);
        return bypass.stream().anyMatch(rule -> rule.matches(name)) ? null : server;
    }

    /** How a call to {@code target} goes, for the start-up log. */
    public String describe(URI target) {
        String where = hostAndPort(target.getScheme(), target.getHost(), target.getPort());
        Server server = proxyFor(target);
        if (server != null) {
            return where + " through the proxy " + server;
        }
        Server configured = "http".equalsIgnoreCase(target.getScheme()) ? http : https;
        if (configured == null) {
            return where + " directly (" + (https == null && http == null ? "no proxy is set: no proxyHost option, no"
                    + " https.proxyHost or http.proxyHost, no HTTPS_PROXY or HTTP_PROXY in the environment"
                    : source + " names no proxy for " + target.getScheme()) + ")";
        }
        String host = HostRule.normalized(target.getHost());
        HostRule rule = bypass.stream().filter(candidate -> candidate.matches(host)).findFirst().orElseThrow();
        return where + " directly (" + rule.origin() + " lists " + rule.pattern() + "; the proxy "
               + configured.address() + " serves the others)";
    }

    /** {@code host:port}, the scheme's port when none is given (-1), as messages name a target. */
    static String hostAndPort(String scheme, String host, int port) {
        return host + ":" + (port > 0 ? port : "http".equalsIgnoreCase(scheme) ? 80 : 443);
    }

    @Override
    public String toString() {
        return "ProxyRoutes[from " + source + ", https=" + (https == null ? "direct" : https) + ", http="
               + (http == null ? "direct" : http) + ", bypass=" + bypass + "]";
    }

    /**
     * A host reached without the proxy. A bare name is a domain and its subdomains for curl ({@link #curl}), that
     * exact host for the JDK ({@link #jdk}). Names are never resolved: an address rule matches an address only.
     */
    public record HostRule(Kind kind, String pattern, String origin) {

        public enum Kind { ANY, EXACT, DOMAIN, GLOB, CIDR }

        /** An entry of NO_PROXY or of the nonProxyHosts option. */
        static HostRule curl(String entry, String origin) {
            String value = normalized(entry);
            if (value.equals("*")) {
                return new HostRule(Kind.ANY, value, origin);
            }
            if (value.contains("/")) {
                cidr(value, "x"); // fails now on a malformed range rather than never matching
                return new HostRule(Kind.CIDR, value, origin);
            }
            if (value.contains("*")) {
                return new HostRule(Kind.GLOB, value, origin);
            }
            while (value.startsWith(".")) {
                value = value.substring(1); // curl: ".example.com" and "example.com" both cover the subdomains
            }
            return new HostRule(isAddress(value) ? Kind.EXACT : Kind.DOMAIN, value, origin);
        }

        /** An entry of the JDK's {@code http.nonProxyHosts}. */
        static HostRule jdk(String entry, String origin) {
            String value = normalized(entry);
            return new HostRule(value.contains("*") ? Kind.GLOB : Kind.EXACT, value, origin);
        }

        static String normalized(String host) {
            String value = host.trim().toLowerCase(Locale.ROOT);
            if (value.startsWith("[") && value.contains("]")) {
                value = value.substring(1, value.indexOf(']')) + value.substring(value.indexOf(']') + 1);
            }
            return value.endsWith(".") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
        }

        boolean matches(String host) {
            return switch (kind) {
                case ANY -> true;
                case EXACT -> host.equals(pattern);
                case DOMAIN -> host.equals(pattern) || host.endsWith("." + pattern);
                case GLOB -> Pattern.compile(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q")).matcher(host)
                        .matches();
                case CIDR -> isAddress(host) && cidr(pattern, host);
            };
        }

        @Override
        public String toString() {
            return pattern;
        }

        private static boolean isAddress(String host) {
            return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
                   || host.contains(":") && host.matches("[0-9a-f:.]+");
        }

        /** Whether {@code host}, an address literal, lies in {@code range} ("10.0.0.0/8"); "x" only checks it. */
        private static boolean cidr(String range, String host) {
            int slash = range.indexOf('/');
            String network = range.substring(0, slash);
            int bits;
            byte[] net;
            try {
                bits = Integer.parseInt(range.substring(slash + 1));
                if (!isAddress(network)) {
                    throw new NumberFormatException();
                }
                net = InetAddress.getByName(network).getAddress(); // a literal: nothing is looked up
            } catch (NumberFormatException | UnknownHostException e) {
                throw new IllegalArgumentException("'" + range + "' is not an address range such as 10.0.0.0/8");
            }
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("'" + range + "' has a prefix length beyond " + net.length * 8);
            }
            if (host.equals("x")) {
                return false;
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                return false;
            }
            if (address.length != net.length) {
                return false;
            }
            int shift = net.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, net).shiftRight(shift));
        }
    }
}
