package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.http.HttpTransport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * Automatic batching with 64 concurrent callers, on and off, over the default HTTP engine to the
 * loopback server: 64 threads each making blocking calls {@code add(1, 2)} on one shared client
 * ({@code @Threads(64)}), and one thread keeping 64 {@code requestAsync} calls in flight. Scores
 * are calls per second; the gain is the ratio of a pair ({@code ...AutoBatch} over the plain one)
 * in one run. The window is {@value #WINDOW_MICROS} µs and a batch holds at most 64 calls, so a
 * full burst is sent at once without waiting for the timer. The lone-caller pair ({@code oursBlocking1})
 * shows the price when there is nobody to batch with: every call waits out the window.
 * <pre>
 * jsonrpcclient-benchmarks/bench jmh AutoBatchBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AutoBatchBenchmark {

    static final int CALLERS = 64;
    static final long WINDOW_MICROS = 500;

    /** A client over the default engine, with or without automatic batching. */
    public abstract static class Client {
        public JsonRpcClient client;

        abstract boolean batching();

        @Setup(Level.Trial)
        public void start(HttpBenchmark.Server server) {
            JsonRpcClient.Builder builder = JsonRpcClient.newBuilder(HttpTransport.of(server.uri));
            if (batching()) {
                builder.autoBatch(Duration.ofNanos(WINDOW_MICROS * 1000), CALLERS);
            }
            client = builder.build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Plain extends Client {
        @Override
        boolean batching() {
            return false;
        }
    }

    @State(Scope.Benchmark)
    public static class Batching extends Client {
        @Override
        boolean batching() {
            return true;
        }
    }

    private static int call(JsonRpcClient client, Failures failures, String name) {
        return failures.callInt(name, () -> client.request(Integer.class, "add", 1, 2));
    }

    @Benchmark
    @Threads(CALLERS)
    public int oursBlocking64(Plain ours, Failures failures) {
        return call(ours.client, failures, "oursBlocking64");
    }

    @Benchmark
    @Threads(CALLERS)
    public int oursBlocking64AutoBatch(Batching ours, Failures failures) {
        return call(ours.client, failures, "oursBlocking64AutoBatch");
    }

    @Benchmark
    @Threads(1)
    public int oursBlocking1(Plain ours, Failures failures) {
        return call(ours.client, failures, "oursBlocking1");
    }

    @Benchmark
    @Threads(1)
    public int oursBlocking1AutoBatch(Batching ours, Failures failures) {
        return call(ours.client, failures, "oursBlocking1AutoBatch");
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CALLERS)
    public int oursAsync64(Plain ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsync64", CALLERS);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CALLERS)
    public int oursAsync64AutoBatch(Batching ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsync64AutoBatch", CALLERS);
    }
}
