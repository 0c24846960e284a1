package io.github.camelcopilot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up of the packaged app with its example routes: from launching {@code java -jar} to Camel's "started"
 * line on its console, which Camel Main prints once every route has started. The app is stopped right after.
 */
final class AppStartup {

    private static final Pattern STARTED = Pattern.compile("Apache Camel \\S+ \\(\\S+\\) started in (\\S+)");

    private AppStartup() {
    }

    /** Median of {@code runs} start-ups, or a note saying why it was skipped. */
    static Map<String, Object> measure(Path projectDir, int runs) throws IOException, InterruptedException {
        Map<String, Object> result = new LinkedHashMap<>();
        Path jar = projectDir.resolve("target/camel-copilot-app.jar");
        if (!Files.isRegularFile(jar)) {
            result.put("skipped", "target/camel-copilot-app.jar does not exist (build it with mvn package)");
            return result;
        }
        List<Long> millis = new ArrayList<>();
        String camelReported = null;
        for (int i = 0; i < runs; i++) {
            String java = System.getProperty("java.home") + "/bin/java";
            long start = System.nanoTime();
            Process app = new ProcessBuilder(java, "-jar", jar.toString()).directory(projectDir.toFile())
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        camelReported = started.group(1);
                        break;
                    }
                }
            } finally {
                app.destroy();
                if (!app.waitFor(10, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
        if (millis.isEmpty()) {
            result.put("skipped", "the app never printed Camel's started line");
            return result;
        }
        millis.sort(Long::compare);
        result.put("runs", millis);
        result.put("medianMillis", millis.get(millis.size() / 2));
        result.put("camelReportedLastRun", camelReported);
        return result;
    }
}
