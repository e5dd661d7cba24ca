package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.benchmarks.server.WebSocketServer;
import io.jsonrpcclient.websocket.WebSocketTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WebSocket, one connection to a loopback server that answers {@code add(1, 2)} at once: each
 * contender runs against {@code server=raw}, a hand-written RFC 6455 server that writes a burst of
 * replies at once (the targets are read from these rows), and {@code server=jetty}, Jetty 12, kept for
 * comparison (with 64 in flight it took most of the CPU, so it measured itself more than the client).
 * The limit, {@code rawJdkWebSocket}, is the JDK's {@code java.net.http.WebSocket} sending the
 * request text and waiting for the reply text, no JSON; {@code oursSequential} is a blocking
 * {@code request} per call; {@code oursInFlight64} keeps 64 {@code requestAsync} calls in flight
 * from one thread (score per call). Targets: in flight ≥ 10× sequential; sequential ≥ 0.8× the raw
 * echo. Ours is the library's own WebSocket client (the default). The {@code …Inline} pair is a probe,
 * not a target: ours on the JDK's WebSocket (given a {@code java.net.http} client whose executor runs
 * its tasks in place), the transport's previous default. {@code oursInFlight64CallbacksInline} is a probe
 * too: 64 in flight with the callback executor {@code Runnable::run}, so replies complete on the reader
 * thread with no hand-off: the most that batching the per-reply hand-offs could gain.
 * <pre>
 * jsonrpcclient-benchmarks/bench jmh WebSocketBenchmark -prof gc
 * jsonrpcclient-benchmarks/bench jmh WebSocketBenchmark -p server=raw
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class WebSocketBenchmark {

    static final int IN_FLIGHT = 64;
    static final long WAIT_SECONDS = 10;

    /** The server, one per trial, shared by every client state of the trial. */
    @State(Scope.Benchmark)
    public static class Server {
        /** {@code raw} (hand-written, the targets' server) or {@code jetty} (for comparison). */
        @Param({"raw", "jetty"})
        public String server;
        WebSocketServer instance;

        @Setup(Level.Trial)
        public void start() {
            instance = WebSocketServer.of(server);
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("server answered " + instance.answered() + " messages");
            Failures.report();
            instance.close();
        }
    }

    /** Our client over {@link WebSocketTransport}; the probes below change only how it is built. */
    @State(Scope.Benchmark)
    public static class Ours {
        JsonRpcClient client;

        JsonRpcClient build(URI uri) {
            return JsonRpcClient.newBuilder(WebSocketTransport.of(uri)).build();
        }

        @Setup(Level.Trial)
        public void start(Server server) {
            client = build(server.instance.uri());
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** Ours with completions on the reader thread ({@code callbackExecutor(Runnable::run)}): a probe. */
    @State(Scope.Benchmark)
    public static class OursCallbacksInline extends Ours {
        @Override
        JsonRpcClient build(URI uri) {
            return JsonRpcClient.newBuilder(WebSocketTransport.newBuilder(uri)
                    .callbackExecutor(Runnable::run).build()).callbackExecutor(Runnable::run).build();
        }
    }

    /**
     * Ours again, on a {@code java.net.http} client whose executor runs tasks in place: a probe of
     * what the JDK's thread hop per completed send and received message costs (not a target).
     */
    @State(Scope.Benchmark)
    public static class OursInline extends Ours {
        @Override
        JsonRpcClient build(URI uri) {
            return JsonRpcClient.newBuilder(WebSocketTransport.newBuilder(uri)
                    .httpClient(HttpClient.newBuilder().executor(Runnable::run).build()).build()).build();
        }
    }

    /** The JDK's WebSocket, one reply awaited at a time. */
    @State(Scope.Benchmark)
    public static class Raw implements WebSocket.Listener {
        private HttpClient http;
        private WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        private volatile CompletableFuture<String> reply;
        /** Replies still due for the current {@code reply}: 1 for a call, n for a pipelined round. */
        private final AtomicInteger due = new AtomicInteger();

        @Setup(Level.Trial)
        public void start(Server server) {
            http = HttpClient.newHttpClient();
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
                    .buildAsync(server.instance.uri(), this).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        }

        @TearDown(Level.Trial)
        public void stop() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                if (due.decrementAndGet() == 0) {
                    reply.complete(whole);
                }
            }
            webSocket.request(1);
            return null;
        }

        String call() throws Exception {
            var answer = new CompletableFuture<String>();
            due.set(1);
            reply = answer;
            socket.sendText(Payloads.REQUEST, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Sends n requests back to back (each after the last send completed, as the JDK requires), then awaits n replies. */
        String pipelined(int n) throws Exception {
            var answer = new CompletableFuture<String>();
            due.set(n);
            reply = answer;
            CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(socket);
            for (int i = 0; i < n; i++) {
                sent = sent.thenCompose(ws -> ws.sendText(Payloads.REQUEST, true));
            }
            sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public String rawJdkWebSocket(Raw raw, Failures failures) {
        return failures.call("rawJdkWebSocket", raw::call);
    }

    /**
     * A probe, not a target: the raw JDK WebSocket with 64 requests in flight (per call), to show how
     * far pipelining can go with this server and the JDK's one-send-at-a-time rule.
     */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public String rawJdkWebSocketInFlight64(Raw raw, Failures failures) {
        return failures.call("rawJdkWebSocketInFlight64", () -> raw.pipelined(IN_FLIGHT));
    }

    @Benchmark
    public Integer oursSequential(Ours ours, Failures failures) {
        return failures.call("oursSequential", () -> ours.client.request(Integer.class, "add", 1, 2));
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int oursInFlight64(Ours ours, Failures failures) {
        return inFlight(ours.client, failures, "oursInFlight64", IN_FLIGHT);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int oursInFlight64CallbacksInline(OursCallbacksInline ours, Failures failures) {
        return inFlight(ours.client, failures, "oursInFlight64CallbacksInline", IN_FLIGHT);
    }

    @Benchmark
    public Integer oursSequentialInline(OursInline ours, Failures failures) {
        return failures.call("oursSequentialInline", () -> ours.client.request(Integer.class, "add", 1, 2));
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public int oursInFlight64Inline(OursInline ours, Failures failures) {
        return inFlight(ours.client, failures, "oursInFlight64Inline", IN_FLIGHT);
    }

    /** Starts n calls from this thread, then waits for all; failures are counted. */
    static int inFlight(JsonRpcClient client, Failures failures, String name, int n) {
        var calls = new ArrayList<CompletableFuture<Integer>>(n);
        for (int i = 0; i < n; i++) {
            calls.add(client.requestAsync(Integer.class, "add", 1, 2));
        }
        int sum = 0;
        for (CompletableFuture<Integer> call : calls) {
            try {
                sum += call.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                failures.record(name, e);
            }
        }
        return sum;
    }
}
