package io.jsonrpcclient.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void describes_whole_seconds_in_seconds_and_the_rest_in_milliseconds() {
        assertThat(Durations.describe(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Durations.describe(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void saturates_instead_of_overflowing_for_huge_durations() {
        assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.toNanosSaturated(Duration.ofMillis(3))).isEqualTo(3_000_000L);
    }
}
