package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec's own set-up takes every short path a plain mapper allows, without asking one; and its
 * mapper is made only when a value needs it.
 */
class CodecMapperTest {

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.defaults();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void the_scalar_writers_are_those_a_plain_mapper_allows() {
        ScalarWriters asked = ScalarWriters.of(new ObjectMapper());
        ScalarWriters preset = ScalarWriters.of(CodecMapper.own(false, LIMITS));
        assertThat(List.of(preset.ints(), preset.longs(), preset.strings(), preset.booleans()))
                .isEqualTo(List.of(asked.ints(), asked.longs(), asked.strings(), asked.booleans()))
                .containsOnly(true);
    }

    @Test
    void the_scalar_binder_binds_as_one_made_from_a_plain_mapper() {
        var mapper = new ObjectMapper();
        ScalarBinder asked = ScalarBinder.of(mapper);
        ScalarBinder preset = ScalarBinder.of(CodecMapper.own(true, LIMITS));
        List<JsonNode> nodes = List.of(F.numberNode(3), F.numberNode(1L << 40), F.textNode("x"),
                F.textNode("AAEC/w=="), F.textNode("not base64!"), F.booleanNode(true), F.numberNode(1.5),
                F.nullNode(), F.arrayNode());
        for (Class<?> type : List.of(Integer.class, int.class, Long.class, long.class, String.class, Boolean.class,
                boolean.class, byte[].class, Object.class, Double.class)) {
            JavaType javaType = mapper.constructType(type);
            assertThat(preset.bindsFromBody(javaType)).isEqualTo(asked.bindsFromBody(javaType));
            for (JsonNode node : nodes) {
                Object a = asked.bind(node, javaType);
                Object p = preset.bind(node, javaType);
                if (a instanceof byte[] bytes) {
                    assertThat((byte[]) p).as(node + " as " + type).isEqualTo(bytes);
                } else {
                    assertThat(p).as(node + " as " + type).isEqualTo(a);
                }
            }
        }
    }

    @Test
    void the_scanner_reads_as_one_made_from_a_plain_mapper() {
        ScalarNodes asked = ScalarNodes.of(new ObjectMapper());
        ScalarNodes preset = ScalarNodes.of(CodecMapper.own(false, LIMITS));
        for (String body : List.of("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}",
                "[{\"jsonrpc\":\"2.0\",\"result\":\"x\",\"id\":\"a\"},{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":2}]",
                "{\"jsonrpc\":\"2.0\",\"result\":1.5,\"id\":1}", "{\"id\":1,\"result\":true,\"jsonrpc\":\"2.0\"}")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(String.valueOf(preset.scan(bytes))).as(body).isEqualTo(String.valueOf(asked.scan(bytes)));
        }
    }

    @Test
    void a_nesting_limit_above_the_tree_readers_bound_reads_replies_with_the_mappers_iterative_reader() {
        CodecMapper own = CodecMapper.own(false, StreamReadConstraints.builder().maxNestingDepth(5_000).build());
        int depth = TreeReader.MAX_DEPTH + 500;
        String body = "{\"jsonrpc\":\"2.0\",\"result\":" + "[".repeat(depth) + "]".repeat(depth) + ",\"id\":1}";
        var shape = (ResponseReader.Single) new ResponseReader(own).read(body.getBytes(StandardCharsets.UTF_8));
        JsonNode node = shape.response().result();
        int seen = 0;
        while (node.isArray() && !node.isEmpty()) {
            node = node.get(0);
            seen++;
        }
        assertThat(seen).isEqualTo(depth - 1);
        assertThat(own.made()).isTrue();
    }

    @Test
    void the_own_mapper_is_made_only_for_a_value_the_short_paths_do_not_take() {
        CodecMapper own = CodecMapper.own(true, LIMITS);
        var writer = new MessageWriter(own);
        var reader = new ResponseReader(own);
        var binder = ScalarBinder.of(own);
        var tree = F.objectNode().put("a", 1.5).put("b", "x");
        tree.putArray("c").add(F.objectNode()).add(true);

        byte[] request = writer.write(Request.of("m", Params.of(1, "x", 2L, true, tree, null), Id.of(1)));
        reader.read(("{\"jsonrpc\":\"2.0\",\"result\":{\"x\":[1.50,{\"y\":null}],\"z\":12345678901234567890},"
                + "\"id\":1}").getBytes(StandardCharsets.UTF_8));
        binder.bind(F.numberNode(3), own.typeFactory().constructType(Integer.class));
        assertThat(new String(request, StandardCharsets.UTF_8)).contains("{\"a\":1.5,\"b\":\"x\",\"c\":[{},true]}");
        assertThat(own.made()).isFalse();

        // A list is not a tree: the mapper writes it.
        byte[] listed = writer.write(Request.of("m", Params.of(List.of(1, 2)), Id.of(1)));
        assertThat(new String(listed, StandardCharsets.UTF_8)).contains("\"params\":[[1,2]]");
        assertThat(own.made()).isTrue();
        assertThat(Arrays.asList(own.mapper(), own.mapper())).containsOnly(own.mapper());
    }
}
