package io.github.camelcopilot.app;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** The packaged app run as its own process in a working directory of its own, the way a user runs it. */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the app jar in {@code dir} with the given system properties and waits for its start-up banner. */
    static AppProcess start(Path dir, String... systemProperties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.add("-jar");
        command.add(new File(System.getProperty("app.jar", "target/camel-copilot-app.jar")).getAbsolutePath());
        Path log = dir.resolve("app-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        AppProcess app = new AppProcess(process, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.log().contains("camel-copilot is running") || !process.isAlive());
        } catch (RuntimeException | Error notStarted) {
            process.destroyForcibly(); // an app that never became ready must not outlive the test
            throw notStarted;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("The app did not start:\n" + app.log());
        }
        return app;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return log;
    }

    String log() throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and waits for the process to end. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Copies the repository's folders such as routes/ and config/ into a working directory. */
    static void copyInto(Path dir, String... folders) throws Exception {
        for (String folder : folders) {
            Path from = Repository.path(folder);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.toList()) {
                    Path target = dir.resolve(folder).resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
        }
    }
}
