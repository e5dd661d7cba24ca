package io.jsonrpcclient.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Transport failures, counted, never hidden: a call that fails (JDK-8338569 and kin under load)
 * is caught, counted here and in the per-trial tally printed at the end of each trial, and the
 * benchmark goes on. JMH reports {@code failures} beside each score (a secondary result in the
 * JSON), so a contender that is fast because it fails shows it.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Failures {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, String> FIRST = new ConcurrentHashMap<>();

    /** Failed calls in this iteration, this thread. */
    public long failures;

    /** Records a failure of a contender. */
    public void record(String contender, Throwable failure) {
        failures++;
        COUNTS.computeIfAbsent(contender, k -> new AtomicLong()).incrementAndGet();
        FIRST.putIfAbsent(contender, String.valueOf(failure));
    }

    /**
     * Runs one call of a contender: its result, or {@code null} with the failure recorded. Not public:
     * JMH reads every public method of an {@code @AuxCounters} state as a counter.
     * <pre>{@code
     * return failures.call("oursSocket", () -> client.request(Integer.class, "add", 1, 2));
     * }</pre>
     */
    <T> T call(String contender, Call<T> call) {
        try {
            return call.run();
        } catch (Error e) {
            throw e;  // the JVM's trouble, not the contender's: let JMH stop
        } catch (Throwable e) {  // jsonrpc4j declares Throwable
            record(contender, e);
            return null;
        }
    }

    /**
     * {@link #call} for a contender that returns an {@code int} (a byte count, a sum): its result, or
     * {@code -1} with the failure recorded; no boxing on the measured path.
     */
    int callInt(String contender, IntCall call) {
        try {
            return call.run();
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            record(contender, e);
            return -1;
        }
    }

    /** One call of a contender that returns an {@code int}, which may fail with any exception. */
    @FunctionalInterface
    interface IntCall {
        /** {@return the call's result} */
        int run() throws Throwable;
    }

    /** One call of a contender, which may fail with any exception. */
    @FunctionalInterface
    interface Call<T> {
        /** {@return the call's result} */
        T run() throws Throwable;
    }

    /** Prints and clears the tally; called at the end of each trial. */
    static void report() {
        COUNTS.forEach((contender, n) -> System.out.println("TRANSPORT FAILURES " + contender + ": " + n.get()
                + " (first: " + FIRST.get(contender) + ")"));
        COUNTS.clear();
        FIRST.clear();
    }
}
