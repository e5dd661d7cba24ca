package io.jsonrpcclient.testing.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells long-running replies (delays, streams) that the server is closing, so that
 * {@code close()} never waits for a scripted delay to run out.
 *
 * <pre>{@code
 * if (!shutdown.sleep(Duration.ofSeconds(30))) {
 *     return; // closed while waiting
 * }
 * }</pre>
 */
public final class ShutdownSignal {

    private final CountDownLatch closing = new CountDownLatch(1);

    /** Marks the server as closing and wakes every {@link #sleep} at once. */
    public void trigger() {
        closing.countDown();
    }

    /** @return whether {@link #trigger()} has been called */
    public boolean isTriggered() {
        return closing.getCount() == 0;
    }

    /**
     * Waits for {@code delay}, or less if the server closes first.
     *
     * @return {@code true} if the whole delay passed with the server still open
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean sleep(Duration delay) throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return !isTriggered();
        }
        return !closing.await(Durations.toNanosSaturated(delay), TimeUnit.NANOSECONDS);
    }
}
