package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every engine that does the exchange on the caller's thread must do, against real loopback
 * servers: {@link UrlConnectionEngineTest} and {@link SocketHttpEngineTest} run it on theirs.
 */
@Timeout(30)
abstract class BlockingEngineContract {

    /** {@return a new engine of the kind under test, with the JVM's default TLS settings} */
    abstract HttpEngine engine();

    /** {@return a new engine of the kind under test, trusting what {@code sslContext} trusts} */
    abstract HttpEngine engine(javax.net.ssl.SSLContext sslContext);

    static final Duration HANG = Duration.ofSeconds(10);

    MockJsonRpcServer server;
    String url;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        url = server.uri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpTransport.Builder transport(URI uri) {
        return HttpTransport.newBuilder(uri).engine(engine());
    }

    JsonRpcClient client(URI uri) {
        return JsonRpcClient.newBuilder(transport(uri).build()).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aLargeBase64ResultBindsToItsBytes() {
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(8).nextBytes(bytes);
        server.method("blob", params -> com.fasterxml.jackson.databind.node.TextNode.valueOf(
                java.util.Base64.getEncoder().encodeToString(bytes)));
        try (JsonRpcClient client = client(server.uri())) {
            assertThat(client.request(byte[].class, "blob")).isEqualTo(bytes);
            assertThat(client.request(byte[].class, "blob")).isEqualTo(bytes);
        }
    }

    @Test
    void aCallGoesOutAsAJsonPostWithTheTransportAndCallHeaders() {
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport(server.uri())
                .header("X-Api-Key", "k1").basicAuth("ann", "secret").build()).build()) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(client.with(CallOptions.newBuilder().header("x-api-key", "k2").build())
                    .request(Integer.class, "add", 2, 2)).isEqualTo(4);
        }
        RecordedRequest first = server.takeRequest();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.header("Content-Type")).contains("application/json");
        assertThat(first.header("Accept")).contains("application/json");
        assertThat(first.header("X-Api-Key")).contains("k1");
        assertThat(first.header("Authorization")).isPresent();
        assertThat(first.bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(server.takeRequest().header("X-Api-Key")).contains("k2");
    }

    @Test
    void callsReuseOneKeptAliveConnection() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            String id = request.bodyText().replaceAll(".*\"id\":(\\d+).*", "$1");
            connection.respond(200, "OK", "application/json", "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":" + id + "}");
        }); JsonRpcClient client = client(raw.uri())) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            }
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aHeaderTheEngineSetsItselfIsAUsageErrorAndNothingIsSent() {
        try (JsonRpcClient client = client(server.uri())) {
            assertThatThrownBy(() -> client.with(CallOptions.newBuilder().header("Host", "evil").build())
                    .request("add", 1, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Host");
        }
        assertThat(server.requestCount()).isZero();
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {400, 401, 500})
    void aNonSuccessStatusWithAJsonRpcErrorBodyIsAnErrorResponse(int status) {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\"},"
                + "\"id\":1}").withStatus(status));
        try (JsonRpcClient client = client(server.uri())) {
            assertThatThrownBy(() -> client.request("add", 1, "x"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(-32602);
                        assertThat(e.getMessage())
                                .isEqualTo("error -32602: Invalid params [method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void aServerErrorWithAnHtmlBodyIsATransportExceptionWithTheServersReason() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.respond(502, "Bad Gateway Here", "text/html", "<html><body>upstream down</body></html>");
        }); JsonRpcClient client = client(raw.uri())) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.statusCode()).hasValue(502);
                        assertThat(e.getMessage()).startsWith("HTTP 502 Bad Gateway Here")
                                .contains("upstream down").contains("method add");
                    });
        }
    }

    @Test
    void noContentForARequestIsNoResponse() {
        server.enqueue(MockReply.noContent());
        try (JsonRpcClient client = client(server.uri())) {
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(NoResponseException.class);
        }
    }

    @Test
    void aNotificationAcceptsAnEmptyReply() {
        server.enqueue(MockReply.noContent());
        try (JsonRpcClient client = client(server.uri())) {
            client.notify("log", "hello");
        }
        assertThat(server.takeRequest().bodyText()).doesNotContain("\"id\"");
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {301, 302, 307})
    void aRedirectIsNotFollowed(int status) {
        server.enqueue(MockReply.status(status).withHeader("Location", url + "elsewhere"));
        try (JsonRpcClient client = client(server.uri())) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.statusCode()).hasValue(status));
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aSlowReplyTimesOutAtTheCallsTimeoutAndIsNotSentTwice() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}").withDelay(Duration.ofSeconds(10)));
        try (JsonRpcClient client = client(server.uri())) {
            JsonRpcClient hasty = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
            long start = System.nanoTime();
            assertThatThrownBy(() -> hasty.request("add", 1, 2))
                    .isInstanceOfSatisfying(RequestTimeoutException.class,
                            e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOut() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
            connection.hold();
        }); JsonRpcClient client = JsonRpcClient.newBuilder(transport(raw.uri()).build())
                .timeout(Duration.ofMillis(500)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(RequestTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeReadingTheBody() throws Exception {
        try (RawHttpServer huge = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n");
            connection.hold();
        }); JsonRpcClient client = JsonRpcClient.newBuilder(transport(huge.uri()).build())
                .codec(JsonRpcCodec.newBuilder().maxResponseBytes(1024 * 1024).build()).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE);
                        assertThat(e.getMessage()).isEqualTo("invalid response (TOO_LARGE): the reply is larger than"
                                + " the maximum of 1048576 bytes (10737418240 bytes) [method add, endpoint "
                                + huge.uri() + "]");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        }
    }

    @Test
    void anEndlessChunkedBodyIsCutOffAtTheLimitAndItsConnectionClosed() throws Exception {
        CompletableFuture<Boolean> clientHungUp = new CompletableFuture<>();
        try (RawHttpServer endless = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            clientHungUp.complete(connection.writeChunksUntilHangUp(64 * 1024, Duration.ofSeconds(20)));
        }); JsonRpcClient client = JsonRpcClient.newBuilder(transport(endless.uri()).build())
                .codec(JsonRpcCodec.newBuilder().maxResponseBytes(1024 * 1024).build()).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE));
            assertThat(clientHungUp.get(25, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
        }
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        int port = HttpTestSupport.freePort();
        String endpoint = "http://127.0.0.1:" + port + "/";
        try (JsonRpcClient client = client(URI.create(endpoint))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("could not connect to " + endpoint + ": connection refused [method add, endpoint "
                                    + endpoint + "]"));
        }
    }

    @Test
    void closingTheTransportFailsACallInFlight() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            received.countDown();
            connection.hold();
        })) {
            JsonRpcClient client = client(silent.uri());
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> client.request(Integer.class, "add", 1, 2));
            assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            client.close();
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(JsonRpcClientException.class);
        }
    }

    @Test
    void httpsWithTheCallersSslContext(@TempDir Path dir) {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        try (MockJsonRpcServer https = MockJsonRpcServer.startHttps(certificate.serverContext())) {
            https.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
            try (JsonRpcClient trusting = JsonRpcClient.newBuilder(HttpTransport.newBuilder(https.uri())
                    .engine(engine(certificate.clientContextTrustingIt())).build()).build()) {
                assertThat(trusting.request(Integer.class, "add", 2, 3)).isEqualTo(5);
            }
            try (JsonRpcClient strict = client(https.uri())) {
                assertThatThrownBy(() -> strict.request("add", 1, 2))
                        .isInstanceOf(TransportException.class)
                        .hasMessageStartingWith("TLS failed with " + https.uri());
            }
        }
    }
}
