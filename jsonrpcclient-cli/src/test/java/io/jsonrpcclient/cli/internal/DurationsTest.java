package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {

    @Test
    void reads_durations_as_people_type_them() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 2S ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void refuses_what_is_not_a_positive_duration() {
        for (String text : new String[] {"", "soon", "2x", "-1s", "0", "0ms", "0.1ms", "PT-1S", "1 2s"}) {
            assertThatThrownBy(() -> Durations.parse(text)).as(text).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void formats_durations_the_way_they_are_typed() {
        assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }
}
