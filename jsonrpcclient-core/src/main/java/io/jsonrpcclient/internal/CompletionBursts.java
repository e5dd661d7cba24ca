package io.jsonrpcclient.internal;

import java.time.Duration;
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
 * Hands a connection's completions to the callback executor in bursts: a completion queued while an
 * earlier one is still waiting for (or running on) a callback thread joins that thread's turn instead of
 * waking a thread of its own. With 64 calls in flight, the replies read in one go then cost one thread
 * wake-up rather than 64 (measured: about half the CPU per call on a 2-core machine).
 * <pre>{@code
 * var bursts = new CompletionBursts(CallbackThreads.shared());
 * bursts.execute(() -> future.complete(reply));   // on the reader thread
 * }</pre>
 *
 * <p>Completions still never run on the caller of {@link #execute} (unless the executor rejects them), and
 * start in the order given. What a burst must not do is let one continuation that blocks (say, waiting for
 * another call over the same connection, whose reply is queued behind it) hold up the completions behind
 * it: a watchdog ({@link Deadlines}) looks every {@link #STALL} while completions are pending, and when
 * none has started since its last look, starts another callback thread on the rest. A blocked
 * continuation so delays the replies queued behind it by about {@code STALL}, never for good.
 */
public final class CompletionBursts {

    /** How long the completions behind one that has not returned wait before another thread takes them. */
    static final Duration STALL = Duration.ofMillis(5);

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final Executor executor;
    private final boolean shared;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Callback threads taking completions from the queue (or about to). */
    private final AtomicInteger drainers = new AtomicInteger();
    /** Completions begun so far: the watchdog's sign of progress. */
    private final AtomicLong begun = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean();

    /**
     * Creates the bursts for one connection.
     *
     * @param executor the callback executor; the shared pool of {@link CallbackThreads} marks each
     *                 completion as handed over, so the client completes its caller's future in place
     */
    public CompletionBursts(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.shared = executor == CallbackThreads.shared();
    }

    /**
     * Runs the completion on the executor, after those given before it.
     *
     * @param completion completes a transport's future; must not throw
     */
    public void execute(Runnable completion) {
        queue.add(completion);
        if (drainers.get() == 0 && drainers.compareAndSet(0, 1)) {
            if (!dispatch()) {
                drain(); // rejected (the executor is shut down): complete here rather than never
                return;
            }
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
            if (shared) {
                CallbackThreads.runHandedOver(next);
            } else {
                next.run();
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
        watching.set(false);
        if (drainers.get() == 0) {
            return; // idle: the next burst watches again
        }
        if (begun.get() == seen && !queue.isEmpty()) {
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
