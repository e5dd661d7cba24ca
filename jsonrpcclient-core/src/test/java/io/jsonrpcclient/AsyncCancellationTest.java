package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.http.RawHttpServer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code future.cancel(true)} abandons a call: the transport's future is cancelled and the connection let go. */
@Timeout(30)
class AsyncCancellationTest {

    @Test
    void cancellingTheCallCancelsTheTransportsFuture() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            CompletableFuture<JsonNode> call = client.requestAsync("add", 1, 2);
            ScriptedTransport.Pending exchange = transport.next();

            assertThat(call.cancel(true)).isTrue();

            assertThat(exchange.future()).isCancelled();
            assertThat(call).isCancelled();
        }
    }

    @Test
    void aReplyArrivingAfterTheCancelIsDropped() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            CompletableFuture<Integer> call = client.requestAsync(Integer.class, "add", 1, 2);
            ScriptedTransport.Pending exchange = transport.next();
            call.cancel(true);

            exchange.reply("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");

            assertThat(call).isCancelled();
            assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void cancellingOneCallLeavesTheOthersInFlightAlone() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            CompletableFuture<Integer> cancelled = client.requestAsync(Integer.class, "add", 1, 2);
            CompletableFuture<Integer> kept = client.requestAsync(Integer.class, "add", 3, 4);
            ScriptedTransport.Pending first = transport.next();
            ScriptedTransport.Pending second = transport.next();

            cancelled.cancel(true);
            second.reply("{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":2}");

            assertThat(first.future()).isCancelled();
            assertThat(second.future()).isNotCancelled();
            assertThat(kept.get(5, TimeUnit.SECONDS)).isEqualTo(7);
        }
    }

    @Test
    void anAsyncCallThatTimesOutEndsTheTransportsFutureToo() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofMillis(200)).build()) {
            CompletableFuture<JsonNode> call = client.requestAsync("add", 1, 2);
            ScriptedTransport.Pending exchange = transport.next();

            Throwable failure = call.handle((result, error) -> error).get(5, TimeUnit.SECONDS);

            assertThat(failure).isInstanceOf(RequestTimeoutException.class)
                    .hasMessage("no reply within 200ms [method add, endpoint scripted:]");
            assertThat(exchange.future()).isCompletedExceptionally();
        }
    }

    @Test
    void cancellingACallOverHttpClosesItsConnection() throws Exception {
        var arrived = new CountDownLatch(1);
        var clientHungUp = new CompletableFuture<Boolean>();
        try (RawHttpServer stalling = RawHttpServer.start(connection -> {
            connection.readRequest();
            arrived.countDown();
            // Never answers: only the client letting go ends this connection before 10 s.
            clientHungUp.complete(connection.awaitClientClose(Duration.ofSeconds(10)));
        }); JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(stalling.uri()))
                .timeout(Duration.ofSeconds(20))
                .build()) {
            CompletableFuture<JsonNode> call = client.requestAsync("add", 1, 2);
            assertThat(arrived.await(5, TimeUnit.SECONDS)).as("the request reached the server").isTrue();
            long start = System.nanoTime();

            call.cancel(true);

            assertThat(clientHungUp.get(15, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(stalling.failures()).isEmpty();
        }
    }

    @Test
    void theClientKeepsWorkingAfterACancelledCall() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).build()) {
            client.requestAsync("add", 1, 2).cancel(true);
            transport.next();

            CompletableFuture<JsonNode> next = client.requestAsync("add", 2, 2);
            transport.next().reply("{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2}");

            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(IntNode.valueOf(4));
        }
    }
}
