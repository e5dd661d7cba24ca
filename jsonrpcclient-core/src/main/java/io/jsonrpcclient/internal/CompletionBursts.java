package io.jsonrpcclient.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a transport's completions to the callback executor in bursts, the one way every transport that
 * reads replies on a thread of its own (a duplex connection's reader, the HTTP engine's selector) gets
 * them off that thread. A completion queued while an earlier one is still waiting for (or running on) a
 * callback thread joins that thread's turn instead of waking a thread of its own, and
 * {@link #executeAll} queues the completions found together (one selector round) before the one
 * wake-up. With 64 calls in flight, the replies read in one go then cost one thread wake-up rather than
 * 64 (measured: about half the CPU and thread switches per call on a 2-core machine).
 * <pre>{@code
 * var bursts = new CompletionBursts(CallbackThreads.shared());
 * bursts.execute(() -> future.complete(reply));   // on the reader thread
 * }</pre>
 *
 * <p>On the shared pool of {@link CallbackThreads} each completion runs marked as
 * {@link CallbackThreads#handOver} marks it, so the client completes its caller's future in place. Completions
 * never run on the caller of {@code execute} (unless the executor rejects them: then they run there rather
 * than never), each runs once, and they start in the order given; one that throws does not keep the rest
 * from running.
 *
 * <p>What a burst must not do is let one continuation that blocks (say, waiting for another call whose
 * reply is queued behind it) hold up the completions behind it. While completions wait behind a running
 * one, a watchdog ({@link Deadlines}) looks every {@link #STALL}; when none has started since its last
 * look, it starts another callback thread on the rest. A blocked continuation so delays the completions
 * queued behind it by {@code STALL} to twice that, never for good. A lone completion, the usual case at
 * low load, has nothing behind it and sets no watchdog.
 */
public final class CompletionBursts {

    /**
     * How long completions queued behind one that has not returned wait before another thread takes them.
     * The trade: a blocked continuation's successors wait this long (a latency that healthy callbacks,
     * microseconds each, never come near), against at most one watchdog look per {@code STALL} per busy
     * transport, each an entry on the deadlines thread. At 5 ms that look costs well under 1% of a core.
     */
    static final Duration STALL = Duration.ofMillis(5);

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final Executor executor;
    private final boolean shared;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Callback threads taking completions from the queue (or about to). */
    private final AtomicInteger drainers = new AtomicInteger();
    /** Completions begun so far: the watchdog's sign of progress. */
    private final AtomicLong begun = new AtomicLong();
    /** True while a watchdog look is scheduled. */
    private final AtomicBoolean watching = new AtomicBoolean();

    /**
     * Creates the bursts for one transport (a connection, an HTTP engine).
     *
     * @param executor the callback executor; on the shared pool of {@link CallbackThreads} each completion
     *                 runs marked as handed over, so the client completes its caller's future in place
     */
    public CompletionBursts(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.shared = executor == CallbackThreads.shared();
    }

    /**
     * Runs the completion on the executor, after those given before it.
     *
     * @param completion completes a transport's future
     */
    public void execute(Runnable completion) {
        queue.add(completion);
        start(false);
    }

    /**
     * Runs the completions on the executor, in turn, after those given before them: what one read (or
     * one selector round) completed, for one wake-up. The collection is copied; the caller may reuse it.
     *
     * @param completions complete a transport's futures
     */
    public void executeAll(Collection<? extends Runnable> completions) {
        if (completions.isEmpty()) {
            return;
        }
        queue.addAll(completions); // linked in one step, not one append each
        start(completions.size() > 1);
    }

    /** After queueing: wakes a callback thread unless one is on its way, and watches what waits behind. */
    private void start(boolean behind) {
        if (drainers.get() == 0 && drainers.compareAndSet(0, 1)) {
            if (!dispatch()) {
                drain(); // rejected (the executor is shut down): complete here rather than never
                return;
            }
            if (!behind) {
                return; // the thread just woken takes the completion first: nothing waits behind a running one
            }
        }
        // Queued behind a thread that may be inside a completion already.
        if (!watching.get()) {
            watch();
        }
    }

    private boolean dispatch() {
        try {
            executor.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void drain() {
        while (true) {
            Runnable next = queue.poll();
            if (next == null) {
                drainers.decrementAndGet();
                // A completion queued after the poll saw this drainer and started none: take it.
                if (queue.isEmpty()) {
                    return;
                }
                drainers.incrementAndGet();
                continue;
            }
            begun.incrementAndGet();
            try {
                if (shared) {
                    CallbackThreads.runHandedOver(next);
                } else {
                    next.run();
                }
            } catch (RuntimeException | Error e) {
                // A completion only completes a future, so this is a bug; the others' futures complete all the same.
                LOG.warn("a completion failed", e);
            }
        }
    }

    private void watch() {
        if (watching.compareAndSet(false, true)) {
            long seen = begun.get();
            Deadlines.at(Deadlines.after(STALL), () -> look(seen));
        }
    }

    /** On the deadlines thread: short and non-blocking. */
    private void look(long seen) {
        // Cleared before the queue is read: a completion queued after that read finds it clear and watches.
        watching.set(false);
        if (queue.isEmpty()) {
            return; // nothing waits: the next completion queued behind a running one watches again
        }
        if (begun.get() == seen) {
            // Every drainer is inside a completion that has not returned: another thread takes the rest.
            drainers.incrementAndGet();
            if (!dispatch()) {
                drainers.decrementAndGet();
                LOG.debug("the callback executor refused a thread for completions behind a blocked one");
            }
        }
        watch();
    }
}
