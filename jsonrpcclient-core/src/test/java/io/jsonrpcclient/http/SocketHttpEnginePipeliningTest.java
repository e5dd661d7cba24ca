package io.jsonrpcclient.http;

import static io.jsonrpcclient.http.SocketHttpEngineAsyncTest.failure;
import static io.jsonrpcclient.http.SocketHttpEngineAsyncTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/1.1 pipelining on the socket engine's async path ({@link HttpEngines#socketPipelining}),
 * against real loopback servers whose handlers read several requests before answering any: a
 * client that waited for each reply before sending the next request would never be answered.
 * Pipelining over TLS is tested in {@link SocketHttpEngineAsyncTlsTest}, which has the certificate.
 */
@Timeout(60)
class SocketHttpEnginePipeliningTest {

    private static final Duration LONG = Duration.ofSeconds(20);


    private static CompletableFuture<HttpEngine.Response> post(HttpEngine engine, URI uri, String body) {
        return post(engine, uri, body, LONG);
    }

    private static CompletableFuture<HttpEngine.Response> post(HttpEngine engine, URI uri, String body,
            Duration timeout) {
        return SocketHttpEngineAsyncTest.post(engine, uri, body, timeout, 1 << 20);
    }

    private static String response(String body, String extraHeader) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n" + extraHeader + "\r\n" + body;
    }

    /** Reads {@code n} requests, then answers them in order, each with its own body; then echoes one by one. */
    static RawHttpServer.Handler readThenAnswer(int n) {
        return connection -> {
            var bodies = new ArrayList<String>();
            for (int i = 0; i < n; i++) {
                bodies.add(connection.readRequest().bodyText());
            }
            for (String body : bodies) {
                connection.respond(200, "OK", "application/json", body);
            }
            echo(connection);
        };
    }

    private static void echo(RawHttpServer.Connection connection) throws IOException {
        while (true) {
            RawHttpServer.Request request;
            try {
                request = connection.readRequest();
            } catch (IOException closed) {
                return;
            }
            connection.respond(200, "OK", "application/json", request.bodyText());
        }
    }

    /** Posts three calls at once to a {@link #readThenAnswer(int) readThenAnswer(3)} server, then a fourth on the same connection. */
    static void threeAtOnceThenOneMore(RawHttpServer raw, HttpEngine engine) throws Exception {
        var a = post(engine, raw.uri(), "a");
        var b = post(engine, raw.uri(), "b");
        var c = post(engine, raw.uri(), "c");
        assertThat(text(a)).isEqualTo("a");
        assertThat(text(b)).isEqualTo("b");
        assertThat(text(c)).isEqualTo("c");
        // The connection is kept for more.
        assertThat(text(post(engine, raw.uri(), "d"))).isEqualTo("d");
        assertThat(raw.connectionCount()).isEqualTo(1);
        assertThat(raw.failures()).isEmpty();
    }

    @Test
    void requestsLeaveWithoutWaitingForTheRepliesBeforeThemAndAreAnsweredInOrder() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(readThenAnswer(3));
                HttpEngine engine = HttpEngines.socketPipelining(1, 3)) {
            threeAtOnceThenOneMore(raw, engine);
        }
    }

    @Test
    void aConnectionCarriesNoMoreThanTheDepthAndTheRestWaitForARoom() throws Exception {
        var thirdWaited = new CompletableFuture<Boolean>();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            String first = connection.readRequest().bodyText();
            String second = connection.readRequest().bodyText();
            thirdWaited.complete(connection.nothingArrivesWithin(Duration.ofMillis(300)));
            connection.respond(200, "OK", "application/json", first);
            String third = connection.readRequest().bodyText();
            connection.respond(200, "OK", "application/json", second);
            connection.respond(200, "OK", "application/json", third);
            echo(connection);
        }); HttpEngine engine = HttpEngines.socketPipelining(1, 2)) {
            var calls = List.of(post(engine, raw.uri(), "a"), post(engine, raw.uri(), "b"), post(engine, raw.uri(), "c"));
            assertThat(text(calls.get(0))).isEqualTo("a");
            assertThat(text(calls.get(1))).isEqualTo("b");
            assertThat(text(calls.get(2))).isEqualTo("c");
            assertThat(thirdWaited.get(30, TimeUnit.SECONDS)).as("the third request waited for the first reply").isTrue();
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void connectionsAreOpenedUpToTheCapBeforeAnyIsPipelined() throws Exception {
        var opened = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            if (opened.incrementAndGet() <= 2) {
                // The first two connections each get one request: the cap is reached before any pipelining.
                connection.respond(200, "OK", "application/json", connection.readRequest().bodyText());
                echo(connection);
            }
        }); HttpEngine engine = HttpEngines.socketPipelining(2, 8)) {
            var calls = new ArrayList<CompletableFuture<HttpEngine.Response>>();
            for (int i = 0; i < 40; i++) {
                calls.add(post(engine, raw.uri(), "call " + i));
            }
            for (int i = 0; i < 40; i++) {
                assertThat(text(calls.get(i))).isEqualTo("call " + i);
            }
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void repliesThatComeInOneWriteAreEachTakenByTheirCall() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            String first = connection.readRequest().bodyText();
            String second = connection.readRequest().bodyText();
            String third = connection.readRequest().bodyText();
            // Three responses in one write, the second chunked: each must end where it ends.
            connection.write(response(first, "")
                    + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(second.length())
                    + "\r\n" + second + "\r\n0\r\n\r\n"
                    + response(third, ""));
            echo(connection);
        }); HttpEngine engine = HttpEngines.socketPipelining(1, 4)) {
            var a = post(engine, raw.uri(), "first");
            var b = post(engine, raw.uri(), "second");
            var c = post(engine, raw.uri(), "third");
            assertThat(text(a)).isEqualTo("first");
            assertThat(text(b)).isEqualTo("second");
            assertThat(text(c)).isEqualTo("third");
        }
    }

    @Test
    void callsBehindAConnectionCloseReplyWereNotProcessedSoTheyGoToAnotherConnection() throws Exception {
        var processed = new CopyOnWriteArrayList<String>();
        var connections = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            if (connections.incrementAndGet() == 1) {
                String first = connection.readRequest().bodyText();
                connection.readRequest();  // pipelined behind it; the server ends before processing it
                processed.add(first + " on 1");
                connection.write(response(first, "Connection: close\r\n"));
                connection.close();
                return;
            }
            while (true) {
                RawHttpServer.Request request;
                try {
                    request = connection.readRequest();
                } catch (IOException closed) {
                    return;
                }
                processed.add(request.bodyText() + " on " + connections.get());
                connection.respond(200, "OK", "application/json", request.bodyText());
            }
        }); HttpEngine engine = HttpEngines.socketPipelining(1, 2)) {
            var a = post(engine, raw.uri(), "a");
            var b = post(engine, raw.uri(), "b");
            assertThat(text(a)).isEqualTo("a");
            assertThat(text(b)).isEqualTo("b");
            assertThat(processed).containsExactly("a on 1", "b on 2");
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aServerThatDropsTheConnectionFailsTheCallsBehindTheAnsweredOneAsPerhapsProcessed() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            String first = connection.readRequest().bodyText();
            connection.readRequest();
            connection.readRequest();
            connection.respond(200, "OK", "application/json", first);
            connection.close();
        }); HttpEngine engine = HttpEngines.socketPipelining(1, 3)) {
            var a = post(engine, raw.uri(), "a");
            var b = post(engine, raw.uri(), "b");
            var c = post(engine, raw.uri(), "c");
            assertThat(text(a)).isEqualTo("a");
            for (var call : List.of(b, c)) {
                assertThat(failure(call)).isInstanceOf(IOException.class)
                        .hasMessageContaining("may or may not have been processed, and was not sent again");
            }
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aCallThatTimesOutLeavesTheConnectionToTheCallsBehindItAndItsLateReplyIsDropped() throws Exception {
        var release = new CountDownLatch(1);
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            String first = connection.readRequest().bodyText();
            String second = connection.readRequest().bodyText();
            release.await(30, TimeUnit.SECONDS);
            connection.respond(200, "OK", "application/json", first);
            connection.respond(200, "OK", "application/json", second);
            echo(connection);
        }); HttpEngine engine = HttpEngines.socketPipelining(1, 2)) {
            var quick = post(engine, raw.uri(), "quick", Duration.ofMillis(300));
            var patient = post(engine, raw.uri(), "patient");
            assertThat(failure(quick)).isInstanceOf(HttpTimeoutException.class).hasMessage("request timed out");
            release.countDown();
            assertThat(text(patient)).isEqualTo("patient");
            assertThat(text(post(engine, raw.uri(), "next"))).isEqualTo("next");
            assertThat(raw.connectionCount()).isEqualTo(1);
            assertThat(raw.failures()).isEmpty();
        }
    }

    @Test
    void cancellingEveryCallOnAConnectionClosesIt() throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        var arrived = new CountDownLatch(1);
        try (RawHttpServer raw = RawHttpServer.start(readTwoThenAwaitHangUp(arrived, hungUp));
                HttpEngine engine = HttpEngines.socketPipelining(1, 2)) {
            var a = post(engine, raw.uri(), "a");
            var b = post(engine, raw.uri(), "b");
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(a.cancel(true)).isTrue();
            assertThat(b.cancel(true)).isTrue();
            assertThat(hungUp.get(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    @Test
    void closingTheEngineFailsThePipelinedAndTheWaitingCalls() throws Exception {
        var arrived = new CountDownLatch(1);
        var hungUp = new CompletableFuture<Boolean>();
        try (RawHttpServer raw = RawHttpServer.start(readTwoThenAwaitHangUp(arrived, hungUp))) {
            HttpEngine engine = HttpEngines.socketPipelining(1, 2);
            var calls = List.of(post(engine, raw.uri(), "a"), post(engine, raw.uri(), "b"), post(engine, raw.uri(), "c"));
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            engine.close();
            for (var call : calls) {
                assertThat(failure(call)).isInstanceOf(InterruptedIOException.class).hasMessage("the HTTP engine was closed");
            }
            assertThat(hungUp.get(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    /** The server reads two requests, answers neither, and completes {@code hungUp} with whether the client closed. */
    static RawHttpServer.Handler readTwoThenAwaitHangUp(CountDownLatch arrived, CompletableFuture<Boolean> hungUp) {
        return connection -> {
            connection.readRequest();
            connection.readRequest();
            arrived.countDown();
            hungUp.complete(connection.awaitClientClose(LONG));
        };
    }

    /**
     * The server reads a small request, writes a reply far larger than the socket buffers before it
     * reads the huge request pipelined behind, then answers that. Neither side's write can finish
     * unless the client reads while it writes.
     */
    static RawHttpServer.Handler bigReplyBeforeReadingOn(int size) {
        return connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n");
            connection.write(new byte[size]);
            int got = connection.readRequest().body().length;
            connection.respond(200, "OK", "application/json", "\"" + got + "\"");
            echo(connection);
        };
    }

    static void bigBothWays(RawHttpServer raw, HttpEngine engine, int size) throws Exception {
        var small = SocketHttpEngineAsyncTest.post(engine, raw.uri(), "small", LONG, 64 << 20);
        var huge = SocketHttpEngineAsyncTest.post(engine, raw.uri(), "x".repeat(size), LONG, 64 << 20);
        assertThat(small.get(30, TimeUnit.SECONDS).body()).hasSize(size);
        assertThat(text(huge)).isEqualTo("\"" + size + "\"");
        assertThat(raw.connectionCount()).isEqualTo(1);
    }

    /**
     * Plain sockets: the same exchange completes. It does not prove that the connection reads while
     * it writes: this machine's loopback buffers took even 60 MiB each way without a read (checked
     * by writing without {@code OP_READ}); {@link SocketHttpEngineAsyncTlsTest} proves it over TLS.
     */
    @Test
    void hugePipelinedRequestsAndRepliesBothWaysComplete() throws Exception {
        int size = 24 << 20;
        try (RawHttpServer raw = RawHttpServer.start(bigReplyBeforeReadingOn(size));
                HttpEngine engine = HttpEngines.socketPipelining(1, 2)) {
            bigBothWays(raw, engine, size);
        }
    }

    @Test
    void sixtyFourClientCallsOnFourPipelinedConnectionsAreEachAnswered() throws Exception {
        try (MockJsonRpcServer server = MockJsonRpcServer.start()) {
            server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
            try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.uri())
                    .engine(HttpEngines.socketPipelining(4, 16)).build()).build()) {
                for (int round = 0; round < 3; round++) {
                    var calls = new ArrayList<CompletableFuture<Integer>>();
                    for (int i = 0; i < 64; i++) {
                        calls.add(client.requestAsync(Integer.class, "add", i, 1000 * round));
                    }
                    for (int i = 0; i < 64; i++) {
                        assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1000 * round);
                    }
                }
            }
        }
    }

    @Test
    void aCapOrDepthBelowOneIsRefused() {
        assertThatThrownBy(() -> HttpEngines.socketPipelining(0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnectionsPerServer");
        assertThatThrownBy(() -> HttpEngines.socketPipelining(4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipelineDepth");
    }
}
