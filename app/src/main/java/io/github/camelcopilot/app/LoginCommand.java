package io.github.camelcopilot.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.PublicClientApplication;
import io.github.camelcopilot.auth.CopilotSignInException;
import io.github.camelcopilot.internal.auth.MsalAppSettings;
import io.github.camelcopilot.internal.auth.MsalApplications;
import io.github.camelcopilot.internal.auth.SignInHttp;
import io.github.camelcopilot.internal.client.HttpTransport;

/**
 * {@code java -jar target/camel-copilot-app.jar login}: signs a person in once with the device code flow (prints the
 * verification URL and code, waits until they have signed in in a browser, reports who signed in) and writes the
 * MSAL token cache to {@code tokenCacheFile}, from where routes with {@code authMode=tokenCache} then acquire tokens
 * silently.
 * <p>
 * Settings are the component's own properties, {@code camel.component.copilot.} + {@code clientId}, {@code tenantId},
 * {@code authority}, {@code authorityEndpoint}, {@code tokenCacheFile}, {@code scopes} and {@code connectTimeout}
 * (milliseconds), read from {@code config/application.properties} in the working directory and overridden by
 * {@code -D} system properties. Placeholders such as {@code {{env:X}}} are not resolved here.
 */
public final class LoginCommand {

    static final String PREFIX = "camel.component.copilot.";
    static final Path APPLICATION_PROPERTIES = Path.of("config", "application.properties");
    private static final String DEFAULT_SCOPES = "https://graph.microsoft.com/.default";

    private LoginCommand() {
    }

    /** Runs with the app's properties (config file, then system properties); returns the process exit code. */
    public static int run(String[] args, PrintStream out) {
        Properties properties = new Properties();
        if (Files.isRegularFile(APPLICATION_PROPERTIES)) {
            try (InputStream in = Files.newInputStream(APPLICATION_PROPERTIES)) {
                properties.load(in);
            } catch (IOException e) {
                out.println("Cannot read " + APPLICATION_PROPERTIES + ": " + e.getMessage());
                return 2;
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX))
                .forEach(name -> properties.setProperty(name, System.getProperty(name)));
        return run(args, properties, out);
    }

    /** Runs with the given properties; returns the process exit code (0 signed in, 1 failed, 2 misconfigured). */
    public static int run(String[] args, Properties properties, PrintStream out) {
        String clientId = setting(properties, "clientId");
        String tenantId = setting(properties, "tenantId");
        String authority = setting(properties, "authority");
        String cacheFile = setting(properties, "tokenCacheFile");
        String missing = clientId == null ? "clientId" : cacheFile == null ? "tokenCacheFile"
                : authority == null && tenantId == null ? "tenantId (or authority)" : null;
        if (missing != null) {
            out.println("login needs " + PREFIX + missing + " (in " + APPLICATION_PROPERTIES + " or as -D"
                        + PREFIX + missing.split(" ")[0] + "=...)");
            return 2;
        }
        String endpoint = setting(properties, "authorityEndpoint");
        Duration connectTimeout = Duration.ofMillis(Long.parseLong(
                properties.getProperty(PREFIX + "connectTimeout", "10000").trim()));
        Set<String> scopes = new LinkedHashSet<>(Arrays.stream(properties.getProperty(PREFIX + "scopes", DEFAULT_SCOPES)
                .split(",")).map(String::trim).filter(scope -> !scope.isEmpty()).toList());
        Path file = Path.of(cacheFile).toAbsolutePath();
        MsalAppSettings settings = new MsalAppSettings(MsalAppSettings.Kind.TOKEN_CACHE, clientId,
                authority != null ? (authority.endsWith("/") ? authority : authority + "/")
                        : MsalAppSettings.defaultAuthority(tenantId),
                endpoint == null ? null : URI.create(endpoint), null, null, null, file, null,
                Duration.ofSeconds(60));

        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "copilot-login");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // The component's transport, on the JVM's TLS and proxy settings: the same HTTP stack as the routes.
            SignInHttp http = HttpTransport.standalone(connectTimeout, "copilot-login-io").signInHttp();
            PublicClientApplication application = MsalApplications.publicClient(settings, http, executor);
            out.println("Signing in to " + settings.authority() + " as app " + clientId + " for " + scopes);
            IAuthenticationResult result = MsalApplications.signInByDeviceCode(application, scopes, code -> {
                out.println(code.message());
                out.flush();
            }).get();
            out.println("Signed in as " + result.account().username() + ". The token cache is in " + file
                        + " (readable by its owner only); routes with authMode=tokenCache now sign in silently.");
            return 0;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            out.println("Sign-in failed: " + (cause instanceof CopilotSignInException ? cause.getMessage()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Sign-in interrupted");
            return 1;
        } catch (RuntimeException e) {
            out.println("Sign-in failed: " + e.getMessage());
            return 1;
        } finally {
            executor.shutdownNow();
        }
    }

    private static String setting(Properties properties, String option) {
        String value = properties.getProperty(PREFIX + option);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
