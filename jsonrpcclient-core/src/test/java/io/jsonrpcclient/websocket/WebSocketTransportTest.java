package io.jsonrpcclient.websocket;

import static io.jsonrpcclient.websocket.WebSocketTestServer.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.ReconnectPolicy;
import io.jsonrpcclient.transport.Registration;
import io.jsonrpcclient.transport.RequestError;
import io.jsonrpcclient.transport.Subscription;
import io.jsonrpcclient.transport.SubscriptionListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WebSocketTransportTest {

    private WebSocketTestServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new WebSocketTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private JsonRpcClient client(DuplexTransport transport) {
        JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(5)).build();
        closeables.add(client);
        return client;
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void repliesThatComeOutOfOrderReachTheirCalls() throws Exception {
        server.handler = WebSocketTestServer.inPairs((peer, first, second) -> {
            peer.reply(second, "\"second\"");
            peer.reply(first, "\"first\"");
        });
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        CompletableFuture<String> first = client.requestAsync(String.class, "one");
        server.take();
        CompletableFuture<String> second = client.requestAsync(String.class, "two");

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void notificationsBetweenRepliesGoToTheirHandlersAndTheRestToTheCatchAll() throws Exception {
        server.handler = (peer, request) -> {
            peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"progress\",\"params\":[50]}");
            peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"other\",\"params\":{\"a\":1}}");
            peer.reply(request, "\"done\"");
        };
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        BlockingQueue<String> progress = new LinkedBlockingQueue<>();
        BlockingQueue<String> others = new LinkedBlockingQueue<>();
        ws.onNotification("progress", (method, params) -> progress.add(method + " " + params));
        ws.onAnyNotification((method, params) -> others.add(method + " " + params));

        assertThat(client.request(String.class, "build")).isEqualTo("done");

        assertThat(poll(progress)).isEqualTo("progress [50]");
        assertThat(poll(others)).isEqualTo("other {\"a\":1}");
        assertThat(progress.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aClosedRegistrationReceivesNothingMore() throws Exception {
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        client(ws);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Registration registration = ws.onNotification("tick", (method, params) -> seen.add(params.toString()));
        WebSocketTestServer.Peer peer = server.peer();
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":[1]}");
        assertThat(poll(seen)).isEqualTo("[1]");

        registration.close();
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":[2]}");

        assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aSubscriptionReceivesItsEventsInOrderAndUnsubscribesWhenClosed() throws Exception {
        server.handler = (peer, request) -> {
            if (request.get("method").asText().equals("eth_subscribe")) {
                peer.reply(request, "\"0xabc\"");
                peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\","
                        + "\"params\":{\"subscription\":\"0xabc\",\"result\":{\"number\":\"0x1\"}}}");
                peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\","
                        + "\"params\":{\"subscription\":\"0xother\",\"result\":{\"number\":\"0x9\"}}}");
                peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\","
                        + "\"params\":{\"subscription\":\"0xabc\",\"result\":{\"number\":\"0x2\"}}}");
            } else {
                peer.reply(request, "true");
            }
        };
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        BlockingQueue<String> heads = new LinkedBlockingQueue<>();
        BlockingQueue<Subscription.CloseReason> closed = new LinkedBlockingQueue<>();

        Subscription subscription = ws.subscription("eth_subscribe", "eth_subscription")
                .params("newHeads")
                .unsubscribeMethod("eth_unsubscribe")
                .open(client, new SubscriptionListener() {
                    @Override
                    public void onEvent(JsonNode head) {
                        heads.add(head.toString());
                    }

                    @Override
                    public void onClosed(Subscription.CloseReason reason) {
                        closed.add(reason);
                    }
                });

        assertThat(subscription.id().asText()).isEqualTo("0xabc");
        assertThat(server.take().toString())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"],\"id\":1}");
        assertThat(poll(heads)).isEqualTo("{\"number\":\"0x1\"}");
        assertThat(poll(heads)).isEqualTo("{\"number\":\"0x2\"}");

        subscription.close();

        assertThat(server.take().toString())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"eth_unsubscribe\",\"params\":[\"0xabc\"],\"id\":2}");
        assertThat(poll(closed)).isEqualTo(Subscription.CloseReason.UNSUBSCRIBED);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.UNSUBSCRIBED);
        assertThat(heads).isEmpty();
    }

    @Test
    void serverRequestsAreAnsweredByTheirHandlersAndUnknownMethodsWithMethodNotFound() throws Exception {
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        client(ws);
        ws.onRequest("workspace/configuration", (method, params) -> List.of(params.get(0).asInt() * 2));
        ws.onRequest("delete", (method, params) -> {
            throw new RequestError(ErrorObject.of(-32000, "not allowed"));
        });
        WebSocketTestServer.Peer peer = server.peer();

        peer.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"workspace/configuration\",\"params\":[21]}");
        assertThat(server.take().toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":[42]}");

        peer.send("{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"delete\"}");
        assertThat(server.take().toString())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"error\":{\"code\":-32000,\"message\":\"not allowed\"}}");

        peer.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"window/unknown\"}");
        assertThat(server.take().toString())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
    }

    @Test
    void aDroppedConnectionFailsEveryCallInFlightAtOnceAndTellsTheListeners() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        server.handler = (peer, request) -> {
            three.countDown();
            if (three.getCount() == 0) {
                peer.disconnect();
            }
        };
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = JsonRpcClient.newBuilder(ws).timeout(Duration.ofSeconds(20)).build();
        closeables.add(client);
        BlockingQueue<TransportException> lost = WebSocketTestServer.disconnections(ws);
        long start = System.nanoTime();

        List<CompletableFuture<JsonNode>> calls = List.of(client.requestAsync("a"), client.requestAsync("b"),
                client.requestAsync("c"));

        for (CompletableFuture<JsonNode> call : calls) {
            assertThat(failureOf(call)).isInstanceOf(TransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(poll(lost)).isInstanceOf(TransportException.class);
        assertThat(ws.pendingCalls()).isZero();
        assertThatThrownBy(() -> client.request("after"))
                .isInstanceOf(TransportException.class);
    }

    @Test
    void aCloseFrameFromTheServerPutsItsCodeAndReasonInTheFailure() throws Exception {
        server.handler = (peer, request) -> peer.close(1011, "overloaded");
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        BlockingQueue<TransportException> lost = WebSocketTestServer.disconnections(ws);

        assertThatThrownBy(() -> client.request("work"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the server closed the WebSocket " + server.uri() + ": 1011 overloaded");
        WebSocketClosedException closed = (WebSocketClosedException) poll(lost);
        assertThat(closed.closeCode()).isEqualTo(1011);
        assertThat(closed.closeReason()).isEqualTo("overloaded");
    }

    @Test
    void reconnectingWithBackoffRestoresCallsAndResubscribesWithTheMissedEventsSignal() throws Exception {
        server.handler = (peer, request) -> {
            String method = request.get("method").asText();
            if (method.equals("eth_subscribe")) {
                peer.reply(request, "\"sub-" + server.connections.get() + "\"");
            } else if (method.equals("drop")) {
                peer.disconnect();
            } else {
                peer.reply(request, "\"pong\"");
            }
        };
        DuplexTransport ws = WebSocketTransport.newBuilder(server.uri())
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 5))
                .build();
        JsonRpcClient client = client(ws);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        ws.onConnectionState(new ConnectionListener() {
            @Override
            public void onDisconnected(TransportException reason) {
                states.add("disconnected");
            }

            @Override
            public void onReconnected() {
                states.add("reconnected");
            }
        });
        Subscription subscription = ws.subscription("eth_subscribe", "eth_subscription")
                .params("newHeads")
                .resubscribeOnReconnect(true)
                .open(client, new SubscriptionListener() {
                    @Override
                    public void onEvent(JsonNode payload) {
                        events.add(payload.asText());
                    }

                    @Override
                    public void onMissedEvents() {
                        events.add("may have missed events");
                    }
                });
        assertThat(subscription.id().asText()).isEqualTo("sub-1");

        assertThatThrownBy(() -> client.request("drop")).isInstanceOf(TransportException.class);

        assertThat(poll(states)).isEqualTo("disconnected");
        assertThat(poll(states)).isEqualTo("reconnected");
        assertThat(poll(events)).isEqualTo("may have missed events");
        // The signal may run before the resubscribe reply is applied; wait (bounded) for the new id.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!subscription.id().asText().equals("sub-2") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(subscription.id().asText()).isEqualTo("sub-2");
        server.push("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\","
                + "\"params\":{\"subscription\":\"sub-2\",\"result\":\"head-7\"}}");
        assertThat(poll(events)).isEqualTo("head-7");
        assertThat(client.request(String.class, "ping")).isEqualTo("pong");
        assertThat(server.connections.get()).isEqualTo(2);
        assertThat(subscription.closeReason()).isEmpty();
    }

    @Test
    void withoutAReconnectPolicyASubscriptionEndsWhenTheConnectionIsLost() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "\"s\"");
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        BlockingQueue<Subscription.CloseReason> closed = new LinkedBlockingQueue<>();
        Subscription subscription = ws.subscription("sub", "note").open(client, new SubscriptionListener() {
            @Override
            public void onEvent(JsonNode payload) {
            }

            @Override
            public void onClosed(Subscription.CloseReason reason) {
                closed.add(reason);
            }
        });

        server.peer().disconnect();

        assertThat(poll(closed)).isEqualTo(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.CONNECTION_LOST);
    }

    @Test
    void aSlowReplyPastTheTimeoutFailsTheCallAndIsDroppedWhenItComes() throws Exception {
        server.handler = (peer, request) -> {
            if (request.get("method").asText().equals("slow")) {
                new Thread(() -> {
                    sleep(400);
                    peer.reply(request, "\"late\"");
                }).start();
            } else {
                peer.reply(request, "\"quick\"");
            }
        };
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = JsonRpcClient.newBuilder(ws).timeout(Duration.ofMillis(150)).build();
        closeables.add(client);

        assertThatThrownBy(() -> client.request("slow")).isInstanceOf(RequestTimeoutException.class);
        sleep(500);

        assertThat(ws.pendingCalls()).isZero();
        assertThat(client.request(String.class, "fast")).isEqualTo("quick");
    }

    @Test
    void aServerThatNeverAnswersEndsTheCallByItsTimeout() {
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = JsonRpcClient.newBuilder(ws).timeout(Duration.ofMillis(200)).build();
        closeables.add(client);

        assertThatThrownBy(() -> client.request("silence")).isInstanceOf(RequestTimeoutException.class);
        assertThat(ws.pendingCalls()).isZero();
    }

    @Test
    void aFragmentedReplyIsReassembled() throws Exception {
        String big = "x".repeat(10_000);
        server.handler = (peer, request) -> peer.sendFragmented(
                "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":\"" + big + "\"}", 1000);
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThat(client.request(String.class, "big")).isEqualTo(big);
    }

    @Test
    void aMessageOverTheLimitClosesTheConnectionWith1009() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "\"" + "y".repeat(2000) + "\"");
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri()).maxMessageBytes(1000).build());

        assertThatThrownBy(() -> client.request("big"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("larger than the limit of 1000 bytes: closed the WebSocket with 1009");
    }

    @Test
    void malformedMessagesAreDroppedAndTheOtherCallsAreUnaffected() throws Exception {
        server.handler = WebSocketTestServer.inPairs((peer, first, second) -> {
            peer.send("this is not json {");
            peer.send("42");
            peer.reply(first, "1");
            peer.reply(second, "2");
        });
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        CompletableFuture<Integer> a = client.requestAsync(Integer.class, "a");
        server.take();
        CompletableFuture<Integer> b = client.requestAsync(Integer.class, "b");

        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void theHandshakeCarriesHeadersAndTheCredentialsOfTheUrl() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "true");
        var withCredentials = java.net.URI.create("ws://alice:s3cret@127.0.0.1:" + server.uri().getPort() + "/");
        DuplexTransport ws = WebSocketTransport.newBuilder(withCredentials).header("X-Api-Key", "k1").build();
        JsonRpcClient client = client(ws);

        assertThat(client.request(Boolean.class, "ping")).isTrue();

        assertThat(server.lastHandshakeHeaders).containsEntry("x-api-key", "k1")
                .containsEntry("authorization", "Basic YWxpY2U6czNjcmV0");
        assertThat(client.endpoint()).isEqualTo(server.uri().toString());
    }

    @Test
    void aBearerTokenGoesOnTheHandshake() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "true");
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri()).bearerToken("t0ken").build());

        assertThat(client.request(Boolean.class, "ping")).isTrue();

        assertThat(server.lastHandshakeHeaders).containsEntry("authorization", "Bearer t0ken");
    }

    @Test
    void perCallHeadersCannotReachTheHandshakeAndAreIgnored() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "true");
        JsonRpcClient client = client(WebSocketTransport.newBuilder(server.uri()).header("X-Api-Key", "k1").build());

        assertThat(client.with(CallOptions.newBuilder().header("X-Trace", "7").bearerToken("late").build())
                .request(Boolean.class, "ping")).isTrue();

        assertThat(server.lastHandshakeHeaders).containsEntry("x-api-key", "k1")
                .doesNotContainKeys("x-trace", "authorization");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aBatchFromTheServerIsAnsweredWithOneArrayAndABatchOfNotificationsNotAtAll() throws Exception {
        server.handler = (peer, request) -> {
            if (request.has("method") && request.has("id")) {
                peer.reply(request, "\"ok\"");
            }
        };
        DuplexTransport ws = WebSocketTransport.of(server.uri());
        JsonRpcClient client = client(ws);
        ws.onRequest("add", (method, params) -> params.get(0).asInt() + params.get(1).asInt());
        BlockingQueue<String> notes = new LinkedBlockingQueue<>();
        ws.onNotification("note", (method, params) -> notes.add(params.get(0).asText()));
        WebSocketTestServer.Peer peer = server.peer();

        peer.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[1,2]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"x\"]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}]");
        assertThat(server.take().toString()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":3},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}]");
        assertThat(poll(notes)).isEqualTo("x");

        peer.send("[{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"y\"]}]");
        assertThat(poll(notes)).isEqualTo("y");
        assertThat(client.request(String.class, "after")).isEqualTo("ok");
        assertThat(server.take().get("method").asText()).isEqualTo("after"); // nothing was sent for the batch
    }

    @Test
    void whenThePolicyGivesUpRenewableSubscriptionsEndAndListenersAreTold() throws Exception {
        server.handler = (peer, request) -> peer.reply(request, "\"s\"");
        DuplexTransport ws = WebSocketTransport.newBuilder(server.uri())
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(10), Duration.ofMillis(40), 3))
                .build();
        JsonRpcClient client = client(ws);
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        ws.onConnectionState(new ConnectionListener() {
            @Override
            public void onDisconnected(TransportException reason) {
                states.add("disconnected");
            }

            @Override
            public void onLostForGood(TransportException reason) {
                states.add("lost for good");
            }
        });
        BlockingQueue<Subscription.CloseReason> closed = new LinkedBlockingQueue<>();
        Subscription subscription = ws.subscription("sub", "note").resubscribeOnReconnect(true)
                .open(client, new SubscriptionListener() {
                    @Override
                    public void onEvent(JsonNode payload) {
                    }

                    @Override
                    public void onClosed(Subscription.CloseReason reason) {
                        closed.add(reason);
                    }
                });

        java.net.URI uri = server.uri();
        server.close(); // every attempt is refused

        assertThat(poll(states)).isEqualTo("disconnected");
        assertThat(poll(states)).isEqualTo("lost for good");
        assertThat(poll(closed)).isEqualTo(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.CONNECTION_LOST);
        assertThatThrownBy(() -> client.request("ping"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("could not connect to " + uri);
    }

    @Test
    void aRefusedHandshakeNamesTheHttpStatus() {
        server.refuseStatus = 401;
        JsonRpcClient client = client(WebSocketTransport.of(server.uri()));

        assertThatThrownBy(() -> client.request("ping"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the WebSocket handshake with " + server.uri() + " was refused: HTTP 401");
    }

    @Test
    void wssWorksWithTheServersCertificateTrusted(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        try (var tls = new WebSocketTestServer(certificate)) {
            tls.handler = (peer, request) -> peer.reply(request, "\"secure\"");
            JsonRpcClient client = client(WebSocketTransport.newBuilder(tls.uri())
                    .trustCertificates(certificate.certificatePem()).build());

            assertThat(client.request(String.class, "hello")).isEqualTo("secure");
        }
    }

    @Test
    void wssRefusesAnUntrustedCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        try (var tls = new WebSocketTestServer(certificate)) {
            JsonRpcClient client = client(WebSocketTransport.of(tls.uri()));

            assertThatThrownBy(() -> client.request("hello"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("could not connect to " + tls.uri());
        }
    }

    @Test
    void theReconnectPolicyDoublesItsDelayUpToTheMaximumAndGivesUp() {
        ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(350), 4);

        assertThat(policy.delayBefore(1)).contains(Duration.ofMillis(100));
        assertThat(policy.delayBefore(2)).contains(Duration.ofMillis(200));
        assertThat(policy.delayBefore(3)).contains(Duration.ofMillis(350));
        assertThat(policy.delayBefore(4)).contains(Duration.ofMillis(350));
        assertThat(policy.delayBefore(5)).isEmpty();
        assertThat(ReconnectPolicy.none().delayBefore(1)).isEmpty();
    }

    @Test
    void aNonWebSocketUrlIsRefused() {
        assertThatThrownBy(() -> WebSocketTransport.newBuilder(java.net.URI.create("http://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a WebSocket transport needs a ws:// or wss:// URL, got http://127.0.0.1/");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
