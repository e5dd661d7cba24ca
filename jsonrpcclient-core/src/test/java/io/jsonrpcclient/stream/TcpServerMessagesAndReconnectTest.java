package io.jsonrpcclient.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.ReconnectPolicy;
import io.jsonrpcclient.transport.RequestError;
import io.jsonrpcclient.transport.Subscription;
import io.jsonrpcclient.transport.SubscriptionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** TCP against a real loopback server: requests and batches from the server, and the reconnect policy. */
@Timeout(60)
class TcpServerMessagesAndReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final CloseAfterEach toClose = new CloseAfterEach();

    private LoopbackStreamServer server(LoopbackStreamServer.Script script) throws Exception {
        return toClose.server(script);
    }

    private JsonRpcClient client(DuplexTransport transport) {
        JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(WAIT).build();
        toClose.add(client);
        return client;
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("nothing arrived within " + WAIT);
        }
        return value;
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not end within " + WAIT);
        }
        throw new AssertionError("the call succeeded");
    }

    /** Answers {@code subscribe} with {@code "sub-N"} (N counts connections), drops on {@code drop}, echoes the rest. */
    private static LoopbackStreamServer.Script subscriptions(AtomicReference<LoopbackStreamServer> self) {
        return (line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            if (!request.has("id")) {
                return;
            }
            switch (request.get("method").asText()) {
                case "subscribe" -> peer.write("{\"jsonrpc\":\"2.0\",\"result\":\"sub-" + self.get().peers.size()
                        + "\",\"id\":" + request.get("id") + "}\n");
                case "drop" -> peer.close();
                case "wait" -> { }
                default -> peer.write(LoopbackStreamServer.reply(request) + "\n");
            }
        };
    }

    private static final class Recorder implements ConnectionListener, SubscriptionListener {
        final BlockingQueue<String> states = new LinkedBlockingQueue<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Subscription.CloseReason> closed = new LinkedBlockingQueue<>();

        @Override
        public void onDisconnected(TransportException reason) {
            states.add("disconnected");
        }

        @Override
        public void onReconnected() {
            states.add("reconnected");
        }

        @Override
        public void onLostForGood(TransportException reason) {
            states.add("lost for good: " + reason.getMessage());
        }

        @Override
        public void onEvent(JsonNode payload) {
            events.add(payload.asText());
        }

        @Override
        public void onMissedEvents() {
            events.add("may have missed events");
        }

        @Override
        public void onClosed(Subscription.CloseReason reason) {
            closed.add(reason);
        }
    }

    // ---------------------------------------------------------------- requests and batches from the server

    @Test
    void serverRequestsAreAnsweredByTheirHandlersAndUnknownMethodsWithMethodNotFound() throws Exception {
        var server = server((line, peer) -> { });
        DuplexTransport tcp = TcpTransport.connect("127.0.0.1", server.port());
        client(tcp);
        tcp.onRequest("double", (method, params) -> params.get(0).asInt() * 2);
        tcp.onRequest("delete", (method, params) -> {
            throw new RequestError(ErrorObject.of(-32000, "not allowed"));
        });
        LoopbackStreamServer.Peer peer = server.awaitPeer();

        peer.write("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"double\",\"params\":[21]}\n");
        assertThat(server.takeLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":42}");

        peer.write("{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"method\":\"delete\"}\n");
        assertThat(server.takeLine())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"d\",\"error\":{\"code\":-32000,\"message\":\"not allowed\"}}");

        peer.write("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"window/unknown\"}\n");
        assertThat(server.takeLine())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
    }

    @Test
    void aBatchFromTheServerIsAnsweredWithOneArrayOnceEveryHandlerHasAnswered() throws Exception {
        var server = server((line, peer) -> {
            JsonNode request = LoopbackStreamServer.JSON.readTree(line);
            if (request.isObject() && request.has("method") && request.has("id")) {
                peer.write(LoopbackStreamServer.reply(request) + "\n");
            }
        });
        DuplexTransport tcp = TcpTransport.connect("127.0.0.1", server.port());
        JsonRpcClient client = client(tcp);
        CountDownLatch fastRan = new CountDownLatch(1);
        // "slow" answers only once "fast" has run: the batch's handlers must run at the same time.
        tcp.onRequest("slow", (method, params) -> {
            try {
                return fastRan.await(WAIT.toSeconds(), TimeUnit.SECONDS) ? "slow" : "alone";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });
        tcp.onRequest("fast", (method, params) -> {
            fastRan.countDown();
            return "fast";
        });
        BlockingQueue<String> notes = new LinkedBlockingQueue<>();
        tcp.onNotification("note", (method, params) -> notes.add(params.get(0).asText()));
        LoopbackStreamServer.Peer peer = server.awaitPeer();

        peer.write("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"a\"]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"f\",\"method\":\"fast\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"unknown\"}]\n");

        assertThat(server.takeLine()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"slow\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"f\",\"result\":\"fast\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}]");
        assertThat(poll(notes)).isEqualTo("a");

        // A batch of notifications only gets no answer: the next line the server reads is the client's call.
        peer.write("[{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"b\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":[\"c\"]}]\n");
        assertThat(poll(notes)).isEqualTo("b");
        assertThat(poll(notes)).isEqualTo("c");
        assertThat(client.request("echo", "after")).hasToString("[\"after\"]");
        assertThat(server.takeLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"after\"],\"id\":1}");
    }

    @Test
    void perCallHeadersAreIgnoredOverTcp() throws Exception {
        var server = server(LoopbackStreamServer.echo());
        JsonRpcClient client = client(TcpTransport.connect("127.0.0.1", server.port()));

        JsonNode result = client.with(CallOptions.newBuilder().header("X-Trace", "1").bearerToken("t").build())
                .request("echo", 1);

        assertThat(result).hasToString("[1]");
        assertThat(server.takeLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[1],\"id\":1}");
    }

    // ---------------------------------------------------------------- reconnect

    @Test
    void reconnectingWithBackoffFailsCallsInFlightThenRestoresCallsAndResubscribesWithTheMissedEventsSignal()
            throws Exception {
        var self = new AtomicReference<LoopbackStreamServer>();
        var server = server(subscriptions(self));
        self.set(server);
        DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", server.port())
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(50), Duration.ofMillis(400), 10))
                .build();
        JsonRpcClient client = client(tcp);
        var recorder = new Recorder();
        tcp.onConnectionState(recorder);
        Subscription subscription = tcp.subscription("subscribe", "event")
                .resubscribeOnReconnect(true)
                .open(client, recorder);
        assertThat(subscription.id().asText()).isEqualTo("sub-1");

        CompletableFuture<JsonNode> a = client.requestAsync("wait");
        CompletableFuture<JsonNode> b = client.requestAsync("wait");
        CompletableFuture<JsonNode> drop = client.requestAsync("drop");
        for (CompletableFuture<JsonNode> call : List.of(a, b, drop)) {
            assertThat(failureOf(call)).isInstanceOf(TransportException.class)
                    .hasMessageStartingWith("tcp://127.0.0.1:" + server.port() + " closed the connection");
        }
        assertThat(poll(recorder.states)).isEqualTo("disconnected");
        // Made while the connection may still be down: it waits for the new one.
        CompletableFuture<JsonNode> meanwhile = client.requestAsync("echo", "meanwhile");

        assertThat(poll(recorder.states)).isEqualTo("reconnected");
        assertThat(meanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasToString("[\"meanwhile\"]");
        assertThat(poll(recorder.events)).isEqualTo("may have missed events");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!subscription.id().asText().equals("sub-2") && System.nanoTime() < deadline) {
            Thread.sleep(5); // the signal may run before the new id is applied
        }
        assertThat(subscription.id().asText()).isEqualTo("sub-2");
        server.peers.get(1).write("{\"jsonrpc\":\"2.0\",\"method\":\"event\","
                + "\"params\":{\"subscription\":\"sub-2\",\"result\":\"e-1\"}}\n");
        assertThat(poll(recorder.events)).isEqualTo("e-1");
        assertThat(client.request("echo", 2)).hasToString("[2]");
        assertThat(server.peers).hasSize(2);
        assertThat(subscription.closeReason()).isEmpty();
        assertThat(recorder.states).isEmpty();
    }

    @Test
    void aCallThatTimesOutWhileTheConnectionIsDownIsNeverSentOnTheNewOne() throws Exception {
        var self = new AtomicReference<LoopbackStreamServer>();
        var server = server(subscriptions(self));
        self.set(server);
        // The first attempt comes 2 s after the loss, far beyond the 100 ms the call below waits.
        DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", server.port())
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(2), 3))
                .build();
        JsonRpcClient client = client(tcp);
        var recorder = new Recorder();
        tcp.onConnectionState(recorder);
        assertThat(failureOf(client.requestAsync("drop"))).isInstanceOf(TransportException.class);
        assertThat(poll(recorder.states)).isEqualTo("disconnected");

        JsonRpcClient impatient = client.toBuilder().timeout(Duration.ofMillis(100)).build();
        assertThatThrownBy(() -> impatient.request("echo", "too late"))
                .isInstanceOf(io.jsonrpcclient.RequestTimeoutException.class);
        assertThat(tcp.pendingCalls()).isZero();

        assertThat(poll(recorder.states)).isEqualTo("reconnected");
        assertThat(client.request("echo", "next")).hasToString("[\"next\"]");
        assertThat(server.takeLine()).contains("\"drop\"");
        assertThat(server.takeLine()).contains("\"next\""); // the withdrawn call never reached the server
    }

    @Test
    void whenThePolicyGivesUpRenewableSubscriptionsEndAndListenersAndLaterCallsAreTold() throws Exception {
        var self = new AtomicReference<LoopbackStreamServer>();
        var server = server(subscriptions(self));
        self.set(server);
        int port = server.port();
        DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", port)
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(10), Duration.ofMillis(40), 3))
                .build();
        JsonRpcClient client = client(tcp);
        var recorder = new Recorder();
        tcp.onConnectionState(recorder);
        Subscription subscription = tcp.subscription("subscribe", "event")
                .resubscribeOnReconnect(true)
                .open(client, recorder);

        server.close(); // the listening socket and the connection: every attempt is refused

        assertThat(poll(recorder.states)).isEqualTo("disconnected");
        assertThat(poll(recorder.states)).isEqualTo("lost for good: could not connect to tcp://127.0.0.1:" + port
                + ": connection refused");
        assertThat(poll(recorder.closed)).isEqualTo(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(recorder.events).isEmpty();
        assertThatThrownBy(() -> client.request("echo"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("could not connect to tcp://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void withoutAPolicyARenewableSubscriptionEndsAtOnceWhenTheConnectionIsLost() throws Exception {
        var self = new AtomicReference<LoopbackStreamServer>();
        var server = server(subscriptions(self));
        self.set(server);
        DuplexTransport tcp = TcpTransport.connect("127.0.0.1", server.port());
        JsonRpcClient client = client(tcp);
        var recorder = new Recorder();
        tcp.onConnectionState(recorder);
        Subscription subscription = tcp.subscription("subscribe", "event")
                .resubscribeOnReconnect(true)
                .open(client, recorder);

        server.awaitPeer().close();

        assertThat(poll(recorder.closed)).isEqualTo(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(poll(recorder.states)).isEqualTo("disconnected");
        assertThat(poll(recorder.states)).isEqualTo("lost for good: tcp://127.0.0.1:" + server.port()
                + " closed the connection");
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(server.peers).hasSize(1);
    }

    @Test
    void closingTheTransportEndsRenewableSubscriptionsAndStopsReconnecting() throws Exception {
        var self = new AtomicReference<LoopbackStreamServer>();
        var server = server(subscriptions(self));
        self.set(server);
        DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", server.port())
                .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 100))
                .build();
        JsonRpcClient client = JsonRpcClient.newBuilder(tcp).timeout(WAIT).build();
        var recorder = new Recorder();
        Subscription subscription = tcp.subscription("subscribe", "event")
                .resubscribeOnReconnect(true)
                .open(client, recorder);

        client.close();

        assertThat(poll(recorder.closed)).isEqualTo(Subscription.CloseReason.TRANSPORT_CLOSED);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.TRANSPORT_CLOSED);
        assertThat(server.awaitPeer().closedByClient.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> client.request("echo")).isInstanceOf(TransportException.class);
        assertThat(server.peers).hasSize(1);
    }
}
