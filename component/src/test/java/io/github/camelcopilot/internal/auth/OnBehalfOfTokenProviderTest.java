package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenRequest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.TokenSource;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.simulator.SimulatedEntra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelcopilot.internal.auth.MsalTestSupport.GRAPH_SCOPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On-behalf-of with real MSAL4J against the simulated Entra over loopback. */
class OnBehalfOfTokenProviderTest {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    /** keytool takes seconds: one certificate for the class. */
    @TempDir
    static Path certificates;
    private static Path certificate;

    private CopilotSimulator simulator;

    private static synchronized Path certificate() throws Exception {
        if (certificate == null) {
            certificate = MsalTestSupport.pkcs12(certificates, "cert-password");
        }
        return certificate;
    }

    @BeforeEach
    void simulator() {
        simulator = SIMULATOR.simulator();
    }

    private OnBehalfOfTokenProvider provider(String secret) {
        String clientId = MsalTestSupport.unique("obo-client");
        simulator.entra().registerClient(clientId, "the-secret");
        return provider(clientId, secret, OnBehalfOfTokenProvider.DEFAULT_MAX_CACHED_ASSERTIONS);
    }

    private OnBehalfOfTokenProvider provider(String clientId, String secret, int maxCachedAssertions) {
        MsalAppSettings settings = MsalTestSupport.onBehalfOf(simulator, clientId, secret);
        return new OnBehalfOfTokenProvider(() -> MsalApplications.confidentialClient(settings, MsalTestSupport.HTTP,
                MsalTestSupport.EXECUTOR), maxCachedAssertions);
    }

    private static CopilotTokenRequest requestFor(String assertion) {
        return new CopilotTokenRequest(GRAPH_SCOPES, assertion);
    }

    @Test
    void firstTokenComesFromTheIdentityProviderThenFromTheCache() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        String assertion = simulator.entra().issueUserToken("adele@contoso.test", "api://calling-app");
        int before = simulator.entra().tokenRequestCount();

        IAuthenticationResult first = provider.acquire(requestFor(assertion)).join();
        IAuthenticationResult second = provider.acquire(requestFor(assertion)).join();

        assertThat(first.metadata().tokenSource()).isEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(second.metadata().tokenSource()).isEqualTo(TokenSource.CACHE);
        assertThat(second.accessToken()).isEqualTo(first.accessToken()).isNotEqualTo(assertion);
        assertThat(simulator.entra().tokenRequestCount() - before).isEqualTo(1);
        assertThat(simulator.entra().tokenRequestCount("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBurstOfOneUsersMessagesSharesOneExchange() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        String assertion = simulator.entra().issueUserToken("burst@contoso.test", "api://calling-app");

        List<CompletableFuture<IAuthenticationResult>> burst = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            burst.add(provider.acquire(requestFor(assertion)));
        }

        assertThat(burst.stream().map(CompletableFuture::join).map(IAuthenticationResult::accessToken).distinct())
                .hasSize(1);
        assertThat(simulator.entra().tokenRequestCount()).isEqualTo(1);
    }

    @Test
    void pastTheLimitOfCachedAssertionsAFreshApplicationStartsWithAnEmptyCache() {
        String clientId = MsalTestSupport.unique("obo-client");
        simulator.entra().registerClient(clientId, "the-secret");
        OnBehalfOfTokenProvider provider = provider(clientId, "the-secret", 2);
        String adele = simulator.entra().issueUserToken("adele@contoso.test", "api://calling-app");
        String bob = simulator.entra().issueUserToken("bob@contoso.test", "api://calling-app");
        String carol = simulator.entra().issueUserToken("carol@contoso.test", "api://calling-app");

        provider.acquire(requestFor(adele)).join();
        provider.acquire(requestFor(bob)).join();
        assertThat(provider.acquire(requestFor(adele)).join().metadata().tokenSource()).isEqualTo(TokenSource.CACHE);
        provider.acquire(requestFor(carol)).join(); // the third assertion: a fresh application

        assertThat(provider.acquire(requestFor(adele)).join().metadata().tokenSource())
                .isEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(provider.acquire(requestFor(carol)).join().metadata().tokenSource()).isEqualTo(TokenSource.CACHE);
    }

