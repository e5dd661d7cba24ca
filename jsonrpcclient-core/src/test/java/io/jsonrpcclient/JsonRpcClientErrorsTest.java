package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.http.HttpTestSupport;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.http.RawHttpServer;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a call over HTTP can fail, against real loopback servers: the exception's type, its
 * message (which names the method and the endpoint) and its details.
 */
@Timeout(30)
class JsonRpcClientErrorsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Generous: only there to catch a hang, never to measure. */
    private static final Duration HANG = Duration.ofSeconds(5);

    private MockJsonRpcServer server;
    private JsonRpcClient client;
    private String url;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        url = server.uri().toString();
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private String context(String method) {
        return " [method " + method + ", endpoint " + url + "]";
    }

    private static JsonRpcClient clientFor(URI uri, Duration timeout) {
        return JsonRpcClient.newBuilder(HttpTransport.of(uri)).timeout(timeout).build();
    }

    // ---------------------------------------------------------------- the reply is wrong

    @Test
    void aServerErrorIsAnErrorResponseExceptionWithCodeMessageAndData() {
        server.method("divide", params -> {
            throw new io.jsonrpcclient.testing.MethodError(-32000, "division by zero",
                    com.fasterxml.jackson.databind.node.TextNode.valueOf("b was 0"));
        });

        assertThatThrownBy(() -> client.request("divide", 1, 0))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.message()).isEqualTo("division by zero");
                    assertThat(e.data().asText()).isEqualTo("b was 0");
                    assertThat(e.response().id()).isEqualTo(Id.of(1));
                    assertThat(e.getMessage()).isEqualTo("error -32000: division by zero" + context("divide"));
                    assertThat(e.endpoint()).contains(url);
                    assertThat(e.method()).contains("divide");
                });
    }

    @Test
    void anUnknownMethodIsAnErrorResponseException() {
        assertThatThrownBy(() -> client.request("nope"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorObject.METHOD_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("error -32601: Method not found" + context("nope"));
                });
    }

    @Test
    void aBodyThatIsNotJsonIsAParseResponseExceptionWithAnExcerpt() {
        server.enqueue(MockReply.json("{\"jsonrpc\": \"2.0\", \"result\": oops"));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(ParseResponseException.class, e -> {
                    assertThat(e.getMessage()).startsWith("the reply is not valid JSON: ").endsWith(context("add"));
                    assertThat(e.excerpt()).isEqualTo("{\"jsonrpc\": \"2.0\", \"result\": oops");
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void aTruncatedJsonBodyIsAParseResponseException() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":[1,2"));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOf(ParseResponseException.class)
                .hasMessageEndingWith(context("add"));
    }

    @Test
    void anOkWithAnHtmlBodyIsAParseResponseException() {
        server.enqueue(MockReply.status(200).withHeader("Content-Type", "text/html").withBody("<html>hi</html>"));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(ParseResponseException.class,
                        e -> assertThat(e.excerpt()).isEqualTo("<html>hi</html>"));
    }

    @ParameterizedTest(name = "{1} for {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"jsonrpc\":\"1.0\",\"result\":3,\"id\":1}                                         | JSONRPC_VERSION",
            "{\"result\":3,\"id\":1}                                                             | JSONRPC_VERSION",
            "{\"jsonrpc\":\"2.0\",\"id\":1}                                                      | NO_RESULT_OR_ERROR",
            "{\"jsonrpc\":\"2.0\",\"result\":3,\"error\":{\"code\":1,\"message\":\"x\"},\"id\":1} | RESULT_AND_ERROR",
            "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":\"bad\",\"message\":\"x\"},\"id\":1}       | ERROR_OBJECT",
            "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":[1]}                                       | ID_TYPE",
            "{\"jsonrpc\":\"2.0\",\"result\":3}                                                  | ID_TYPE",
            "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]                                       | SHAPE",
            "42                                                                                  | NOT_AN_OBJECT",
    })
    void validJsonThatIsNotAValidResponseIsAnInvalidResponseNamingTheRule(String body, Violation violation) {
        server.enqueue(MockReply.json(body.strip()));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(violation);
                    assertThat(e.getMessage()).startsWith("invalid response (" + violation + "): ")
                            .endsWith(context("add"));
                });
    }

    @Test
    void aResponseWithAnotherIdIsAnIdMismatch() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}"));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.ID_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo(
                            "invalid response (ID_MISMATCH): response has \"id\": 2, expected 1" + context("add"));
                });
    }

    @Test
    void aStringIdForANumberIdIsAnIdMismatchInStrictMode() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"1\"}"));

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.ID_MISMATCH));
    }

    @Test
    void aBatchReplyWithAStrangerADuplicateOrAGapNamesTheRule() {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":9}]"));
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":3},{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":3}]"));
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":5}]"));

        assertThatThrownBy(() -> client.send(client.batch().request("a").request("b").build()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.UNKNOWN_ID);
                    assertThat(e.getMessage()).endsWith(context("batch of 2"));
                });
        assertThatThrownBy(() -> client.send(client.batch().request("a").request("b").build()))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_ID));
        assertThatThrownBy(() -> client.send(client.batch().request("a").request("b").build()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.MISSING_ID);
                    assertThat(e.getMessage()).contains("no response for id 6");
                });
    }

    @Test
    void anOkWithNoBodyForABatchOfRequestsIsNoResponse() {
        server.enqueue(MockReply.empty());

        assertThatThrownBy(() -> client.send(client.batch().request("a").request("b").build()))
                .isInstanceOf(NoResponseException.class)
                .hasMessage("the server sent no response to a batch of 2 requests" + context("batch of 2"));
    }

    @Test
    void aNotificationRefusedWithAnErrorObjectRaisesIt() {
        server.enqueue(MockReply.json(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":null}"));

        assertThatThrownBy(() -> client.notify("gone"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32601);
                    assertThat(e.getMessage()).endsWith(context("gone"));
                });
    }

    // ---------------------------------------------------------------- the connection fails

    @Test
    void aRefusedConnectionIsATransportExceptionNamingTheEndpoint() throws Exception {
        int port = HttpTestSupport.freePort();
        String endpoint = "http://127.0.0.1:" + port + "/";
        try (JsonRpcClient refused = clientFor(URI.create(endpoint), Duration.ofSeconds(10))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> refused.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                        assertThat(e.statusCode()).isEmpty();
                        assertThat(e.getMessage()).isEqualTo("could not connect to " + endpoint
                                + ": connection refused [method add, endpoint " + endpoint + "]");
                        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        }
    }

    @Test
    void aConnectionThatCannotBeOpenedInTimeIsATransportExceptionNotACallTimeout() throws Exception {
        // A listener with a backlog of 1 that never accepts: once its queue is full, connecting hangs.
        try (var listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            var fillers = new java.util.ArrayList<java.net.Socket>();
            boolean full = false;
            try {
                for (int i = 0; i < 20 && !full; i++) {
                    var filler = new java.net.Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(listener.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException queueFull) {
                        full = true;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(full, "this kernel never lets a connect hang");
                String endpoint = "http://127.0.0.1:" + listener.getLocalPort() + "/";
                HttpTransport transport = HttpTransport.newBuilder(URI.create(endpoint))
                        .connectTimeout(TIMEOUT)
                        .build();
                try (JsonRpcClient c = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build()) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> c.request("add", 1, 2))
                            .isInstanceOfSatisfying(TransportException.class, e -> {
                                assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                                assertThat(e.getMessage()).isEqualTo("could not connect to " + endpoint
                                        + " in time [method add, endpoint " + endpoint + "]");
                            });
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
                }
            } finally {
                for (var filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinAboutTheTimeout() {
        CompletableFuture<Boolean> clientHungUp = new CompletableFuture<>();
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            clientHungUp.complete(connection.awaitClientClose(Duration.ofSeconds(10)));
        }); JsonRpcClient hasty = clientFor(silent.uri(), TIMEOUT)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> hasty.request("add", 1, 2))
                    .isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
                        assertThat(e.timeout()).isEqualTo(TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("no reply within 300ms [method add, endpoint "
                                + silent.uri() + "]");
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(HANG);
            assertThat(silent.failures()).isEmpty();
        }
    }

    @Test
    void aTimedOutCallReleasesItsConnection() throws Exception {
        CompletableFuture<Boolean> clientHungUp = new CompletableFuture<>();
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            clientHungUp.complete(connection.awaitClientClose(Duration.ofSeconds(10)));
        }); JsonRpcClient hasty = clientFor(silent.uri(), TIMEOUT)) {
            assertThatThrownBy(() -> hasty.request("add", 1, 2)).isInstanceOf(RequestTimeoutException.class);

            assertThat(clientHungUp.get(15, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
        }
    }

    @Test
    void aServerThatSendsHeadersAndThenStallsTheBodyTimesOut() {
        try (RawHttpServer stalling = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"jsonrpc\":\"2.0\",");
            connection.hold();
        }); JsonRpcClient hasty = clientFor(stalling.uri(), TIMEOUT)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> hasty.request("add", 1, 2))
                    .isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
                        assertThat(e.timeout()).isEqualTo(TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("no reply within 300ms [method add, endpoint "
                                + stalling.uri() + "]");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        }
    }

    @Test
    void aServerThatStallsTheBodyDoesNotKeepTheConnectionAfterTheTimeout() throws Exception {
        CompletableFuture<Boolean> clientHungUp = new CompletableFuture<>();
        try (RawHttpServer stalling = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
            clientHungUp.complete(connection.awaitClientClose(Duration.ofSeconds(10)));
        }); JsonRpcClient hasty = clientFor(stalling.uri(), TIMEOUT)) {
            assertThatThrownBy(() -> hasty.request("add", 1, 2)).isInstanceOf(RequestTimeoutException.class);

            assertThat(clientHungUp.get(15, TimeUnit.SECONDS))
                    .as("the client closed the stalled connection after giving up").isTrue();
        }
    }

    @Test
    void closingTheClientFailsACallInFlightPromptlyAndDoesNotHang() throws Exception {
        var arrived = new java.util.concurrent.CountDownLatch(1);
        var caller = java.util.concurrent.Executors.newSingleThreadExecutor();
        var closer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            arrived.countDown();
            connection.hold();
        })) {
            JsonRpcClient patient = clientFor(silent.uri(), Duration.ofSeconds(20));
            var outcome = caller.submit(() -> {
                try {
                    patient.request("add", 1, 2);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(arrived.await(5, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

            // Transport.close(): "Exchanges in flight fail." (JDK 21+'s HttpClient.close() would instead wait.)
            within(closer.submit(patient::close), "close() did not return");
            assertThat(within(outcome, "the call in flight did not end after close()"))
                    .isInstanceOf(TransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("method add");
        } finally {
            caller.shutdownNow();
            closer.shutdownNow();
        }
    }

    private static <T> T within(java.util.concurrent.Future<T> future, String failure) throws Exception {
        try {
            return future.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            throw new AssertionError(failure + " within 5s");
        }
    }

    @Test
    void aServerThatDisconnectsWithoutAnsweringIsATransportException() {
        server.enqueue(MockReply.empty().withDisconnect());

        assertThatThrownBy(() -> client.request("add", 1, 2))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                    assertThat(e.getMessage()).startsWith("I/O error talking to " + url + ": ").endsWith(context("add"));
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                });
    }

    @Test
    void aServerThatClosesMidBodyIsATransportException() {
        try (RawHttpServer cut = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"jsonrpc\":\"2.0\",");
            // returning closes the socket with 82 bytes still owed
        }); JsonRpcClient c = clientFor(cut.uri(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> c.request("add", 1, 2))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
                        assertThat(e.getMessage()).startsWith("I/O error talking to " + cut.uri() + ": ")
                                .endsWith(" [method add, endpoint " + cut.uri() + "]");
                    });
        }
    }

    @Test
    void aServerThatClosesMidChunkedBodyIsATransportException() {
        try (RawHttpServer cut = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"jso\r\n");
        }); JsonRpcClient c = clientFor(cut.uri(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> c.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageEndingWith(" [method add, endpoint " + cut.uri() + "]");
        }
    }

    @Test
    void aServerThatAnswersGarbageInsteadOfHttpIsATransportException() {
        try (RawHttpServer garbage = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("SSH-2.0-OpenSSH_9.6\r\n\r\n");
        }); JsonRpcClient c = clientFor(garbage.uri(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> c.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageStartingWith("I/O error talking to " + garbage.uri() + ": ")
                    .hasMessageEndingWith(" [method add, endpoint " + garbage.uri() + "]");
        }
    }

    @Test
    void aServerThatClosesTheConnectionAtOnceIsATransportException() {
        try (RawHttpServer rude = RawHttpServer.start(connection -> { });
                JsonRpcClient c = clientFor(rude.uri(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> c.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageEndingWith(" [method add, endpoint " + rude.uri() + "]");
        }
    }

    @Test
    void aNotificationToADeadServerIsATransportExceptionNamingItsMethod() throws Exception {
        int port = HttpTestSupport.freePort();
        try (JsonRpcClient refused = clientFor(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> refused.notify("log", "x"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageEndingWith(" [method log, endpoint http://127.0.0.1:" + port + "/]");
            assertThatThrownBy(() -> refused.send(refused.batch().request("a").notification("b").build()))
                    .isInstanceOf(TransportException.class)
                    .hasMessageEndingWith(" [method batch of 2, endpoint http://127.0.0.1:" + port + "/]");
        }
    }

    @Test
    void theClientWorksAgainAfterAFailure() {
        server.enqueue(MockReply.empty().withDisconnect());
        server.enqueue(MockReply.status(500));

        assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(TransportException.class);
        assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
    }
}
