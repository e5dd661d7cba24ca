package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsTest {

    @TempDir
    static Path dir;

    private static SelfSignedCertificate certificate;
    private static MockJsonRpcServer server;
    private static String url;

    @BeforeAll
    static void startHttpsServer() {
        certificate = SelfSignedCertificate.generate(dir);
        server = MockJsonRpcServer.startHttps(certificate.serverContext());
        server.method("ping", params -> TextNode.valueOf("pong"));
        url = server.uri().toString();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }

    @Test
    void cacert_trusts_a_private_certificate() {
        Cli.Result result = Cli.run("call", "--cacert", certificate.certificatePem().toString(), url, "ping");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("\"pong\"\n");
    }

    @Test
    void insecure_skips_verification() {
        Cli.Result result = Cli.run("call", "--insecure", url, "ping");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("\"pong\"\n");
    }

    @Test
    void an_untrusted_certificate_is_a_transport_failure() {
        Cli.Result result = Cli.run("call", url, "ping");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).startsWith("jsonrpc: TLS failed with " + url);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void a_cacert_file_without_a_certificate_is_a_usage_error() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        Cli.Result result = Cli.run("call", "--cacert", notPem.toString(), url, "ping");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("jsonrpc call: ");
    }
}
