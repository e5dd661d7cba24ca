package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.internal.SocketHttpEngine;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket engine's non-blocking path: async calls over plain HTTP on one selector thread, with
 * pooled non-blocking connections, against real loopback servers.
 */
@Timeout(60)
class SocketHttpEngineAsyncTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    /** Posts a body; shared with {@link SocketHttpEngineAsyncTlsTest}. */
    static CompletableFuture<HttpEngine.Response> post(HttpEngine engine, URI uri, String body,
            Duration timeout, long limit) {
        return engine.post(new HttpEngine.Request(uri, Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), timeout, limit, false));
    }

    private static CompletableFuture<HttpEngine.Response> post(HttpEngine engine, URI uri, String body) {
        return post(engine, uri, body, LONG, 1 << 20);
    }

    static String text(CompletableFuture<HttpEngine.Response> response) throws Exception {
        return new String(response.get(30, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
    }

    static Throwable failure(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call did not fail");
    }

    /** Answers each request with its own body. */
    private static final RawHttpServer.RequestHandler ECHO = (connection, request) ->
            connection.respond(200, "OK", "application/json", request.bodyText());

    @Test
    void manyCallsInFlightAreEachAnsweredWithTheirOwnBodyOverAtMostTheCappedConnections() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach(ECHO);
                HttpEngine engine = HttpEngines.socket()) {
            var calls = new ArrayList<CompletableFuture<HttpEngine.Response>>();
            for (int i = 0; i < 200; i++) {
                calls.add(post(engine, raw.uri(), "{\"id\":" + i + "}"));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(text(calls.get(i))).isEqualTo("{\"id\":" + i + "}");
            }
            assertThat(raw.connectionCount()).isBetween(1, SocketHttpEngine.DEFAULT_MAX_CONNECTIONS_PER_SERVER);
            assertThat(raw.failures()).isEmpty();
        }
    }

    @Test
    void sixtyFourAsyncClientCallsFromOneThreadAreAllAnswered() throws Exception {
        try (MockJsonRpcServer server = MockJsonRpcServer.start()) {
            server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
            try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.uri())
                    .engine(HttpEngines.socket()).build()).build()) {
                var calls = new ArrayList<CompletableFuture<Integer>>();
                for (int i = 0; i < 64; i++) {
                    calls.add(client.requestAsync(Integer.class, "add", i, 1000));
                }
                for (int i = 0; i < 64; i++) {
                    assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1000);
                }
            }
        }
    }

    @Test
    void sequentialCallsReuseOneKeptAliveConnection() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach(ECHO);
                HttpEngine engine = HttpEngines.socket()) {
            for (int i = 0; i < 20; i++) {
                assertThat(text(post(engine, raw.uri(), "call " + i))).isEqualTo("call " + i);
            }
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void theFutureIsNotCompletedOnTheSelectorThread() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach(ECHO);
                HttpEngine engine = HttpEngines.socket()) {
            var threads = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 10; i++) {
                threads.add(post(engine, raw.uri(), "x").thenApply(r -> Thread.currentThread().getName()));
            }
            for (CompletableFuture<String> thread : threads) {
                assertThat(thread.get(30, TimeUnit.SECONDS)).doesNotContain("selector");
            }
        }
    }

    @Test
    void chunkedLengthDelimitedAndCloseDelimitedBodiesAreRead() throws Exception {
        var served = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            served.incrementAndGet();
            String body = request.bodyText();
            switch (body) {
                case "chunked" -> {
                    // Split across writes, with a 1xx first, an extension and a trailer.
                    connection.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-");
                    connection.write("Encoding: chunked\r\n\r\n3;ext=1\r\nchu\r\n");
                    connection.write("4\r\nnked\r\n0\r\nX-Trailer: t\r\n\r\n");
                }
                case "length" -> {
                    connection.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nlen");
                    connection.write("gth");
                }
                default -> {
                    connection.write("HTTP/1.1 200 OK\r\n\r\nto the ");
                    connection.write("end");
                    connection.close();  // the end of the stream ends the body
                    return;
                }
            }
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(text(post(engine, raw.uri(), "chunked"))).isEqualTo("chunked");
            assertThat(text(post(engine, raw.uri(), "length"))).isEqualTo("length");
            assertThat(raw.connectionCount()).as("both kept the connection").isEqualTo(1);
            CompletableFuture<HttpEngine.Response> end = post(engine, raw.uri(), "end");
            assertThat(text(end)).isEqualTo("to the end");
            assertThat(end.get().status()).isEqualTo(200);
            assertThat(text(post(engine, raw.uri(), "length"))).as("on a new connection").isEqualTo("length");
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aSlowServerTimesOutTheCallAndItsConnectionIsClosed() throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(hungUp, LONG)); HttpEngine engine = HttpEngines.socket()) {
            CompletableFuture<HttpEngine.Response> call = post(engine, silent.uri(), "x", Duration.ofMillis(300), 1024);
            assertThat(failure(call)).isInstanceOf(HttpTimeoutException.class).hasMessage("request timed out");
            assertThat(hungUp.get(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    @Test
    void cancellingTheFutureClosesItsConnection() throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        var arrived = new CountDownLatch(1);
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(arrived, hungUp, LONG)); HttpEngine engine = HttpEngines.socket()) {
            CompletableFuture<HttpEngine.Response> call = post(engine, silent.uri(), "x");
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(call.cancel(true)).isTrue();
            assertThat(hungUp.get(30, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
            assertThat(call).isCancelled();
        }
    }

    @Test
    void aServerThatClosesInsideTheBodyFailsTheCall() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(failure(post(engine, raw.uri(), "x")))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("the connection ended 10 bytes into a body of 100");
        }
    }

    @Test
    void aKeptAliveConnectionClosedBeforeTheReplyFailsTheCallWhichIsNotSentAgain() throws Exception {
        var requests = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request first = connection.readRequest();
            requests.incrementAndGet();
            connection.respond(200, "OK", "application/json", first.bodyText());
            connection.readRequest();
            requests.incrementAndGet();
            // Returning closes the connection with the second request unanswered.
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(text(post(engine, raw.uri(), "one"))).isEqualTo("one");
            assertThat(failure(post(engine, raw.uri(), "two")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("kept-alive connection")
                    .hasMessageContaining("may or may not have been processed");
            assertThat(requests).hasValue(2);
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionTheServerClosesIsNotReused() throws Exception {
        var closedOne = new CountDownLatch(1);
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request request = connection.readRequest();
            connection.respond(200, "OK", "application/json", request.bodyText());
            closedOne.countDown();
            // Returning closes the kept-alive connection, as a server's idle timeout does.
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(text(post(engine, raw.uri(), "one"))).isEqualTo("one");
            assertThat(closedOne.await(20, TimeUnit.SECONDS)).isTrue();
            // The close may reach the client after the next call took the connection; then that call fails,
            // as it must (not sent twice). Either way a later call goes out on a fresh connection.
            CompletableFuture<HttpEngine.Response> second = post(engine, raw.uri(), "two");
            try {
                assertThat(text(second)).isEqualTo("two");
            } catch (ExecutionException raced) {
                assertThat(raced.getCause()).hasMessageContaining("may or may not have been processed");
                assertThat(text(post(engine, raw.uri(), "three"))).isEqualTo("three");
            }
            assertThat(raw.connectionCount()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        try (RawHttpServer huge = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\n");
            connection.hold();
        }); HttpEngine engine = HttpEngines.socket()) {
            Throwable refused = failure(post(engine, huge.uri(), "x", LONG, 1024));
            assertThat(refused).isInstanceOfSatisfying(HttpEngine.ResponseTooLargeException.class, e -> {
                assertThat(e.limit()).isEqualTo(1024);
                assertThat(e.announced()).isEqualTo(10737418240L);
            });
        }
    }

    @Test
    void anEndlessChunkedBodyIsCutOffAtTheLimitAndItsConnectionClosed() throws Exception {
        var clientHungUp = new CompletableFuture<Boolean>();
        try (RawHttpServer endless = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            clientHungUp.complete(connection.writeChunksUntilHangUp(16 * 1024, LONG));
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(failure(post(engine, endless.uri(), "x", LONG, 256 * 1024)))
                    .isInstanceOf(HttpEngine.ResponseTooLargeException.class);
            assertThat(clientHungUp.get(30, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
        }
    }

    @Test
    void closingTheEngineFailsEveryCallInFlightOrWaiting() throws Exception {
        var arrived = new CountDownLatch(2);
        try (RawHttpServer silent = RawHttpServer.start(connection -> {
            connection.readRequest();
            arrived.countDown();
            connection.hold();
        })) {
            HttpEngine engine = HttpEngines.socket(2);
            List<CompletableFuture<HttpEngine.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(post(engine, silent.uri(), "x"));
            }
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            engine.close();
            for (CompletableFuture<HttpEngine.Response> call : calls) {
                assertThat(failure(call)).isInstanceOf(InterruptedIOException.class)
                        .hasMessage("the HTTP engine was closed");
            }
            assertThat(failure(post(engine, silent.uri(), "late"))).isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void callsBeyondTheConnectionCapWaitForAConnection() throws Exception {
        var arrived = new CountDownLatch(2);
        var gate = new CountDownLatch(1);
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            arrived.countDown();
            gate.await(30, TimeUnit.SECONDS);
            connection.respond(200, "OK", "application/json", request.bodyText());
        }); HttpEngine engine = HttpEngines.socket(2)) {
            var calls = new ArrayList<CompletableFuture<HttpEngine.Response>>();
            for (int i = 0; i < 6; i++) {
                calls.add(post(engine, raw.uri(), "call " + i));
            }
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(raw.connectionCount()).isEqualTo(2);
            gate.countDown();
            for (int i = 0; i < 6; i++) {
                assertThat(text(calls.get(i))).isEqualTo("call " + i);
            }
            assertThat(raw.connectionCount()).as("the waiting calls went on the same two").isEqualTo(2);
        }
    }

    @Test
    void aCancelledWaitingCallIsNeverSent() throws Exception {
        var arrived = new CountDownLatch(1);
        var gate = new CountDownLatch(1);
        var bodies = new java.util.concurrent.CopyOnWriteArrayList<String>();
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            bodies.add(request.bodyText());
            arrived.countDown();
            gate.await(30, TimeUnit.SECONDS);
            connection.respond(200, "OK", "application/json", request.bodyText());
        }); HttpEngine engine = HttpEngines.socket(1)) {
            CompletableFuture<HttpEngine.Response> first = post(engine, raw.uri(), "first");
            CompletableFuture<HttpEngine.Response> waiting = post(engine, raw.uri(), "waiting");
            assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();
            waiting.cancel(true);
            gate.countDown();
            assertThat(text(first)).isEqualTo("first");
            assertThat(text(post(engine, raw.uri(), "third"))).isEqualTo("third");
            assertThat(bodies).containsExactly("first", "third");
            assertThat(waiting).isCancelled();
        }
    }

    @Test
    void aCallbackThatBlocksDoesNotHoldUpTheOtherCalls() throws Exception {
        var release = new CountDownLatch(1);
        Thread testThread = Thread.currentThread();
        try (RawHttpServer raw = RawHttpServer.serveEach(ECHO);
                HttpEngine engine = HttpEngines.socket()) {
            var calls = new ArrayList<CompletableFuture<HttpEngine.Response>>();
            var callbacks = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 32; i++) {
                CompletableFuture<HttpEngine.Response> call = post(engine, raw.uri(), "call " + i);
                calls.add(call);
                boolean first = i == 0;
                // The first callback blocks on the thread that completes its call (not on this one, if
                // the reply is in already): the other calls must complete all the same.
                callbacks.add(call.thenApply(r -> {
                    if (first && Thread.currentThread() != testThread) {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return new String(r.body(), StandardCharsets.UTF_8);
                }));
            }
            try {
                for (int i = 1; i < 32; i++) {
                    assertThat(callbacks.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("call " + i);
                }
            } finally {
                release.countDown();
            }
            assertThat(callbacks.get(0).get(20, TimeUnit.SECONDS)).isEqualTo("call 0");
        }
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> HttpEngines.socket(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConnectionPastTheServersKeepAliveTimeoutIsNotReused() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            byte[] body = request.body();
            connection.write("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=2\r\nContent-Length: " + body.length + "\r\n\r\n");
            connection.write(body);
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(text(post(engine, raw.uri(), "one"))).isEqualTo("one");
            // The engine keeps a connection a second less than the server says it does.
            Thread.sleep(1_300);
            assertThat(text(post(engine, raw.uri(), "two"))).isEqualTo("two");
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void anHttp10ResponseWithoutKeepAliveEndsItsConnectionAndA204HasNoBody() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            if (request.bodyText().equals("old")) {
                connection.write("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold");
            } else {
                connection.write("HTTP/1.1 204 No Content\r\n\r\n");
            }
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(text(post(engine, raw.uri(), "old"))).isEqualTo("old");
            HttpEngine.Response empty = post(engine, raw.uri(), "none").get(30, TimeUnit.SECONDS);
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
            assertThat(text(post(engine, raw.uri(), "none"))).isEmpty();
            assertThat(raw.connectionCount()).as("HTTP/1.0 closed the first; the 204s shared one").isEqualTo(2);
        }
    }

    @Test
    void aMalformedStatusLineOrAnEndInsideAChunkFailsTheCall() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request request = connection.readRequest();
            if (request.bodyText().equals("smtp")) {
                connection.write("SMTP ready\r\n\r\n");
            } else {
                connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort");
            }
        }); HttpEngine engine = HttpEngines.socket()) {
            assertThat(failure(post(engine, raw.uri(), "smtp")))
                    .isInstanceOf(java.net.ProtocolException.class)
                    .hasMessageStartingWith("not an HTTP/1.x status line");
            assertThat(failure(post(engine, raw.uri(), "chunk")))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("the connection ended inside a chunk");
        }
    }

    @Test
    void anUnknownHostOrARefusedConnectionFailsTheCall() throws Exception {
        try (HttpEngine engine = HttpEngines.socket()) {
            assertThat(failure(post(engine, URI.create("http://no-such-host.invalid:8545/"), "x")))
                    .isInstanceOf(java.net.UnknownHostException.class);
            int port = HttpTestSupport.freePort();
            assertThat(failure(post(engine, URI.create("http://127.0.0.1:" + port + "/"), "x")))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }
}
