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

    /** Prints and clears the tally; called at the end of each trial. */
    static void report() {
        COUNTS.forEach((contender, n) -> System.out.println("TRANSPORT FAILURES " + contender + ": " + n.get()
                + " (first: " + FIRST.get(contender) + ")"));
        COUNTS.clear();
        FIRST.clear();
    }
}
