package io.jsonrpcclient.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default callback executor of every client: a cached pool of daemon threads named
 * {@code jsonrpcclient-callback-N}, shared by the JVM's clients and created on first use.
 *
 * <p>Not {@code ForkJoinPool.commonPool()}: on a machine with two processors or fewer
 * {@code CompletableFuture} replaces the common pool with a new thread per task, and elsewhere
 * callbacks would compete with parallel streams for a pool sized to the processors, where one
 * callback that blocks holds up the rest. A cached pool gives a blocked callback's successors a
 * thread of their own, reuses threads under steady load, and lets idle ones end after a minute; as
 * they are daemons, nothing needs closing. The names say where a callback runs in a thread dump.
 */
public final class CallbackThreads {

    private static final long IDLE_SECONDS = 60;

    private CallbackThreads() {
    }

    /** Set while a transport's completion runs on a shared thread, until a client claims it. */
    private static final ThreadLocal<Boolean> HANDED_OVER = new ThreadLocal<>();

    /** {@return the shared executor} */
    public static Executor shared() {
        return Holder.POOL;
    }

    /**
     * Runs a transport's completion of its future on the shared pool, so that the client which
     * completes its caller's future there too may do it in place ({@link #claimHandOver()}) instead of
     * hopping to another thread of the same pool.
     *
     * @param completion completes the transport's future
     */
    public static void handOver(Runnable completion) {
        Holder.POOL.execute(() -> runHandedOver(completion));
    }

    /**
     * Runs a transport's completion here, on a shared pool thread, marked as {@link #handOver} marks it:
     * for a task of the shared pool that runs several completions one after another.
     *
     * @param completion completes the transport's future
     */
    public static void runHandedOver(Runnable completion) {
        HANDED_OVER.set(Boolean.TRUE);
        try {
            completion.run();
        } finally {
            HANDED_OVER.remove();
        }
    }

    /**
     * {@return true, once, if this thread is a shared pool thread running a transport's completion
     * ({@link #handOver}): work meant for the shared pool may then run here} The mark is cleared, so
     * only the first dependent of the completed future (the client's) runs in place.
     */
    public static boolean claimHandOver() {
        if (HANDED_OVER.get() == null) {
            return false;
        }
        HANDED_OVER.remove();
        return true;
    }

    /**
     * Returns a new cached pool of daemon threads named {@code <prefix>N}, as the shared callback
     * pool is made: threads reused under load, ended after a minute idle, nothing to close.
     *
     * @param prefix the thread name prefix
     * @return the pool
     */
    public static Executor cachedDaemons(String prefix) {
        var count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Created on first use, so a program that never calls async starts no pool. */
    private static final class Holder {
        static final Executor POOL = cachedDaemons("jsonrpcclient-callback-");
    }
}
