package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderArgsTest {

    @Test
    void a_header_splits_at_its_first_colon_and_is_trimmed() {
        assertThat(HeaderArgs.header("X-Trace-Id: 42")).isEqualTo(Map.entry("X-Trace-Id", "42"));
        assertThat(HeaderArgs.header("X-Url:http://a:b/")).isEqualTo(Map.entry("X-Url", "http://a:b/"));
        assertThat(HeaderArgs.header("X-Empty:")).isEqualTo(Map.entry("X-Empty", ""));
    }

    @Test
    void a_header_without_a_name_or_colon_is_refused() {
        assertThatThrownBy(() -> HeaderArgs.header("X-Trace-Id 42")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> HeaderArgs.header(": 42")).isInstanceOf(UsageException.class);
    }

    @Test
    void credentials_split_at_the_first_colon_so_passwords_may_hold_colons() {
        assertThat(HeaderArgs.credentials("bob:pa:ss")).isEqualTo(Map.entry("bob", "pa:ss"));
        assertThat(HeaderArgs.credentials("bob")).isEqualTo(Map.entry("bob", ""));
        assertThatThrownBy(() -> HeaderArgs.credentials(":pw")).isInstanceOf(UsageException.class);
    }
}
