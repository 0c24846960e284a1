package io.github.camelcopilot.internal.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import io.github.camelcopilot.simulator.CopilotSimulator;

import static org.awaitility.Awaitility.await;

/**
 * A device-code sign-in into a token cache file, as the app's login command makes it
 * ({@link MsalApplications#signInByDeviceCode}), with the test playing the person at the browser.
 */
public final class DeviceCodeLogin {

    /** What the person was shown and who signed in. */
    public record Login(String deviceCodeMessage, String username) {
    }

    private DeviceCodeLogin() {
    }

    /** Signs in as {@code user}, approving the device code once it is shown; the cache file holds the account. */
    public static Login login(CopilotSimulator simulator, String clientId, String tenant, Path cacheFile, String user) {
        MsalAppSettings settings = MsalTestSupport.tokenCache(simulator, clientId, tenant, cacheFile, null);
        AtomicReference<String> shown = new AtomicReference<>();
        List<String> before = simulator.entra().pendingUserCodes();
        CompletableFuture<IAuthenticationResult> result = MsalApplications.signInByDeviceCode(
                MsalApplications.publicClient(settings, MsalTestSupport.HTTP, MsalTestSupport.EXECUTOR),
                Set.of("https://graph.microsoft.com/.default"), code -> shown.set(code.message()));
        String userCode = await().atMost(Duration.ofSeconds(10)).until(
                () -> simulator.entra().pendingUserCodes().stream().filter(code -> !before.contains(code)).findFirst(),
                Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().contains(userCode));
        simulator.entra().approveDeviceCode(userCode, user);
        return new Login(shown.get(), result.join().account().username());
    }
}
