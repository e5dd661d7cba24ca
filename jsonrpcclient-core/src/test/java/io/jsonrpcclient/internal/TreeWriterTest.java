package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link TreeWriter} writes what a plain mapper writes, compact and pretty, and leaves other nodes to it. */
class TreeWriterTest {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void every_node_type_it_takes_is_written_as_the_mapper_writes_it() throws Exception {
        ObjectNode tree = NODES.objectNode();
        tree.put("int", 7).put("long", 1L << 40).put("short", (short) 3).put("float", 1.25f)
                .put("double", 0.1).put("decimal", new BigDecimal("1.50")).put("exponent", new BigDecimal("1E+400"))
                .put("big", new BigInteger("123456789012345678901234567890")).put("text", "é\n\"日本\u0000")
                .put("yes", true).put("binary", new byte[] {0, 1, 2, (byte) 255, 42}).putNull("nothing");
        tree.putArray("list").add(1).add(NODES.objectNode()).add(NODES.arrayNode()).addNull();
        tree.put("nan", Double.NaN).put("infinite", Double.NEGATIVE_INFINITY);
        assertThat(TreeWriter.writes(tree)).isTrue();
        assertWrittenAsTheMapperWrites(tree);
    }

    @Test
    void random_trees_are_written_as_the_mapper_writes_them() throws Exception {
        var random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            String text = TreeReaderTest.value(random, 0);
            for (ObjectMapper reader : new ObjectMapper[] {PLAIN,
                    com.fasterxml.jackson.databind.json.JsonMapper.builder()
                            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                            .build()}) {
                JsonNode tree = reader.readTree(text);
                assertThat(TreeWriter.writes(tree)).as(text).isTrue();
                assertWrittenAsTheMapperWrites(tree);
            }
        }
    }

    @Test
    void a_tree_with_any_other_node_is_left_to_the_mapper() {
        ObjectNode tree = NODES.objectNode();
        tree.putArray("a").addPOJO(new java.util.Date(0));
        assertThat(TreeWriter.writes(tree)).isFalse();
        assertThat(TreeWriter.writes(NODES.missingNode())).isFalse();
        // A subclass may write itself its own way.
        assertThat(TreeWriter.writes(new ObjectNode(NODES) {
        })).isFalse();
        assertThatThrownBy(() -> TreeWriter.write(FACTORY.createGenerator(new StringWriter()), NODES.pojoNode("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tree_deeper_than_its_bound_is_left_to_the_mapper() {
        JsonNode deep = NODES.arrayNode();
        for (int i = 0; i < 1_100; i++) {
            deep = NODES.arrayNode().add(deep);
        }
        assertThat(TreeWriter.writes(deep)).isFalse();
    }

    private static void assertWrittenAsTheMapperWrites(JsonNode tree) throws IOException {
        assertThat(write(tree, null)).isEqualTo(PLAIN.writeValueAsString(tree));
        var pretty = new DefaultPrettyPrinter();
        assertThat(write(tree, pretty.createInstance())).isEqualTo(PLAIN.writer(pretty).writeValueAsString(tree));
        // And it reads back as the same tree.
        try (JsonParser p = FACTORY.createParser(write(tree, null))) {
            p.nextToken();
            assertThat(TreeReader.STANDARD.read(p).toString()).isEqualTo(PLAIN.readTree(write(tree, null)).toString());
        }
    }

    private static String write(JsonNode tree, DefaultPrettyPrinter pretty) throws IOException {
        var out = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            if (pretty != null) {
                gen.setPrettyPrinter(pretty);
            }
            TreeWriter.write(gen, tree);
        }
        return out.toString();
    }
}
