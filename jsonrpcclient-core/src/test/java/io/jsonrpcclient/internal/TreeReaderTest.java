package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeReader} builds the tree the mapper it stands in for would: same node classes, same
 * values, same member order, on edge cases and on thousands of random texts, and refuses what
 * the mapper refuses.
 */
class TreeReaderTest {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.0", "-0.0", "0.1", "1.50", "1e3", "1E+3", "1.0e-5", "-2.5E10",
            "1e400", "-1e400", "4.9e-325", "12345678901234567890.123", "0.30000000000000004", "1.0"};
    private static final String[] STRINGS = {"\"\"", "\"a\"", "\"\\u00e9\\n\\\"\"", "\"日本\"", "\"\\ud83d\\ude00\""};
    private static final String[] SPACE = {"", "", " ", "\n  ", "\t"};

    @Test
    void edge_cases_read_as_the_plain_and_the_exact_mapper_read_them() throws Exception {
        List<String> texts = new ArrayList<>(List.of(NUMBERS));
        texts.addAll(List.of(STRINGS));
        texts.addAll(List.of("true", "false", "null", "{}", "[]", "[[]]", "{\"a\":{}}",
                "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":[1,{\"a\":null}],\"a\":{\"x\":1.50}}",
                "[1, 2.5, \"x\", null, true, {\"k\": [false]}]"));
        for (String text : texts) {
            assertSameTree(text);
        }
    }

    @Test
    void random_texts_read_as_the_mappers_read_them() throws Exception {
        var random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            assertSameTree(value(random, 0));
        }
    }

    @Test
    void malformed_text_is_refused_as_the_mapper_refuses_it() {
        for (String text : List.of("{", "[1,", "{\"a\" 1}", "[1 2]", "{\"a\":}", "tru", "\"open", "[1]]", "01",
                "{'a':1}", "NaN", "[,1]")) {
            boolean mapperRefuses;
            try {
                PLAIN.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
                mapperRefuses = false;
            } catch (JacksonException e) {
                mapperRefuses = true;
            }
            assertThat(mapperRefuses).as(text).isTrue();
            assertThatThrownBy(() -> TreeReader.STANDARD.readWhole(FACTORY, text)).as(text)
                    .isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void a_whole_value_refuses_what_follows_it_and_blank_text_is_no_value() throws Exception {
        assertThatThrownBy(() -> TreeReader.EXACT.readWhole(FACTORY, "1 2")).isInstanceOf(JacksonException.class)
                .hasMessageContaining("trailing");
        assertThat(TreeReader.EXACT.readWhole(FACTORY, "  \n")).isNull();
        assertThat(TreeReader.EXACT.readWhole(FACTORY, " 1.50 ")).isEqualTo(DecimalNode.valueOf(
                new java.math.BigDecimal("1.50")));
    }

    @Test
    void the_parsers_limits_hold() {
        var tight = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(3).build()).build();
        assertThatThrownBy(() -> TreeReader.STANDARD.readWhole(tight, "[[[[1]]]]"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("depth");
    }

    @Test
    void it_refuses_nesting_past_its_own_bound_rather_than_risk_the_stack() {
        var loose = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5_000).build()).build();
        String deep = "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> TreeReader.STANDARD.readWhole(loose, deep)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("nested deeper than " + TreeReader.MAX_DEPTH);
        String atBound = "[".repeat(TreeReader.MAX_DEPTH) + "]".repeat(TreeReader.MAX_DEPTH);
        assertThatCode(() -> TreeReader.STANDARD.readWhole(loose, atBound)).doesNotThrowAnyException();
    }

    private static void assertSameTree(String text) throws Exception {
        assertSame(text, TreeReader.STANDARD, PLAIN);
        assertSame(text, TreeReader.EXACT, EXACT);
    }

    private static void assertSame(String text, TreeReader reader, ObjectMapper mapper) throws Exception {
        JsonNode expected = mapper.readTree(text);
        JsonNode actual;
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            actual = reader.read(p);
        }
        assertIdentical(actual, expected, text);
    }

    /** Equal, and of the same classes all the way down, members in the same order. */
    static void assertIdentical(JsonNode actual, JsonNode expected, String what) {
        assertThat(actual.getClass()).as(what).isEqualTo(expected.getClass());
        assertThat(actual).as(what).isEqualTo(expected);
        if (expected.isNumber()) {
            // Equal decimals may differ in scale (1.5 and 1.50); the text shows it.
            assertThat(actual.asText()).as(what).isEqualTo(expected.asText());
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> a = actual.fields();
            Iterator<Map.Entry<String, JsonNode>> e = expected.fields();
            while (e.hasNext()) {
                Map.Entry<String, JsonNode> ea = a.next();
                Map.Entry<String, JsonNode> ee = e.next();
                assertThat(ea.getKey()).as(what).isEqualTo(ee.getKey());
                assertIdentical(ea.getValue(), ee.getValue(), what);
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertIdentical(actual.get(i), expected.get(i), what);
            }
        }
    }

    /** A random JSON value as text, with random whitespace, numbers and strings from the edge lists. */
    static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 5 : 7);
        String s = SPACE[r.nextInt(SPACE.length)];
        return switch (kind) {
            case 0, 1 -> s + NUMBERS[r.nextInt(NUMBERS.length)] + s;
            case 2 -> s + STRINGS[r.nextInt(STRINGS.length)];
            case 3 -> List.of("true", "false", "null").get(r.nextInt(3)) + s;
            case 4 -> s + (r.nextBoolean() ? "{}" : "[]");
            case 5 -> {
                var b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(value(r, depth + 1));
                }
                yield b.append(s).append(']').toString();
            }
            default -> {
                var b = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    // Few names, so that repeats (last value, first place) come up often.
                    b.append(i > 0 ? "," : "").append(s).append("\"k").append(r.nextInt(3)).append("\":")
                            .append(value(r, depth + 1));
                }
                yield b.append('}').toString();
            }
        };
    }
}
