package io.jsonrpcclient.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.ParseResponseException;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A client over {@link DuplexTransport}, with a server played by a connection that answers on a thread
 * of its own, holding replies and sending them in reverse order: the client's checks apply as over HTTP.
 */
class DuplexTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A connection whose peer answers {@code add} and {@code fail}, several replies at a time, newest
     * first: it holds replies until it has {@code holdUpTo}, or until no request came for 5 ms.
     */
    private static final class EchoServer implements DuplexConnection {
        private final ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();
        private final List<byte[]> held = new ArrayList<>();
        private final int holdUpTo;
        private final Function<JsonNode, String> special;
        private volatile Listener listener;
        private volatile boolean closed;

        EchoServer(int holdUpTo, Function<JsonNode, String> special) {
            this.holdUpTo = holdUpTo;
            this.special = special;
        }

        @Override
        public String endpoint() {
            return "echo://server";
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        @Override
        public CompletableFuture<Void> send(byte[] message) {
            server.execute(() -> answer(message));
            return CompletableFuture.completedFuture(null);
        }

        private void answer(byte[] message) {
            try {
                JsonNode request = JSON.readTree(message);
                String reply;
                if (request.isArray()) {
                    ArrayNode replies = JSON.createArrayNode();
                    for (JsonNode call : request) {
                        if (call.has("id")) {
                            replies.insert(0, JSON.readTree(replyTo(call)));
                        }
                    }
                    reply = replies.toString();
                } else {
                    reply = request.has("id") ? replyTo(request) : "";
                }
                held.add(reply.getBytes(StandardCharsets.UTF_8));
                if (held.size() >= holdUpTo) {
                    flush();
                } else {
                    server.schedule(this::flush, 5, TimeUnit.MILLISECONDS);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void flush() {
            for (int i = held.size() - 1; i >= 0; i--) {
                listener.onMessage(held.get(i));
            }
            held.clear();
        }

        private String replyTo(JsonNode call) {
            String custom = special.apply(call);
            if (custom != null) {
                return custom;
            }
            String id = call.get("id").toString();
            if (call.path("method").asText().equals("fail")) {
                return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Nothing works\"},\"id\":" + id + "}";
            }
            int sum = call.path("params").path(0).asInt() + call.path("params").path(1).asInt();
            return "{\"jsonrpc\":\"2.0\",\"result\":" + sum + ",\"id\":" + id + "}";
        }

        @Override
        public void close() {
            closed = true;
            server.shutdownNow();
        }
    }

    @Test
    void callsFromManyThreadsEachGetTheirOwnResultsThoughRepliesComeNewestFirst() throws Exception {
        var connection = new EchoServer(4, call -> null);
        try (JsonRpcClient client = JsonRpcClient.newBuilder(DuplexTransport.of(connection))
                .timeout(Duration.ofSeconds(10)).build()) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(callers.submit(() -> {
                        boolean right = true;
                        for (int i = 0; i < 50; i++) {
                            right &= client.request(Integer.class, "add", thread * 1000, i) == thread * 1000 + i;
                        }
                        return right;
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                callers.shutdownNow();
            }
        }
        assertThat(connection.closed).isTrue();
    }

    @Test
    void aBatchAnErrorAndANotificationBehaveAsOverHttp() {
        try (var transport = DuplexTransport.newBuilder(new EchoServer(1, call -> null)).maxPendingCalls(8).build();
                JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build()) {

            BatchResponse replies = client.send(client.batch().request("add", 1, 2).notification("log")
                    .request("fail").build());
            client.notify("log", "hello");

            assertThat(replies.result(Id.of(1)).asInt()).isEqualTo(3);
            assertThat(replies.get(Id.of(2)).orElseThrow()).isInstanceOf(io.jsonrpcclient.Response.Failure.class);
            assertThatThrownBy(() -> client.request("fail"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.code()).isEqualTo(-32000))
                    .hasMessageEndingWith("[method fail, endpoint echo://server]");
            assertThat(transport.pendingCalls()).isZero();
            assertThat(transport).hasToString("DuplexTransport[echo://server]");
        }
    }

    @Test
    void aReplyThatIsNotJsonToTheOnlyCallIsAParseErrorAndAWrongTypeOfIdAnInvalidResponse() {
        Function<JsonNode, String> bad = call -> switch (call.path("method").asText()) {
            case "garbage" -> "<html>oops</html>";
            case "stringly" -> "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":\"" + call.get("id").asText() + "\"}";
            default -> null;
        };
        try (JsonRpcClient client = JsonRpcClient.newBuilder(DuplexTransport.of(new EchoServer(1, bad)))
                .timeout(Duration.ofSeconds(10)).build()) {

            assertThatThrownBy(() -> client.request("garbage")).isInstanceOf(ParseResponseException.class);
            assertThatThrownBy(() -> client.request("stringly"))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.ID_MISMATCH));
            assertThat(client.request(Integer.class, "add", 2, 2)).isEqualTo(4);
        }
    }

    @Test
    void aCallWhoseReplyNeverComesEndsByItsTimeout() {
        // An empty message is what a ZeroMQ server sends for a notification: no reply for the call.
        var connection = new EchoServer(1, call -> "");
        try (JsonRpcClient client = JsonRpcClient.newBuilder(DuplexTransport.of(connection))
                .timeout(Duration.ofMillis(200)).build()) {

            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(RequestTimeoutException.class)
                    .hasMessage("no reply within 200ms [method add, endpoint echo://server]");
        }
    }

    @Test
    void aLostConnectionFailsTheCallWithTheEndpointAndMethodNamed() throws Exception {
        var connection = new FakeConnection();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(DuplexTransport.of(connection))
                .timeout(Duration.ofSeconds(10)).build()) {
            var call = CompletableFuture.supplyAsync(() -> client.request("add", 1, 2));
            connection.takeSent();

            connection.drop("the connection to fake://server was lost before the reply came");

            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessage("the connection to fake://server was lost before the reply came"
                            + " [method add, endpoint fake://server]");
        }
    }

    @Test
    void theLimitOfCallsInFlightMustBePositive() {
        assertThatThrownBy(() -> DuplexTransport.newBuilder(new FakeConnection()).maxPendingCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPendingCalls must be at least 1, was 0");
    }
}
