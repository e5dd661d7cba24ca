package io.jsonrpcclient.testing.internal;

import java.time.Duration;

/**
 * Small {@link Duration} helpers.
 *
 * <pre>{@code
 * Durations.describe(Duration.ofSeconds(5));      // "5s"
 * Durations.describe(Duration.ofMillis(250));     // "250ms"
 * }</pre>
 */
public final class Durations {

    private Durations() {}

    /** @return a short human form: whole seconds as {@code "5s"}, else milliseconds as {@code "250ms"} */
    public static String describe(Duration duration) {
        if (duration.toNanos() % 1_000_000_000L == 0) {
            return duration.getSeconds() + "s";
        }
        return duration.toMillis() + "ms";
    }

    /** @return the duration in nanoseconds, clamped instead of overflowing for huge durations */
    public static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
