package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.internal.JdkHttpEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HttpEngines#jdk()} on each of its paths: {@code send()} on the caller's thread for a
 * caller that waits; for async calls {@code sendAsync}, or {@code send()} on a pooled thread (chosen
 * where {@code sendAsync} would start a thread per response). Each safety property holds on all three.
 */
@Timeout(30)
class JdkHttpEngineTest {

    private static final String REPLY = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";
    private static final Duration SHORT = Duration.ofMillis(300);

    private static HttpEngine.Request post(URI uri, Duration timeout, long limit, boolean callerWaits) {
        return new HttpEngine.Request(uri, Map.of("Content-Type", "application/json"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}".getBytes(StandardCharsets.UTF_8),
                timeout, limit, callerWaits);
    }

    /** How the engine serves a call. */
    enum Path {
        WAITING, SEND_ASYNC, POOLED;

        boolean callerWaits() {
            return this == WAITING;
        }

        HttpEngine engine() {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return new JdkHttpEngine(client, true, this == POOLED ? POOL : null);
        }
    }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-http-sender");
        thread.setDaemon(true);
        return thread;
    });

    private static RawHttpServer answering() {
        return RawHttpServer.serveEach((connection, request) ->
                connection.respond(200, "OK", "application/json", REPLY));
    }

    @Test
    void aWaitingCallerGetsItsReplyOnItsOwnThreadAndAnAsyncCallerDoesNot() throws Exception {
        var gate = new CountDownLatch(1);
        try (RawHttpServer server = RawHttpServer.start(connection -> {
            connection.readRequest();
            gate.await(10, TimeUnit.SECONDS);
            connection.respond(200, "OK", "application/json", REPLY);
            connection.readRequest();
            connection.respond(200, "OK", "application/json", REPLY);
        }); HttpEngine engine = HttpEngines.jdk()) {
            CompletableFuture<HttpEngine.Response> async = engine.post(post(server.uri(), Duration.ofSeconds(10), 1000, false));
            assertThat(async).as("sendAsync returns before the reply").isNotDone();
            gate.countDown();
            assertThat(new String(async.get(10, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).isEqualTo(REPLY);

            CompletableFuture<HttpEngine.Response> waited = engine.post(post(server.uri(), Duration.ofSeconds(10), 1000, true));
            assertThat(waited).as("the exchange ran on this thread").isDone();
            assertThat(waited.get().status()).isEqualTo(200);
            assertThat(waited.get().protocol()).isEqualTo("HTTP/1.1");
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aBodyThatStallsAfterTheHeadersTimesOutAndItsConnectionIsClosed(Path path) throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        try (RawHttpServer stalling = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
            hungUp.complete(connection.awaitClientClose(Duration.ofSeconds(10)));
        }); HttpEngine engine = path.engine()) {
            CompletableFuture<HttpEngine.Response> call = engine.post(post(stalling.uri(), SHORT, 1000, path.callerWaits()));
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class);
            assertThat(hungUp.get(15, TimeUnit.SECONDS)).as("the stalled connection was closed").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aServerThatNeverAnswersTimesOutWithAnHttpTimeoutAndItsConnectionIsClosed(Path path)
            throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(hungUp, Duration.ofSeconds(10))); HttpEngine engine = path.engine()) {
            // On its own thread, to see that the engine took back the interrupt it used as a timeout.
            Future<Object[]> outcome = caller.submit(() -> {
                Throwable failure = engine.post(post(silent.uri(), SHORT, 1000, path.callerWaits()))
                        .handle((r, e) -> e).get(10, TimeUnit.SECONDS);
                return new Object[] {failure, Thread.currentThread().isInterrupted()};
            });
            Object[] result = outcome.get(15, TimeUnit.SECONDS);
            assertThat((Throwable) result[0]).isInstanceOf(HttpTimeoutException.class);
            assertThat((Boolean) result[1]).as("no interrupt left on the caller's thread").isFalse();
            assertThat(hungUp.get(15, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            // The engine still works after a timeout.
            try (RawHttpServer server = answering()) {
                assertThat(engine.post(post(server.uri(), Duration.ofSeconds(10), 1000, path.callerWaits()))
                        .get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            caller.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aBodyOverTheLimitIsTooLarge(Path path) throws Exception {
        try (RawHttpServer server = answering(); HttpEngine engine = path.engine()) {
            CompletableFuture<HttpEngine.Response> call = engine.post(post(server.uri(), Duration.ofSeconds(10), 10, path.callerWaits()));
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpEngine.ResponseTooLargeException.class);
        }
    }

    @Test
    void theClientsBlockingAndAsyncCallsTimeOutAndRespectTheLimitThroughTheTransport() {
        try (RawHttpServer stalling = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
            connection.hold();
        }); JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(stalling.uri())).timeout(SHORT).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(RequestTimeoutException.class);
            assertThatThrownBy(() -> client.requestAsync("add", 1, 2).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RequestTimeoutException.class);
        }
        try (RawHttpServer server = answering(); JsonRpcClient small = JsonRpcClient.newBuilder(
                HttpTransport.of(server.uri()))
                .codec(io.jsonrpcclient.JsonRpcCodec.newBuilder().maxResponseBytes(10).build()).build()) {
            assertThatThrownBy(() -> small.request("add", 1, 2)).isInstanceOf(InvalidResponseException.class);
        }
    }

    @Test
    void closingTheEngineAbortsACallerWaitingInsideSendAndLeavesItsThreadUninterrupted() throws Exception {
        var arrived = new CountDownLatch(1);
        var hungUp = new CompletableFuture<Boolean>();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(arrived, hungUp, Duration.ofSeconds(10)))) {
            HttpEngine engine = HttpEngines.jdk();
            Future<Object[]> outcome = caller.submit(() -> {
                CompletableFuture<HttpEngine.Response> call = engine.post(post(silent.uri(), Duration.ofSeconds(20), 1000, true));
                Throwable failure = call.handle((r, e) -> e).join();
                return new Object[] {failure, Thread.currentThread().isInterrupted()};
            });
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            engine.close();
            Object[] result = outcome.get(10, TimeUnit.SECONDS);
            assertThat((Throwable) result[0]).isInstanceOf(java.io.InterruptedIOException.class)
                    .hasMessageContaining("closed");
            assertThat((Boolean) result[1]).as("the engine took back its own interrupt").isFalse();
            assertThat(hungUp.get(15, TimeUnit.SECONDS)).as("the exchange's connection was closed").isTrue();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void aCallerInterruptedByItsOwnCodeKeepsItsInterruptAndTheCallFails() throws Exception {
        var arrived = new CountDownLatch(1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            arrived.countDown();
            connection.hold();
        }); HttpEngine engine = HttpEngines.jdk()) {
            Future<Object[]> outcome = caller.submit(() -> {
                CompletableFuture<HttpEngine.Response> call = engine.post(post(silent.uri(), Duration.ofSeconds(20), 1000, true));
                Throwable failure = call.handle((r, e) -> e).join();
                return new Object[] {failure, Thread.interrupted()};
            });
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            outcome.cancel(true);  // interrupts the caller's thread
            assertThat(caller.submit(() -> "free").get(10, TimeUnit.SECONDS))
                    .as("the caller's thread left send()").isEqualTo("free");
        } finally {
            caller.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Path.class, names = {"SEND_ASYNC", "POOLED"})
    void cancellingAnAsyncCallAbortsItsExchange(Path path) throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        var arrived = new CountDownLatch(1);
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(arrived, hungUp, Duration.ofSeconds(10))); HttpEngine engine = path.engine()) {
            CompletableFuture<HttpEngine.Response> call = engine.post(post(silent.uri(), Duration.ofSeconds(20), 1000, false));
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

            call.cancel(true);

            assertThat(hungUp.get(15, TimeUnit.SECONDS)).as("the cancelled exchange's connection was closed").isTrue();
        }
    }

    @Test
    void aRefusedConnectionFailsOnBothPaths() throws Exception {
        URI nowhere;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(nowhere)).timeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(TransportException.class)
                    .hasMessageContaining("connection refused");
            assertThatThrownBy(() -> client.requestAsync("add", 1, 2).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TransportException.class);
        }
    }
}
