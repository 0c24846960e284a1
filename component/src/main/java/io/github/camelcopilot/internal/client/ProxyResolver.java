package io.github.camelcopilot.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Decides which HTTP proxy the component uses. The first source that names a proxy wins, as a whole: the options,
 * the JVM's system properties (read as the JDK reads them), the environment (read as curl reads it). The
 * {@code nonProxyHosts} option adds to whichever bypass list applies; {@code proxyUser} answers for any source.
 */
public final class ProxyResolver {

    public record Options(String host, Integer port, String user, String password, String nonProxyHosts,
                          boolean ignoreEnvironment) {

        public static final Options NONE = new Options(null, null, null, null, null, false);

        @Override
        public String toString() {
            return "ProxyResolver.Options[host=" + host + ", port=" + port + ", user=" + user + ", password="
                   + (password == null ? "none" : "***") + ", nonProxyHosts=" + nonProxyHosts + ", ignoreEnvironment="
                   + ignoreEnvironment + "]";
        }
    }

    private static final String OPTION_CREDENTIALS = "the proxyUser and proxyPassword options";
    /** What the JDK leaves out of the proxy when http.nonProxyHosts is not set, and adds to it when it is. */
    private static final String JDK_LOOPBACK = "localhost|127.*|[::1]|0.0.0.0|[::0]";

    private ProxyResolver() {
    }

    public static ProxyRoutes resolve(Options options) {
        return resolve(options, System.getProperties(), System.getenv());
    }

    /**
     * Takes the system properties and the environment as parameters: a running JVM cannot change its environment.
     *
     * @throws IllegalArgumentException naming the setting that contradicts another or cannot be read
     */
    public static ProxyRoutes resolve(Options options, Properties system, Map<String, String> environment) {
        String host = blankToNull(options.host());
        if (host != null && (options.port() == null || options.port() < 1 || options.port() > 65535)) {
            throw new IllegalArgumentException("proxyHost needs a proxyPort between 1 and 65535, not "
                                               + options.port());
        }
        if (host == null && options.port() != null) {
            throw new IllegalArgumentException("proxyPort needs a proxyHost");
        }
        String user = blankToNull(options.user());
        if (options.password() != null && user == null) {
            throw new IllegalArgumentException("proxyPassword needs a proxyUser");
        }
        ProxyRoutes found;
        if (host != null) {
            ProxyRoutes.Server server = new ProxyRoutes.Server(unbracketed(host), options.port(), null, null,
                    "the proxyHost option", OPTION_CREDENTIALS);
            found = new ProxyRoutes("the proxyHost option", server, server, List.of());
        } else if (blankToNull(system.getProperty("https.proxyHost")) != null
                   || blankToNull(system.getProperty("http.proxyHost")) != null) {
            found = fromSystemProperties(system);
        } else if (!options.ignoreEnvironment() && Stream.of("https_proxy", "http_proxy", "all_proxy")
                .anyMatch(name -> firstSet(environment, name) != null)) {
            found = fromEnvironment(environment);
        } else {
            found = ProxyRoutes.DIRECT;
        }
        if (user != null) {
            if (found.https() == null && found.http() == null) {
                throw new IllegalArgumentException("proxyUser is set but no proxy is: set proxyHost and proxyPort, or"
                                                   + " https.proxyHost, or HTTPS_PROXY in the environment"
                                                   + (options.ignoreEnvironment() ? " (ignored:"
                                                   + " ignoreEnvironmentProxy=true)" : ""));
            }
            String password = options.password() == null ? "" : options.password();
            found = new ProxyRoutes(found.source(), withCredentials(found.https(), user, password),
                    withCredentials(found.http(), user, password), found.bypass());
        }
        String extra = blankToNull(options.nonProxyHosts());
        if (extra != null) {
            List<ProxyRoutes.HostRule> bypass = new ArrayList<>(found.bypass());
            for (String entry : extra.split("[,|\\s]+")) {
                if (!entry.isBlank()) {
                    bypass.add(rule(() -> ProxyRoutes.HostRule.curl(entry, "nonProxyHosts"), "nonProxyHosts"));
                }
            }
            found = new ProxyRoutes(found.source(), found.https(), found.http(), bypass);
        }
        return found;
    }

    private static ProxyRoutes.Server withCredentials(ProxyRoutes.Server server, String user, String password) {
        return server == null ? null : new ProxyRoutes.Server(server.host(), server.port(), user, password,
                server.origin(), OPTION_CREDENTIALS);
    }

