package io.jsonrpcclient.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in submission order, on another executor's threads. */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final Executor base;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor base) {
        this.base = base;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            base.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                queue.clear();
                running = false;
            }
            LOG.warn("the executor of a listener refused to run it: its messages are dropped", e);
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = queue.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("a listener of server messages failed", e);
            }
        }
    }
}
