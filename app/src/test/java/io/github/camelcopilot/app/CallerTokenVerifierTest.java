package io.github.camelcopilot.app;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatedEntra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caller token checks against the simulated Entra's published keys, fetched over HTTP: each way a token can be
 * wrong is refused, and a key rotation is picked up without a restart.
 */
class CallerTokenVerifierTest {

    private static final String CLIENT_ID = "verifier-test-app";
    private static final String AUDIENCE = "api://" + CLIENT_ID;
    private static CopilotSimulator simulator;
    private static SimulatedEntra entra;

    @BeforeAll
    static void start() {
        simulator = CopilotSimulator.start();
        entra = simulator.entra();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static CallerTokenVerifier verifier() {
        return new CallerTokenVerifier(settings());
    }

    static HttpAuthSettings settings() {
        String authority = "https://login.microsoftonline.com/" + SimulatedEntra.DEFAULT_TENANT + "/";
        return new HttpAuthSettings(true, CLIENT_ID, "secret", authority, null,
                SimulatedEntra.issuer(SimulatedEntra.DEFAULT_TENANT), List.of(AUDIENCE, CLIENT_ID), "access_as_user",
                simulator.authorityEndpoint() + "/" + SimulatedEntra.DEFAULT_TENANT + "/discovery/v2.0/keys", null,
                1000);
    }

    @Test
    void aTokenOfTheTenantForTheAppsApiWithItsScopeIsAccepted() throws Exception {
        CallerTokenVerifier.Caller caller = verifier().verify(entra.issueUserToken("adele@contoso.test", AUDIENCE));
        assertThat(caller.name()).isEqualTo("adele@contoso.test");
        assertThat(caller.principal()).startsWith(SimulatedEntra.DEFAULT_TENANT + "/").hasSizeGreaterThan(30);
        assertThat(caller.toString()).doesNotContain(caller.token());
        // v2.0 tokens carry the client id as their audience
        assertThat(verifier().verify(entra.issueUserToken("adele@contoso.test", CLIENT_ID)).principal())
                .isEqualTo(caller.principal());
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        SignedJWT genuine = SignedJWT.parse(entra.issueUserToken("adele@contoso.test", AUDIENCE));
        // same claims, same key id, but signed with a key of the forger's
        RSAKey forger = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(forger.getKeyID()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(forger));

        assertThatThrownBy(() -> verifier().verify(forged.serialize()))
                .isInstanceOf(CallerTokenVerifier.RejectedToken.class).hasMessageContaining("signature");
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(entra.issueUserToken("adele@contoso.test", AUDIENCE)).getJWTClaimsSet();
        String unsigned = new PlainJWT(new PlainHeader(), claims).serialize();
        assertThatThrownBy(() -> verifier().verify(unsigned)).isInstanceOf(CallerTokenVerifier.RejectedToken.class);
        assertThatThrownBy(() -> verifier().verify("not-a-jwt")).isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .hasMessage("The bearer token is not a JWT");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String otherApp = entra.issueUserToken("adele@contoso.test", "api://another-app");
        assertThatThrownBy(() -> verifier().verify(otherApp)).isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .hasMessageContaining("aud");
        // a Graph token (opaque to everyone but Graph) is no token for this API either
        String graphToken = entra.issueUserToken("adele@contoso.test", SimulatedEntra.GRAPH_AUDIENCE);
        assertThatThrownBy(() -> verifier().verify(graphToken)).isInstanceOf(CallerTokenVerifier.RejectedToken.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = entra.issueUserToken("adele@contoso.test", AUDIENCE, SimulatedEntra.DEFAULT_TENANT,
                Duration.ofMinutes(-5));
        assertThatThrownBy(() -> verifier().verify(expired)).isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .hasMessageContaining("Expired");
    }

    @Test
    void aTokenOfAnotherTenantIsRefused() {
        String foreign = entra.issueUserToken("eve@fabrikam.test", AUDIENCE, "fabrikam", Duration.ofHours(1));
        assertThatThrownBy(() -> verifier().verify(foreign)).isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .hasMessageContaining("iss");
    }

    @Test
    void anAppOnlyTokenLacksTheScope() {
        String appOnly = entra.issueAppOnlyToken("daemon", AUDIENCE);
        assertThatThrownBy(() -> verifier().verify(appOnly)).isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .matches(e -> ((CallerTokenVerifier.RejectedToken) e).insufficientScope());
    }

    @Test
    void unreachableKeysAreSaidToBeUnavailableNotThatTheTokenIsBad() throws Exception {
        HttpAuthSettings good = settings();
        int closedPort = AppProcess.freePort();
        HttpAuthSettings unreachable = new HttpAuthSettings(true, good.clientId(), good.clientSecret(),
                good.authority(), null, good.issuer(), good.audiences(), good.scope(),
                "http://127.0.0.1:" + closedPort + "/simulated/discovery/v2.0/keys", null, 1000);
        String token = entra.issueUserToken("adele@contoso.test", AUDIENCE);
        assertThatThrownBy(() -> new CallerTokenVerifier(unreachable).verify(token))
                .isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                .matches(e -> ((CallerTokenVerifier.RejectedToken) e).refusal()
                              == CallerTokenVerifier.Refusal.KEYS_UNAVAILABLE)
                .hasMessageContaining("signing keys could not be fetched");
    }

    /** Also moments after the keys were fetched again for the same reason: a forgery is a 401, not a 503 "try again". */
    @Test
    void tokensNamingKeysTheTenantDoesNotPublishAreInvalidEvenRightAfterARefresh() throws Exception {
        CallerTokenVerifier verifier = verifier();
        SignedJWT genuine = SignedJWT.parse(entra.issueUserToken("adele@contoso.test", AUDIENCE));
        verifier.verify(genuine.serialize());
        int before = entra.keySetRequestCount();
        for (int i = 0; i < 3; i++) {
            RSAKey forger = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(forger.getKeyID()).build(), genuine.getJWTClaimsSet());
            forged.sign(new RSASSASigner(forger));

            assertThatThrownBy(() -> verifier.verify(forged.serialize()))
                    .as("forged token %d", i)
                    .isInstanceOf(CallerTokenVerifier.RejectedToken.class)
                    .matches(e -> ((CallerTokenVerifier.RejectedToken) e).refusal()
                                  == CallerTokenVerifier.Refusal.INVALID);
        }
        assertThat(entra.keySetRequestCount() - before).as("unknown keys do not make it fetch every time")
                .isLessThan(3);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesItAndTheKeysAreOtherwiseCached() throws Exception {
        CallerTokenVerifier verifier = verifier();
        int before = entra.keySetRequestCount();
        String oldKeyToken = entra.issueUserToken("adele@contoso.test", AUDIENCE);
        verifier.verify(oldKeyToken);
        verifier.verify(entra.issueUserToken("megan@contoso.test", AUDIENCE));
        assertThat(entra.keySetRequestCount() - before).as("keys fetched once, then cached").isEqualTo(1);

        String oldKeyId = entra.currentSigningKeyId();
        entra.rotateSigningKeys();
        assertThat(entra.currentSigningKeyId()).isNotEqualTo(oldKeyId);
        String newKeyToken = entra.issueUserToken("alex@contoso.test", AUDIENCE);
        assertThat(SignedJWT.parse(newKeyToken).getHeader().getKeyID()).isEqualTo(entra.currentSigningKeyId());

        assertThat(verifier.verify(newKeyToken).name()).isEqualTo("alex@contoso.test");
        assertThat(entra.keySetRequestCount() - before).as("the unknown key id made it fetch again").isEqualTo(2);
        // the previous key stays published: tokens signed before the rotation still verify
        assertThat(verifier.verify(oldKeyToken).name()).isEqualTo("adele@contoso.test");
        assertThat(UUID.fromString(entra.currentSigningKeyId())).isNotNull();
    }
}
