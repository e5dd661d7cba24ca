package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {

    @Test
    void looks_headers_up_ignoring_case_and_returns_the_first_value() {
        RecordedRequest request = request(Map.of("Content-type", List.of("application/json", "text/plain")), "{}");

        assertThat(request.header("CONTENT-TYPE")).contains("application/json");
        assertThat(request.headers().get("content-type")).containsExactly("application/json", "text/plain");
        assertThat(request.header("Accept")).isEmpty();
    }

    @Test
    void cannot_be_changed_through_its_inputs_or_outputs() {
        Map<String, List<String>> headers = new HashMap<>(Map.of("A", List.of("1")));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RecordedRequest request = new RecordedRequest("POST", "/", headers, body);
        headers.put("B", List.of("2"));
        body[0] = 'x';
        request.body()[1] = 'y';

        assertThat(request.bodyText()).isEqualTo("{}");
        assertThat(request.headers()).containsOnlyKeys("A");
        assertThatThrownBy(() -> request.headers().put("C", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equals_another_recording_with_the_same_content() {
        assertThat(request(Map.of("A", List.of("1")), "{}"))
                .isEqualTo(request(Map.of("a", List.of("1")), "{}"))
                .hasSameHashCodeAs(request(Map.of("A", List.of("1")), "{}"))
                .isNotEqualTo(request(Map.of("A", List.of("1")), "[]"));
    }

    @Test
    void parses_the_body_as_json_and_fails_the_test_clearly_when_it_is_not() {
        assertThat(request(Map.of(), "{\"id\":1}").json().get("id").intValue()).isEqualTo(1);
        assertThatThrownBy(() -> request(Map.of(), "nope").json())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> request(Map.of(), "").json()).isInstanceOf(AssertionError.class);
    }

    private static RecordedRequest request(Map<String, List<String>> headers, String body) {
        return new RecordedRequest("POST", "/", headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
