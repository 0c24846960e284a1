package io.github.camelcopilot.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate a TLS simulator serves and how clients trust it. It is self-signed for {@code localhost} and
 * {@code 127.0.0.1} (valid until 2126), and ships in the test kit's jar as a PKCS#12 trust store holding only that
 * certificate: reference it as {@code classpath:}{@link #TRUST_STORE_RESOURCE}, or as a file at
 * {@link #trustStorePath()}, with the password {@link #TRUST_STORE_PASSWORD}; or take {@link #clientSslContext()}.
 * The server's key is a test fixture published in the same jar: trust this certificate in tests only.
 */
public final class SimulatorTls {

    /** The trust store's class path resource name (for {@code classpath:} references). */
    public static final String TRUST_STORE_RESOURCE = "io/github/camelcopilot/simulator/simulator-truststore.p12";
    /** The password of the trust store (and of the server's key store). */
    public static final String TRUST_STORE_PASSWORD = "simulator";
    /** The trust store's type. */
    public static final String TRUST_STORE_TYPE = "PKCS12";

    private static final String SERVER_KEY_STORE_RESOURCE = "io/github/camelcopilot/simulator/simulator-server.p12";

    private static volatile Path trustStoreFile;

    private SimulatorTls() {
    }

    /** The trust store's class path URL. */
    public static URL trustStoreUrl() {
        URL url = SimulatorTls.class.getClassLoader().getResource(TRUST_STORE_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("The test kit's trust store is missing: " + TRUST_STORE_RESOURCE);
        }
        return url;
    }

    /**
     * The trust store as a file (a copy made once per JVM, deleted on exit), for settings that take a {@code file:}
     * path such as {@code camel.ssl.trustStore}.
     */
    public static synchronized Path trustStorePath() {
        if (trustStoreFile == null || !Files.isRegularFile(trustStoreFile)) {
            try (InputStream in = trustStoreUrl().openStream()) {
                Path copy = Files.createTempFile("copilot-simulator-truststore", ".p12");
                copy.toFile().deleteOnExit();
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                trustStoreFile = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy the simulator's trust store", e);
            }
        }
        return trustStoreFile;
    }

    /** The trust store, loaded. */
    public static KeyStore trustStore() {
        return load(TRUST_STORE_RESOURCE);
    }

    /** A TLS context that trusts the simulator's certificate (and nothing else). */
    public static SSLContext clientSslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a TLS context trusting the simulator", e);
        }
    }

    /** The server's side: its key and certificate. */
    static SSLContext serverSslContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(SERVER_KEY_STORE_RESOURCE), TRUST_STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the simulator's server TLS context", e);
        }
    }

    private static KeyStore load(String resource) {
        try (InputStream in = SimulatorTls.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the test kit: " + resource);
            }
            KeyStore store = KeyStore.getInstance(TRUST_STORE_TYPE);
            store.load(in, TRUST_STORE_PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }
}
