package io.jsonrpcclient.internal;

import java.time.Duration;
import java.util.Objects;

/** Checks and formats the durations users configure. */
public final class Durations {

    private Durations() {
    }

    /**
     * Checks that a duration is positive.
     *
     * @param duration the duration
     * @param what     its name, for the message (e.g. {@code timeout})
     * @return the duration
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }
}