    @Test
    void eachUserGetsTheirOwnToken() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        Set<String> tokens = new HashSet<>();
        for (int user = 0; user < 20; user++) {
            String assertion = simulator.entra().issueUserToken("user" + user + "@contoso.test", "api://calling-app");
            tokens.add(provider.acquire(requestFor(assertion)).join().accessToken());
        }
        assertThat(tokens).hasSize(20);
    }

    @Test
    void aRefusedTokenIsReplacedByAFreshOneFromTheIdentityProvider() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        String assertion = simulator.entra().issueUserToken("refused@contoso.test", "api://calling-app");
        IAuthenticationResult first = provider.acquire(requestFor(assertion)).join();

        provider.invalidate(first.accessToken());
        IAuthenticationResult renewed = provider.acquire(requestFor(assertion)).join();

        assertThat(renewed.metadata().tokenSource()).isEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(renewed.accessToken()).isNotEqualTo(first.accessToken());
    }

    @Test
    void anExpiredAssertionNeedsANewSignInAtTheCallingApp() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        String unknown = "not-a-token-the-simulator-issued";

        assertThatThrownBy(() -> provider.acquire(requestFor(unknown)).join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(CopilotSignInException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("sign in")
                .satisfies(e -> assertThat(((CopilotSignInException) e).isSignInRequired()).isTrue())
                .hasMessageNotContaining(unknown);
    }

    @Test
    void aWrongClientSecretIsRefusedAsInvalidClient() {
        OnBehalfOfTokenProvider provider = provider("not-the-secret");
        String assertion = simulator.entra().issueUserToken("bob@contoso.test", "api://calling-app");

        assertThatThrownBy(() -> provider.acquire(requestFor(assertion)).join()).cause()
                .isInstanceOf(CopilotSignInException.class)
                .hasMessageContaining("invalid_client")
                .hasMessageNotContaining("not-the-secret")
                .satisfies(e -> assertThat(((CopilotSignInException) e).isSignInRequired()).isFalse());
    }

    @Test
    void aClientCertificateSignsTheClientAssertion() throws Exception {
        Path certificate = certificate();
        String clientId = MsalTestSupport.unique("obo-cert-client");
        OnBehalfOfTokenProvider provider = new OnBehalfOfTokenProvider(() -> MsalApplications.confidentialClient(
                MsalTestSupport.onBehalfOf(simulator, clientId, null, certificate, "cert-password"),
                MsalTestSupport.HTTP, MsalTestSupport.EXECUTOR));
        String assertion = simulator.entra().issueUserToken("dana@contoso.test", "api://calling-app");

        assertThat(provider.acquire(requestFor(assertion)).join().metadata().tokenSource())
                .isEqualTo(TokenSource.IDENTITY_PROVIDER);
    }

    @Test
    void aWrongCertificatePasswordFailsWithoutShowingIt() throws Exception {
        Path certificate = certificate();
        MsalAppSettings settings = MsalTestSupport.onBehalfOf(simulator, MsalTestSupport.unique("obo-cert-client"),
                null, certificate, "wrong-cert-password");

        assertThatThrownBy(() -> MsalApplications.confidentialClient(settings, MsalTestSupport.HTTP,
                MsalTestSupport.EXECUTOR))
                .hasMessageContaining("certificateFile " + certificate)
                .hasMessageNotContaining("wrong-cert-password");
        assertThat(settings.toString()).doesNotContain("wrong-cert-password");
    }

    @Test
    void theGraphAudienceIsWhatTheTokenIsFor() {
        OnBehalfOfTokenProvider provider = provider("the-secret");
        String assertion = simulator.entra().issueUserToken("carol@contoso.test", "api://calling-app");
        assertThat(provider.acquire(requestFor(assertion)).join().scopes()).contains(SimulatedEntra.GRAPH_AUDIENCE);
    }
}
