package io.github.camelcopilot.internal.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSAL4J's networking over the component's HTTP transport ({@link SignInHttp}), so that its proxy, TLS and connect
 * timeout apply to sign-in as well, with a read timeout (MSAL's default client has none).
 * <p>
 * With an {@code authorityEndpoint}, requests to the authority's host go to that base URL instead (path and query
 * kept): this is how MSAL talks to a simulator on loopback while its authority stays a port-less https URL, which
 * MSAL requires and which keeps its token cache keys stable (MSAL4J issue #529).
 * <p>
 * Never logs bodies or headers: they carry secrets, assertions and tokens.
 */
public final class MsalHttpClient implements IHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(MsalHttpClient.class);
    /** Headers the transport sets itself from the request. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final SignInHttp http;
    private final Duration readTimeout;
    private final String authorityHost;
    private final URI authorityEndpoint;

    /**
     * @param http              the client to send with
     * @param readTimeout       the longest wait for a response
     * @param authorityHost     the authority's host, whose requests are redirected (null: nothing is redirected)
     * @param authorityEndpoint the base URL to send them to instead, such as {@code http://127.0.0.1:8089}, or null
     */
    public MsalHttpClient(SignInHttp http, Duration readTimeout, String authorityHost, URI authorityEndpoint) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.authorityHost = authorityHost;
        this.authorityEndpoint = authorityEndpoint;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws IOException, InterruptedException {
        URI target = target(request.url().toString());
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.headers() != null) {
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (header.getValue() != null && !RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
        }
        String method = request.httpMethod().methodName;
        SignInHttp.Answer response = http.send(method, target, headers, request.body(), readTimeout);
        LOG.debug("Sign-in {} {} -> {}", method, target.getPath(), response.status());
        HttpResponse answer = new HttpResponse().statusCode(response.status()).body(response.body());
        answer.addHeaders(response.headers());
        return answer;
    }

    private URI target(String url) throws IOException {
        try {
            URI uri = new URI(url);
            if (authorityEndpoint == null || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(authorityHost)) {
                return uri;
            }
            String base = authorityEndpoint.toString().replaceAll("/+$", "");
            return new URI(base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IOException("MSAL asked for an invalid URL", e);
        }
    }

    @Override
    public String toString() {
        return "MsalHttpClient[readTimeout=" + readTimeout + (authorityEndpoint == null ? ""
                : ", " + authorityHost + " -> " + authorityEndpoint) + "]";
    }
}
