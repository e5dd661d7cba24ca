package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short path for scalar results must bind what {@code treeToValue} binds, or step aside. */
class ScalarBinderTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<JsonNode> NODES = List.of(F.numberNode(3), F.numberNode(-7L), F.numberNode(1L << 40),
            F.numberNode(BigInteger.TEN), F.numberNode(1.5), F.textNode("abc"), F.textNode("12"), F.textNode(""),
            F.booleanNode(true), F.booleanNode(false), F.nullNode(), F.arrayNode().add(1), F.objectNode().put("a", 1));
    private static final List<Class<?>> TYPES = List.of(Integer.class, int.class, Long.class, long.class,
            String.class, Boolean.class, boolean.class, Object.class, JsonNode.class, Double.class);

    private static Object viaMapper(ObjectMapper mapper, JsonNode node, Class<?> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static void agree(ObjectMapper mapper) {
        ScalarBinder binder = ScalarBinder.of(mapper);
        for (JsonNode node : NODES) {
            for (Class<?> type : TYPES) {
                Object fast = binder.bind(node, mapper.constructType(type));
                if (fast != ScalarBinder.MISS) {
                    assertThat(fast).as(node + " as " + type).isEqualTo(viaMapper(mapper, node, type));
                }
            }
        }
    }

    @Test
    void theShortPathBindsWhatTheMapperBinds() {
        agree(new ObjectMapper());
        agree(new ObjectMapper().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));
        var binder = ScalarBinder.of(new ObjectMapper());
        var mapper = new ObjectMapper();
        assertThat(binder.bind(F.numberNode(3), mapper.constructType(Integer.class))).isEqualTo(3);
        assertThat(binder.bind(F.textNode("x"), mapper.constructType(String.class))).isEqualTo("x");
    }

    @Test
    void base64TextBindsToTheBytesTheMapperBinds() {
        var r = new java.util.Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String odd = "=-_ \n.\u00e9";
        for (ObjectMapper mapper : List.of(new ObjectMapper(),
                new ObjectMapper().setBase64Variant(com.fasterxml.jackson.core.Base64Variants.MODIFIED_FOR_URL),
                new ObjectMapper().setBase64Variant(com.fasterxml.jackson.core.Base64Variants.PEM))) {
            ScalarBinder binder = ScalarBinder.of(mapper);
            int fast = 0;
            for (int i = 0; i < 5_000; i++) {
                String text;
                if (r.nextBoolean()) {
                    byte[] bytes = new byte[r.nextInt(40)];
                    r.nextBytes(bytes);
                    text = java.util.Base64.getEncoder().encodeToString(bytes);
                    if (r.nextInt(4) == 0 && !text.isEmpty()) {  // damage one character
                        int at = r.nextInt(text.length());
                        text = text.substring(0, at) + odd.charAt(r.nextInt(odd.length())) + text.substring(at + 1);
                    }
                    if (r.nextInt(6) == 0) {
                        text = " " + text.replace("=", "") + "\n";
                    }
                } else {
                    var sb = new StringBuilder();
                    for (int k = r.nextInt(13); k > 0; k--) {
                        sb.append(r.nextInt(5) == 0 ? odd.charAt(r.nextInt(odd.length()))
                                : alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                    text = sb.toString();
                }
                JsonNode node = F.textNode(text);
                Object bound = binder.bind(node, mapper.constructType(byte[].class));
                if (bound != ScalarBinder.MISS) {
                    fast++;
                    assertThat(bound).as(text).isEqualTo(viaMapper(mapper, node, byte[].class));
                }
            }
            assertThat(fast).as("texts bound by the short path").isGreaterThan(300);
        }
    }

    @Test
    void aLargeBase64ResultIsDecodedIntoOneExactBuffer() {
        byte[] bytes = new byte[3 * 100_000 + 1];
        new java.util.Random(3).nextBytes(bytes);
        var mapper = new ObjectMapper();
        Object bound = ScalarBinder.of(mapper).bind(F.textNode(java.util.Base64.getEncoder().encodeToString(bytes)),
                mapper.constructType(byte[].class));
        assertThat(bound).isEqualTo(bytes);
    }

    @Test
    void aLongResultStringIsLeftInTheBodyOnlyWhenAskedAndOnlyBytesMayReadIt() {
        var mapper = new ObjectMapper();
        byte[] bytes = new byte[3 * ScalarNodes.DEFER_CHARS / 4 + 3];
        new java.util.Random(5).nextBytes(bytes);
        String text = java.util.Base64.getEncoder().encodeToString(bytes);
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"result\":\"" + text + "\",\"id\":1}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var reader = new ResponseReader(CodecMapper.given(mapper));
        JsonNode kept = ((ResponseReader.Single) reader.read(body, false)).response().result();
        assertThat(kept.getClass()).isEqualTo(com.fasterxml.jackson.databind.node.TextNode.class);
        assertThat(kept.textValue()).isEqualTo(text);
        JsonNode left = ((ResponseReader.Single) reader.read(body, true)).response().result();
        assertThat(left).isInstanceOf(BodyText.class);
        ScalarBinder binder = ScalarBinder.of(mapper);
        assertThat(binder.bind(left, mapper.constructType(byte[].class))).isEqualTo(bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> binder.bind(left, mapper.constructType(String.class)))
                .isInstanceOf(IllegalStateException.class);
        // A short string, or another member, is built as always.
        byte[] small = "{\"jsonrpc\":\"2.0\",\"result\":\"AQID\",\"id\":1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(((ResponseReader.Single) reader.read(small, true)).response().result().textValue()).isEqualTo("AQID");
    }

    @Test
    void aModulesOwnDeserializerIsHonoured() {
        var mapper = new ObjectMapper().registerModule(new SimpleModule().addDeserializer(Integer.class,
                new JsonDeserializer<Integer>() {
                    @Override
                    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        return p.getIntValue() * 10;
                    }
                }));
        ScalarBinder binder = ScalarBinder.of(mapper);
        assertThat(binder.bind(F.numberNode(3), mapper.constructType(Integer.class))).isSameAs(ScalarBinder.MISS);
        assertThat(binder.bind(F.textNode("x"), mapper.constructType(String.class))).isEqualTo("x");
        agree(mapper);
    }

    @Test
    void rootUnwrappingGoesThroughTheMapper() {
        var mapper = new ObjectMapper().enable(DeserializationFeature.UNWRAP_ROOT_VALUE);
        assertThat(ScalarBinder.of(mapper).bind(F.numberNode(3), mapper.constructType(Integer.class)))
                .isSameAs(ScalarBinder.MISS);
    }
}
