package io.github.camelcopilot.component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.camelcopilot.client.CopilotException;
import io.github.camelcopilot.component.HostileServerTest.Rig;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.github.camelcopilot.component.HostileServerTest.assertClearError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS certificate and host name checks stay on. Without sslContextParameters the component's HTTP client takes the
 * JVM's default SSLContext, so those cases trust a test certificate by swapping that default while the route starts
 * (the client is built then) and restoring it at once; with sslContextParameters (a truststore file, as a corporate
 * CA would come) the JVM's trust is left alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsChecksTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String CONVERSATION = "{\"id\":\"conv-tls\",\"turnCount\":0,\"messages\":[]}";

    @TempDir
    static Path dir;
    /** Issued for 127.0.0.1, where the server listens: right host, but self-signed. */
    private static KeyStore forLoopback;
    /** Issued for example.org only: the wrong host for a server at 127.0.0.1. */
    private static KeyStore forExampleOrg;

    @BeforeAll
    static void createCertificates() throws Exception {
        forLoopback = keyPair("loopback", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        forExampleOrg = keyPair("example", "CN=example.org", "SAN=dns:example.org");
    }

    @Test
    void aSelfSignedCertificateIsRefusedAndNotRetried() throws Exception {
        try (HostileServer server = HostileServer.startTls(serving(forLoopback), TlsChecksTest::conversation);
             Rig rig = new Rig(server, "copilot:createConversation", null)) {
            CopilotException error = assertRefusedOnce(server, rig.request(""), "certification path");
            assertThat(error.getStatusCode()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefusedAndNotRetried() throws Exception {
        try (HostileServer server = HostileServer.startTls(serving(forExampleOrg), TlsChecksTest::conversation);
             Rig rig = trustingWhileStarting(forExampleOrg, server, "copilot:chat?conversationId=conv-tls")) {
            CopilotException error = assertRefusedOnce(server, rig.request("Who are you?"), "127.0.0.1");
            assertThat(error.getCause()).hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        }
    }

    @Test
    void theSameTrustWithTheRightHostWorks() throws Exception {
        // the control for the case above: trusting the certificate is all it takes when the host matches
        try (HostileServer server = HostileServer.startTls(serving(forLoopback), TlsChecksTest::conversation);
             Rig rig = trustingWhileStarting(forLoopback, server, "copilot:createConversation")) {
            Exchange result = rig.request("");

            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isEqualTo("conv-tls");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void sslContextParametersWithACorporateTruststoreTrustTheCertificate() throws Exception {
        try (HostileServer server = HostileServer.startTls(serving(forLoopback), TlsChecksTest::conversation);
             CamelContext camel = contextFor(server)) {
            camel.getRegistry().bind("corporateTls", trusting("loopback"));
            camel.start();

            Exchange result = camel.createProducerTemplate()
                    .request("copilot:createConversation?sslContextParameters=#corporateTls", e -> { });

            assertThat(result.getException()).isNull();
            assertThat(result.getMessage().getHeader(CopilotConstants.CONVERSATION_ID)).isEqualTo("conv-tls");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void theGlobalSslContextParametersApplyWhenTheComponentUsesThem() throws Exception {
        try (HostileServer server = HostileServer.startTls(serving(forLoopback), TlsChecksTest::conversation);
             CamelContext camel = contextFor(server)) {
            camel.setSSLContextParameters(trusting("loopback"));
            camel.getComponent("copilot", CopilotComponent.class).setUseGlobalSslContextParameters(true);
            camel.start();

            Exchange result = camel.createProducerTemplate().request("copilot:createConversation", e -> { });

            assertThat(result.getException()).isNull();
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void sslContextParametersStillCheckTheHostName() throws Exception {
        try (HostileServer server = HostileServer.startTls(serving(forExampleOrg), TlsChecksTest::conversation);
             CamelContext camel = contextFor(server)) {
            camel.getRegistry().bind("corporateTls", trusting("example"));
            camel.start();

            Exchange result = camel.createProducerTemplate()
                    .request("copilot:createConversation?sslContextParameters=#corporateTls", e -> { });

            assertRefusedOnce(server, result, "127.0.0.1");
        }
    }

    /** A context pointed at the server, not started, so that a test can bind its TLS settings first. */
    private static CamelContext contextFor(HostileServer server) {
        CamelContext camel = new DefaultCamelContext();
        CopilotConfiguration config = camel.getComponent("copilot", CopilotComponent.class).getConfiguration();
        config.setBaseUrl(server.baseUrl());
        config.setAccessToken("tls-test-token");
        config.setInitialRetryDelay(20);
        return camel;
    }

    /** Camel's SSLContextParameters with a truststore file holding the named test certificate. */
    private static SSLContextParameters trusting(String name) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + dir.resolve(name + ".p12"));
        store.setPassword(new String(PASSWORD));
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }

    /** The handshake failed with a clear message, on the one connection tried: no request went through. */
    private static CopilotException assertRefusedOnce(HostileServer server, Exchange result, String detail) {
        CopilotException error = assertClearError(result, "TLS handshake refused", "not retried", detail,
                "javax.net.ssl.trustStore");
        assertThat(server.requests()).as("no request got through").isZero();
        assertThat(server.connections()).as("not retried (maxRetries is 3)").isEqualTo(1);
        return error;
    }

    private static void conversation(HostileServer.Connection c) throws IOException {
        c.head(201, "application/json", CONVERSATION.length());
        c.write(CONVERSATION);
    }

    /** Starts the route with the JVM's default SSLContext trusting {@code trusted}, then restores the default. */
    private static Rig trustingWhileStarting(KeyStore trusted, HostileServer server, String uri) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);
        SSLContext.setDefault(trusting);
        try {
            return new Rig(server, uri, null);
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private static SSLContext serving(KeyStore keys) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** A fresh EC key pair and self-signed certificate, made by the JDK's keytool into a PKCS12 file. */
    private static KeyStore keyPair(String name, String dname, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", dname, "-ext", san, "-validity", "2", "-keystore",
                file.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass",
                new String(PASSWORD), "-noprompt"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}
