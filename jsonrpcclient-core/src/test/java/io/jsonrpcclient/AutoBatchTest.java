package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Automatic batching against a real loopback HTTP server: how many HTTP requests arrive for
 * concurrent calls, what each one holds, and that every caller gets exactly its own outcome.
 * Windows are long (a minute) and batches are closed by their size, so what is sent does not
 * depend on timing; the tests of the timer use a short window with calls made back to back.
 */
@Timeout(60)
class AutoBatchTest {

    private static final long WAIT_SECONDS = 10;
    /** Long enough that only the batch size (or close) sends a window, never the timer. */
    private static final Duration NEVER = Duration.ofMinutes(1);

    private MockJsonRpcServer server;
    private final List<JsonRpcClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("echo", params -> params.get(0));
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("log", params -> null);
        // Odd numbers are refused, each with its own message, so a caller can tell its error from another's.
        server.method("even", params -> {
            int n = params.get(0).asInt();
            if (n % 2 != 0) {
                throw new MethodError(-32000, "odd: " + n);
            }
            return IntNode.valueOf(n);
        });
    }

    @AfterEach
    void stop() {
        clients.forEach(JsonRpcClient::close);
        server.close();
    }

    private JsonRpcClient client(Duration window, int maxBatchSize) {
        return client(JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).autoBatch(window, maxBatchSize));
    }

    private JsonRpcClient client(JsonRpcClient.Builder builder) {
        JsonRpcClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded: " + future.join());
    }

    private RecordedRequest taken() {
        RecordedRequest request = server.takeRequest(Duration.ofSeconds(WAIT_SECONDS));
        assertThat(request).as("an HTTP request reached the server").isNotNull();
        return request;
    }

    private static List<Long> idsOf(JsonNode batch) {
        var ids = new ArrayList<Long>();
        batch.forEach(call -> ids.add(call.get("id").asLong()));
        return ids;
    }

    @Test
    void sixtyFourThreadsCallingAtOnceMakeOneHttpRequestAndEachGetsItsOwnResult() throws Exception {
        int n = 64;
        JsonRpcClient client = client(NEVER, n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            var ready = new CountDownLatch(n);
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < n; i++) {
                int mine = i;
                results.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    return client.request(Integer.class, "echo", mine);   // blocking: the sync path
                }));
            }
            for (int i = 0; i < n; i++) {
                assertThat(results.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            threads.shutdownNow();
        }
        JsonNode batch = taken().json();
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(n);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aFullWindowIsSentAtOnceAndTheNextCallsStartANewOne() throws Exception {
        JsonRpcClient client = client(NEVER, 4);
        var calls = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 8; i++) {
            calls.add(client.requestAsync(Integer.class, "add", i, 100));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(done(calls.get(i))).isEqualTo(i + 100);
        }
        Set<List<Long>> batches = new HashSet<>();
        batches.add(idsOf(taken().json()));
        batches.add(idsOf(taken().json()));
        assertThat(batches).containsExactlyInAnyOrder(List.of(1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void asyncCallersOfOneBatchAreCompletedOnCallbackThreadsWithTheirOwnResults() throws Exception {
        JsonRpcClient client = client(NEVER, 17);
        var threads = new ArrayList<CompletableFuture<String>>();
        var calls = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 16; i++) {
            CompletableFuture<Integer> call = client.requestAsync(Integer.class, "echo", i);
            calls.add(call);
            threads.add(call.thenApply(result -> Thread.currentThread().getName()));
        }
        // The 17th fills the window and sends it; its own continuation could run on this thread if
        // the reply came first, so only the 16 set up before the batch left are checked.
        assertThat(done(client.requestAsync(Integer.class, "echo", 16))).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            assertThat(done(calls.get(i))).isEqualTo(i);
            assertThat(done(threads.get(i))).startsWith("jsonrpcclient-callback-");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aContinuationThatBlocksDoesNotHoldUpTheOtherCallersOfItsBatch() throws Exception {
        JsonRpcClient client = client(NEVER, 8);
        var othersDone = new CountDownLatch(7);
        var first = client.requestAsync(Integer.class, "echo", 0)
                // Waits for every other caller of the batch: their completions are queued behind
                // this one, so they must be taken by another thread for it ever to return.
                .thenApply(result -> {
                    try {
                        return othersDone.await(WAIT_SECONDS, TimeUnit.SECONDS) ? result : -1;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -2;
                    }
                });
        for (int i = 1; i < 8; i++) {
            int mine = i;
            client.requestAsync(Integer.class, "echo", i).thenAccept(result -> {
                if (result == mine) {
                    othersDone.countDown();
                }
            });
        }
        assertThat(done(first)).as("the other seven callers got their results while the first blocked").isZero();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void callsMadeWithinTheWindowAreSentTogetherWhenItsTimerFires() throws Exception {
        JsonRpcClient client = client(Duration.ofMillis(300), 100);
        CompletableFuture<Integer> a = client.requestAsync(Integer.class, "add", 1, 2);
        CompletableFuture<Integer> b = client.requestAsync(Integer.class, "add", 3, 4);
        CompletableFuture<Void> logged = client.notifyAsync("log", "hello");
        assertThat(done(a)).isEqualTo(3);
        assertThat(done(b)).isEqualTo(7);
        assertThat(done(logged)).isNull();
        JsonNode batch = taken().json();
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(3);
        assertThat(batch.get(2).has("id")).as("the notification keeps having no id").isFalse();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aCallAloneInItsWindowIsSentAsAPlainCallNotABatchOfOne() throws Exception {
        JsonRpcClient client = client(Duration.ofMillis(20), 100);
        assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        JsonNode sent = taken().json();
        assertThat(sent.isObject()).isTrue();
        assertThat(sent.get("method").asText()).isEqualTo("add");
    }

    @Test
    void batchingIsOffByDefault() throws Exception {
        JsonRpcClient client = client(JsonRpcClient.newBuilder(HttpTransport.of(server.uri())));
        var calls = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 4; i++) {
            calls.add(client.requestAsync(Integer.class, "add", i, 1));
        }
        for (CompletableFuture<Integer> call : calls) {
            done(call);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(taken().json().isObject()).isTrue();
        }
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void anErrorResponseFailsOnlyTheCallItAnswers() throws Exception {
        JsonRpcClient client = client(NEVER, 6);
        var calls = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 6; i++) {
            calls.add(client.requestAsync(Integer.class, "even", i));
        }
        for (int i = 0; i < 6; i++) {
            if (i % 2 == 0) {
                assertThat(done(calls.get(i))).isEqualTo(i);
            } else {
                Throwable failure = failureOf(calls.get(i));
                assertThat(failure).isInstanceOf(ErrorResponseException.class);
                ErrorResponseException error = (ErrorResponseException) failure;
                assertThat(error.code()).isEqualTo(-32000);
                assertThat(error.message()).isEqualTo("odd: " + i);
                assertThat(error.getMessage()).contains("method even").contains(server.uri().toString());
            }
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void theErrorMapperSeesEachCallsOwnError() throws Exception {
        JsonRpcClient client = client(JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .errorMapper(e -> new IllegalStateException(e.message()))
                .autoBatch(NEVER, 3));
        CompletableFuture<Integer> one = client.requestAsync(Integer.class, "even", 1);
        CompletableFuture<Integer> two = client.requestAsync(Integer.class, "even", 2);
        CompletableFuture<Integer> three = client.requestAsync(Integer.class, "even", 3);
        assertThat(failureOf(one)).isInstanceOf(IllegalStateException.class).hasMessage("odd: 1");
        assertThat(done(two)).isEqualTo(2);
        assertThat(failureOf(three)).isInstanceOf(IllegalStateException.class).hasMessage("odd: 3");
    }

    @Test
    void aReplyThatLeavesOutACallFailsThatCallAloneWithNoResponseException() throws Exception {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":\"one\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":\"three\",\"id\":3}]"));
        JsonRpcClient client = client(NEVER, 3);
        CompletableFuture<String> one = client.requestAsync(String.class, "echo", "one");
        CompletableFuture<String> two = client.requestAsync(String.class, "echo", "two");
        CompletableFuture<String> three = client.requestAsync(String.class, "echo", "three");
        assertThat(done(one)).isEqualTo("one");
        assertThat(done(three)).isEqualTo("three");
        assertThat(failureOf(two)).isInstanceOf(NoResponseException.class)
                .hasMessageContaining("no response with id 2").hasMessageContaining("method echo");
    }

    @Test
    void aTransportFailureFailsEveryCallOfTheBatch() throws Exception {
        server.enqueue(MockReply.status(502).withBody("<html>bad gateway</html>")
                .withHeader("Content-Type", "text/html"));
        JsonRpcClient client = client(NEVER, 3);
        var calls = List.of(client.requestAsync("echo", 1), client.requestAsync("echo", 2),
                client.requestAsync("echo", 3));
        for (CompletableFuture<JsonNode> call : calls) {
            Throwable failure = failureOf(call);
            assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining("502");
            assertThat(failure.getMessage()).contains("method echo");
        }
    }

    @Test
    void aDroppedConnectionFailsEveryCallOfTheBatch() throws Exception {
        server.enqueue(MockReply.empty().withDisconnect());
        JsonRpcClient client = client(NEVER, 2);
        CompletableFuture<JsonNode> a = client.requestAsync("echo", 1);
        CompletableFuture<JsonNode> b = client.requestAsync("echo", 2);
        assertThat(failureOf(a)).isInstanceOf(TransportException.class);
        assertThat(failureOf(b)).isInstanceOf(TransportException.class);
    }

    @Test
    void anInvalidBatchReplyFailsEveryCallOfTheBatch() throws Exception {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":99}]"));
        JsonRpcClient client = client(NEVER, 2);
        CompletableFuture<JsonNode> a = client.requestAsync("echo", 1);
        CompletableFuture<JsonNode> b = client.requestAsync("echo", 2);
        for (CompletableFuture<JsonNode> call : List.of(a, b)) {
            assertThat(failureOf(call)).isInstanceOfSatisfying(InvalidResponseException.class,
                    e -> assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.UNKNOWN_ID));
        }
    }

    @Test
    void aServerThatRefusesBatchesFailsEveryCallWithItsError() throws Exception {
        server.enqueue(MockReply.json(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"batches not supported\"},\"id\":null}"));
        JsonRpcClient client = client(NEVER, 2);
        CompletableFuture<JsonNode> a = client.requestAsync("echo", 1);
        CompletableFuture<JsonNode> b = client.requestAsync("echo", 2);
        for (CompletableFuture<JsonNode> call : List.of(a, b)) {
            assertThat(failureOf(call)).isInstanceOfSatisfying(ErrorResponseException.class,
                    e -> assertThat(e.code()).isEqualTo(-32600));
        }
    }

    @Test
    void everyCallEndsByItsOwnTimeoutWhenTheBatchReplyIsLate() throws Exception {
        server.enqueue(MockReply.json("[]").withDelay(Duration.ofSeconds(WAIT_SECONDS)));
        JsonRpcClient client = client(JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .timeout(Duration.ofMillis(300)).autoBatch(NEVER, 2));
        CompletableFuture<JsonNode> a = client.requestAsync("echo", 1);
        assertThatThrownBy(() -> client.request("echo", 2)).isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("method echo");
        assertThat(failureOf(a)).isInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void aCallThatTimesOutWhileItsWindowWaitsIsNeverSent() throws Exception {
        JsonRpcClient client = client(JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .timeout(Duration.ofSeconds(1)).autoBatch(NEVER, 3));
        CompletableFuture<Integer> early = client.requestAsync(Integer.class, "echo", 1);
        assertThat(failureOf(early)).isInstanceOf(RequestTimeoutException.class);
        // The window is still open, holding the call that ended; two more calls fill it.
        CompletableFuture<Integer> b = client.requestAsync(Integer.class, "echo", 2);
        CompletableFuture<Integer> c = client.requestAsync(Integer.class, "echo", 3);
        CompletableFuture.allOf(b, c).handle((v, e) -> null).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(idsOf(taken().json())).containsExactly(2L, 3L);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aCallCancelledBeforeItsWindowIsSentIsLeftOut() throws Exception {
        JsonRpcClient client = client(NEVER, 3);
        CompletableFuture<Integer> cancelled = client.requestAsync(Integer.class, "echo", 1);
        assertThat(cancelled.cancel(true)).isTrue();
        CompletableFuture<Integer> b = client.requestAsync(Integer.class, "echo", 2);
        CompletableFuture<Integer> c = client.requestAsync(Integer.class, "echo", 3);
        assertThat(done(b)).isEqualTo(2);
        assertThat(done(c)).isEqualTo(3);
        assertThat(idsOf(taken().json())).containsExactly(2L, 3L);
        assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCallCancelledAfterItsBatchWasSentLeavesTheOthersTheirResults() throws Exception {
        var release = new CountDownLatch(1);
        server.method("held", params -> {
            if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
            return params.get(0);
        });
        JsonRpcClient client = client(NEVER, 2);
        CompletableFuture<Integer> cancelled = client.requestAsync(Integer.class, "held", 1);
        CompletableFuture<Integer> kept = client.requestAsync(Integer.class, "held", 2);
        taken();   // the batch is on the server
        cancelled.cancel(true);
        release.countDown();
        assertThat(done(kept)).isEqualTo(2);
        assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void callsWithDifferentHeadersOrTimeoutsAreNeverMixedInOneBatch() throws Exception {
        JsonRpcClient client = client(NEVER, 2);
        JsonRpcClient alice = client.with(CallOptions.newBuilder().header("X-User", "alice").build());
        JsonRpcClient bob = client.with(CallOptions.newBuilder().header("X-User", "bob").build());
        JsonRpcClient slow = client.with(CallOptions.newBuilder().timeout(Duration.ofSeconds(40)).build());
        var calls = List.of(
                alice.requestAsync(String.class, "echo", "alice"), bob.requestAsync(String.class, "echo", "bob"),
                slow.requestAsync(String.class, "echo", "slow"), alice.requestAsync(String.class, "echo", "alice"),
                bob.requestAsync(String.class, "echo", "bob"), slow.requestAsync(String.class, "echo", "slow"));
        for (CompletableFuture<String> call : calls) {
            done(call);
        }
        for (int i = 0; i < 3; i++) {
            RecordedRequest request = taken();
            JsonNode batch = request.json();
            assertThat(batch).hasSize(2);
            String who = batch.get(0).get("params").get(0).asText();
            assertThat(batch.get(1).get("params").get(0).asText()).isEqualTo(who);
            assertThat(request.header("X-User")).isEqualTo(
                    who.equals("slow") ? java.util.Optional.empty() : java.util.Optional.of(who));
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void aViewThatSendsAloneBypassesTheWindow() throws Exception {
        JsonRpcClient client = client(NEVER, 100);
        JsonRpcClient alone = client.with(CallOptions.newBuilder().sendAlone().build());
        assertThat(alone.request(Integer.class, "add", 2, 2)).isEqualTo(4);
        assertThat(taken().json().isObject()).isTrue();
    }

    @Test
    void explicitMessagesAndBuiltBatchesAreSentAsTheyAre() throws Exception {
        JsonRpcClient client = client(NEVER, 100);
        Response response = client.send(Request.of("add", Params.of(1, 1), Id.of(7)));
        assertThat(response).isInstanceOf(Response.Success.class);
        assertThat(taken().json().get("id").asInt()).isEqualTo(7);
        BatchResponse both = client.send(client.batch().request("add", 1, 2).request("add", 3, 4).build());
        assertThat(both.size()).isEqualTo(2);
        assertThat(taken().json()).hasSize(2);
    }

    @Test
    void closingTheClientSendsTheWaitingCallsAndNoFutureIsLeftPending() throws Exception {
        JsonRpcClient client = client(NEVER, 100);
        CompletableFuture<Integer> a = client.requestAsync(Integer.class, "add", 1, 2);
        CompletableFuture<Void> b = client.notifyAsync("log", "bye");
        client.close();
        // The batch went; whether its reply beats the transport's closing is a race, but both end.
        CompletableFuture.allOf(a, b).handle((v, e) -> null).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(a).isDone();
        assertThat(b).isDone();
    }

    @Test
    void callsAfterCloseGoAloneAsTheyWouldWithoutBatching() throws Exception {
        var transport = HttpTransport.of(server.uri());
        JsonRpcClient owner = client(JsonRpcClient.newBuilder(transport).autoBatch(NEVER, 100));
        JsonRpcClient derived = client(owner.toBuilder());
        derived.close();   // closes its own batcher, not the shared transport
        assertThat(derived.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        assertThat(taken().json().isObject()).isTrue();
    }

    @Test
    void proxyCallsAreBatchedToo() throws Exception {
        JsonRpcClient client = client(NEVER, 2);
        Adder adder = client.proxy(Adder.class);
        CompletableFuture<Integer> a = adder.add(1, 2);
        CompletableFuture<Integer> b = adder.add(3, 4);
        assertThat(done(a)).isEqualTo(3);
        assertThat(done(b)).isEqualTo(7);
        assertThat(taken().json()).hasSize(2);
    }

    @Test
    void toBuilderKeepsTheSettingAndAZeroWindowTurnsItOff() throws Exception {
        JsonRpcClient client = client(NEVER, 2);
        JsonRpcClient off = client(client.toBuilder().autoBatch(Duration.ZERO, 2));
        assertThat(off.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        assertThat(taken().json().isObject()).isTrue();
        JsonRpcClient still = client(client.toBuilder());
        CompletableFuture<Integer> a = still.requestAsync(Integer.class, "add", 1, 2);
        CompletableFuture<Integer> b = still.requestAsync(Integer.class, "add", 2, 2);
        done(a);
        done(b);
        assertThat(taken().json().isArray()).isTrue();
    }

    @Test
    void theBuilderRefusesANegativeWindowAndBatchesBelowTwo() {
        JsonRpcClient.Builder builder = JsonRpcClient.newBuilder(HttpTransport.of(server.uri()));
        assertThatThrownBy(() -> builder.autoBatch(Duration.ofMillis(-1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> builder.autoBatch(Duration.ofMillis(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize");
    }

    @Test
    void paramsThatCannotBeWrittenAreRefusedAtOnceAndJoinNoBatch() {
        JsonRpcClient client = client(NEVER, 2);
        assertThatThrownBy(() -> client.requestAsync("echo", new Object()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requestCount()).isZero();
    }

    interface Adder {
        CompletableFuture<Integer> add(int a, int b);
    }
}
