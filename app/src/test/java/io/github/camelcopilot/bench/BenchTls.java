package io.github.camelcopilot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The benchmark's TLS material: a self-signed certificate for localhost (SAN dns:localhost, ip:127.0.0.1), made by
 * keytool on first use in a PKCS12 store under target/, which the server uses as its key and every client as its
 * only trusted certificate (through each client's own SSL settings, never the JVM's defaults).
 */
final class BenchTls {

    static final String PASSWORD = "bench-secret";
    /** EC P-256: the cheapest handshake of the usual choices, so that a cold connection costs the client little. */
    private static final String[] KEY = {"-keyalg", "EC", "-groupname", "secp256r1"};

    private final Path keyStore;

    private BenchTls(Path keyStore) {
        this.keyStore = keyStore;
    }

    /** The store at {@code file}, generated if it does not exist yet. */
    static BenchTls at(Path file) throws IOException, InterruptedException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", KEY[0], KEY[1], KEY[2],
                    KEY[3], "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the benchmark's certificate: " + output);
            }
        }
        return new BenchTls(file.toAbsolutePath());
    }

    Path keyStore() {
        return keyStore;
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the benchmark's certificate " + keyStore, e);
        }
    }

    /** Trusts the benchmark's certificate only (the JDK trusts a key entry's certificate like a trusted one). */
    TrustManagerFactory trustManagers() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load());
            return trust;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's: trusts the benchmark's certificate only. */
    SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same trust as Camel configuration, for the component's {@code sslContextParameters}. */
    SSLContextParameters camelParameters() {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + keyStore);
        store.setType("PKCS12");
        store.setPassword(PASSWORD);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }
}
