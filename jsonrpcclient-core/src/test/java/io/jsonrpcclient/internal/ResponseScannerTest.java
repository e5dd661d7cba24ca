package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner that reads simple replies without a parser must agree with Jackson's path on every
 * body: the same members and nodes, or the same failure (the scanner steps aside and Jackson
 * raises it). Checked on many random bodies, well-formed and not.
 */
class ResponseScannerTest {

    private static final String[] VALUES = {"3", "-3", "0", "-0", "01", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "123456789012345678", "1234567890123456789", "99999999999999999999", "1.5", "1e3", "-",
            "\"2.0\"", "\"1.0\"", "\"\"", "\"abc\"", "\"a\\\"b\"", "\"ü\"", "\"tab\there\"", "true", "false", "null",
            "tru", "nulll", "[1,2]", "{\"a\":1}", "{}", "\"unterminated", "2.0", "\"\\u0041\""};
    private static final String[] NAMES = {"jsonrpc", "id", "result", "error", "extra", "Id", "json\\u0072pc"};
    private static final String[] SPACE = {"", "", "", " ", "\n", "\r\n  ", "\t"};

    private static String space(Random r) {
        return SPACE[r.nextInt(SPACE.length)];
    }

    private static String body(Random r) {
        var members = new ArrayList<String>();
        members.add("\"jsonrpc\"" + space(r) + ":" + space(r) + (r.nextInt(5) == 0 ? VALUES[r.nextInt(VALUES.length)] : "\"2.0\""));
        members.add("\"id\":" + space(r) + VALUES[r.nextInt(VALUES.length)]);
        members.add("\"result\":" + space(r) + VALUES[r.nextInt(VALUES.length)]);
        if (r.nextInt(6) == 0) {
            members.add("\"" + NAMES[r.nextInt(NAMES.length)] + "\":" + VALUES[r.nextInt(VALUES.length)]);
        }
        if (r.nextInt(8) == 0) {
            members.remove(r.nextInt(members.size()));
        }
        Collections.shuffle(members, r);
        var sb = new StringBuilder(space(r)).append('{').append(space(r));
        for (int i = 0; i < members.size(); i++) {
            sb.append(i > 0 ? "," + space(r) : "").append(members.get(i)).append(space(r));
        }
        sb.append('}').append(space(r));
        switch (r.nextInt(12)) {
            case 0 -> sb.append("x");
            case 1 -> sb.setLength(Math.max(0, sb.length() - 1 - r.nextInt(3)));
            case 2 -> sb.insert(0, '[').append(']');
            case 3 -> sb.append(",");
            default -> { }
        }
        return sb.toString();
    }

    private static String batch(Random r) {
        var sb = new StringBuilder(space(r)).append('[').append(space(r));
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + space(r) : "").append(r.nextInt(10) == 0 ? VALUES[r.nextInt(VALUES.length)] : body(r));
        }
        return sb.append(space(r)).append(r.nextInt(15) == 0 ? "" : "]").append(space(r)).toString();
    }

    private static Object outcome(ResponseReader reader, byte[] body, boolean jacksonOnly) {
        try {
            return jacksonOnly ? reader.readWithJackson(body) : reader.read(body);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static ObjectMapper limited(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500)
                .maxStringLength(64 * 1024 * 1024).maxDocumentLength(64L * 1024 * 1024).build());
        return mapper;
    }

    @Test
    void theScannerAndJacksonAgreeOnRandomBodies() {
        for (ObjectMapper mapper : List.of(limited(new ObjectMapper()),
                limited(new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS)),
                limited(new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)))) {
            var reader = new ResponseReader(CodecMapper.given(mapper));
            var scanner = ScalarNodes.of(mapper);
            var r = new Random(11);
            int scanned = 0;
            for (int i = 0; i < 6_000; i++) {
                byte[] body = (r.nextInt(3) == 0 ? batch(r) : body(r)).getBytes(StandardCharsets.UTF_8);
                assertThat(outcome(reader, body, false)).as(new String(body, StandardCharsets.UTF_8))
                        .isEqualTo(outcome(reader, body, true));
                scanned += scanner.scan(body) != null ? 1 : 0;
            }
            boolean plain = !mapper.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                    && !mapper.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
            if (plain) {
                assertThat(scanned).as("bodies the scanner read").isBetween(600, 5_400);
            } else {
                assertThat(scanned).isZero();
            }
        }
    }

    @Test
    void theScannerKeepsTheParsersLimits() {
        var mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(5)
                .maxNumberLength(4).maxDocumentLength(60).build());
        var reader = new ResponseReader(CodecMapper.given(mapper));
        for (String body : List.of("{\"jsonrpc\":\"2.0\",\"result\":\"abcdefgh\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"result\":123456,\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}                                         ",
                "{\"jsonrpc\":\"2.0\",\"result\":\"abcde\",\"id\":1234}")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(reader, bytes, false)).as(body).isEqualTo(outcome(reader, bytes, true));
        }
        assertThat(outcome(reader, "{\"jsonrpc\":\"2.0\",\"result\":\"abcdefgh\",\"id\":1}"
                .getBytes(StandardCharsets.UTF_8), false).toString()).contains("InvalidResponseException");
    }

    @Test
    void longStringsInLargeBodiesAreScannedWithinTheLimit() {
        String big = "QUJD".repeat(50_000);  // 200,000 characters: the body is checked before any node is made
        var reader = new ResponseReader(CodecMapper.given(limited(new ObjectMapper())));
        for (String body : List.of("{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1,\"extra\":0}",
                "[{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":\"x\\n\",\"id\":2}]",
                "{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(reader, bytes, false)).isEqualTo(outcome(reader, bytes, true));
        }
        var single = (ResponseReader.Single) reader.read(("{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(single.response().result().textValue()).isEqualTo(big);
        var scanner = ScalarNodes.of(limited(new ObjectMapper()));
        assertThat(scanner.scan(("{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1}")
                .getBytes(StandardCharsets.UTF_8))).as("read by the scanner").isNotNull();

        var tight = new ObjectMapper();
        tight.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(199_999).build());
        byte[] tooLong = ("{\"jsonrpc\":\"2.0\",\"result\":\"" + big + "\",\"id\":1}").getBytes(StandardCharsets.UTF_8);
        assertThat(ScalarNodes.of(tight).scan(tooLong)).isNull();
        assertThat(outcome(new ResponseReader(CodecMapper.given(tight)), tooLong, false).toString()).contains("InvalidResponseException");
    }

    @Test
    void theScannerBuildsTheNodesJacksonBuilds() {
        var reader = new ResponseReader(CodecMapper.given(limited(new ObjectMapper())));
        var shape = (ResponseReader.Single) reader.read(
                " {\"id\": 4294967296, \"result\":\"0x1f\" ,\"jsonrpc\":\"2.0\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(shape.response().jsonrpc()).isEqualTo(TextNode.valueOf("2.0"));
        assertThat(shape.response().id()).isEqualTo(LongNode.valueOf(4294967296L));
        assertThat(shape.response().result()).isEqualTo(TextNode.valueOf("0x1f"));
        assertThat(shape.response().error()).isNull();
        var small = (ResponseReader.Single) reader.read("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(small.response().result()).isEqualTo(IntNode.valueOf(3));
    }
}
