package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** Calls per invocation of the window benchmark: ten rounds' worth, with no wait for all between them. */
    static final int WINDOW_CALLS = 640;

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
}
