package io.jsonrpcclient.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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

    @Benchmark
    public int oursAsyncJetty(HttpBenchmark.OursJetty ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncJetty", IN_FLIGHT);
    }

    @Benchmark
    public int oursAsyncApache(HttpBenchmark.OursApacheAsync ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursAsyncApache", IN_FLIGHT);
    }
}
