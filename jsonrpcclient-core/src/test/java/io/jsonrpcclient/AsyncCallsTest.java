package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.http.HttpTestSupport;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The async twins against a real loopback server: what they send, what they complete with, on which thread. */
@Timeout(30)
class AsyncCallsTest {

    private static final long WAIT_SECONDS = 5;

    private MockJsonRpcServer server;
    private JsonRpcClient client;
    private String url;
    private final CountDownLatch release = new CountDownLatch(1);

    record Point(int x, int y) {
    }

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("echo", params -> params);
        server.method("log", params -> null);
        server.method("points", params -> JsonNodeFactory.instance.arrayNode()
                .add(JsonNodeFactory.instance.objectNode().put("x", 1).put("y", 2))
                .add(JsonNodeFactory.instance.objectNode().put("x", 3).put("y", 4)));
        // Answers only once the test releases it, so a test can look at a call in flight.
        server.method("held", params -> {
            if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held call");
            }
            return TextNode.valueOf("released");
        });
        server.method("divide", params -> {
            throw new MethodError(-32000, "division by zero", TextNode.valueOf("b was 0"));
        });
        url = server.uri().toString();
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.close();
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** {@return the exception the future failed with, as exceptionally/handle see it} */
    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        return future.handle((value, error) -> error).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- results

    @Test
    void requestAsyncReturnsBeforeTheReplyAndCompletesWithTheResult() throws Exception {
        CompletableFuture<JsonNode> call = client.requestAsync("held");

        server.takeRequest();
        assertThat(call).isNotDone();
        release.countDown();
        assertThat(done(call)).isEqualTo(TextNode.valueOf("released"));
    }

    @Test
    void requestAsyncSendsTheSameBytesAsTheBlockingCall() throws Exception {
        assertThat(done(client.requestAsync("add", 1, 2))).isEqualTo(IntNode.valueOf(3));
        assertThat(client.request("add", 1, 2)).isEqualTo(IntNode.valueOf(3));

        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":2}");
    }

    @Test
    void requestAsyncWithNamedParamsSendsAnObject() throws Exception {
        JsonNode echoed = done(client.requestAsync("echo", Params.named(Map.of("name", "Yoko"))));

        assertThat(echoed.toString()).isEqualTo("{\"name\":\"Yoko\"}");
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"name\":\"Yoko\"},\"id\":1}");
    }

    @Test
    void requestAsyncBindsTheResultToAClass() throws Exception {
        assertThat(done(client.requestAsync(Integer.class, "add", 20, 22))).isEqualTo(42);
        assertThat(done(client.requestAsync(Point.class, "echo", Params.named(Map.of("x", 5, "y", 6)))))
                .isEqualTo(new Point(5, 6));
    }

    @Test
    void requestAsyncBindsTheResultToAGenericType() throws Exception {
        List<Point> points = done(client.requestAsync(new TypeReference<List<Point>>() { }, "points"));
        List<Point> echoed = done(client.requestAsync(new TypeReference<List<Point>>() { }, "echo",
                Params.of(new Point(7, 8))));

        assertThat(points).containsExactly(new Point(1, 2), new Point(3, 4));
        assertThat(echoed).containsExactly(new Point(7, 8));
    }

    @Test
    void notifyAsyncCompletesWithNullOnceDeliveredAndSendsNoId() throws Exception {
        assertThat(done(client.notifyAsync("log", "hello"))).isNull();
        assertThat(done(client.notifyAsync("log", Params.named(Map.of("line", "hi"))))).isNull();

        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"hello\"]}");
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":{\"line\":\"hi\"}}");
    }

    // ---------------------------------------------------------------- messages

    @Test
    void sendAsyncOfARequestReturnsAnErrorAsAValue() throws Exception {
        Response ok = done(client.sendAsync(Request.of("add", Params.of(1, 2), Id.of("a"))));
        Response failed = done(client.sendAsync(Request.of("divide", Params.of(1, 0), Id.of("b"))));

        assertThat(ok).isEqualTo(new Response.Success(Id.of("a"), IntNode.valueOf(3)));
        assertThat(failed).isInstanceOfSatisfying(Response.Failure.class, f -> {
            assertThat(f.id()).isEqualTo(Id.of("b"));
            assertThat(f.error().code()).isEqualTo(-32000);
            assertThat(f.error().message()).isEqualTo("division by zero");
        });
    }

    @Test
    void sendAsyncOfANotificationCompletesWithNull() throws Exception {
        assertThat(done(client.sendAsync(Notification.of("log", Params.of(1))))).isNull();
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[1]}");
    }

    @Test
    void sendAsyncOfABatchReturnsTheResponsesInRequestOrder() throws Exception {
        Batch batch = client.batch().request("add", 1, 2).notification("log", "x").request("divide", 1, 0).build();

        BatchResponse replies = done(client.sendAsync(batch));

        assertThat(replies.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of(2));
        assertThat(replies.result(Id.of(1))).isEqualTo(IntNode.valueOf(3));
        assertThat(replies.get(Id.of(2))).get().isInstanceOf(Response.Failure.class);
        assertThat(server.takeRequest().bodyText()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"x\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"divide\",\"params\":[1,0],\"id\":2}]");
    }

    @Test
    void sendAsyncOfAnyMessageReturnsWhatTheBlockingSendReturns() throws Exception {
        Message request = Request.of("add", Params.of(2, 2), Id.of(9));
        Message notification = Notification.of("log", Params.none());
        Message notifications = client.batch().notification("log", 1).build();

        assertThat(done(client.sendAsync(request))).isEqualTo(new Response.Success(Id.of(9), IntNode.valueOf(4)));
        assertThat(done(client.sendAsync(notification))).isEqualTo(Reply.None.INSTANCE);
        assertThat(done(client.sendAsync(notifications))).isEqualTo(BatchResponse.empty());
    }

    @Test
    void sendAsyncOfTextSendsItByteForByte() throws Exception {
        String text = "{\"jsonrpc\": \"2.0\", \"method\": \"add\", \"params\": [10, 5], \"id\": \"raw-1\"}";

        Reply reply = done(client.sendAsync(text));

        assertThat(reply).isEqualTo(new Response.Success(Id.of("raw-1"), IntNode.valueOf(15)));
        assertThat(server.takeRequest().bodyText()).isEqualTo(text);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aFailedCallHandsTheSameExceptionAsTheBlockingCallToExceptionallyAndHandle() throws Exception {
        Throwable async = failureOf(client.requestAsync("divide", 1, 0));
        Throwable viaExceptionally = client.requestAsync("divide", 1, 0)
                .<Throwable>thenApply(result -> null)
                .exceptionally(e -> e)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(async).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.code()).isEqualTo(-32000);
            assertThat(e.data()).isEqualTo(TextNode.valueOf("b was 0"));
            assertThat(e.getMessage()).isEqualTo("error -32000: division by zero [method divide, endpoint " + url + "]");
        });
        // A stage derived from the call sees it wrapped, as everywhere in java.util.concurrent.
        assertThat(viaExceptionally).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ErrorResponseException.class);
        assertThatThrownBy(() -> client.request("divide", 1, 0))
                .isInstanceOf(ErrorResponseException.class)
                .hasMessage(async.getMessage());
    }

    @Test
    void joinAndGetWrapTheFailureAsTheJdkDoes() {
        CompletableFuture<JsonNode> call = client.requestAsync("divide", 1, 0);

        assertThatThrownBy(call::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ErrorResponseException.class).hasMessageContaining("method divide");
        assertThatThrownBy(() -> call.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void aResultThatDoesNotFitTheTypeFailsTheFutureWithAnInvalidResponse() throws Exception {
        server.method("word", params -> TextNode.valueOf("not a number"));

        assertThat(failureOf(client.requestAsync(Integer.class, "word")))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.RESULT_TYPE);
                    assertThat(e.getMessage()).endsWith("[method word, endpoint " + url + "]");
                });
    }

    @Test
    void aDeadServerFailsTheFutureWithATransportExceptionNamingTheCall() throws Exception {
        int port = HttpTestSupport.freePort();
        String dead = "http://127.0.0.1:" + port + "/";
        try (JsonRpcClient refused = JsonRpcClient.http(dead)) {
            assertThat(failureOf(refused.requestAsync("add", 1, 2)))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("could not connect to " + dead + ": connection refused [method add, endpoint " + dead + "]");
            assertThat(failureOf(refused.notifyAsync("log", "x")))
                    .isInstanceOf(TransportException.class)
                    .hasMessageEndingWith("[method log, endpoint " + dead + "]");
        }
    }

    @Test
    void aNonJsonReplyFailsTheFutureWithAParseResponseException() throws Exception {
        server.enqueue(MockReply.json("<html>nope</html>"));

        assertThat(failureOf(client.sendAsync(Request.of("add", Params.of(1, 2), Id.of(1)))))
                .isInstanceOf(ParseResponseException.class)
                .hasMessageEndingWith("[method add, endpoint " + url + "]");
    }

    @Test
    void mistakesFoundBeforeSendingAreThrownByTheAsyncMethodItself() {
        assertThatThrownBy(() -> client.requestAsync("echo", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("echo: ");
        assertThatThrownBy(() -> client.sendAsync("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.sendAsync(client.batch().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");

        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aTransportThatThrowsFailsTheFutureInsteadOfTheCaller() throws Exception {
        Transport broken = new Transport() {
            @Override
            public String endpoint() {
                return "broken:";
            }

            @Override
            public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
                throw new UnsupportedOperationException("wires cut");
            }
        };
        try (JsonRpcClient c = JsonRpcClient.newBuilder(broken).build()) {
            assertThat(failureOf(c.requestAsync("add", 1, 2)))
                    .isInstanceOf(TransportException.class)
                    .hasMessage("the transport failed: java.lang.UnsupportedOperationException: wires cut"
                            + " [method add, endpoint broken:]");
        }
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void theTimeoutAppliesToAsyncCalls() throws Exception {
        JsonRpcClient hasty = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        Throwable failure = failureOf(hasty.requestAsync("held"));

        assertThat(failure).isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(e.getMessage()).isEqualTo("no reply within 300ms [method held, endpoint " + url + "]");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(WAIT_SECONDS));
    }

    // ---------------------------------------------------------------- threads

    @Test
    void byDefaultCallbacksRunOnTheClientsCallbackThreadsNotOnTheHttpClientsThreads() throws Exception {
        CompletableFuture<String> thread = client.requestAsync("held")
                .thenApply(result -> Thread.currentThread().getName());
        server.takeRequest();
        release.countDown();

        assertThat(done(thread)).startsWith("jsonrpcclient-callback-");
    }

    @Test
    void callbacksRunOnTheCallersExecutorWhenGivenOne() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(task -> new Thread(task, "my-callbacks"));
        try (JsonRpcClient c = client.toBuilder().callbackExecutor(callbacks).build()) {
            CompletableFuture<String> thread = c.requestAsync("held")
                    .thenApply(result -> Thread.currentThread().getName());
            server.takeRequest();
            release.countDown();

            assertThat(done(thread)).isEqualTo("my-callbacks");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void callbacksNeverRunOnTheThreadThatCompletesTheTransportsFuture() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient c = JsonRpcClient.newBuilder(transport).build()) {
            CompletableFuture<String> thread = c.requestAsync("add", 1, 2)
                    .thenApply(result -> Thread.currentThread().getName());

            replyOnThread(transport.next(), "transport-io");

            assertThat(done(thread)).startsWith("jsonrpcclient-callback-");
        }
    }

    @Test
    void callbacksRunOnTheTransportsThreadOnlyWhenAskedFor() throws Exception {
        var transport = new ScriptedTransport();
        try (JsonRpcClient c = JsonRpcClient.newBuilder(transport).callbackExecutor(Runnable::run).build()) {
            CompletableFuture<String> thread = c.requestAsync("add", 1, 2)
                    .thenApply(result -> Thread.currentThread().getName());

            replyOnThread(transport.next(), "transport-io");

            assertThat(done(thread)).isEqualTo("transport-io");
        }
    }

    private static void replyOnThread(ScriptedTransport.Pending exchange, String name) throws InterruptedException {
        Thread io = new Thread(() -> exchange.reply("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}"), name);
        io.start();
        io.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    @Test
    void anExecutorThatRefusesTheCompletionFailsTheCallRatherThanLeavingItHanging() throws Exception {
        try (JsonRpcClient c = client.toBuilder()
                .callbackExecutor(task -> {
                    throw new RejectedExecutionException("shut down");
                })
                .build()) {
            assertThat(failureOf(c.requestAsync("add", 1, 2)))
                    .isInstanceOf(JsonRpcClientException.class)
                    .hasMessage("the callback executor refused to complete the call [method add, endpoint " + url + "]")
                    .cause().isInstanceOf(RejectedExecutionException.class);
        }
    }

    @Test
    void blockingCallsDoNotUseTheCallbackExecutor() {
        try (JsonRpcClient c = client.toBuilder()
                .callbackExecutor(task -> {
                    throw new AssertionError("a blocking call used the callback executor");
                })
                .build()) {
            assertThat(c.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            c.notify("log", "x");
            assertThat(c.send(c.batch().request("add", 2, 2).build()).result(Id.of(2)).asInt()).isEqualTo(4);
        }
    }

    @Test
    void aViewMadeWithOptionsKeepsTheCallbackExecutor() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(task -> new Thread(task, "view-callbacks"));
        try (JsonRpcClient c = client.toBuilder().callbackExecutor(callbacks).build()) {
            JsonRpcClient view = c.with(CallOptions.newBuilder().header("X-Trace", "1").build());
            CompletableFuture<String> thread = view.requestAsync("held")
                    .thenApply(result -> Thread.currentThread().getName());
            assertThat(server.takeRequest().header("X-Trace")).contains("1");
            release.countDown();

            assertThat(done(thread)).isEqualTo("view-callbacks");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void aCallerSuppliedExecutorIsNotShutDownWhenTheClientCloses() {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try {
            JsonRpcClient.newBuilder(HttpTransport.of(URI.create(url))).callbackExecutor(callbacks).build().close();

            assertThat(callbacks.isShutdown()).isFalse();
        } finally {
            callbacks.shutdownNow();
        }
    }
}
