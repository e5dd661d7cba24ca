package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Async HTTP: one thread keeps 64 calls {@code add(1, 2)} in flight ({@code requestAsync}), waits
 * for all, repeats. Scores are calls per second ({@code @OperationsPerInvocation(64)}), to set
 * beside the peers' 8-thread figures in {@link Http8Threads}. Only the non-blocking engines take
 * part: with a blocking engine an async call runs on the caller's thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@OperationsPerInvocation(HttpAsyncBenchmark.IN_FLIGHT)
public class HttpAsyncBenchmark {

    static final int IN_FLIGHT = 64;
    /** Connections of the pipelined limit, and the exchanges each carries at once: 4 × 16 = {@value #IN_FLIGHT}. */
    static final int PIPELINED_CONNECTIONS = 4;
    static final int PIPELINE_DEPTH = 16;
    /** Calls per invocation of the window benchmark: ten rounds' worth, with no wait for all between them. */
    static final int WINDOW_CALLS = 640;

    /**
     * The limit: 64 kept-alive non-blocking sockets driven by this thread alone, with one selector.
     * Each round writes the request on every socket, then selects until every reply is in. No JSON,
     * no futures, no hand-off between threads: what one thread with 64 HTTP/1.1 exchanges in
     * flight (no pipelining) can do on this machine.
     */
    @Benchmark
    public int rawNioAsync(RawNio raw, Failures failures) {
        return failures.callInt("rawNioAsync", raw::round);
    }

    /**
     * The limit for pipelining: the same 64 exchanges on 4 kept-alive connections, the 16 requests of
     * each written in one write, then every reply read, by this thread alone. No JSON, no futures.
     */
    @Benchmark
    public int rawNioPipelined(RawNioPipelined raw, Failures failures) {
        return failures.callInt("rawNioPipelined", raw::round);
    }

    /** The default engine with automatic batching on: the 64 calls of a round leave as one batch. */
    @Benchmark
    public int oursAsyncAutoBatch(AutoBatchBenchmark.Batching ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncAutoBatch", IN_FLIGHT);
    }

    /**
     * The default engine: for this {@code http://} loopback URL that is the socket engine, so this
     * measures the same code as {@link #oursAsyncSocket} (their gap in one run is the run's noise).
     */
    @Benchmark
    public int oursAsyncJdk(HttpBenchmark.OursJdk ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncJdk", IN_FLIGHT);
    }

    /** The default engine with {@code sendAsync} for async calls, as it is on more than two processors. */
    @Benchmark
    public int oursAsyncJdkSendAsync(HttpBenchmark.OursJdkSendAsync ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncJdkSendAsync", IN_FLIGHT);
    }

    @Benchmark
    public int oursAsyncSocket(HttpBenchmark.OursSocket ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncSocket", IN_FLIGHT);
    }

    /**
     * Opt-in HTTP/1.1 pipelining ({@code HttpEngines.socketPipelining(4, 16)}): the same 64 calls on
     * 4 connections, 16 on each, written without waiting for the replies before them.
     */
    @Benchmark
    public int oursAsyncSocketPipelined(HttpBenchmark.OursSocketPipelined ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncSocketPipelined", IN_FLIGHT);
    }

    /**
     * Diagnostic, not a target: the same 64 in flight kept up continuously, a new call as each one
     * ends, rather than in rounds that wait for all 64. It shows what the wait at the end of each
     * round costs.
     */
    @Benchmark
    @OperationsPerInvocation(WINDOW_CALLS)
    public int oursAsyncSocketWindow(HttpBenchmark.OursSocket ours, Failures failures) throws InterruptedException {
        return window(ours.client, failures, "oursAsyncSocketWindow");
    }

