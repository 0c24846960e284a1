package io.github.camelcopilot.app;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.SimulatorReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app jar as a person uses it for {@code authMode=tokenCache}: {@code login} once (device code flow,
 * approved here as the person would in a browser), then the app runs a YAML route that signs in silently from the
 * persisted cache, in a new process, without another sign-in.
 */
class LoginCommandIT {

    private static final String ROUTE = """
            - route:
                from:
                  uri: timer:once
                  parameters:
                    repeatCount: 1
                  steps:
                    - setBody:
                        constant: "What changed this week?"
                    - to: copilot:chat
                    - to: file:out?fileName=answer.txt
            """;

    private final CopilotSimulator simulator = CopilotSimulator.start();
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        simulator.close();
    }

    @Test
    void loginOnceThenTheAppSignsInSilentlyFromTheCache(@TempDir Path dir) throws Exception {
        simulator.acceptTokens(); // only tokens of the simulated Entra
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), String.join("\n",
                "camel.component.copilot.baseUrl = " + simulator.baseUrl(),
                "camel.component.copilot.clientId = app-it-" + UUID.randomUUID(),
                "camel.component.copilot.authority = https://login.fake.test/" + UUID.randomUUID() + "/",
                "camel.component.copilot.authorityEndpoint = " + simulator.authorityEndpoint(),
                "camel.component.copilot.tokenCacheFile = secrets/copilot-token-cache.json", ""));
        Files.writeString(dir.resolve("r.yaml"), ROUTE);

        Path loginOutput = dir.resolve("login.log");
        process = java(dir, loginOutput, "login");
        String userCode = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> simulator.entra().pendingUserCodes(), codes -> !codes.isEmpty() || !process.isAlive())
                .get(0);
        simulator.entra().approveDeviceCode(userCode, "adele@contoso.test");
        assertThat(process.waitFor()).as(Files.readString(loginOutput)).isZero();
        assertThat(Files.readString(loginOutput, StandardCharsets.UTF_8))
                .contains(userCode).contains("/devicelogin").contains("Signed in as adele@contoso.test");
        assertThat(dir.resolve("secrets/copilot-token-cache.json")).exists();
        // the tokens it wrote to the cache are never printed
        String cache = Files.readString(dir.resolve("secrets/copilot-token-cache.json"));
        Matcher issued = Pattern.compile("sim-(?:at|rt)\\.[A-Za-z0-9_-]+").matcher(cache);
        int tokens = 0;
        while (issued.find()) {
            tokens++;
            assertThat(Files.readString(loginOutput, StandardCharsets.UTF_8)).doesNotContain(issued.group());
        }
        assertThat(tokens).as("tokens in the cache file").isPositive();
        int tokenRequests = simulator.entra().tokenRequestCount();

        Path appOutput = dir.resolve("app.log");
        process = java(dir, appOutput, "-Dcamel.main.routesIncludePattern=file:r.yaml");
        Path answer = dir.resolve("out/answer.txt");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(answer) || !process.isAlive());

        assertThat(answer).as(Files.readString(appOutput)).exists();
        assertThat(Files.readString(answer)).isEqualTo(SimulatorReplies.replyFor("What changed this week?"));
        assertThat(simulator.entra().tokenRequestCount()).isEqualTo(tokenRequests); // served from the cache file
        assertThat(simulator.requests()).allMatch(request -> request.header("Authorization").startsWith("Bearer sim-at."));
    }

    /** {@code java [option] -jar app.jar} or {@code java -jar app.jar login} in {@code dir}. */
    private static Process java(Path dir, Path output, String argument) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath();
        List<String> command = argument.equals("login") ? List.of(javaBin, "-jar", jar, "login")
                : List.of(javaBin, argument, "-jar", jar);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }
}
