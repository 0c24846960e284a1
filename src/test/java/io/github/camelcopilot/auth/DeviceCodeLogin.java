package io.github.camelcopilot.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.github.camelcopilot.app.LoginCommand;
import io.github.camelcopilot.simulator.CopilotSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The app's login command run for real against the simulator, with the test playing the person at the browser. */
public final class DeviceCodeLogin {

    private DeviceCodeLogin() {
    }

    /** Runs the login command as a person would, approving the device code as {@code user} once it is shown. */
    public static String login(CopilotSimulator simulator, String clientId, String tenant, Path cacheFile, String user) {
        Properties properties = new Properties();
        properties.setProperty("camel.component.copilot.clientId", clientId);
        properties.setProperty("camel.component.copilot.authority", "https://login.fake.test/" + tenant);
        properties.setProperty("camel.component.copilot.authorityEndpoint", simulator.authorityEndpoint());
        properties.setProperty("camel.component.copilot.tokenCacheFile", cacheFile.toString());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        List<String> before = simulator.entra().pendingUserCodes();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> LoginCommand.run(new String[] { "login" }, properties, out));
        String userCode = await().atMost(Duration.ofSeconds(10)).until(
                () -> simulator.entra().pendingUserCodes().stream().filter(code -> !before.contains(code)).findFirst(),
                Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.toString(StandardCharsets.UTF_8).contains(userCode));
        simulator.entra().approveDeviceCode(userCode, user);
        assertThat(exit.join()).as(output.toString(StandardCharsets.UTF_8)).isZero();
        return output.toString(StandardCharsets.UTF_8);
    }

}
