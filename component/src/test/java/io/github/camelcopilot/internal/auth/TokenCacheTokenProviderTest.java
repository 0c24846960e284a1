package io.github.camelcopilot.internal.auth;

import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.auth.CopilotTokenRequest;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import com.microsoft.aad.msal4j.CacheRefreshReason;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.TokenSource;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelcopilot.internal.auth.MsalTestSupport.GRAPH_SCOPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sign in once with the login command (device code flow), then silently from the persisted cache: real MSAL4J
 * against the simulated Entra over loopback.
 */
class TokenCacheTokenProviderTest {

    @RegisterExtension
    static final CopilotSimulatorExtension SIMULATOR = new CopilotSimulatorExtension();

    private CopilotSimulator simulator;

    @TempDir
    Path folder;
    private String clientId;
    private String tenant;
    private Path cacheFile;

    @BeforeEach
    void distinctApplication() {
        simulator = SIMULATOR.simulator();
        // MSAL's static caches outlive application objects: every test signs in with its own client and tenant.
        clientId = MsalTestSupport.unique("public-client");
        tenant = MsalTestSupport.unique("tenant");
        cacheFile = folder.resolve("tokens").resolve("copilot-token-cache.json");
    }

    private TokenCacheTokenProvider provider(String account) {
        return new TokenCacheTokenProvider(MsalApplications.publicClient(
                MsalTestSupport.tokenCache(simulator, clientId, tenant, cacheFile, account), MsalTestSupport.HTTP,
                MsalTestSupport.EXECUTOR), account, GRAPH_SCOPES);
    }

    private static CopilotTokenRequest graph() {
        return new CopilotTokenRequest(GRAPH_SCOPES, null);
    }

    @Test
    void deviceCodeSignInShowsTheCodeWaitsForTheUserAndWritesAnOwnerOnlyCache() throws Exception {
        DeviceCodeLogin.Login login = DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile,
                "adele@contoso.test");
        String output = login.deviceCodeMessage();

        assertThat(output).contains(simulator.authorityEndpoint() + "/devicelogin");
        assertThat(login.username()).isEqualTo("adele@contoso.test");
        assertThat(cacheFile).exists();
        String cache = Files.readString(cacheFile);
        assertThat(cache).contains("RefreshToken").contains("adele@contoso.test");
        assertThat(output).doesNotContain(cache.substring(cache.indexOf("sim-rt."), cache.indexOf("sim-rt.") + 20));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile))).isEqualTo("rw-------");
        }
        try (var leftovers = Files.list(cacheFile.getParent())) {
            assertThat(leftovers).containsExactly(cacheFile); // no temporary file left behind
        }
    }

    @Test
    void afterLoginTokensComeSilentlyFromTheCacheAlsoAfterARestart() {
        DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile, "adele@contoso.test");
        int before = simulator.entra().tokenRequestCount();

        IAuthenticationResult first = provider(null).acquire(graph()).join();
        // A restarted app: a new MSAL application that knows only the file.
        IAuthenticationResult afterRestart = provider("adele@contoso.test").acquire(graph()).join();

        assertThat(first.metadata().tokenSource()).isEqualTo(TokenSource.CACHE);
        assertThat(afterRestart.metadata().tokenSource()).isEqualTo(TokenSource.CACHE);
        assertThat(afterRestart.accessToken()).isEqualTo(first.accessToken());
        assertThat(afterRestart.account().username()).isEqualTo("adele@contoso.test");
        assertThat(simulator.entra().tokenRequestCount()).isEqualTo(before);
    }

    @Test
    void anExpiringTokenIsRefreshedWithTheRefreshToken() {
        // Under five minutes left: MSAL treats the token as expired and refreshes it.
        simulator.entra().accessTokenLifetime(Duration.ofSeconds(120));
        DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile, "bob@contoso.test");
        int refreshes = simulator.entra().tokenRequestCount("refresh_token");

        IAuthenticationResult result = provider(null).acquire(graph()).join();

        assertThat(result.metadata().tokenSource()).isEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(result.metadata().cacheRefreshReason()).isEqualTo(CacheRefreshReason.EXPIRED);
        assertThat(simulator.entra().tokenRequestCount("refresh_token")).isEqualTo(refreshes + 1);
    }

    @Test
    void keepAliveRefreshesAnIdleSignInAndPersistsIt() throws Exception {
        DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile, "carol@contoso.test");
        int refreshes = simulator.entra().tokenRequestCount("refresh_token");
        String before = Files.readString(cacheFile);

        provider(null).keepAlive().join();

        assertThat(simulator.entra().tokenRequestCount("refresh_token")).isEqualTo(refreshes + 1);
        assertThat(Files.readString(cacheFile)).isNotEqualTo(before);
    }

    @Test
    void aRevokedSignInFailsAtOnceSayingToRunLoginAgain() {
        simulator.entra().accessTokenLifetime(Duration.ofSeconds(120));
        DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile, "dave@contoso.test");
        simulator.entra().revokeRefreshTokens("dave@contoso.test");
        int requests = simulator.entra().tokenRequestCount();

        assertThatThrownBy(() -> provider(null).acquire(graph()).join()).cause()
                .isInstanceOf(CopilotSignInException.class)
                .hasMessageContaining("invalid_grant")
                .hasMessageContaining("AADSTS50173")
                .hasMessageContaining("the login command of your application")
                .hasMessageNotContaining("camel-copilot-app.jar")
                .satisfies(e -> assertThat(((CopilotSignInException) e).isSignInRequired()).isTrue());
        assertThat(simulator.entra().tokenRequestCount()).isEqualTo(requests + 1); // MSAL did not retry either
    }

    @Test
    void withoutASignInTheErrorSaysToRunLogin() {
        assertThatThrownBy(() -> provider(null).acquire(graph()).join()).cause()
                .isInstanceOf(CopilotSignInException.class)
                .hasMessageContaining("Nobody has signed in")
                .hasMessageContaining("login");
    }

    @Test
    void anAccountNotInTheCacheIsNamed() {
        DeviceCodeLogin.login(simulator, clientId, tenant, cacheFile, "erin@contoso.test");
        assertThatThrownBy(() -> provider("frank@contoso.test").acquire(graph()).join()).cause()
                .isInstanceOf(CopilotSignInException.class)
                .hasMessageContaining("frank@contoso.test is not in the token cache file")
                .hasMessageContaining("erin@contoso.test");
    }
}
