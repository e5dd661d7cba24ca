package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP transport against a real loopback server: headers, credentials, statuses. */
class HttpTransportTest {

    private MockJsonRpcServer server;
    private String url;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("log", params -> null);
        url = server.uri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private JsonRpcClient clientWith(HttpTransport transport) {
        return JsonRpcClient.newBuilder(transport).build();
    }

    // ---------------------------------------------------------------- headers and credentials

    @Test
    void transportHeadersGoWithEveryCall() {
        try (var client = clientWith(HttpTransport.newBuilder(server.uri()).header("X-Api-Version", "7").build())) {
            client.request("add", 1, 2);
            client.notify("log", 1);
        }

        assertThat(server.takeRequest().header("X-Api-Version")).contains("7");
        assertThat(server.takeRequest().header("X-Api-Version")).contains("7");
    }

    @Test
    void callHeadersAreMergedOverTransportHeadersAndTheCallWinsWhateverTheCase() {
        HttpTransport transport = HttpTransport.newBuilder(server.uri())
                .header("X-Trace", "transport")
                .header("X-Tenant", "acme")
                .build();
        try (var client = clientWith(transport)) {
            client.with(CallOptions.newBuilder().header("x-trace", "call").header("X-Extra", "1").build())
                    .request("add", 1, 2);
            client.request("add", 1, 2);
        }

        RecordedRequest overridden = server.takeRequest();
        assertThat(overridden.headers().get("X-Trace")).containsExactly("call");
        assertThat(overridden.header("X-Tenant")).contains("acme");
        assertThat(overridden.header("X-Extra")).contains("1");
        RecordedRequest plain = server.takeRequest();
        assertThat(plain.headers().get("X-Trace")).containsExactly("transport");
        assertThat(plain.header("X-Extra")).isEmpty();
    }

    @Test
    void clientLevelCallOptionsApplyToEveryCallAndAViewOverridesThem() {
        HttpTransport transport = HttpTransport.of(server.uri());
        try (var client = JsonRpcClient.newBuilder(transport)
                .callOptions(CallOptions.newBuilder().header("X-Client", "base").build())
                .build()) {
            client.request("add", 1, 2);
            client.with(CallOptions.newBuilder().header("X-CLIENT", "view").build()).request("add", 1, 2);
        }

        assertThat(server.takeRequest().headers().get("X-Client")).containsExactly("base");
        assertThat(server.takeRequest().headers().get("X-Client")).containsExactly("view");
    }

    @Test
    void aCallMayReplaceTheContentTypeHeaderWithoutDuplicatingIt() {
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            client.with(CallOptions.newBuilder().header("content-type", "application/json-rpc").build())
                    .request("add", 1, 2);
        }

