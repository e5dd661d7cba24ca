package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code exactNumbers}: decimals in replies as written, with the codec's own mapper and a caller's. */
class ExactNumbersTest {

    private static final Request SENT = Request.of("price", Params.none(), Id.of(1));
    private static final String REPLY = "{\"jsonrpc\":\"2.0\",\"result\":{\"amount\":0.10,\"big\":12345678901234567890.123,"
            + "\"list\":[1.50,2]},\"id\":1}";

    @Test
    void off_by_default_decimals_are_doubles() {
        JsonNode result = result(JsonRpcCodec.standard());
        assertThat(result.get("amount")).isEqualTo(DoubleNode.valueOf(0.1));
        assertThat(result.get("list").get(0)).isEqualTo(DoubleNode.valueOf(1.5));
    }

    @Test
    void on_decimals_keep_every_digit_and_their_scale() {
        JsonNode result = result(JsonRpcCodec.newBuilder().exactNumbers(true).build());
        assertExact(result);
        assertThat(JsonRpcCodec.newBuilder().exactNumbers(true).build()
                .decodeResult(SENT, bytes(REPLY.replace("{\"amount\"", "{\"a\"")), Object.class))
                .isNotNull();
    }

    @Test
    void on_with_a_callers_mapper_it_applies_to_the_copy_only() {
        var callers = new ObjectMapper();
        JsonNode result = result(JsonRpcCodec.newBuilder().objectMapper(callers).exactNumbers(true).build());
        assertExact(result);
        assertThat(callers.getDeserializationConfig()
                .isEnabled(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)).isFalse();
        // And it survives toBuilder.
        var again = JsonRpcCodec.newBuilder().exactNumbers(true).build().toBuilder().build();
        assertExact(result(again));
    }

    @Test
    void bound_to_big_decimal_the_value_is_exact() {
        var codec = JsonRpcCodec.newBuilder().exactNumbers(true).build();
        BigDecimal amount = codec.decodeResult(SENT,
                bytes("{\"jsonrpc\":\"2.0\",\"result\":0.10,\"id\":1}"), BigDecimal.class);
        assertThat(amount.toPlainString()).isEqualTo("0.10");
    }

    @Test
    void tree_params_go_out_as_the_mapper_writes_them() {
        var tree = JsonNodeFactory.instance.objectNode().put("amount", new BigDecimal("0.10")).put("n", 3);
        tree.putArray("tags").add("a").addNull();
        Request request = Request.of("pay", Params.of(tree), Id.of(1));
        String own = new String(JsonRpcCodec.newBuilder().exactNumbers(true).build().encode(request),
                StandardCharsets.UTF_8);
        String callers = new String(JsonRpcCodec.newBuilder().objectMapper(new ObjectMapper()).build().encode(request),
                StandardCharsets.UTF_8);
        assertThat(own).isEqualTo(callers)
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"pay\",\"params\":[{\"amount\":0.10,\"n\":3,"
                        + "\"tags\":[\"a\",null]}],\"id\":1}");
    }

    private static void assertExact(JsonNode result) {
        assertThat(result.get("amount")).isEqualTo(DecimalNode.valueOf(new BigDecimal("0.10")));
        assertThat(result.get("amount").asText()).isEqualTo("0.10");
        assertThat(result.get("big").decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.123"));
        assertThat(result.get("list").get(0).asText()).isEqualTo("1.50");
        assertThat(result.get("list").get(1).intValue()).isEqualTo(2);
    }

    private static JsonNode result(JsonRpcCodec codec) {
        Reply reply = codec.decodeReply(SENT, bytes(REPLY));
        return ((Response.Success) reply).result();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
