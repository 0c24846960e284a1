package io.github.camelcopilot.app;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.Fault;
import io.github.camelcopilot.simulator.SimulatedEntra;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's HTTP side with a real service configured (baseUrl set, here to the simulator, and a static token for the
 * other routes): every caller needs a verified Entra token for the app's API or the page's session, acts as itself
 * on-behalf-of, and continues and reads only its own conversations. Each bad request gets a clear 4xx and nothing
 * reaches Copilot. The page is then driven in a real headless Chromium: sign in, ask, follow up, sign out, and a
 * second user cannot see or continue the first user's conversation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpCallersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "http-callers-it-" + UUID.randomUUID();
    private static final String SECRET = "http-callers-secret-" + UUID.randomUUID();
    private static final String AUDIENCE = "api://" + CLIENT_ID;
    private static CopilotSimulator simulator;
    private static AppProcess app;
    private static int httpPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startApp() throws Exception {
        simulator = CopilotSimulator.start();
        simulator.entra().registerClient(CLIENT_ID, SECRET);
        Path dir = Files.createTempDirectory("copilot-http-callers");
        AppProcess.copyInto(dir, "routes");
        // A free port can be taken by another process before the app binds it: then pick again.
        for (int attempt = 1; app == null; attempt++) {
            httpPort = AppProcess.freePort();
            AppProcess started = AppProcess.start(dir,
                "camel.main.routesIncludePattern=file:routes/http-trigger.yaml",
                "camel.component.copilot.baseUrl=" + simulator.baseUrl(),
                // the static token of the other routes: no HTTP caller may ever ride on it
                "camel.component.copilot.accessToken=" + CopilotSimulator.DEFAULT_TOKEN,
                "copilot.http.auth.clientId=" + CLIENT_ID,
                "copilot.http.auth.clientSecret=" + SECRET,
                "copilot.http.auth.tenantId=" + SimulatedEntra.DEFAULT_TENANT,
                "copilot.http.auth.authorityEndpoint=" + simulator.authorityEndpoint(),
                "copilot.http.maxPromptLength=2000",
                "camel.server.port=" + httpPort,
                "copilot.broker.port=" + AppProcess.freePort(),
                "copilot.demo.enabled=false");
            if (!started.log().contains("Address already in use") || attempt == 3) {
                app = started;
            } else {
                started.close();
            }
        }
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void theBannerSaysLoopbackAndThatCallersNeedTokens() throws Exception {
        assertThat(app.log()).contains("loopback only").contains("an Entra token for " + AUDIENCE + "/access_as_user");
    }

    @Test
    @Order(2)
    void aVerifiedCallerIsAnsweredOnItsOwnBehalfNeverWithTheStaticToken() throws Exception {
        HttpResponse<String> answer = ask("Asked with my own token", bearer(user("adele@contoso.test")), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("reply").asText())
                .isEqualTo(SimulatorReplies.replyFor("Asked with my own token"));
        assertThat(simulator.entra().tokenRequestCount("urn:ietf:params:oauth:grant-type:jwt-bearer")).isEqualTo(1);
        assertThat(simulator.requests()).isNotEmpty().allSatisfy(request -> assertThat(request.header("authorization"))
                .isNotEqualTo("Bearer " + CopilotSimulator.DEFAULT_TOKEN).startsWith("Bearer sim-at."));
    }

    @Test
    @Order(3)
    void eachBadRequestGetsAClear4xxAndNothingReachesCopilot() throws Exception {
        String adele = user("adele@contoso.test");
        HttpResponse<String> first = ask("Adele's question", bearer(adele), null);
        String adeleConversation = JSON.readTree(first.body()).get("conversationId").asText();
        int before = simulator.requestCount();

        HttpResponse<String> noToken = ask("Hello", null, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer realm=\"camel-copilot\"").contains(AUDIENCE));

        assertRefused(ask("Hello", "Bearer not-a-jwt", null), 401, "invalid_token");
        assertRefused(ask("Hello", "Basic YWRlbGU6c2VjcmV0", null), 401, "invalid_request");
        assertRefused(ask("Hello", bearer(forged(adele)), null), 401, "invalid_token");
        assertRefused(ask("Hello", bearer(simulator.entra().issueUserToken("adele@contoso.test",
                "api://another-app")), null), 401, "invalid_token");
        assertRefused(ask("Hello", bearer(simulator.entra().issueUserToken("adele@contoso.test", AUDIENCE,
                SimulatedEntra.DEFAULT_TENANT, Duration.ofMinutes(-10))), null), 401, "invalid_token");
        assertRefused(ask("Hello", bearer(simulator.entra().issueUserToken("adele@contoso.test",
                SimulatedEntra.GRAPH_AUDIENCE)), null), 401, "invalid_token");
        assertRefused(ask("Hello", bearer(simulator.entra().issueAppOnlyToken("daemon", AUDIENCE)), null), 403,
                "insufficient_scope");
        // another user's conversation: continued or read, it is not there for them
        String megan = bearer(user("megan@contoso.test"));
        assertRefused(ask("Let me in", megan, adeleConversation), 404, "conversation_not_found");
        assertRefused(get("/conversations/" + adeleConversation, megan), 404, "conversation_not_found");
        assertRefused(ask("Made up", megan, "00000000-0000-0000-0000-000000000000"), 404, "conversation_not_found");
        assertRefused(ask("x".repeat(2001), bearer(adele), null), 413, "prompt_too_long");
        assertRefused(ask("   ", bearer(adele), null), 400, "no_prompt");
        // Copilot's own header names from the client choose nothing
        assertRefused(send(request("/ask").header("CamelCopilotAccessToken", CopilotSimulator.DEFAULT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("Hello"))), 401, "no_token");

        // the page's session cookie, but a cross-site POST, or a same-site one without the CSRF header
        PageSession page = PageSession.signIn("adele@contoso.test");
        assertRefused(page.send(request("/ask").header("Origin", "https://attacker.example")
                .header(HttpCallers.CSRF_HEADER, page.csrfToken).POST(HttpRequest.BodyPublishers.ofString("Hi"))),
                403, "cross_site");
        assertRefused(page.send(request("/ask").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("Hi"))), 403, "cross_site");
        assertRefused(page.send(request("/ask").POST(HttpRequest.BodyPublishers.ofString("Hi"))), 403, "csrf");
        assertRefused(page.send(request("/auth/signout").POST(HttpRequest.BodyPublishers.noBody())), 403, "csrf");
        // a link on another site opening the stream: the cookie rides along on a GET, the CSRF header cannot
        assertRefused(page.send(request("/ask/stream?q=Hi").header("Sec-Fetch-Site", "cross-site").GET()), 403,
                "cross_site");
        assertRefused(page.send(request("/ask/stream?q=Hi").GET()), 403, "csrf");
        // a body far beyond any prompt is refused by the HTTP server before it is read into memory
        HttpResponse<String> huge = ask("x".repeat(2 * 1024 * 1024), bearer(adele), null);
        assertThat(huge.statusCode()).isEqualTo(413);

        assertThat(simulator.requestCount()).as("requests that reached Copilot").isEqualTo(before);

        // and the owner can read and continue it
        assertThat(get("/conversations/" + adeleConversation, bearer(adele)).statusCode()).isEqualTo(200);
        HttpResponse<String> followUp = ask("Adele follows up", bearer(adele), adeleConversation);
        assertThat(followUp.statusCode()).as(followUp.body()).isEqualTo(200);
        assertThat(JSON.readTree(followUp.body()).get("turn").asInt()).isEqualTo(2);
        // the page session with its CSRF token works too
        HttpResponse<String> fromPage = page.send(request("/ask").header(HttpCallers.CSRF_HEADER, page.csrfToken)
                .header("Origin", "http://127.0.0.1:" + httpPort).POST(HttpRequest.BodyPublishers.ofString("From the page")));
        assertThat(fromPage.statusCode()).as(fromPage.body()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void behindATlsProxyTheSessionCookieIsSecure() throws Exception {
        HttpResponse<String> start = send(request("/auth/signin").header("X-Forwarded-Proto", "https"));
        assertThat(start.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith(CallerSessions.COOKIE + "=").contains("; HttpOnly").contains("; SameSite=Lax")
                .endsWith("; Secure"));
        assertThat(start.headers().firstValue("Location").orElseThrow())
                .contains("redirect_uri=" + URLEncoder.encode("https://127.0.0.1:" + httpPort + "/auth/callback",
                        StandardCharsets.UTF_8));
    }

    @Test
    @Order(4)
    void theServicesRefusalReachesTheCallerAsA403() throws Exception {
        simulator.faults().enqueue(Fault.status(403));
        HttpResponse<String> refused = ask("Refused by the service", bearer(user("alex@contoso.test")), null);
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("error").asText()).isEqualTo("copilot_403");
        assertThat(body.get("message").asText()).contains("403");
    }

    @Test
    @Order(5)
    void thePageSignsInChatsWithCitationsFollowsUpAndKeepsUsersApart() throws Exception {
        String page = "http://127.0.0.1:" + httpPort + "/";
        Path screenshots = Path.of("target/screenshots");
        simulator.streamEventDelay(Duration.ofMillis(80));
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.viewport(1000, 760);
            browser.navigate(page);
            browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", Duration.ofSeconds(15));
            assertThat(browser.evaluate("document.getElementById('signin').hidden").asBoolean()).isFalse();
            assertThat(browser.evaluate("document.getElementById('ask').disabled").asBoolean()).isTrue();

            signIn(browser, "adele@contoso.test", screenshots.resolve("sign-in.png"));
            assertThat(browser.evaluate("document.getElementById('user').textContent").asText())
                    .isEqualTo("Signed in as adele@contoso.test");
            assertThat(browser.evaluate("document.cookie").asText()).as("the session cookie is HttpOnly").isEmpty();

            // ask: the answer streams in, then its citation marker links to the attribution
            String partial = askInPage(browser, "What did the project notes say?", 1);
            String first = lastAnswer(browser);
            assertThat(partial.length()).as("text appeared before the answer was complete").isLessThan(first.length());
            assertThat(first).isEqualTo(SimulatorReplies.replyFor("What did the project notes say?")
                    .replace("<Person>", "").replace("</Person>", "").replace("[^1^]", "[1]"));
            assertThat(browser.evaluate("document.querySelector('.turn:last-child .answer a.citation').href").asText())
                    .isEqualTo(SimulatorReplies.CITATION_URL);
            assertThat(browser.evaluate("document.querySelector('.turn:last-child .answer .entity').textContent")
                    .asText()).isEqualTo(SimulatorReplies.PERSON);
            String conversation = browser.evaluate("document.getElementById('conversation').dataset.conversationId")
                    .asText();
            assertThat(conversation).isNotBlank();

            // a follow-up continues the same conversation
            askInPage(browser, "And what should I do next?", 2);
            assertThat(browser.evaluate("document.getElementById('conversation').dataset.conversationId").asText())
                    .isEqualTo(conversation);
            assertThat(simulator.requests().stream().filter(r -> r.path().endsWith("/chatOverStream"))
                    .filter(r -> r.path().contains(conversation))).hasSize(2);
            browser.screenshot(screenshots.resolve("chat.png"));

            // a new conversation; a reply quoting markup and script shows it as text and runs nothing
            browser.evaluate("document.getElementById('new').click(); true");
            String hostile = "<img src=x onerror=\"window.injected=1\"> <script>window.injected=2</script>"
                             + " [link](javascript:window.injected=3)";
            askInPage(browser, hostile, 1);
            assertThat(browser.evaluate("document.getElementById('conversation').dataset.conversationId").asText())
                    .isNotEqualTo(conversation);
            assertThat(browser.evaluate("typeof window.injected").asText()).isEqualTo("undefined");
            assertThat(browser.evaluate("document.querySelectorAll('.answer img, .answer script').length").asInt())
                    .isZero();
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('.answer a'))"
                                        + ".every(a => a.href.startsWith('https:'))").asBoolean()).isTrue();
            assertThat(lastAnswer(browser)).contains("<img src=x").contains("<script>");

            // the Markdown renderer: structure becomes elements, everything else text; links only to http(s)
            JsonNode rendered = JSON.readTree(browser.evaluate("(() => { const d = document.createElement('div');"
                    + " CopilotMarkdown.render(d, '# Title\\n\\n- **bold** and *it* and `x<y`\\n- [ok](https://a.test/)"
                    + " [bad](javascript:alert(1)) <b onmouseover=alert(1)>b</b>\\n\\n```\\n<script>1</script>\\n```',"
                    + " []); return JSON.stringify({html: d.innerHTML, links: Array.from(d.querySelectorAll('a'))"
                    + ".map(a => a.href), elements: d.querySelectorAll('*').length}); })()").asText());
            assertThat(rendered.get("html").asText()).startsWith("<h3>Title</h3><ul><li><strong>bold</strong> and"
                    + " <em>it</em> and <code>x&lt;y</code></li>").contains("&lt;b onmouseover=alert(1)&gt;b&lt;/b&gt;")
                    .contains("<pre><code>&lt;script&gt;1&lt;/script&gt;</code></pre>").doesNotContain("<b ");
            assertThat(rendered.get("links")).extracting(JsonNode::asText).containsExactly("https://a.test/");

            // sign out, then another user can neither read nor continue Adele's conversation
            browser.evaluate("document.getElementById('signout').click(); true");
            browser.awaitTrue("document.body.dataset.session === 'anonymous'"
                              + " && !document.getElementById('signin').hidden", Duration.ofSeconds(15));
            signIn(browser, "megan@contoso.test", null);
            assertThat(browser.evaluate("document.querySelectorAll('.turn').length").asInt()).isZero();
            int before = simulator.requestCount();
            assertThat(browser.evaluateAsync("fetch('/conversations/" + conversation + "').then(r => r.status)")
                    .asInt()).isEqualTo(404);
            assertThat(browser.evaluateAsync("fetch('/auth/session').then(r => r.json()).then(s => fetch("
                    + "'/ask/stream?conversationId=" + conversation + "', {method: 'POST', body: 'Let me in',"
                    + " headers: {'X-CSRF-Token': s.csrfToken}})).then(r => r.status)").asInt()).isEqualTo(404);
            assertThat(simulator.requestCount()).isEqualTo(before);
        } finally {
            simulator.streamEventDelay(Duration.ZERO);
        }
    }

    /** Clicks the page's sign-in, picks {@code user} on the simulated Entra's page, and waits to be back. */
    private void signIn(HeadlessChromium browser, String user, Path screenshot) throws Exception {
        browser.evaluate("document.getElementById('signin').click(); true");
        browser.awaitTrue("location.href.startsWith('" + simulator.authorityEndpoint() + "')"
                          + " && document.querySelector('button[value=\"" + user + "\"]') !== null",
                Duration.ofSeconds(15));
        if (screenshot != null) {
            browser.screenshot(screenshot);
        }
        browser.evaluate("document.querySelector('button[value=\"" + user + "\"]').click(); true");
        browser.awaitTrue("location.href === 'http://127.0.0.1:" + httpPort + "/'"
                          + " && document.body && document.body.dataset.ready === 'true'"
                          + " && document.body.dataset.session === 'signed-in'", Duration.ofSeconds(20));
    }

    /** Asks in the page and waits for the answer; returns the answer's text as it was part-way. */
    private static String askInPage(HeadlessChromium browser, String question, int turns) throws Exception {
        browser.evaluate("document.getElementById('question').value = " + JSON.writeValueAsString(question)
                         + "; document.getElementById('ask').click(); true");
        browser.awaitTrue("document.getElementById('status').textContent.indexOf('updates so far') >= 0",
                Duration.ofSeconds(20));
        String partial = lastAnswer(browser);
        browser.awaitTrue("document.querySelectorAll('.turn').length === " + turns
                          + " && document.querySelector('.turn:last-child').dataset.done === 'true'",
                Duration.ofSeconds(30));
        return partial;
    }

    private static String lastAnswer(HeadlessChromium browser) throws Exception {
        return browser.evaluate("document.querySelector('.turn:last-child .answer').textContent").asText();
    }

    @Test
    @Order(6)
    void theLogHoldsNoTokenOrSecret() throws Exception {
        assertThat(app.log()).doesNotContain(SECRET).doesNotContain("eyJ");
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(error);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    private static String user(String name) {
        return simulator.entra().issueUserToken(name, AUDIENCE);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The claims of a genuine token, signed by someone else's key under the genuine key id. */
    private static String forged(String genuineToken) throws Exception {
        SignedJWT genuine = SignedJWT.parse(genuineToken);
        RSAKey forger = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(forger.getKeyID()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(forger));
        return forged.serialize();
    }

    private static HttpResponse<String> ask(String prompt, String authorization, String conversationId)
            throws Exception {
        HttpRequest.Builder request = request("/ask" + (conversationId == null ? ""
                : "?conversationId=" + conversationId)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(prompt));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send(request(path).header("Authorization", authorization).GET());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page's sign-in done by hand over HTTP: authorize page, the user's button, the callback, the session. */
    record PageSession(HttpClient client, String csrfToken) {

        static PageSession signIn(String user) throws Exception {
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            HttpResponse<String> start = client.send(request("/auth/signin").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(start.statusCode()).isEqualTo(302);
            assertThat(start.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                    assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));
            String authorize = start.headers().firstValue("Location").orElseThrow();
            assertThat(authorize).startsWith(simulator.authorityEndpoint()).contains("code_challenge_method=S256")
                    .contains("response_mode=query");
            HttpResponse<String> chosen = client.send(HttpRequest.newBuilder(URI.create(authorize))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String callback = chosen.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> back = client.send(HttpRequest.newBuilder(URI.create(callback)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
            JsonNode session = JSON.readTree(client.send(request("/auth/session").build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(session.get("signedIn").asBoolean()).isTrue();
            assertThat(session.get("user").asText()).isEqualTo(user);
            return new PageSession(client, session.get("csrfToken").asText());
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
