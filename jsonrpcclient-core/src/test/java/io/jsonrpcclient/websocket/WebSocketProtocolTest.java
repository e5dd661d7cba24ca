package io.jsonrpcclient.websocket;

import static io.jsonrpcclient.websocket.WebSocketTestServer.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import io.jsonrpcclient.transport.DuplexTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own WebSocket client (RFC 6455), against Jetty for what a real server does and against a
 * scripted socket server for what a broken or hostile one does.
 */
@Timeout(30)
class WebSocketProtocolTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private JsonRpcClient client(DuplexTransport transport) {
        return closing(JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(5)).build());
    }

    private static String reply(ScriptedWebSocketServer.Frame request, String result) throws IOException {
        JsonNode call = WebSocketTestServer.JSON.readTree(request.payload());
        return "{\"jsonrpc\":\"2.0\",\"id\":" + call.get("id") + ",\"result\":" + result + "}";
    }

    // ---- against Jetty ----

    @Test
    void sixtyFourCallsInFlightEachGetTheirOwnReply() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, request.get("params").get(0).toString());
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(client.requestAsync(Integer.class, "echo", i));
        }

        for (int i = 0; i < 64; i++) {
            assertThat(calls.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aContinuationThatWaitsForAReplyReadInTheSameBurstGetsIt() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = WebSocketTestServer.inPairs((peer, first, second) -> {
            // Both replies in a row: read together, their completions share one callback thread's turn.
            peer.reply(first, "1");
            peer.reply(second, "2");
        });
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        CompletableFuture<Integer> first = client.requestAsync(Integer.class, "a");
        CompletableFuture<Integer> second = client.requestAsync(Integer.class, "b");
        CompletableFuture<Integer> both = first.thenApply(a -> a + second.join()); // blocks its thread

        assertThat(both.get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void largeMessagesGoBothWaysWithLongLengthsAndSurviveTheBuffers() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, request.get("params").get(0).toString());
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));
        String medium = "m".repeat(300);          // a 16-bit length
        String large = "é".repeat(150_000);       // a 64-bit length, over the writer's and reader's buffers

        assertThat(client.request(String.class, "echo", medium)).isEqualTo(medium);
        assertThat(client.request(String.class, "echo", large)).isEqualTo(large);
    }

    @Test
    void aPingFromTheServerIsAnsweredWithItsPayload() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, "true");
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));
        assertThat(client.request(Boolean.class, "hello")).isTrue();

        server.peer().ping("are you there");

        assertThat(poll(server.pongs)).isEqualTo("are you there");
        assertThat(client.request(Boolean.class, "still")).isTrue();
    }

    @Test
    void anIdleConnectionIsPingedWhenAPingIntervalIsSet() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, "true");
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri())
                .pingInterval(Duration.ofMillis(50)).build());
        assertThat(client.request(Boolean.class, "hello")).isTrue();

        assertThat(poll(server.pings)).isEmpty();
    }

    @Test
    void closingTheClientSendsANormalClose() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, "true");
        JsonRpcClient client = JsonRpcClient.newBuilder(WebSocketTransport.of(server.uri())).build();
        assertThat(client.request(Boolean.class, "hello")).isTrue();

        client.close();

        assertThat(poll(server.closeCodes)).isEqualTo(1000);
    }

    @Test
    void theJdkWebSocketIsUsedWhenAnHttpClientIsGiven() throws Exception {
        var server = closing(new WebSocketTestServer());
        server.handler = (peer, request) -> peer.reply(request, "\"jdk\"");
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri())
                .httpClient(HttpClient.newHttpClient()).header("X-Api-Key", "k1").build());

        assertThat(client.request(String.class, "who")).isEqualTo("jdk");
        assertThat(server.lastHandshakeHeaders).containsEntry("x-api-key", "k1")
                .containsKey("sec-websocket-key");
    }

    @Test
    void wssTakesAnyCertificateOnlyWithTheLoudOptOut(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        var server = closing(new WebSocketTestServer(certificate));
        server.handler = (peer, request) -> peer.reply(request, "\"secure\"");
        JsonRpcClient verified = client(WebSocketTransport.of(server.uri()));
        JsonRpcClient insecure = client(WebSocketTransport.newBuilder(server.uri())
                .insecureSkipTlsVerification().build());

        assertThatThrownBy(() -> verified.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("could not connect to " + server.uri() + ": TLS failed");
        assertThat(insecure.request(String.class, "hello")).isEqualTo("secure");
    }

    @Test
    void aHeaderTheHandshakeSetsItselfIsRefusedWhenBuilding() {
        assertThatThrownBy(() -> WebSocketTransport.newBuilder(URI.create("ws://127.0.0.1:1/"))
                .header("Sec-WebSocket-Key", "x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the WebSocket handshake sets Sec-WebSocket-Key itself");
    }

    // ---- against a scripted server ----

    @Test
    void callsMadeWhileEarlierOnesAreUnansweredAreSentWithoutWaitingForAnAnswer() throws Exception {
        int calls = 20;
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            // All requests are read before any is answered: none may be held back for an answer
            // (after the first, each is framed by its caller and flushed by the writer thread).
            List<ScriptedWebSocketServer.Frame> requests = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                requests.add(c.read());
            }
            for (int i = calls - 1; i >= 0; i--) {
                c.frame(0x81, reply(requests.get(i), WebSocketTestServer.JSON.readTree(requests.get(i).payload())
                        .get("params").get(0).toString()));
            }
        }));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            pending.add(client.requestAsync(Integer.class, "echo", i));
        }

        for (int i = 0; i < calls; i++) {
            assertThat(pending.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(server.failures).isEmpty();
    }

    @Test
    void callsFramedBehindAnUnansweredOneAllFailWhenTheConnectionDrops() throws Exception {
        int calls = 20;
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            c.read();         // the first call, never answered
            c.out.close();    // the connection drops with the others framed behind it, flushed or not
        }));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            pending.add(client.requestAsync(Integer.class, "echo", i));
        }

        for (CompletableFuture<Integer> call : pending) {
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .hasCauseInstanceOf(TransportException.class);
        }
    }

    @Test
    void theHandshakeIsAValidUpgradeAndFramesAreMaskedText() throws Exception {
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            ScriptedWebSocketServer.Frame request = c.read();
            assertThat(request.fin()).isTrue();
            assertThat(request.opcode()).isEqualTo(1);
            c.frame(0x81, reply(request, "\"hi\""));
        }));
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri()).subprotocols("jsonrpc").build());

        assertThat(client.request(String.class, "hello")).isEqualTo("hi");

        ScriptedWebSocketServer.Connection c = server.handshake();
        assertThat(c.requestLine).isEqualTo("GET /rpc?x=1 HTTP/1.1");
        assertThat(c.requestHeaders).containsEntry("host", "127.0.0.1:" + server.uri().getPort())
                .containsEntry("upgrade", "websocket").containsEntry("connection", "Upgrade")
                .containsEntry("sec-websocket-version", "13").containsEntry("sec-websocket-protocol", "jsonrpc");
        assertThat(Base64.getDecoder().decode(c.requestHeaders.get("sec-websocket-key"))).hasSize(16);
        assertThat(server.failures).isEmpty();
    }

    @Test
    void aWrongAcceptHeaderIsRefused() throws Exception {
        var server = closing(new ScriptedWebSocketServer(c -> c.answer("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n")));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the WebSocket handshake with " + server.uri() + " failed: the server's "
                        + "Sec-WebSocket-Accept 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' does not answer our key");
    }

    @Test
    void aSubprotocolNotOfferedIsRefused() throws Exception {
        var server = closing(new ScriptedWebSocketServer(c -> c.answer("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: mqtt\r\n"
                + "Sec-WebSocket-Accept: " + ScriptedWebSocketServer.acceptFor(c.requestHeaders.get("sec-websocket-key"))
                + "\r\n\r\n")));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the server chose a subprotocol we did not offer: mqtt");
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException closed) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            JsonRpcClient client = client(WebSocketTransport.newBuilder(uri)
                    .connectTimeout(Duration.ofMillis(200)).build());

            assertThatThrownBy(() -> client.request("hello"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("could not connect to " + uri + " in time (200 ms)");
        }
    }

    @Test
    void aMaskedServerFrameIsAProtocolErrorClosedWith1002() throws Exception {
        BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            ScriptedWebSocketServer.Frame request = c.read();
            c.frame(0x81, reply(request, "1").getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, 4});
            ScriptedWebSocketServer.Frame close = c.read();
            assertThat(close.opcode()).isEqualTo(8);
            closeCodes.add(close.closeCode());
        }));
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        BlockingQueue<TransportException> lost = WebSocketTestServer.disconnections(ws);

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("broke the WebSocket protocol with a masked frame (a server must not mask "
                        + "its frames): closed the WebSocket with 1002");
        assertThat(poll(closeCodes)).isEqualTo(1002);
        assertThat(((WebSocketClosedException) poll(lost)).closeCode()).isEqualTo(1002);
    }

    @Test
    void rsvBitsAndReservedOpcodesAreProtocolErrors() throws Exception {
        for (int firstByte : new int[] {0xC1, 0x83, 0x8B}) {
            var server = closing(new ScriptedWebSocketServer(c -> {
                c.accept();
                c.read();
                c.frame(firstByte, "{}");
            }));
            JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

            assertThatThrownBy(() -> client.request("hello"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining(firstByte == 0xC1 ? "a frame with RSV bits set"
                            : "a frame with the reserved opcode " + (firstByte & 0x0F))
                    .hasMessageContaining("closed the WebSocket with 1002");
        }
    }

    @Test
    void aContinuationWithNoMessageBegunIsAProtocolError() throws Exception {
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            c.read();
            c.frame(0x80, "{}");
        }));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("a continuation frame with no message begun");
    }

    @Test
    void fragmentsAreReassembledAroundAPingAnsweredInBetween() throws Exception {
        BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            String whole = reply(c.read(), "\"" + "z".repeat(500) + "\"");
            c.frame(0x01, whole.substring(0, 10));          // text, not final
            c.frame(0x89, "in between");                    // a ping between fragments
            c.frame(0x00, whole.substring(10, 300));        // continuation
            c.frame(0x80, whole.substring(300));            // final continuation
            ScriptedWebSocketServer.Frame pong = c.read();
            pongs.add(pong.opcode() + " " + pong.text());
        }));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThat(client.request(String.class, "hello")).isEqualTo("z".repeat(500));
        assertThat(poll(pongs)).isEqualTo("10 in between");
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            c.read();
            c.frame(0x01, "[" + "1,".repeat(300));
            c.frame(0x80, "1]");
            closeCodes.add(c.read().closeCode());
        }));
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri()).maxMessageBytes(500).build());

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("larger than the limit of 500 bytes: closed the WebSocket with 1009");
        assertThat(poll(closeCodes)).isEqualTo(1009);
    }

    @Test
    void theServersCloseIsAnsweredWithItsCodeAndReported() throws Exception {
        BlockingQueue<Integer> answered = new LinkedBlockingQueue<>();
        var server = closing(new ScriptedWebSocketServer(c -> {
            c.accept();
            c.read();
            c.frame(0x88, new byte[] {0x03, (byte) 0xE9, 'b', 'y', 'e'}, null); // 1001 "bye"
            answered.add(c.read().closeCode());
        }));
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThatThrownBy(() -> client.request("hello"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the server closed the WebSocket " + server.uri() + ": 1001 bye");
        assertThat(poll(answered)).isEqualTo(1001);
    }
}
