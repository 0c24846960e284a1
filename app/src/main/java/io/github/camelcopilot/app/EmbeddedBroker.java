package io.github.camelcopilot.app;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Gives the jms component a broker: the one at {@code copilot.broker.url} when set, otherwise an embedded ActiveMQ
 * Artemis broker (in-VM for the app, and on a loopback TCP port for other clients) with a persistent journal, so
 * queued requests survive a restart.
 */
final class EmbeddedBroker extends MainListenerSupport {

    static final String BROKER_URL = "copilot.broker.url";
    static final String BROKER_USER = "copilot.broker.user";
    static final String BROKER_PASSWORD = "copilot.broker.password";
    static final String BROKER_PORT = "copilot.broker.port";
    static final String DATA_DIR = "copilot.data.dir";
    /** A safety net under the routes' own redelivery: a message that keeps failing ends in the DLQ, never loops. */
    static final int MAX_DELIVERY_ATTEMPTS = 5;

    private EmbeddedActiveMQ broker;
    private String description;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Optional<String> url = properties.resolveProperty(BROKER_URL).filter(value -> !value.isBlank());
        ConnectionFactory connectionFactory;
        if (url.isPresent()) {
            connectionFactory = new ActiveMQConnectionFactory(url.get(),
                    properties.resolveProperty(BROKER_USER).orElse(null),
                    properties.resolveProperty(BROKER_PASSWORD).orElse(null));
            description = "ActiveMQ Artemis at " + url.get();
        } else {
            int port = properties.resolveProperty(BROKER_PORT).map(Integer::parseInt).orElse(61616);
            Path journal = Path.of(properties.resolveProperty(DATA_DIR).orElse("data"), "broker").toAbsolutePath();
            start(port, journal);
            connectionFactory = new ActiveMQConnectionFactory("vm://0");
            description = "embedded ActiveMQ Artemis (in-VM, and tcp://127.0.0.1:" + port + "; journal " + journal
                          + ")";
        }
        main.getCamelContext().getComponent("jms", JmsComponent.class).setConnectionFactory(connectionFactory);
    }

    private void start(int port, Path journal) {
        try {
            Configuration configuration = new ConfigurationImpl()
                    .setName("camel-copilot")
                    .setPersistenceEnabled(true)
                    .setJournalDirectory(journal.resolve("journal").toString())
                    .setBindingsDirectory(journal.resolve("bindings").toString())
                    .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                    .setPagingDirectory(journal.resolve("paging").toString())
                    .setSecurityEnabled(false)
                    .addAcceptorConfiguration("in-vm", "vm://0")
                    .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
            configuration.addAddressSetting("#", new AddressSettings()
                    .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setAutoCreateDeadLetterResources(true)
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateExpiryResources(true));
            broker = new EmbeddedActiveMQ().setConfiguration(configuration);
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded ActiveMQ Artemis broker on port " + port
                                            + " (set " + BROKER_PORT + " or " + BROKER_URL + ")", e);
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (broker != null) {
            try {
                broker.stop();
            } catch (Exception e) {
                // the app is going down anyway; the journal is consistent after each commit
            }
        }
    }

    String describe() {
        return description;
    }
}
