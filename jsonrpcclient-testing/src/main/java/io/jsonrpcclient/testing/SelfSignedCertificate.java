package io.jsonrpcclient.testing;

import io.jsonrpcclient.testing.internal.Keytool;
import io.jsonrpcclient.testing.internal.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * A throwaway self-signed EC certificate for {@code 127.0.0.1} and {@code localhost}, made with
 * the running JDK's {@code keytool}, for HTTPS tests.
 *
 * <pre>{@code
 * @TempDir Path dir;
 *
 * SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
 * try (MockJsonRpcServer server = MockJsonRpcServer.startHttps(certificate.serverContext())) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(certificate.clientContextTrustingIt()).build();
 *     // ... or hand certificate.certificatePem() to a tool that takes a CA file ...
 * }
 * }</pre>
 *
 * <p>Generating takes two keytool runs (about a second), so share one instance per test class.
 */
public final class SelfSignedCertificate {

    private static final String ALIAS = "localhost";
    // A fixed password is fine: the key protects nothing but a loopback test server.
    private static final String PASSWORD = "changeit";

    private final Path certificatePem;
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private SelfSignedCertificate(Path certificatePem, SSLContext serverContext, SSLContext clientContext) {
        this.certificatePem = certificatePem;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
    }

    /**
     * Generates a fresh key pair and certificate (valid from now for two days, SAN
     * {@code IP:127.0.0.1, DNS:localhost}) in a new subdirectory of {@code dir}, so that several
     * certificates can share one directory.
     *
     * @param dir an existing writable directory, typically a JUnit {@code @TempDir}
     * @throws UncheckedIOException if keytool is missing, fails or times out (after one minute)
     * @throws IllegalStateException if the generated material cannot be loaded
     */
    public static SelfSignedCertificate generate(Path dir) {
        return generateFor(dir, "ip:127.0.0.1,dns:localhost");
    }

    /**
     * Generates a certificate as {@link #generate(Path)} does, naming only the given subject
     * alternative names: to test that a client checks the host name, give names the server's
     * address is not.
     * <pre>{@code
     * var elsewhere = SelfSignedCertificate.generateFor(dir, "dns:elsewhere.invalid");
     * }</pre>
     *
     * @param dir   an existing writable directory
     * @param names the names in keytool's form, e.g. {@code dns:example.com} or {@code ip:10.0.0.1},
     *              comma-separated
     * @return the certificate
     * @throws UncheckedIOException if keytool is missing, fails or times out
     * @throws IllegalStateException if the generated material cannot be loaded
     */
    public static SelfSignedCertificate generateFor(Path dir, String names) {
        try {
            Path home = Files.createTempDirectory(dir, "self-signed-");
            Path keyStore = home.resolve(ALIAS + ".p12");
            Path pem = home.resolve(ALIAS + ".pem");
            Keytool.run(home,
                    "-genkeypair",
                    "-alias", ALIAS,
                    "-keyalg", "EC",
                    "-groupname", "secp256r1",
                    "-dname", "CN=localhost",
                    "-ext", "SAN=" + names,
                    "-validity", "2",
                    "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(),
                    "-storepass", PASSWORD,
                    "-keypass", PASSWORD,
                    "-noprompt");
            Keytool.run(home,
                    "-exportcert",
                    "-rfc",
                    "-alias", ALIAS,
                    "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(),
                    "-storepass", PASSWORD,
                    "-file", pem.toString());
            return new SelfSignedCertificate(
                    pem,
                    TlsContexts.serving(keyStore, PASSWORD.toCharArray()),
                    TlsContexts.trusting(pem));
        } catch (IOException e) {
            throw new UncheckedIOException("could not generate a self-signed certificate in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not load the generated self-signed certificate", e);
        }
    }

    /** @return a server-side context presenting this certificate; pass it to {@link MockJsonRpcServer#startHttps} */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** @return the certificate alone, PEM encoded ({@code -----BEGIN CERTIFICATE-----}), for clients that take a CA file */
    public Path certificatePem() {
        return certificatePem;
    }

    /** @return a client-side context that trusts this certificate and nothing else */
    public SSLContext clientContextTrustingIt() {
        return clientContext;
    }
}
