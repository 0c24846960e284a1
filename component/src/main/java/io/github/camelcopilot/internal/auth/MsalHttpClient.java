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
 * MSAL4J's networking over the component's transport, so that its proxy, TLS and connect timeout apply to sign-in,
 * with a read timeout (MSAL's default client has none). With an {@code authorityEndpoint}, requests to the authority's
 * host go to that base URL instead: so MSAL talks to a simulator on loopback while its authority stays the port-less
 * https URL it requires, which keeps its token cache keys stable (MSAL4J issue #529). Never logs bodies or headers:
 * they carry secrets, assertions and tokens.
 */
public final class MsalHttpClient implements IHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(MsalHttpClient.class);
    /** Headers the transport sets itself from the request. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final SignInHttp http;
    private final Duration readTimeout;
    private final String authorityHost;
    private final URI authorityEndpoint;

    /** @param authorityEndpoint the base URL for requests to {@code authorityHost}, or null for none */
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
            request.headers().forEach((name, value) -> {
                if (value != null && !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, value);
                }
            });
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
