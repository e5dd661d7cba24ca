package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsTest {

    @TempDir
    static Path certificates;

    private static SelfSignedCertificate certificate;

    private MockJsonRpcServer server;

    @BeforeAll
    static void generateCertificate() {
        certificate = SelfSignedCertificate.generate(certificates);
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serves_json_rpc_over_https_to_a_client_that_trusts_the_certificate() throws Exception {
        server = MockJsonRpcServer.startHttps(certificate.serverContext());
        server.method("ping", params -> TextNode.valueOf("pong"));

        HttpResponse<String> response = Http.send(Http.client(certificate.clientContextTrustingIt()),
                Http.post(server.uri(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}"));

        assertThat(server.uri().getScheme()).isEqualTo("https");
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"pong\",\"id\":1}");
        assertThat(server.takeRequest().json().get("method").asText()).isEqualTo("ping");
    }

    @Test
    void is_refused_by_a_client_that_trusts_only_the_default_authorities() throws Exception {
        server = MockJsonRpcServer.startHttps(certificate.serverContext());

        assertThatThrownBy(() -> Http.send(Http.client(SSLContext.getDefault()), Http.post(server.uri(), "{}")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void scripted_disconnects_and_streams_work_over_https_too() throws Exception {
        server = MockJsonRpcServer.startHttps(certificate.serverContext());
        server.enqueue(MockReply.empty().withDisconnect());
        server.enqueue(MockReply.stream(1_000_000, (byte) '7'));
        HttpClient client = Http.client(certificate.clientContextTrustingIt());

        assertThatThrownBy(() -> Http.send(client, Http.post(server.uri(), "{}")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        HttpResponse<InputStream> streamed =
                client.send(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = streamed.body()) {
            assertThat(body.readAllBytes()).hasSize(1_000_000).containsOnly('7');
        }
    }

    @Test
    void certificate_pem_is_the_certificate_for_127_0_0_1_and_localhost() throws Exception {
        Path pem = certificate.certificatePem();

        assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(pem)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<String> alternativeNames = x509.getSubjectAlternativeNames().stream()
                .map(entry -> entry.get(1).toString())
                .collect(Collectors.toList());
        assertThat(alternativeNames).containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("EC");
        x509.checkValidity();
    }

    @Test
    void generating_twice_in_one_directory_gives_two_independent_certificates() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate(certificates);

        assertThat(other.certificatePem()).isNotEqualTo(certificate.certificatePem());
        assertThat(Files.readString(other.certificatePem())).isNotEqualTo(Files.readString(certificate.certificatePem()));
        try (MockJsonRpcServer otherServer = MockJsonRpcServer.startHttps(other.serverContext())) {
            // Each client trusts its own certificate only.
            assertThatThrownBy(() -> Http.send(Http.client(certificate.clientContextTrustingIt()),
                            Http.post(otherServer.uri(), "{}", Duration.ofSeconds(5))))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}