        assertThat(server.takeRequest().headers().get("Content-Type")).containsExactly("application/json-rpc");
    }

    @Test
    void basicAuthOnTheTransportIsSent() {
        try (var client = clientWith(HttpTransport.newBuilder(server.uri()).basicAuth("alice", "s3cret").build())) {
            client.request("add", 1, 2);
        }

        assertThat(server.takeRequest().header("Authorization")).contains(basic("alice", "s3cret"));
    }

    @Test
    void perCallBasicAuthAndBearerTokenAreSent() {
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            client.with(CallOptions.newBuilder().basicAuth("bob", "pa:ss").build()).request("add", 1, 2);
            client.with(CallOptions.newBuilder().bearerToken("tok-123").build()).request("add", 1, 2);
            client.request("add", 1, 2);
        }

        assertThat(server.takeRequest().header("Authorization")).contains(basic("bob", "pa:ss"));
        assertThat(server.takeRequest().header("Authorization")).contains("Bearer tok-123");
        assertThat(server.takeRequest().header("Authorization")).isEmpty();
    }

    @Test
    void aPerCallBearerTokenReplacesTransportBasicAuth() {
        try (var client = clientWith(HttpTransport.newBuilder(server.uri()).basicAuth("alice", "pw").build())) {
            client.with(CallOptions.newBuilder().bearerToken("tok").build()).request("add", 1, 2);
        }

        assertThat(server.takeRequest().headers().get("Authorization")).containsExactly("Bearer tok");
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuthAndNeverShowInTheEndpoint() {
        URI withCredentials = URI.create("http://us%40er:p%3Ass%40word@127.0.0.1:" + server.port() + "/rpc");
        HttpTransport transport = HttpTransport.of(withCredentials);
        try (var client = clientWith(transport)) {
            client.request("add", 1, 2);

            assertThat(transport.endpoint()).isEqualTo("http://127.0.0.1:" + server.port() + "/rpc");
            assertThat(client.endpoint()).isEqualTo(transport.endpoint());
            assertThat(transport.toString()).doesNotContain("word").doesNotContain("us%40er");
            assertThat(client.toString()).doesNotContain("word");
        }

        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.path()).isEqualTo("/rpc");
        assertThat(recorded.header("Authorization")).contains(basic("us@er", "p:ss@word"));
    }

    @Test
    void credentialsInTheUrlNeverShowInExceptionMessages() {
        server.enqueue(MockReply.status(500).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Internal error</body></html>"));
        URI withCredentials = URI.create("http://admin:hunter2@127.0.0.1:" + server.port() + "/");
        try (var client = JsonRpcClient.newBuilder(HttpTransport.of(withCredentials)).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("endpoint http://127.0.0.1:" + server.port() + "/")
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("admin");
        }
        assertThat(server.takeRequest().header("Authorization")).contains(basic("admin", "hunter2"));
    }

    @Test
    void credentialsInTheUrlNeverShowWhenTheConnectionIsRefused() throws Exception {
        int port = HttpTestSupport.freePort();
        URI withCredentials = URI.create("http://admin:hunter2@127.0.0.1:" + port + "/");
        try (var client = JsonRpcClient.newBuilder(HttpTransport.of(withCredentials)).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    @Timeout(20)
    void aPerCallTimeoutOverridesTheClientsDefault() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}").withDelay(Duration.ofSeconds(10)));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            JsonRpcClient hasty = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
            assertThat(hasty.timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(client.timeout()).isEqualTo(JsonRpcClient.DEFAULT_TIMEOUT);

            long start = System.nanoTime();
            assertThatThrownBy(() -> hasty.request("add", 1, 2))
                    .isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
                        assertThat(e.getMessage()).isEqualTo("no reply within 300ms [method add, endpoint " + url + "]");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            // The view's timeout did not leak into the client: the next call waits for its reply.
            assertThat(client.request(Integer.class, "add", 2, 3)).isEqualTo(5);
        }
    }

    @Test
    void aViewSharesTheIdSequenceAndClosingItLeavesTheClientWorking() {
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            JsonRpcClient view = client.with(CallOptions.newBuilder().header("X-View", "1").build());
            assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
            assertThat(view.request(Integer.class, "add", 2, 2)).isEqualTo(4);
            view.close();
            assertThat(client.request(Integer.class, "add", 3, 3)).isEqualTo(6);
        }

        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(1));
        RecordedRequest viaView = server.takeRequest();
        assertThat(viaView.json().get("id")).isEqualTo(IntNode.valueOf(2));
        assertThat(viaView.header("X-View")).contains("1");
        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(3));
    }

    @Test
    void aHeaderTheHttpClientForbidsIsAUsageErrorNotATransportFailure() {
        // java.net.http refuses to let callers set Host, Connection, Content-Length, Expect, Upgrade.
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.with(CallOptions.newBuilder().header("Host", "evil").build())
                    .request("add", 1, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Host");
        }
        // Refusing it when the transport is built would be as good as when it is used.
        assertThatThrownBy(() -> {
            try (var client = clientWith(HttpTransport.newBuilder(server.uri()).header("Connection", "close").build())) {
                client.request("add", 1, 2);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connection");
        assertThat(server.requestCount()).isZero();
    }

    // ---------------------------------------------------------------- statuses

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {400, 500})
    void aNonSuccessStatusWithAJsonRpcErrorBodyIsAnErrorResponse(int status) {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
                + "\"data\":{\"param\":\"b\"}},\"id\":1}").withStatus(status));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, "x"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.code()).isEqualTo(-32602);
                        assertThat(e.message()).isEqualTo("Invalid params");
                        assertThat(e.data().get("param")).isEqualTo(TextNode.valueOf("b"));
                        assertThat(e.getMessage())
                                .isEqualTo("error -32602: Invalid params [method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void aServerErrorWithAnHtmlBodyIsATransportExceptionWithStatusReasonAndABoundedExcerpt() {
        String html = "<html><head><title>502</title></head><body>" + "upstream down ".repeat(1000) + "</body></html>";
        server.enqueue(MockReply.status(502).withHeader("Content-Type", "text/html").withBody(html));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                        assertThat(e.statusCode()).hasValue(502);
                        assertThat(e.reason()).contains("Bad Gateway");
                        assertThat(e.bodyExcerpt()).get().asString()
                                .startsWith("<html><head><title>502</title></head><body>upstream down")
                                .hasSizeLessThanOrEqualTo(201)
                                .endsWith("…");
                        assertThat(e.getMessage())
                                .startsWith("HTTP 502 Bad Gateway: <html>")
                                .endsWith("[method add, endpoint " + url + "]")
                                .hasSizeLessThan(400);
                    });
        }
    }

    @Test
    void aClientErrorWithAnEmptyBodyIsATransportExceptionWithStatusAndReason() {
        server.enqueue(MockReply.status(404));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.statusCode()).hasValue(404);
                        assertThat(e.reason()).contains("Not Found");
                        assertThat(e.bodyExcerpt()).contains("");
                        assertThat(e.getMessage()).isEqualTo("HTTP 404 Not Found [method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void anUnknownStatusReadsCleanlyInTheMessage() {
        server.enqueue(MockReply.status(599).withHeader("Content-Type", "text/plain").withBody("odd proxy"));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.statusCode()).hasValue(599);
                        assertThat(e.getMessage()).isEqualTo("HTTP 599: odd proxy [method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void aServerErrorForANotificationIsATransportException() {
        server.enqueue(MockReply.status(503));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.notify("log", 1))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.statusCode()).hasValue(503);
                        assertThat(e.getMessage()).isEqualTo("HTTP 503 Service Unavailable [method log, endpoint "
                                + url + "]");
                    });
        }
    }

    @Test
    void anOkWithAnEmptyBodyForARequestIsNoResponse() {
        server.enqueue(MockReply.empty());
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(NoResponseException.class)
                    .hasMessage("the server sent no response to request 1 [method add, endpoint " + url + "]");
        }
    }

    @Test
    void noContentForARequestIsNoResponse() {
        server.enqueue(MockReply.noContent());
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(NoResponseException.class)
                    .hasMessageContaining("method add");
        }
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 202, 204})
    void anyEmptySuccessForANotificationIsFine(int status) {
        server.enqueue(MockReply.status(status));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            client.notify("log", "fine");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void aRedirectIsNotFollowed(int status) {
        server.enqueue(MockReply.status(status).withHeader("Location", url + "elsewhere"));
        try (var client = clientWith(HttpTransport.of(server.uri()))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.statusCode()).hasValue(status);
                        assertThat(e.getMessage()).startsWith("HTTP " + status + " ").contains("method add");
                    });
        }
        assertThat(server.takeRequest().path()).isEqualTo("/");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aCallersHttpClientIsUsedAndNotClosed() {
        var http = java.net.http.HttpClient.newBuilder().build();
        try (var client = clientWith(HttpTransport.newBuilder(server.uri()).httpClient(http).build())) {
            assertThat(client.request(Integer.class, "add", 4, 4)).isEqualTo(8);
        }
        try (var again = clientWith(HttpTransport.newBuilder(server.uri()).httpClient(http).build())) {
            assertThat(again.request(Integer.class, "add", 5, 5)).isEqualTo(10);
        }
    }

    @Test
    void aCustomEngineSeesTheUrlHeadersBodyTimeoutAndLimit() {
        var seen = new java.util.concurrent.atomic.AtomicReference<HttpEngine.Request>();
        HttpEngine engine = request -> {
            seen.set(request);
            return java.util.concurrent.CompletableFuture.completedFuture(new HttpEngine.Response(200, "OK",
                    java.util.Map.of(), "{\"jsonrpc\":\"2.0\",\"result\":9,\"id\":1}".getBytes(StandardCharsets.UTF_8),
                    "HTTP/1.1"));
        };
        URI uri = URI.create("http://u:p@127.0.0.1:1/x");
        try (var client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(uri).engine(engine).build())
                .timeout(Duration.ofSeconds(3)).build()) {
            assertThat(client.request(Integer.class, "add", 4, 5)).isEqualTo(9);
        }
        HttpEngine.Request request = seen.get();
        assertThat(request.uri()).isEqualTo(URI.create("http://127.0.0.1:1/x"));
        assertThat(request.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("Authorization", basic("u", "p"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[4,5],\"id\":1}");
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(request.maxResponseBytes()).isEqualTo(io.jsonrpcclient.JsonRpcCodec.DEFAULT_MAX_RESPONSE_BYTES);
    }

    // ---------------------------------------------------------------- the builder

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreAccepted() {
        assertThatThrownBy(() -> HttpTransport.of(URI.create("ftp://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> HttpTransport.of(URI.create("http:///path")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
    }

    @Test
    void clientSettingsConflictWithACallersHttpClientOrEngine() {
        var http = java.net.http.HttpClient.newHttpClient();
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).httpClient(http)
                .connectTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalStateException.class);
        HttpEngine engine = request -> null;
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).httpClient(http).engine(engine).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> HttpTransport.newBuilder(server.uri()).connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedParamsAndHeadersTravelTogether() {
        try (var client = clientWith(HttpTransport.newBuilder(server.uri()).header("X-A", "1").build())) {
            server.method("named", params -> params);
            client.request("named", Params.named(java.util.Map.of("k", List.of(1, 2))));
        }
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"named\",\"params\":{\"k\":[1,2]},\"id\":1}");
        assertThat(recorded.header("X-A")).contains("1");
    }
}
