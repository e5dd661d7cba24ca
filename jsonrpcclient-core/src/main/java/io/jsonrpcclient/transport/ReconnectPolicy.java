package io.jsonrpcclient.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a duplex connection that was lost tries to connect again: {@link #none() never} (the default),
 * or with {@linkplain #exponentialBackoff(Duration, Duration, int) exponential backoff}, a bounded
 * number of times. Immutable.
 * <pre>{@code
 * ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 10);
 * // waits 200 ms, 400 ms, 800 ms ... at most 30 s between attempts, and gives up after 10
 * }</pre>
 *
 * <p>Given to the WebSocket and TCP builders' {@code reconnect(...)}; both use the same machinery. At
 * the loss, calls in flight fail at once. While the connection is down, new calls wait for it (each
 * within its own timeout, and a call that gives up is never sent). Once the policy gives up, the
 * connection is closed for good, calls fail at once, and
 * {@link ConnectionListener#onLostForGood(io.jsonrpcclient.TransportException)} is told.
 *
 * @since 0.1
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy NONE = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0);

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;

    private ReconnectPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
    }

    /** {@return the policy that never reconnects: a lost connection stays lost} */
    public static ReconnectPolicy none() {
        return NONE;
    }

    /**
     * Returns a policy that waits {@code initialDelay} before the first attempt and doubles the wait
     * after each failed one, up to {@code maxDelay}, for at most {@code maxAttempts} attempts in a row.
     *
     * @param initialDelay the wait before the first attempt; positive
     * @param maxDelay     the longest wait; at least {@code initialDelay}
     * @param maxAttempts  attempts before giving up; at least 1
     * @return the policy
     * @throws IllegalArgumentException if a bound is out of range
     */
    public static ReconnectPolicy exponentialBackoff(Duration initialDelay, Duration maxDelay, int maxAttempts) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay (" + maxDelay + ") is shorter than initialDelay ("
                    + initialDelay + ")");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, maxAttempts);
    }

    /** {@return true if this policy ever reconnects} */
    public boolean enabled() {
        return maxAttempts > 0;
    }

    /**
     * Returns how long to wait before an attempt, or empty when the policy gives up.
     *
     * @param attempt the attempt, counted from 1 since the connection was lost
     * @return the wait, or empty to stop trying
     */
    public Optional<Duration> delayBefore(int attempt) {
        if (attempt < 1 || attempt > maxAttempts) {
            return Optional.empty();
        }
        Duration delay = initialDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }

    @Override
    public String toString() {
        return enabled() ? "ReconnectPolicy[backoff " + initialDelay + " .. " + maxDelay + ", " + maxAttempts
                + " attempts]" : "ReconnectPolicy[none]";
    }
}
