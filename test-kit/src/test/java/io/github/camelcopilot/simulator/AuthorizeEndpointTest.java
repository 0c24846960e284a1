package io.github.camelcopilot.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated Entra's authorization code flow over HTTP, as a browser and a confidential client drive it: the
 * sign-in page, the redirect with a code, and its redemption only with the matching PKCE verifier, client and
 * redirect URI, once. The tokens are JWTs signed with a published key.
 */
class AuthorizeEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "authorize-test-app";
    private static final String SECRET = "authorize-test-secret";
    private static final String REDIRECT = "http://localhost:9999/auth/callback";
    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SimulatorTls.clientSslContext()).build();
    private static CopilotSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = CopilotSimulator.start(SimulatorTransport.fromSystemProperty());
        simulator.entra().registerClient(CLIENT, SECRET);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void theSignInPageListsTheTestUsersAndACodeRedeemsOnceWithItsVerifier() throws Exception {
        String verifier = "verifier-" + "x".repeat(43);
        String authorize = authorizeUrl(s256(verifier), "state-1");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in as adele@contoso.test").contains("Sign in as megan@contoso.test");

        String code = choose(authorize, "adele@contoso.test", "state-1");
        assertThat(redeem(code, "wrong-verifier-" + "y".repeat(40), REDIRECT).get("error").asText())
                .isEqualTo("invalid_grant");
        // a failed redemption used the code up, as Entra does
        assertThat(redeem(code, verifier, REDIRECT).get("error").asText()).isEqualTo("invalid_grant");

        String second = choose(authorizeUrl(s256(verifier), "state-2"), "adele@contoso.test", "state-2");
        assertThat(redeem(second, verifier, "http://localhost:9999/elsewhere").get("error_description").asText())
                .contains("AADSTS50148");

        String third = choose(authorizeUrl(s256(verifier), "state-3"), "adele@contoso.test", "state-3");
        JsonNode tokens = redeem(third, verifier, REDIRECT);
        assertThat(tokens.has("refresh_token")).isTrue();
        assertThat(tokens.has("client_info")).isTrue();
        SignedJWT access = SignedJWT.parse(tokens.get("access_token").asText());
        JWKSet keys = JWKSet.parse(HTTP.send(HttpRequest.newBuilder(URI.create(simulator.authorityEndpoint()
                + "/simulated/discovery/v2.0/keys")).build(), HttpResponse.BodyHandlers.ofString()).body());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(access.getHeader().getKeyID());
        assertThat(access.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(access.getJWTClaimsSet().getAudience()).containsExactly("api://" + CLIENT);
        assertThat(access.getJWTClaimsSet().getStringClaim("scp")).isEqualTo("access_as_user");
        assertThat(access.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo("adele@contoso.test");
        SignedJWT id = SignedJWT.parse(tokens.get("id_token").asText());
        assertThat(id.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("nonce-1");
        assertThat(redeem(third, verifier, REDIRECT).get("error").asText()).as("a code redeems once")
                .isEqualTo("invalid_grant");
    }

    @Test
    void withoutPkceTheBrowserIsSentBackWithAnError() throws Exception {
        String withoutPkce = simulator.authorityEndpoint() + "/simulated/oauth2/v2.0/authorize?client_id=" + CLIENT
                             + "&response_type=code&state=s&redirect_uri=" + encode(REDIRECT);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(withoutPkce)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow())
                .startsWith(REDIRECT + "?error=invalid_request").contains("state=s");
    }

    @Test
    void anOnBehalfOfAssertionMustBeForTheCallingAppsOwnApi() throws Exception {
        String graphToken = simulator.entra().issueUserToken("adele@contoso.test", SimulatedEntra.GRAPH_AUDIENCE);
        JsonNode refused = token("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&requested_token_use=on_behalf_of"
                                 + "&scope=" + encode("https://graph.microsoft.com/.default") + "&assertion="
                                 + encode(graphToken));
        assertThat(refused.get("error").asText()).isEqualTo("invalid_grant");
        String apiToken = simulator.entra().issueUserToken("adele@contoso.test", "api://" + CLIENT);
        JsonNode exchanged = token("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&requested_token_use=on_behalf_of"
                                   + "&scope=" + encode("https://graph.microsoft.com/.default") + "&assertion="
                                   + encode(apiToken));
        assertThat(exchanged.get("access_token").asText()).startsWith("sim-at.");
    }

    private static String authorizeUrl(String challenge, String state) {
        return simulator.authorityEndpoint() + "/simulated/oauth2/v2.0/authorize?client_id=" + CLIENT
               + "&response_type=code&response_mode=query&scope=" + encode("openid profile offline_access api://"
               + CLIENT + "/access_as_user") + "&redirect_uri=" + encode(REDIRECT) + "&state=" + state
               + "&nonce=nonce-1&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    /** Presses the user's button: the page posts its hidden fields back with the user. */
    private static String choose(String authorize, String user, String state) throws Exception {
        HttpResponse<String> chosen = HTTP.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + encode(user))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chosen.statusCode()).isEqualTo(302);
        URI callback = URI.create(chosen.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(REDIRECT + "?code=").endsWith("&state=" + state);
        return callback.getQuery().replaceAll("^code=([^&]+)&.*$", "$1");
    }

    private static JsonNode redeem(String code, String verifier, String redirectUri) throws Exception {
        return token("grant_type=authorization_code&code=" + encode(code) + "&code_verifier=" + encode(verifier)
                     + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode("api://" + CLIENT
                     + "/access_as_user openid profile offline_access"));
    }

    private static JsonNode token(String form) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.authorityEndpoint()
                        + "/simulated/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&client_id=" + CLIENT + "&client_secret=" + SECRET))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