    private static ProxyRoutes fromSystemProperties(Properties system) {
        ProxyRoutes.Server https = systemServer(system, "https", 443);
        ProxyRoutes.Server http = systemServer(system, "http", 80);
        String nonProxyHosts = system.getProperty("http.nonProxyHosts");
        // As the JDK: unset means loopback only, set adds loopback, set empty means nothing.
        String patterns = nonProxyHosts == null ? JDK_LOOPBACK
                : nonProxyHosts.isBlank() ? "" : nonProxyHosts + "|" + JDK_LOOPBACK;
        List<ProxyRoutes.HostRule> bypass = new ArrayList<>();
        for (String entry : patterns.split("\\|")) {
            if (!entry.isBlank()) {
                bypass.add(ProxyRoutes.HostRule.jdk(entry, nonProxyHosts == null
                        ? "the JDK's default for http.nonProxyHosts" : "http.nonProxyHosts (with the JDK's loopback)"));
            }
        }
        String source = https != null ? "the JVM's https.proxyHost" : "the JVM's http.proxyHost";
        return new ProxyRoutes(source, https, http, bypass);
    }

    private static ProxyRoutes.Server systemServer(Properties system, String scheme, int defaultPort) {
        String host = blankToNull(system.getProperty(scheme + ".proxyHost"));
        if (host == null) {
            return null;
        }
        String portText = blankToNull(system.getProperty(scheme + ".proxyPort"));
        int port = defaultPort;
        if (portText != null) {
            port = port(portText.trim(), scheme + ".proxyPort (a system property)");
        }
        String user = blankToNull(system.getProperty(scheme + ".proxyUser"));
        String password = user == null ? null : system.getProperty(scheme + ".proxyPassword", "");
        return new ProxyRoutes.Server(unbracketed(host.trim()), port, user, password,
                "the JVM's " + scheme + ".proxyHost", "the system properties " + scheme + ".proxyUser and " + scheme
                + ".proxyPassword, or " + OPTION_CREDENTIALS);
    }

    private static ProxyRoutes fromEnvironment(Map<String, String> environment) {
        String allName = firstSet(environment, "all_proxy");
        String httpsName = firstSet(environment, "https_proxy");
        String httpName = firstSet(environment, "http_proxy");
        ProxyRoutes.Server https = environmentServer(environment, httpsName != null ? httpsName : allName);
        ProxyRoutes.Server http = environmentServer(environment, httpName != null ? httpName : allName);
        List<ProxyRoutes.HostRule> bypass = new ArrayList<>();
        String noProxyName = firstSet(environment, "no_proxy");
        if (noProxyName != null) {
            for (String entry : environment.get(noProxyName).split("[,\\s]+")) {
                if (!entry.isBlank()) {
                    bypass.add(rule(() -> ProxyRoutes.HostRule.curl(entry, noProxyName),
                            noProxyName + " (environment)"));
                }
            }
        }
        String source = https != null ? (httpsName != null ? httpsName : allName) : httpName != null ? httpName
                : allName;
        return new ProxyRoutes(source + " in the environment", https, http, bypass);
    }

    /** The variable's name as set, lower case first (curl's order), or null when neither spelling has a value. */
    private static String firstSet(Map<String, String> environment, String lowerCase) {
        for (String name : List.of(lowerCase, lowerCase.toUpperCase(Locale.ROOT))) {
            if (blankToNull(environment.get(name)) != null) {
                return name;
            }
        }
        return null;
    }

    /** A proxy URL such as {@code http://user:password@proxy.corp:3128}, as curl reads it. */
    private static ProxyRoutes.Server environmentServer(Map<String, String> environment, String name) {
        if (name == null) {
            return null;
        }
        String value = environment.get(name).trim();
        String what = name + " (environment)";
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a proxy URL such as http://proxy.example:3128: "
                                               + withoutCredentials(value));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(what + " names a " + scheme + " proxy (" + withoutCredentials(value)
                                               + "); the component speaks to HTTP proxies (http://) only: set"
                                               + " proxyHost and proxyPort, or ignoreEnvironmentProxy=true");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(what + " names no host: " + withoutCredentials(value));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 1080; // curl's default proxy port
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = percentDecoded(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : percentDecoded(userInfo.substring(colon + 1));
        }
        return new ProxyRoutes.Server(unbracketed(uri.getHost()), port, blankToNull(user),
                blankToNull(user) == null ? null : password, name + " in the environment",
                "the user and password in " + name + "'s URL (percent-encoded), or " + OPTION_CREDENTIALS);
    }

    private static ProxyRoutes.HostRule rule(Supplier<ProxyRoutes.HostRule> parse, String where) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static int port(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a port between 1 and 65535, not '" + text + "'");
    }

    /** Percent escapes decoded as in a URL's user info: '+' stays '+' (the URI has checked the escapes). */
    private static String percentDecoded(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A proxy URL fit for a message: its user info replaced. */
    private static String withoutCredentials(String value) {
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        int start = value.indexOf("://");
        return (start < 0 ? "" : value.substring(0, start + 3)) + "***@" + value.substring(at + 1);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
