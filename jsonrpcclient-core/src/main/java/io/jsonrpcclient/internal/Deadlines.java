package io.jsonrpcclient.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Per-call timeouts that cost no thread wake-up in the common case, where the call ends first.
 * <pre>{@code
 * Deadlines.Handle timeout = Deadlines.at(System.nanoTime() + nanos, () -> body.fail(new HttpTimeoutException("…")));
 * body.whenComplete((b, e) -> timeout.cancel());
 * }</pre>
 *
 * <p>Why not {@code CompletableFuture.orTimeout}: its single delay thread is a
 * {@code ScheduledThreadPoolExecutor}, which is woken whenever a task becomes the head of its
 * queue. With sequential calls the queue is empty between calls, so every call wakes that thread
 * once to schedule and the timer is then removed: a thread hand-off per call, measurable at tens of
 * thousands of calls per second (docs/BENCHMARKS.md). Here a daemon thread sleeps until the
 * earliest deadline it knew of when it went to sleep; a new deadline wakes it only if it is
 * earlier than that, and a cancelled one never does. Sequential calls with one timeout each add a
 * later deadline than the one the thread sleeps for, so the thread wakes about once per timeout
 * period, finds the expired entries (none, usually) and sleeps again.
 *
 * <p>Actions run on that one thread ({@code jsonrpcclient-deadlines}), so they must be short:
 * completing a future, cancelling a stream. An action that throws is ignored.
 */
public final class Deadlines {

    /** A scheduled deadline. */
    public interface Handle {
        /** Drops the deadline; its action will not run (unless it is already running). */
        void cancel();
    }

    private static final int SCANNING = 0;
    private static final int SLEEPING = 1;
    private static final int IDLE = 2;

    private static final Set<Entry> ENTRIES = ConcurrentHashMap.newKeySet();
    // The watchdog writes wakeAt before state; callers read state before wakeAt (both volatile).
    private static volatile int state = SCANNING;
    private static volatile long wakeAt;
    private static volatile Thread watchdog;

    private Deadlines() {
    }

    /**
     * Runs {@code action} at {@code deadline} unless cancelled first.
     *
     * @param deadline when, in {@link System#nanoTime()} terms
     * @param action   what to do then; short and non-blocking
     * @return the handle that cancels it
     */
    public static Handle at(long deadline, Runnable action) {
        var entry = new Entry(deadline, action);
        ENTRIES.add(entry);
        Thread thread = watchdog != null ? watchdog : start();
        int s = state;
        // SCANNING: the watchdog may have passed this entry by, so it must look again; IDLE: it sleeps without end.
        if (s != SLEEPING || deadline - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        return entry;
    }

    /**
     * Fails {@code future} with a {@link TimeoutException} if it is not complete within {@code timeout},
     * as {@code orTimeout} does, without its per-call wake-up.
     *
     * @param future  the future
     * @param timeout how long it may take
     * @param <T>     its type
     * @return the same future
     */
    public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
        return orTimeout(future, timeout, TimeoutException::new);
    }

    /**
     * Fails {@code future} with the given exception if it is not complete within {@code timeout}.
     *
     * @param future  the future
     * @param timeout how long it may take
     * @param failure makes the exception to fail it with
     * @param <T>     its type
     * @return the same future
     */
    public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout,
            Supplier<? extends Throwable> failure) {
        if (future.isDone()) {
            return future;
        }
        Handle handle = at(after(timeout), () -> future.completeExceptionally(failure.get()));
        future.whenComplete((value, error) -> handle.cancel());
        return future;
    }

    /**
     * {@return the deadline {@code timeout} from now, in {@link System#nanoTime()} terms}; a timeout
     * too long to count in nanoseconds becomes about 146 years, without overflowing.
     *
     * @param timeout how long from now
     */
    public static long after(Duration timeout) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 2;
        }
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
    }

    private static synchronized Thread start() {
        if (watchdog == null) {
            Thread thread = new Thread(Deadlines::watch, "jsonrpcclient-deadlines");
            thread.setDaemon(true);
            thread.start();
            watchdog = thread;
        }
        return watchdog;
    }

    private static void watch() {
        while (true) {
            state = SCANNING;
            long now = System.nanoTime();
            boolean any = false;
            long earliest = 0;
            for (Entry entry : ENTRIES) {
                if (entry.at - now <= 0) {
                    if (ENTRIES.remove(entry)) {
                        entry.fire();
                    }
                } else if (!any || entry.at - earliest < 0) {
                    any = true;
                    earliest = entry.at;
                }
            }
            if (any) {
                wakeAt = earliest;
                state = SLEEPING;
                LockSupport.parkNanos(Deadlines.class, earliest - now);
            } else {
                state = IDLE;
                LockSupport.park(Deadlines.class);
            }
        }
    }

    private static final class Entry implements Handle {
        final long at;
        private final Runnable action;

        Entry(long at, Runnable action) {
            this.at = at;
            this.action = action;
        }

        @Override
        public void cancel() {
            ENTRIES.remove(this);
        }

        void fire() {
            try {
                action.run();
            } catch (RuntimeException | Error ignored) {
                // One failing action must not stop the thread that times out every other call.
            }
        }
    }
}
