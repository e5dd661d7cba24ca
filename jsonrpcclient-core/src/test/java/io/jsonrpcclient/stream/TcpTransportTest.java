package io.jsonrpcclient.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.http.LogCapture;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import io.jsonrpcclient.transport.DuplexTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class TcpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @RegisterExtension
    final CloseAfterEach toClose = new CloseAfterEach();

    private LoopbackStreamServer server(LoopbackStreamServer.Script script) throws Exception {
        return toClose.server(script);
    }

    private JsonRpcClient client(DuplexTransport transport, Duration timeout) {
        JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(timeout).build();
        toClose.add(client);
        return client;
    }

    private JsonRpcClient client(LoopbackStreamServer server) {
        return client(TcpTransport.connect("127.0.0.1", server.port()), WAIT);
    }

    private static Throwable cause(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not end within " + WAIT);
        }
    }

    @Test
    void aRequestGoesOutAsOneLineAndItsReplyComesBack() throws Exception {
        var server = server(LoopbackStreamServer.echo());
        JsonRpcClient client = client(server);

        assertThat(client.request("echo", 1, "two")).hasToString("[1,\"two\"]");
        assertThat(server.takeLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[1,\"two\"],\"id\":1}");
        assertThat(client.endpoint()).isEqualTo("tcp://127.0.0.1:" + server.port());
    }

    @Test
    void aBlockingCallDecodesAndMapsItsErrorOnTheCallersThreadNotTheReaders() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            String reply = request.get("method").asText().equals("fail")
                    ? "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"no\"},\"id\":" + request.get("id") + "}"
                    : "{\"jsonrpc\":\"2.0\",\"result\":\"fine\",\"id\":" + request.get("id") + "}";
            peer.write(reply + "\n");
        });
        List<String> mappedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        JsonRpcClient client = JsonRpcClient.newBuilder(TcpTransport.connect("127.0.0.1", server.port()))
                .timeout(WAIT)
                .errorMapper(e -> {
                    mappedOn.add(Thread.currentThread().getName());
                    return new IllegalStateException("mapped: " + e.message());
                })
                .build();
        toClose.add(client);

        // The reply reaches the waiting caller straight from the reader thread; the user's mapper
        // (like the codec's binding) must still run on the caller's own thread, never on the reader.
        assertThat(client.request(String.class, "ok")).isEqualTo("fine");
        assertThatThrownBy(() -> client.request(String.class, "fail"))
                .isInstanceOf(IllegalStateException.class).hasMessage("mapped: no");
        assertThat(mappedOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void anAsyncCallsContinuationRunsOnACallbackThreadAndMayCallAgainBlocking() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        LoopbackStreamServer.Script echo = LoopbackStreamServer.echo();
        var server = server((line, peer) -> {
            if (line.contains("\"held\"")) {
                // Answered once the continuation is attached, so it runs where the reply completes the call.
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            echo.onLine(line, peer);
        });
        JsonRpcClient client = client(server);

        // The reply leaves the reader thread once, for the shared callback pool; the client completes
        // the caller's future there, and a continuation that blocks on a second call over the same
        // connection does not stall the reader that must bring that call's reply.
        CompletableFuture<String> chained = client.requestAsync("held", 1)
                .thenApply(first -> Thread.currentThread().getName() + " "
                        + client.request("echo", first.get(0).asInt() + 1));
        release.countDown();

        assertThat(chained.get(WAIT.toSeconds(), TimeUnit.SECONDS)).matches("jsonrpcclient-callback-\\d+ \\[2\\]");
    }

    @Test
    void aNotificationIsWrittenAndNeedsNoReply() throws Exception {
        var server = server(LoopbackStreamServer.echo());
        JsonRpcClient client = client(server);

        client.notify("log", "hello");

        assertThat(server.takeLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"hello\"]}");
    }

    @Test
    void aBatchIsAnsweredAsAWhole() throws Exception {
        var server = server(LoopbackStreamServer.echo());
        JsonRpcClient client = client(server);

        BatchResponse responses = client.batch().request("echo", 1).notification("log", 2).request("echo", 3).send();

        assertThat(responses.responses()).extracting(r -> ((Response.Success) r).result().toString())
                .containsExactly("[1]", "[3]");
    }

    @Test
    void repliesInReverseOrderReachTheirOwnCallers() throws Exception {
        BlockingQueue<JsonNode> held = new LinkedBlockingQueue<>();
        var server = server((line, peer) -> {
            held.add(LoopbackStreamServer.JSON.readTree(line));
            if (held.size() == 3) {
                List<JsonNode> requests = new ArrayList<>(held);
                StringBuilder all = new StringBuilder();
                for (int i = requests.size() - 1; i >= 0; i--) {
                    JsonNode request = requests.get(i);
                    all.append("{\"jsonrpc\":\"2.0\",\"result\":").append(request.get("params").get(0))
                            .append(",\"id\":").append(request.get("id")).append("}\n");
                }
                peer.write(all.toString()); // several replies in one write
            }
        });
        JsonRpcClient client = client(server);

        CompletableFuture<Integer> a = client.requestAsync(Integer.class, "first", 1);
        CompletableFuture<Integer> b = client.requestAsync(Integer.class, "first", 2);
        CompletableFuture<Integer> c = client.requestAsync(Integer.class, "first", 3);

        assertThat(List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS), c.get(10, TimeUnit.SECONDS)))
                .containsExactly(1, 2, 3);
    }

    @Test
    void manyThreadsShareOneConnectionAndEachGetsItsOwnReply() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            var reply = LoopbackStreamServer.JSON.createObjectNode().put("jsonrpc", "2.0")
                    .put("result", request.get("params").get(0).asInt() * 2);
            reply.set("id", request.get("id"));
            peer.write(reply + "\n");
        });
        JsonRpcClient client = client(server);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (client.request(Integer.class, "double", base + i) != 2 * (base + i)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(server.peers).hasSize(1);
    }

    @Test
    void serverNotificationsBetweenRepliesReachTheHandlerInOrder() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            peer.write("{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":[" + request.get("id") + "]}\n"
                    + LoopbackStreamServer.reply(request) + "\n");
        });
        DuplexTransport transport = TcpTransport.connect("127.0.0.1", server.port());
        BlockingQueue<String> ticks = new LinkedBlockingQueue<>();
        transport.onNotification("tick", (method, params) -> ticks.add(params.toString()));
        JsonRpcClient client = client(transport, WAIT);

        assertThat(client.request("echo", 1)).hasToString("[1]");
        assertThat(client.request("echo", 2)).hasToString("[2]");

        assertThat(ticks.poll(10, TimeUnit.SECONDS)).isEqualTo("[1]");
        assertThat(ticks.poll(10, TimeUnit.SECONDS)).isEqualTo("[2]");
    }

    @Test
    void aDroppedConnectionFailsEveryCallInFlightAtOnce() throws Exception {
        var server = server((line, peer) -> {
            if (line.contains("\"id\":3")) {
                peer.close();
            }
        });
        JsonRpcClient client = client(TcpTransport.connect("127.0.0.1", server.port()), Duration.ofMinutes(5));

        long start = System.nanoTime();
        List<CompletableFuture<JsonNode>> calls = List.of(client.requestAsync("wait"), client.requestAsync("wait"),
                client.requestAsync("wait"));
        for (CompletableFuture<JsonNode> call : calls) {
            Throwable failure = cause(call);
            assertThat(failure).isInstanceOf(TransportException.class);
            assertThat(((TransportException) failure).detail())
                    .isEqualTo("tcp://127.0.0.1:" + server.port() + " closed the connection");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);

        assertThatThrownBy(() -> client.request("later"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("tcp://127.0.0.1:" + server.port() + " closed the connection");
    }

    @Test
    void aSlowReplyTimesOutItsCallAndIsDroppedWhenItComesWhileOtherCallsGoOn() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            if (request.get("method").asText().equals("slow")) {
                new Thread(() -> {
                    try {
                        Thread.sleep(500);
                        peer.write(LoopbackStreamServer.reply(request) + "\n");
                    } catch (Exception ignored) {
                        // the test has ended
                    }
                }).start();
            } else {
                peer.write(LoopbackStreamServer.reply(request) + "\n");
            }
        });
        DuplexTransport transport = TcpTransport.connect("127.0.0.1", server.port());
        JsonRpcClient client = client(transport, WAIT);
        JsonRpcClient impatient = client.toBuilder().timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> impatient.request("slow", 1)).isInstanceOf(RequestTimeoutException.class);
        assertThat(transport.pendingCalls()).isZero();
        Thread.sleep(600); // the late reply arrives and is dropped
        assertThat(client.request("fast", 2)).hasToString("[2]");
    }

    @Test
    void aServerThatNeverAnswersEndsInATimeoutNotAHang() throws Exception {
        var server = server((line, peer) -> { });
        JsonRpcClient client = client(TcpTransport.connect("127.0.0.1", server.port()), Duration.ofMillis(300));

        assertThatThrownBy(() -> client.request("void"))
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessage("no reply within 300ms [method void, endpoint tcp://127.0.0.1:" + server.port() + "]");
    }

    @Test
    void aLineThatIsNotJsonIsLoggedAndDroppedWithoutBreakingTheCallsAround() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            peer.write("DEBUG handling " + request.get("method").asText() + "\n"
                    + LoopbackStreamServer.reply(request) + "\n");
        });
        JsonRpcClient client = client(server);

        try (LogCapture logs = LogCapture.start()) {
            assertThat(client.request("echo", 1)).hasToString("[1]");
            assertThat(client.request("echo", 2)).hasToString("[2]");

            assertThat(logs.events("io.jsonrpcclient.connection")).filteredOn(e -> e.level() == Level.WARN)
                    .extracting(LogCapture.Event::message)
                    .containsExactly(
                            "tcp://127.0.0.1:" + server.port() + " sent a line that is not a JSON object or array:"
                                    + " 19 bytes dropped: DEBUG handling echo",
                            "tcp://127.0.0.1:" + server.port() + " sent a line that is not a JSON object or array:"
                                    + " 19 bytes dropped: DEBUG handling echo");
        }
    }

    @Test
    void aMessageOverTheLimitFailsTheConnectionWithAClearError() throws Exception {
        var server = server((line, peer) -> peer.write("{\"jsonrpc\":\"2.0\",\"result\":\"" + "x".repeat(200)
                + "\",\"id\":1}\n"));
        DuplexTransport transport = DuplexTransport.of(TcpTransport.newBuilder("127.0.0.1", server.port())
                .maxMessageBytes(100).connection());
        JsonRpcClient client = client(transport, WAIT);

        assertThatThrownBy(() -> client.request("big"))
                .isInstanceOf(TransportException.class)
                .hasMessage("tcp://127.0.0.1:" + server.port() + " broke the framing, so the connection was closed:"
                        + " the server sent a message larger than the limit of 100 bytes"
                        + " [method big, endpoint tcp://127.0.0.1:" + server.port() + "]");
        assertThat(server.awaitPeer().closedByClient.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concatenatedRepliesWithNoDelimiterAreReadWithStreamFraming() throws Exception {
        var server = LoopbackStreamServer.startConcatenated((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            String reply = LoopbackStreamServer.reply(request).toString();
            // Split across two writes, and run into a notification with no delimiter.
            peer.write(reply.substring(0, 7));
            Thread.sleep(20);
            peer.write(reply.substring(7) + "{\"jsonrpc\":\"2.0\",\"method\":\"tick\"}");
        });
        var transport = TcpTransport.newBuilder("127.0.0.1", server.port()).framing(Framing.STREAM).build();
        BlockingQueue<String> ticks = new LinkedBlockingQueue<>();
        transport.onNotification("tick", (method, params) -> ticks.add(method));
        JsonRpcClient client = client(transport, WAIT);

        toClose.add(server);
        assertThat(client.request("echo", 1)).hasToString("[1]");
        assertThat(client.request("echo", 2)).hasToString("[2]");
        assertThat(ticks.poll(10, TimeUnit.SECONDS)).isEqualTo("tick");
    }

    @Test
    void closingTheTransportFailsTheCallsInFlightAndClosesTheSocket() throws Exception {
        var server = server((line, peer) -> { });
        DuplexTransport transport = TcpTransport.connect("127.0.0.1", server.port());
        JsonRpcClient client = client(transport, WAIT);
        CompletableFuture<JsonNode> call = client.requestAsync("wait");
        server.takeLine();

        client.close();

        assertThat(cause(call)).isInstanceOf(TransportException.class)
                .hasMessageStartingWith("the transport to tcp://127.0.0.1:" + server.port()
                        + " was closed with the call in flight");
        assertThat(server.awaitPeer().closedByClient.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRefusedConnectionFailsTheBuildWithAClearError() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThatThrownBy(() -> TcpTransport.connect("127.0.0.1", port))
                .isInstanceOf(TransportException.class)
                .hasMessage("could not connect to tcp://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void tlsWithTheServersCertificateTrustedWorksAndTheDefaultTrustRefusesIt() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        var server = LoopbackStreamServer.startTls(certificate.serverContext(), LoopbackStreamServer.echo());
        toClose.add(server);

        DuplexTransport trusted = TcpTransport.newBuilder("127.0.0.1", server.port())
                .trustCertificates(certificate.certificatePem()).build();
        JsonRpcClient client = client(trusted, WAIT);
        assertThat(client.request("echo", "secret")).hasToString("[\"secret\"]");
        assertThat(client.endpoint()).isEqualTo("tls://127.0.0.1:" + server.port());
        assertThat(server.takeLine()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"secret\"],\"id\":1}");

        assertThatThrownBy(() -> TcpTransport.newBuilder("127.0.0.1", server.port()).tls().build())
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("TLS failed with tls://127.0.0.1:" + server.port() + ": ");

        DuplexTransport insecure = TcpTransport.newBuilder("127.0.0.1", server.port())
                .insecureSkipTlsVerification().build();
        assertThat(client(insecure, WAIT).request("echo", 1)).hasToString("[1]");
    }

    @Test
    void conflictingTlsSettingsAreRefused() {
        assertThatThrownBy(() -> TcpTransport.newBuilder("127.0.0.1", 1).tls().insecureSkipTlsVerification())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("insecureSkipTlsVerification conflicts with tls: choose one");
    }
}
