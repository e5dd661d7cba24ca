package io.jsonrpcclient.testing.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names server threads and makes them daemons, so a test that forgets {@code close()} cannot
 * keep the JVM (and so the build) alive.
 *
 * <pre>{@code
 * Executors.newCachedThreadPool(new DaemonThreadFactory("mock-jsonrpc-server-8080"));
 * }</pre>
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    /** @param prefix the thread name prefix; threads are named {@code prefix-1}, {@code prefix-2}, ... */
    public DaemonThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
