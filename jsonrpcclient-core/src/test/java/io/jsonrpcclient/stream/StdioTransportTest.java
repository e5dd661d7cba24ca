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
import io.jsonrpcclient.internal.ProcessConnection;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.Subscription;
import io.jsonrpcclient.transport.SubscriptionListener;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class StdioTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    static List<String> echoServer(String... extra) {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EchoServerMain.class.getName()));
        command.addAll(List.of(extra));
        return command;
    }

    private record Started(JsonRpcClient client, DuplexTransport transport, Process process) {
    }

    private Started start(Duration timeout, String... extra) {
        var connection = (ProcessConnection) StdioTransport.newBuilder(echoServer(extra))
                .stopTimeout(Duration.ofSeconds(2)).connection();
        DuplexTransport transport = DuplexTransport.of(connection);
        JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(timeout).build();
        toClose.add(client);
        return new Started(client, transport, connection.process());
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
    void aRequestToTheChildProcessGetsItsReply() {
        JsonRpcClient client = start(WAIT).client();

        assertThat(client.request("echo", "żółw", 2)).hasToString("[\"żółw\",2]");
        assertThat(client.endpoint()).startsWith("stdio:").endsWith(" io.jsonrpcclient.stream.EchoServerMain");
    }

    @Test
    void notificationsAndBatchesGoThroughTheSameConnection() {
        JsonRpcClient client = start(WAIT).client();

        client.notify("log", "hello");
        BatchResponse responses = client.batch().request("echo", 1).notification("log", 2).request("echo", 3).send();

        assertThat(responses.responses()).extracting(r -> ((Response.Success) r).result().toString())
                .containsExactly("[1]", "[3]");
    }

    @Test
    void aFastCallOvertakesASlowOneOnTheSameConnection() throws Exception {
        JsonRpcClient client = start(WAIT).client();

        CompletableFuture<JsonNode> slow = client.requestAsync("slow", 500, "slow");
        JsonNode fast = client.request("echo", "fast");

        assertThat(fast).hasToString("[\"fast\"]");
        assertThat(slow.isDone()).isFalse();
        assertThat(slow.get(20, TimeUnit.SECONDS)).hasToString("\"slow\"");
    }

    @Test
    void manyThreadsShareTheChildProcess() throws Exception {
        JsonRpcClient client = start(WAIT).client();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int base = t * 100;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        if (client.request(Integer.class, "slow", 0, base + i) != base + i) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void serverNotificationsBeforeAReplyReachTheHandler() throws Exception {
        Started started = start(WAIT);
        BlockingQueue<String> progress = new LinkedBlockingQueue<>();
        started.transport().onNotification("progress", (method, params) -> progress.add(params.toString()));

        assertThat(started.client().request("progress", 3)).hasToString("[3]");

        assertThat(List.of(poll(progress), poll(progress), poll(progress))).containsExactly("[1]", "[2]", "[3]");
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        return queue.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void theChildsStderrReachesTheLogLineByLine() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            JsonRpcClient client = start(WAIT).client();
            client.request("stderr", "something went sideways");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (logs.events("io.jsonrpcclient.stdio.stderr").size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(logs.events("io.jsonrpcclient.stdio.stderr"))
                    .extracting(LogCapture.Event::level, LogCapture.Event::message)
                    .startsWith(org.assertj.core.groups.Tuple.tuple(Level.INFO, "echo server ready"),
                            org.assertj.core.groups.Tuple.tuple(Level.INFO, "something went sideways"));
        }
    }

    @Test
    void theChildExitingMidCallFailsTheCallsInFlightWithItsExitCode() throws Exception {
        Started started = start(Duration.ofMinutes(5));
        CompletableFuture<JsonNode> waiting = started.client().requestAsync("never");
        CompletableFuture<JsonNode> exiting = started.client().requestAsync("exit", 3);

        for (CompletableFuture<JsonNode> call : List.of(waiting, exiting)) {
            Throwable failure = cause(call);
            assertThat(failure).isInstanceOf(TransportException.class);
            assertThat(((TransportException) failure).detail()).isEqualTo(started.client().endpoint()
                    + " exited with code 3");
        }
        assertThatThrownBy(() -> started.client().request("echo"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith(started.client().endpoint() + " exited with code 3");
    }

    @Test
    void aBatchOfRequestsFromTheChildIsAnsweredWithOneArray() throws Exception {
        Started started = start(WAIT);
        started.transport().onRequest("workspace/configuration", (method, params) -> params.get(0).asInt() * 2);
        BlockingQueue<String> progress = new LinkedBlockingQueue<>();
        started.transport().onNotification("progress", (method, params) -> progress.add(params.toString()));

        JsonNode answer = started.client().request("ask", "workspace/configuration", 21);

        assertThat(answer).hasToString("[{\"jsonrpc\":\"2.0\",\"id\":\"q1\",\"result\":42},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"q2\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}]");
        assertThat(progress.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("[0]");
    }

    @Test
    void theChildIsNotRestartedSoARenewableSubscriptionEndsWhenItExits() throws Exception {
        Started started = start(WAIT);
        BlockingQueue<Subscription.CloseReason> closed = new LinkedBlockingQueue<>();
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        started.transport().onConnectionState(new ConnectionListener() {
            @Override
            public void onLostForGood(TransportException reason) {
                states.add(reason.getMessage());
            }
        });
        Subscription subscription = started.transport().subscription("subscribe", "event")
                .params("s1")
                .resubscribeOnReconnect(true)
                .open(started.client(), new SubscriptionListener() {
                    @Override
                    public void onEvent(JsonNode payload) {
                    }

                    @Override
                    public void onClosed(Subscription.CloseReason reason) {
                        closed.add(reason);
                    }
                });

        assertThat(cause(started.client().requestAsync("exit", 4))).isInstanceOf(TransportException.class);

        assertThat(closed.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(subscription.closeReason()).contains(Subscription.CloseReason.CONNECTION_LOST);
        assertThat(states.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(started.client().endpoint() + " exited with code 4");
    }

    @Test
    void closingTheClientStopsTheChild() throws Exception {
        Started started = start(WAIT);
        started.client().request("echo");
        CompletableFuture<JsonNode> pending = started.client().requestAsync("never");

        started.client().close();

        assertThat(cause(pending)).isInstanceOf(TransportException.class);
        assertThat(started.process().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aChildThatIgnoresTheRequestToEndIsKilledAfterTheGracePeriod() throws Exception {
        Started started = start(WAIT, "--linger");
        started.client().request("echo");

        long start = System.nanoTime();
        started.client().close();

        assertThat(started.process().isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
    }

    @Test
    void aMalformedHeaderFailsTheConnectionWithAClearErrorAndStopsTheChild() throws Exception {
        Started started = start(WAIT);

        assertThatThrownBy(() -> started.client().request("badHeader"))
                .isInstanceOf(TransportException.class)
                .hasMessage(started.client().endpoint() + " broke the framing, so the connection was closed:"
                        + " malformed Content-Length framing: Content-Length 'twelve' is not a decimal number"
                        + " [method badHeader, endpoint " + started.client().endpoint() + "]");
        assertThat(started.process().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aChildThatNeverAnswersEndsInATimeout() {
        JsonRpcClient client = start(WAIT).client();
        client.request("echo"); // the child is up: the short timeout below measures the call alone
        JsonRpcClient impatient = client.toBuilder().timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> impatient.request("never"))
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessageStartingWith("no reply within 300ms [method never, endpoint stdio:");
        assertThat(client.request(Integer.class, "slow", 0, 7)).isEqualTo(7);
    }

    @Test
    void aCommandThatCannotStartFailsTheBuildWithAClearError() {
        assertThatThrownBy(() -> StdioTransport.start("/nonexistent/jsonrpc-server", "--stdio"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("could not start stdio:/nonexistent/jsonrpc-server --stdio: ");
    }
}
