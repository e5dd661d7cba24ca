package io.jsonrpcclient.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Serves async callers with a blocking exchange on a pooled thread, so that a cancel of the
 * caller's future reaches the exchange that is running. Engines whose fast path is blocking I/O use
 * it for callers that must not be held.
 * <pre>{@code
 * return PooledExchanges.submit(PooledExchanges.shared(), cancel -> {
 *     Waiter waiter = new Waiter(Thread.currentThread());
 *     cancel.whenCancelled(() -> waiter.interrupt());
 *     return exchangeHere(request, waiter);
 * });
 * }</pre>
 */
public final class PooledExchanges {

    private PooledExchanges() {
    }

    /** A blocking exchange, run on a pooled thread. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the exchange.
         *
         * @param cancel where to say what stops the exchange if the caller cancels
         * @return its outcome, complete
         */
        CompletableFuture<T> run(Cancellation cancel);
    }

    /** Where an exchange registers what stops it; run at most once or twice, so it must be idempotent. */
    public static final class Cancellation {
        private volatile boolean cancelled;
        private volatile Runnable onCancel;

        /**
         * Registers what stops the exchange; runs it at once if the caller has cancelled already.
         *
         * @param stop idempotent, short
         */
        public void whenCancelled(Runnable stop) {
            onCancel = stop;
            if (cancelled) {
                stop.run();
            }
        }

        void cancel() {
            cancelled = true;
            Runnable stop = onCancel;
            if (stop != null) {
                stop.run();
            }
        }

        boolean isCancelled() {
            return cancelled;
        }
    }

    /** {@return the shared cached pool of daemon threads, {@code jsonrpcclient-http-N}, created on first use} */
    public static Executor shared() {
        return Holder.POOL;
    }

    /**
     * Runs {@code work} on {@code pool}; the returned future completes with its outcome, and
     * cancelling it stops the running exchange.
     *
     * @param pool the threads
     * @param work the exchange
     * @param <T>  its result
     * @return the caller's future
     */
    public static <T> CompletableFuture<T> submit(Executor pool, Work<T> work) {
        var result = new CompletableFuture<T>();
        var cancellation = new Cancellation();
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                cancellation.cancel();
            }
        });
        try {
            pool.execute(() -> {
                if (cancellation.isCancelled()) {
                    return;
                }
                CompletableFuture<T> outcome;
                try {
                    outcome = work.run(cancellation);
                } catch (RuntimeException | Error e) {
                    outcome = CompletableFuture.failedFuture(e);
                }
                outcome.whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private static final class Holder {
        static final Executor POOL = CallbackThreads.cachedDaemons("jsonrpcclient-http-");
    }
}
