package io.github.camelcopilot.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import io.github.camelcopilot.internal.auth.MsalAppSettings;
import io.github.camelcopilot.internal.auth.MsalApplications;
import io.github.camelcopilot.internal.auth.SignInHttp;
import io.github.camelcopilot.internal.client.HttpTransport;
import io.github.camelcopilot.component.CopilotAuthMode;
import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.component.CopilotConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Sets up what the HTTP routes need once the component is configured: the {@link HttpCallers} bean, and the
 * {@value #CALLER_COMPONENT} component, a copy of the {@code copilot} component's settings that signs in only
 * on-behalf-of the HTTP caller (with the app registration of {@link HttpAuthSettings}). The routes send a verified
 * caller's messages there, so that neither a static token nor a token cache of the other routes ever serves an HTTP
 * caller. Without an app registration that component has no token at all.
 */
final class HttpCallerSetup extends MainListenerSupport {

    /** The component the HTTP routes call Copilot with on behalf of their caller. */
    static final String CALLER_COMPONENT = "copilot-caller";
    private static final Duration SIGN_IN_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGN_IN_READ_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedSimulator simulator;
    private HttpAuthSettings settings;

    HttpCallerSetup(EmbeddedSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        settings = HttpAuthSettings.read(context.getPropertiesComponent(), !simulator.embedded());
        CallerSessions sessions = new CallerSessions(Clock.systemUTC());
        CallerTokenVerifier verifier = null;
        PageSignIn signIn = null;
        if (settings.configured()) {
            verifier = new CallerTokenVerifier(settings);
            // MSAL's blocking calls wait here; the transport's own I/O thread carries them.
            ExecutorService signInThreads = context.getExecutorServiceManager()
                    .newFixedThreadPool(this, "copilot-http-sign-in", 2);
            SignInHttp http = HttpTransport.standalone(SIGN_IN_CONNECT_TIMEOUT, "copilot-http-sign-in-io").signInHttp();
            ConfidentialClientApplication msal = MsalApplications.confidentialClient(new MsalAppSettings(
                    MsalAppSettings.Kind.ON_BEHALF_OF, settings.clientId(), settings.authority(),
                    settings.authorityEndpoint(), settings.clientSecret(), null, null, null, null,
                    SIGN_IN_READ_TIMEOUT), http, signInThreads);
            signIn = new PageSignIn(settings, msal, sessions, verifier);
        }
        HttpCallers callers = new HttpCallers(settings, verifier, sessions, signIn);
        context.getRegistry().bind(HttpCallers.BEAN, callers);
        context.getRegistry().bind(MetricsScrape.BEAN, new MetricsScrape(callers,
                context.getPropertiesComponent().resolveProperty(MetricsScrape.TOKEN).orElse(null)));
        context.addComponent(CALLER_COMPONENT, callerComponent(context));
    }

    private CopilotComponent callerComponent(CamelContext context) {
        CopilotConfiguration config = context.getComponent("copilot", CopilotComponent.class).getConfiguration().copy();
        config.setAccessToken(null);
        config.setTokenProvider(null);
        config.setTokenCacheFile(null);
        config.setAccount(null);
        config.setCertificateFile(null);
        config.setCertificatePassword(null);
        config.setTenantId(null);
        if (settings.configured()) {
            config.setAuthMode(CopilotAuthMode.onBehalfOf);
            config.setClientId(settings.clientId());
            config.setClientSecret(settings.clientSecret());
            config.setAuthority(settings.authority());
            config.setAuthorityEndpoint(settings.authorityEndpoint() == null ? null
                    : settings.authorityEndpoint().toString());
        } else {
            // Never reached (HttpCallers answers 503 first), and holding no token if it were.
            config.setAuthMode(CopilotAuthMode.accessToken);
            config.setClientId(null);
            config.setClientSecret(null);
        }
        CopilotComponent component = new CopilotComponent();
        component.setConfiguration(config);
        return component;
    }

    /** For the banner: who may call over HTTP. */
    String describe() {
        if (settings == null) {
            return "not set up";
        }
        if (!settings.configured()) {
            return settings.required() ? "an Entra token is required, but sign-in is not configured: "
                                         + settings.missing() + " (HTTP callers get 503)"
                    : "anonymous only (sign-in not configured)";
        }
        String who = settings.required() ? "an Entra token for " + settings.apiScope() + " is required"
                : "anonymous allowed (the simulator answers); the page signs in with the simulated Entra";
        return who + "; signed-in callers act as themselves (on-behalf-of)";
    }
}