    /** {@value #WINDOW_CALLS} calls with at most {@value #IN_FLIGHT} in flight; failures are counted on this thread. */
    static int window(JsonRpcClient client, Failures failures, String name) throws InterruptedException {
        var permits = new Semaphore(IN_FLIGHT);
        var sum = new AtomicInteger();
        var failed = new ConcurrentLinkedQueue<Throwable>();
        for (int i = 0; i < WINDOW_CALLS; i++) {
            if (!permits.tryAcquire(WebSocketBenchmark.WAIT_SECONDS, TimeUnit.SECONDS)) {
                failed.add(new TimeoutException("no call ended in " + WebSocketBenchmark.WAIT_SECONDS + " s"));
                break;
            }
            client.requestAsync(Integer.class, "add", 1, 2).whenComplete((result, error) -> {
                if (error != null) {
                    failed.add(error);
                } else {
                    sum.addAndGet(result);
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(IN_FLIGHT, WebSocketBenchmark.WAIT_SECONDS, TimeUnit.SECONDS)) {
            failed.add(new TimeoutException("calls still in flight after " + WebSocketBenchmark.WAIT_SECONDS + " s"));
        }
        for (Throwable e : failed) {
            failures.record(name, e);
        }
        return sum.get();
    }

    @Benchmark
    public int oursAsyncJetty(HttpBenchmark.OursJetty ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncJetty", IN_FLIGHT);
    }

    @Benchmark
    public int oursAsyncApache(HttpBenchmark.OursApacheAsync ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncApache", IN_FLIGHT);
    }

    /**
     * {@value #IN_FLIGHT} non-blocking connections to the server and one selector, all used by one thread.
     * <pre>{@code
     * int replies = raw.round();   // 64 requests written, then 64 replies read
     * }</pre>
     */
    @State(Scope.Thread)
    public static class RawNio {
        private NioChannels nio;
        /** Each connection's reply so far: its position is how much has come. */
        private final ByteBuffer[] replies = new ByteBuffer[IN_FLIGHT];
        private final int[] ends = new int[IN_FLIGHT];
        private ByteBuffer request;

        @Setup(Level.Trial)
        public void start(HttpBenchmark.Server server) throws IOException {
            request = ByteBuffer.wrap(RawHttp1.request(server.uri.getPort()));
            nio = NioChannels.open(server.uri.getPort(), IN_FLIGHT);
            for (int i = 0; i < IN_FLIGHT; i++) {
                replies[i] = ByteBuffer.allocate(8192);
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            nio.close();
        }

        /** Writes every request, then reads until every reply is in; returns how many came (64). */
        int round() throws IOException {
            for (int i = 0; i < IN_FLIGHT; i++) {
                replies[i].clear();
                ends[i] = -1;
                request.rewind();
                // A 160-byte request fits an empty socket buffer: one write, checked rather than assumed.
                if (nio.channels[i].write(request) != request.limit()) {
                    throw new IOException("the request did not leave in one write");
                }
            }
            return nio.awaitReplies(IN_FLIGHT, i -> read(i) ? 1 : 0);
        }

        /** Reads what connection i has; true when its reply has just become complete. */
        private boolean read(int i) throws IOException {
            ByteBuffer reply = replies[i];
            if (!reply.hasRemaining()) {
                throw new IOException("reply larger than " + reply.capacity() + " bytes");
            }
            int k = nio.channels[i].read(reply);
            if (k < 0) {
                throw new IOException("the server closed a connection");
            }
            int filled = reply.position();
            if (ends[i] < 0) {
                ends[i] = RawHttp1.replyEnd(reply.array(), filled);
            }
            if (ends[i] >= 0 && filled > ends[i]) {
                throw new IOException("more bytes than one reply: the connection is out of step");
            }
            return k > 0 && filled == ends[i];
        }
    }

    /**
     * {@value #PIPELINED_CONNECTIONS} non-blocking connections carrying {@value #PIPELINE_DEPTH}
     * pipelined exchanges each, one selector, all used by one thread.
     * <pre>{@code
     * int replies = raw.round();   // 4 writes of 16 requests, then 64 replies read
     * }</pre>
     */
    @State(Scope.Thread)
    public static class RawNioPipelined {
        private NioChannels nio;
        /** Each connection's unparsed reply bytes: its position is how much has come. */
        private final ByteBuffer[] replies = new ByteBuffer[PIPELINED_CONNECTIONS];
        private final int[] answered = new int[PIPELINED_CONNECTIONS];
        private ByteBuffer requests;

        @Setup(Level.Trial)
        public void start(HttpBenchmark.Server server) throws IOException {
            byte[] one = RawHttp1.request(server.uri.getPort());
            requests = ByteBuffer.allocate(one.length * PIPELINE_DEPTH);
            for (int k = 0; k < PIPELINE_DEPTH; k++) {
                requests.put(one);
            }
            nio = NioChannels.open(server.uri.getPort(), PIPELINED_CONNECTIONS);
            for (int i = 0; i < PIPELINED_CONNECTIONS; i++) {
                replies[i] = ByteBuffer.allocate(64 * 1024);
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            nio.close();
        }

        /** Writes each connection's 16 requests at once, then reads until every reply is in; returns 64. */
        int round() throws IOException {
            for (int i = 0; i < PIPELINED_CONNECTIONS; i++) {
                replies[i].clear();
                answered[i] = 0;
                requests.rewind();
                // 16 requests of 160 bytes fit an empty socket buffer: one write, checked rather than assumed.
                if (nio.channels[i].write(requests) != requests.limit()) {
                    throw new IOException("the requests did not leave in one write");
                }
            }
            return nio.awaitReplies(IN_FLIGHT, this::read);
        }

        /** Reads what connection i has; {@return how many replies that completed} */
        private int read(int i) throws IOException {
            ByteBuffer reply = replies[i];
            if (nio.channels[i].read(reply) < 0) {
                throw new IOException("the server closed a connection");
            }
            int completed = 0;
            int end;
            while (reply.position() > 0 && (end = RawHttp1.replyEnd(reply.array(), reply.position())) >= 0
                    && end <= reply.position()) {
                // One whole reply at the front: drop it, keep what follows.
                reply.flip().position(end);
                reply.compact();
                completed++;
            }
            answered[i] += completed;
            if (answered[i] > PIPELINE_DEPTH) {
                throw new IOException("more replies than requests: the connection is out of step");
            }
            return completed;
        }
    }
}
