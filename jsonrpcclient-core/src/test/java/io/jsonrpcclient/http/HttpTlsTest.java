package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a real loopback server presenting a self-signed certificate. */
@Timeout(30)
class HttpTlsTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificate;
    private static SelfSignedCertificate stranger;
    private static MockJsonRpcServer server;

    @BeforeAll
    static void start() {
        certificate = SelfSignedCertificate.generate(dir);
        stranger = SelfSignedCertificate.generate(dir);
        server = MockJsonRpcServer.startHttps(certificate.serverContext());
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static int add(HttpTransport transport) {
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build()) {
            return client.request(Integer.class, "add", 2, 3);
        }
    }

    @Test
    void theServerSpeaksHttps() {
        assertThat(server.uri().getScheme()).isEqualTo("https");
    }

    @Test
    void theDefaultClientRejectsASelfSignedCertificateWithATlsTransportException() {
        try (JsonRpcClient client = JsonRpcClient.http(server.uri().toString())) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                        assertThat(e.statusCode()).isEmpty();
                        assertThat(e.getMessage())
                                .startsWith("TLS failed with " + server.uri() + ": ")
                                .contains("(to trust a private CA, give its PEM file)")
                                .endsWith("[method add, endpoint " + server.uri() + "]");
                        assertThat(e.getCause()).isInstanceOf(javax.net.ssl.SSLException.class);
                    });
        }
    }

    @Test
    void trustingTheCertificatesPemFileAcceptsIt() {
        assertThat(add(HttpTransport.newBuilder(server.uri()).trustCertificates(certificate.certificatePem()).build()))
                .isEqualTo(5);
    }

    @Test
    void trustingAnotherCertificateRejectsTheServer() {
        HttpTransport transport = HttpTransport.newBuilder(server.uri())
                .trustCertificates(stranger.certificatePem())
                .build();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageStartingWith("TLS failed with " + server.uri());
        }
    }

    @Test
    void skippingVerificationAcceptsIt() {
        assertThat(add(HttpTransport.newBuilder(server.uri()).insecureSkipTlsVerification().build())).isEqualTo(5);
    }

    @Test
    void aCallersSslContextIsUsed() {
        SSLContext context = certificate.clientContextTrustingIt();
        assertThat(add(HttpTransport.newBuilder(server.uri()).sslContext(context).build())).isEqualTo(5);
    }

    @Test
    void aCallersHttpClientWithItsOwnSslContextIsUsed() {
        var http = java.net.http.HttpClient.newBuilder().sslContext(certificate.clientContextTrustingIt()).build();
        assertThat(add(HttpTransport.newBuilder(server.uri()).httpClient(http).build())).isEqualTo(5);
    }

    @Test
    void aPemFileWithNoCertificateIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "this is not a certificate\n");
        Path key = Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n");

        for (Path file : new Path[] {empty, junk, key}) {
            assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).trustCertificates(file))
                    .as(file.getFileName().toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void aMissingPemFileIsRefused() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).trustCertificates(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void conflictingTlsSettingsAreRefused() {
        Path pem = certificate.certificatePem();
        SSLContext context = certificate.clientContextTrustingIt();

        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).trustCertificates(pem).insecureSkipTlsVerification())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("insecureSkipTlsVerification conflicts with trustCertificates: choose one");
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).insecureSkipTlsVerification().sslContext(context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sslContext conflicts with insecureSkipTlsVerification: choose one");
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).sslContext(context).trustCertificates(pem))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("trustCertificates conflicts with sslContext: choose one");
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).sslContext(context)
                .httpClient(java.net.http.HttpClient.newHttpClient()).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void repeatingTheSameTlsSettingIsNotAConflict() {
        Path pem = certificate.certificatePem();
        assertThat(add(HttpTransport.newBuilder(server.uri()).trustCertificates(pem).trustCertificates(pem).build()))
                .isEqualTo(5);
    }

    @Test
    void tlsSettingsDoNotBreakPlainHttp() {
        try (MockJsonRpcServer plain = MockJsonRpcServer.start()) {
            plain.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
            assertThat(add(HttpTransport.newBuilder(plain.uri()).trustCertificates(certificate.certificatePem()).build()))
                    .isEqualTo(5);
        }
    }
}
