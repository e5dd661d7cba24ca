package io.jsonrpcclient.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.TransportResponse;
import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.ZContext;

/** Closing, lost connections, limits, and the socket's other settings. */
class ZeroMqLifecycleTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    /** Starts {@code n} calls to {@code never} on their own threads; each future ends with the call. */
    private static List<CompletableFuture<Object>> callsThatWait(JsonRpcClient client, int n) {
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var call = new CompletableFuture<Object>();
            Thread thread = new Thread(() -> {
                try {
                    call.complete(client.request("never"));
                } catch (RuntimeException e) {
                    call.completeExceptionally(e);
                }
            }, "caller-" + i);
            thread.setDaemon(true);
            thread.start();
            calls.add(call);
        }
        return calls;
    }

    private static Throwable failureOf(CompletableFuture<Object> call) throws Exception {
        try {
            call.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void closingWithCallsInFlightFailsEveryOneOfThemPromptly(SocketType type) throws Exception {
        try (TestServer server = TestServer.router()) {
            JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                    .socketType(type).build()).timeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<Object>> calls = callsThatWait(client, 4);
            server.take();
            Thread.sleep(100);

            long start = System.nanoTime();
            client.close();

            for (CompletableFuture<Object> call : calls) {
                assertThat(failureOf(call))
                        .isExactlyInstanceOf(TransportException.class)
                        .hasMessageStartingWith("the transport to " + server.endpoint() + " was closed with the call"
                                + " in flight [method never, endpoint " + server.endpoint() + "]");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aCallAfterCloseFailsAtOnceAndCloseMayBeRepeated(SocketType type) {
        try (TestServer server = TestServer.rep()) {
            ZeroMqTransport transport = ZeroMqTransport.newBuilder(server.endpoint()).socketType(type).build();
            JsonRpcClient client = JsonRpcClient.newBuilder(transport).build();
            client.close();
            client.close();

            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessage("the transport to " + server.endpoint() + " is closed [method add, endpoint "
                            + server.endpoint() + "]");
        }
    }

    @Test
    void closingAClientWhoseServerNeverExistedDoesNotHang() {
        JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder("tcp://127.0.0.1:1")
                .socketType(SocketType.DEALER).linger(Duration.ofSeconds(5)).build()).build();
        var notification = CompletableFuture.runAsync(() -> client.notify("echo", "lost"));

        long start = System.nanoTime();
        client.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        assertThatThrownBy(() -> notification.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(TransportException.class);
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aServerThatGoesAwayWithCallsInFlightFailsThemAtOnceAndItsSuccessorIsReached(SocketType type)
            throws Exception {
        TestServer first = TestServer.router();
        int port = first.port();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(first.endpoint())
                .socketType(type).reconnectInterval(Duration.ofMillis(50)).build())
                .timeout(Duration.ofSeconds(30)).build()) {
            List<CompletableFuture<Object>> calls = callsThatWait(client, type == SocketType.DEALER ? 3 : 1);
            for (int i = 0; i < calls.size(); i++) {
                first.take();
            }

            long start = System.nanoTime();
            first.close();

            for (CompletableFuture<Object> call : calls) {
                assertThat(failureOf(call))
                        .isExactlyInstanceOf(TransportException.class)
                        .hasMessageStartingWith("the connection to " + first.endpoint() + " was lost before the reply came");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            try (TestServer second = TestServer.router(port)) {
                assertThat(client.request(Integer.class, "add", 6, 7)).isEqualTo(13);
                assertThat(second.all()).hasSize(1);
            }
        }
    }

    @Test
    void aDealerRefusesCallsPastItsLimitAtOnceAndAcceptsThemAgainWhenOthersEnd() throws Exception {
        try (TestServer server = TestServer.router();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(SocketType.DEALER).maxPendingCalls(2).build())
                        .timeout(Duration.ofMillis(1500)).build()) {
            List<CompletableFuture<Object>> calls = callsThatWait(client, 2);
            server.take();
            server.take();

            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessageStartingWith("too many calls in flight on " + server.endpoint() + ": the limit is 2;");

            for (CompletableFuture<Object> call : calls) {
                assertThat(failureOf(call)).isInstanceOf(RequestTimeoutException.class);
            }
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        }
    }

    @Test
    void aReqCallsReceiveTimeoutEndsTheWaitBeforeTheCallsOwnTimeout() {
        try (TestServer server = TestServer.router();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .receiveTimeout(Duration.ofMillis(300)).build())
                        .timeout(Duration.ofSeconds(20)).build()) {

            assertThatThrownBy(() -> client.request("never"))
                    .isInstanceOfSatisfying(RequestTimeoutException.class,
                            e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300)));
            assertThat(client.request(Integer.class, "add", 2, 2)).isEqualTo(4);
        }
    }

    @Test
    void anInterruptedReqCallerGivesUpKeepsItsInterruptAndTheNextCallGetsItsOwnAnswer() throws Exception {
        try (TestServer server = TestServer.router();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.of(server.endpoint()))
                        .timeout(Duration.ofSeconds(30)).build()) {
            var outcome = new CompletableFuture<Throwable>();
            var stillInterrupted = new CompletableFuture<Boolean>();
            Thread caller = new Thread(() -> {
                try {
                    client.request("never");
                    outcome.complete(null);
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            }, "caller");
            caller.setDaemon(true);
            caller.start();
            server.take();

            caller.interrupt();

            assertThat(outcome.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessageStartingWith("interrupted while waiting for the reply from " + server.endpoint());
            assertThat(stillInterrupted.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            // The socket that waited for "never" was replaced: the next call is not taken for its reply.
            assertThat(client.request(Integer.class, "add", 4, 5)).isEqualTo(9);
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void repliesCarryTheSocketTypeForTheLogs(SocketType type) throws Exception {
        try (TestServer server = TestServer.rep();
                ZeroMqTransport transport = ZeroMqTransport.newBuilder(server.endpoint()).socketType(type).build()) {
            byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}"
                    .getBytes(StandardCharsets.UTF_8);
            var exchange = new Exchange(io.jsonrpcclient.Request.of("add", Params.of(1, 2), io.jsonrpcclient.Id.of(1)),
                    body, CallOptions.none(), Duration.ofSeconds(10), Long.MAX_VALUE);

            TransportResponse response = transport.exchange(exchange).get(10, TimeUnit.SECONDS);

            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
            assertThat(response.attributes()).containsExactly(java.util.Map.entry("zmq_socket", type.name()));
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aCancelledCallFreesTheSocketForTheNextCaller(SocketType type) throws Exception {
        try (TestServer server = TestServer.router();
                ZeroMqTransport transport = ZeroMqTransport.newBuilder(server.endpoint()).socketType(type).build();
                JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(5)).build()) {
            byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"never\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            var exchange = new Exchange(io.jsonrpcclient.Request.of("never", Params.none(), io.jsonrpcclient.Id.of("x")),
                    body, CallOptions.none(), Duration.ofSeconds(30), Long.MAX_VALUE);
            CompletableFuture<TransportResponse> waiting = transport.exchange(exchange);
            server.take();

            waiting.cancel(true);

            long start = System.nanoTime();
            assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void anInprocEndpointReachesAServerInTheSameContext(SocketType type) throws Exception {
        try (ZContext context = new ZContext(1)) {
            String endpoint = "inproc://jsonrpc-" + type.name().toLowerCase();
            try (TestServer server = TestServer.rep(endpoint, context);
                    JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(endpoint)
                            .socketType(type).context(context).build()).timeout(Duration.ofSeconds(10)).build()) {

                assertThat(client.request(Integer.class, "add", 20, 1)).isEqualTo(21);
                client.send(Notification.of("echo", Params.of("inproc")));
                assertThat(server.take()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[20,1],\"id\":1}");
                assertThat(server.take()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"inproc\"]}");
            }
            // The transport left the caller's context alone.
            assertThat(context.isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void anIpcEndpointIsReached(SocketType type) throws Exception {
        String endpoint = "ipc://jsonrpcclient-test-" + type.name().toLowerCase() + "-" + ProcessHandle.current().pid();
        try (TestServer server = TestServer.rep(endpoint, null);
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(endpoint)
                        .socketType(type).build()).timeout(Duration.ofSeconds(10)).build()) {

            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(server.take()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        }
    }

    @Test
    void aDealerHearsNotificationsTheServerPushesOfItsOwnAccord() throws Exception {
        try (TestServer server = TestServer.router();
                ZeroMqTransport transport = ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(SocketType.DEALER).build();
                JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build()) {
            var ticks = new java.util.concurrent.LinkedBlockingQueue<String>();
            transport.duplex().orElseThrow().onNotification("tick", (method, params) -> ticks.add(params.toString()));

            assertThat(client.request("notify_me", 1, "two").asText()).isEqualTo("sent");

            assertThat(ticks.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("[1,\"two\"]");
        }
    }

    @Test
    void aReqSocketHasNoDuplexSide() {
        try (ZeroMqTransport transport = ZeroMqTransport.of("tcp://127.0.0.1:5555")) {
            assertThat(transport.duplex()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aReplyOverTheMaximumMessageSizeCutsTheConnectionAndFailsTheCallAtOnce(SocketType type) {
        try (TestServer server = TestServer.rep();
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(type).maxMessageSize(64).build()).timeout(Duration.ofSeconds(20)).build()) {

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("echo", "x".repeat(100)))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessageStartingWith("the connection to " + server.endpoint() + " was lost before the reply came");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        }
    }
}
