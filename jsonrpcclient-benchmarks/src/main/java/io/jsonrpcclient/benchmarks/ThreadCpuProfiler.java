package io.jsonrpcclient.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler: the CPU each group of threads spends per operation, to see where a round trip's
 * time goes when client, server and kernel share the machine's cores. Threads are grouped by name
 * with digits folded ({@code raw-http-17} and {@code raw-http-3} are {@code raw-http-N}); for each
 * group that used at least 1% of the iteration's CPU it reports {@code cpu:GROUP} (user plus system
 * time) and {@code cpu.user:GROUP}, in µs per operation, and {@code cpu:process} for the whole JVM
 * (GC and JIT threads included, which the per-thread figures leave out) and {@code cores} for how
 * many cores the JVM kept busy. The benchmark's servers run in the same JVM, so their threads count.
 *
 * <p>Per operation means per unit of the benchmark's score: throughput and average-time modes only.
 * JMH tears a trial's state down (its servers and clients, with their threads) before the last
 * iteration's results are taken, so a thread that has ended counts with its CPU as a background
 * sample saw it at most {@value #SAMPLE_MILLIS} ms before it ended.
 * <pre>{@code
 * jsonrpcclient-benchmarks/bench jmh 'HttpAsyncBenchmark\.(rawNioAsync|oursAsyncSocket)$' \
 *     -p server=raw -prof io.jsonrpcclient.benchmarks.ThreadCpuProfiler
 * }</pre>
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    /** Groups under this share of the iteration's thread CPU are left out of the results. */
    private static final double MIN_SHARE = 0.01;
    /** How often the background sample runs: two clock reads per thread, left out of the results. */
    private static final long SAMPLE_MILLIS = 100;
    private static final String PROFILER_THREAD = "thread-cpu-profiler";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The names of the threads sampled, by id. */
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    /** Every thread's times at its latest sample, so that one that ends still counts. */
    private final Map<Long, long[]> latest = new ConcurrentHashMap<>();
    private Map<Long, long[]> before = Map.of();
    private ScheduledExecutorService sampler;
    private long processBefore;
    private long startedAt;

    @Override
    public String getDescription() {
        return "CPU per operation by thread group (user + system, and user), from ThreadMXBean";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        if (sampler == null) {
            sampler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, PROFILER_THREAD);
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        }
        before = sample();
        processBefore = processCpuNanos();
        startedAt = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        long wallNanos = System.nanoTime() - startedAt;
        sample();
        Map<Long, long[]> after = Map.copyOf(latest);
        long processNanos = processCpuNanos() - processBefore;
        double opsPerSecond = opsPerSecond(benchmark, result.getPrimaryResult().getScore());
        if (!(opsPerSecond > 0) || wallNanos <= 0) {
            return List.of();
        }
        Map<String, long[]> byGroup = new HashMap<>();
        long total = 0;
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            if (PROFILER_THREAD.equals(names.get(e.getKey()))) {
                continue;
            }
            long[] then = before.getOrDefault(e.getKey(), new long[] {0, 0});
            long[] now = e.getValue();
            long cpu = Math.max(0, now[0] - then[0]);
            long user = Math.max(0, now[1] - then[1]);
            long[] sum = byGroup.computeIfAbsent(groupOf(e.getKey()), g -> new long[2]);
            sum[0] += cpu;
            sum[1] += user;
            total += cpu;
        }
        // µs of CPU per operation = (CPU ns / wall ns) cores ÷ (operations per second) × 10^6.
        double perOp = 1e6 / (wallNanos * opsPerSecond);
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byGroup.entrySet()) {
            if (total > 0 && e.getValue()[0] >= MIN_SHARE * total) {
                results.add(new ScalarResult("cpu:" + e.getKey(), e.getValue()[0] * perOp, "µs/op", AggregationPolicy.AVG));
                results.add(new ScalarResult("cpu.user:" + e.getKey(), e.getValue()[1] * perOp, "µs/op", AggregationPolicy.AVG));
            }
        }
        if (processNanos > 0) {
            results.add(new ScalarResult("cpu:process", processNanos * perOp, "µs/op", AggregationPolicy.AVG));
            results.add(new ScalarResult("cores", (double) processNanos / wallNanos, "cores", AggregationPolicy.AVG));
        }
        return results;
    }

    /** {@return each live thread's CPU and user time so far, in ns, by thread id; notes them in {@link #latest}} */
    private synchronized Map<Long, long[]> sample() {
        Map<Long, long[]> sample = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            if (!names.containsKey(id)) {
                // Names only for threads not seen before: ThreadInfo is dearer than the CPU clocks.
                ThreadInfo info = threads.getThreadInfo(id);
                if (info == null) {
                    continue;  // ended meanwhile
                }
                names.put(id, info.getThreadName());
            }
            long cpu = threads.getThreadCpuTime(id);
            long user = threads.getThreadUserTime(id);
            if (cpu >= 0 && user >= 0) {
                sample.put(id, new long[] {cpu, user});
                latest.put(id, new long[] {cpu, user});
            }
        }
        return sample;
    }

    private String groupOf(long threadId) {
        String name = names.getOrDefault(threadId, "?");
        int worker = name.indexOf("-jmh-worker-");
        if (worker >= 0) {
            return "jmh-worker";  // JMH names its workers after the whole benchmark
        }
        return name.replaceAll("\\d+", "N");
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** {@return the operations per second a score stands for, or NaN for modes without one} */
    private static double opsPerSecond(BenchmarkParams benchmark, double score) {
        double unitNanos = benchmark.getTimeUnit().toNanos(1);
        return switch (benchmark.getMode()) {
            case Throughput -> score * TimeUnit.SECONDS.toNanos(1) / unitNanos;
            case AverageTime -> TimeUnit.SECONDS.toNanos(1) / (score * unitNanos);
            default -> Double.NaN;
        };
    }
}
