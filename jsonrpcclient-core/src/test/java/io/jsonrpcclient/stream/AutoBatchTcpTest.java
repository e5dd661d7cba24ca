package io.jsonrpcclient.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.NoResponseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * Automatic batching over a duplex transport (TCP, newline-delimited): the batch is one line, its
 * reply is matched through the multiplexer, and each caller gets its own outcome.
 */
@Timeout(60)
class AutoBatchTcpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration NEVER = Duration.ofMinutes(1);

    @RegisterExtension
    final CloseAfterEach toClose = new CloseAfterEach();

    private LoopbackStreamServer server(LoopbackStreamServer.Script script) throws Exception {
        return toClose.server(script);
    }

    private JsonRpcClient client(LoopbackStreamServer server, int maxBatchSize) {
        JsonRpcClient client = JsonRpcClient.newBuilder(TcpTransport.connect("127.0.0.1", server.port()))
                .timeout(WAIT).autoBatch(NEVER, maxBatchSize).build();
        toClose.add(client);
        return client;
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void concurrentCallsGoAsOneBatchLineAndEachGetsItsOwnResult() throws Exception {
        var server = server(LoopbackStreamServer.echo());
        JsonRpcClient client = client(server, 16);
        var calls = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 16; i++) {
            int mine = i;
            calls.add(client.requestAsync("echo", mine).thenApply(params -> params.get(0).asInt()));
        }
        for (int i = 0; i < 16; i++) {
            assertThat(done(calls.get(i))).isEqualTo(i);
        }
        JsonNode line = LoopbackStreamServer.JSON.readTree(server.takeLine());
        assertThat(line.isArray()).isTrue();
        assertThat(line).hasSize(16);
        assertThat(server.lines).isEmpty();
    }

    @Test
    void aReplyThatLeavesOutACallFailsThatCallAlone() throws Exception {
        // Answers every request of a batch but the one with id 2.
        var server = server((line, peer) -> {
            var replies = LoopbackStreamServer.JSON.createArrayNode();
            LoopbackStreamServer.JSON.readTree(line).forEach(request -> {
                if (request.get("id").asInt() != 2) {
                    replies.add(LoopbackStreamServer.reply(request));
                }
            });
            peer.write(replies + "\n");
        });
        JsonRpcClient client = client(server, 3);
        CompletableFuture<JsonNode> one = client.requestAsync("echo", 1);
        CompletableFuture<JsonNode> two = client.requestAsync("echo", 2);
        CompletableFuture<JsonNode> three = client.requestAsync("echo", 3);
        assertThat(done(one).get(0).asInt()).isEqualTo(1);
        assertThat(done(three).get(0).asInt()).isEqualTo(3);
        try {
            done(two);
            throw new AssertionError("the call left out succeeded");
        } catch (NoResponseException expected) {
            assertThat(expected).hasMessageContaining("id 2");
        }
    }

    @Test
    void closingTheClientEndsTheCallsStillWaitingInAWindow() throws Exception {
        var server = server((line, peer) -> { });   // never answers
        JsonRpcClient client = client(server, 100);
        CompletableFuture<JsonNode> a = client.requestAsync("echo", 1);
        CompletableFuture<Void> b = client.notifyAsync("log", "bye");
        client.close();
        CompletableFuture.allOf(a, b).handle((v, e) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(a).isCompletedExceptionally();
    }
}
