package io.github.camelcopilot.component;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The child JVM of {@link EnvironmentProxyTest}: a Camel Main application configured as a user would, the service's
 * certificate trusted through {@code camel.ssl.*} and not one proxy setting: the proxy, if any, comes from the
 * process's environment. Sends a chat and a stream and prints their answers; exits 1 with the failure otherwise.
 * <p>
 * Arguments: the base URL, the trust store file, its password, the access token.
 */
public final class ProxiedFromEnvironmentMain {

    private ProxiedFromEnvironmentMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.ssl.enabled", "true");
        main.addInitialProperty("camel.ssl.trustStore", "file:" + args[1]);
        main.addInitialProperty("camel.ssl.trustStorePassword", args[2]);
        main.addInitialProperty("camel.component.copilot.useGlobalSslContextParameters", "true");
        main.addInitialProperty("camel.component.copilot.baseUrl", args[0]);
        main.addInitialProperty("camel.component.copilot.accessToken", args[3]);
        String[] failure = new String[1];
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                try (ProducerTemplate template = started.getCamelContext().createProducerTemplate()) {
                    for (String uri : new String[] {"copilot:chat", "copilot:chatOverStream?streamMode=final"}) {
                        Exchange done = template.send(uri, exchange -> exchange.getMessage().setBody("From the pod"));
                        if (done.getException() != null) {
                            failure[0] = uri + ": " + done.getException().getMessage();
                            break;
                        }
                        System.out.println("answered " + uri + ": " + done.getMessage().getBody(String.class));
                    }
                } catch (Exception e) {
                    failure[0] = e.toString();
                }
                main.completed();
            }
        });
        main.run();
        if (failure[0] != null) {
            System.out.println("failed " + failure[0]);
            System.exit(1);
        }
        System.exit(0);
    }
}
