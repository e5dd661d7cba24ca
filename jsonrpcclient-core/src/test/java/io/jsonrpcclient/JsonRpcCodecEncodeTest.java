package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class JsonRpcCodecEncodeTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();

    private static String encode(Message message) {
        return new String(CODEC.encode(message), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void writesARequestWithPositionalParamsInSpecOrder() {
        assertThat(encode(Request.of("subtract", Params.of(42, 23), Id.of(1))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":1}");
    }

    @Test
    void writesNamedParamsInTheMapsOrder() {
        assertThat(encode(Request.of("subtract", Params.named(ordered("subtrahend", 23, "minuend", 42)), Id.of(3))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\","
                        + "\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":3}");
    }

    @Test
    void leavesParamsOutWhenThereAreNone() {
        assertThat(encode(Request.of("ping", Params.none(), Id.of(1))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
    }

    @Test
    void writesEmptyPositionalAndNamedParamsAsEmptyContainers() {
        assertThat(encode(Request.of("a", Params.of(), Id.of(1))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":[],\"id\":1}");
        assertThat(encode(Request.of("a", Params.named(Map.of()), Id.of(1))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{},\"id\":1}");
    }

    @Test
    void writesANotificationWithoutAnId() {
        assertThat(encode(Notification.of("update", Params.of(1, 2, 3, 4, 5))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":[1,2,3,4,5]}");
        assertThat(encode(Notification.of("foobar", Params.none())))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\"}");
    }

    @Test
    void writesStringAndNullIds() {
        assertThat(encode(Request.of("a", Params.none(), Id.of("abc-1"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":\"abc-1\"}");
        assertThat(encode(Request.of("a", Params.none(), Id.NULL)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":null}");
        assertThat(encode(Request.of("a", Params.none(), Id.of(Long.MIN_VALUE))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":-9223372036854775808}");
    }

    @Test
    void escapesQuotesControlCharactersAndKeepsUnicodeInMethodsIdsAndValues() {
        assertThat(encode(Request.of("say \"hi\"\n", Params.of("é\u0000☃"), Id.of("\\id"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"say \\\"hi\\\"\\n\","
                        + "\"params\":[\"é\\u0000☃\"],\"id\":\"\\\\id\"}");
    }

    @Test
    void writesUtf8Bytes() {
        byte[] bytes = CODEC.encode(Notification.of("é", Params.none()));

        assertThat(bytes).containsSequence((byte) 0xC3, (byte) 0xA9);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"é\"}");
    }

    @Test
    void writesABatchAsAnArrayOfCallsInOrder() {
        Batch batch = Batch.of(
                Request.of("sum", Params.of(1, 2, 4), Id.of("1")),
                Notification.of("notify_hello", Params.of(7)),
                Request.of("get_data", Params.none(), Id.of(9)));

        assertThat(encode(batch)).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,4],\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"get_data\",\"id\":9}]");
    }

    @Test
    void writesValuesOfEveryKindIncludingNullsAndTrees() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("{\"k\":[true,null]}");
        Params params = Params.of(null, true, 1.5, new BigDecimal("1.10"), new BigInteger("123456789012345678901234567890"),
                "s", List.of(1, "two"), ordered("a", null), tree, new int[] {1, 2});

        assertThat(encode(Request.of("m", params, Id.of(1)))).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"m\","
                + "\"params\":[null,true,1.5,1.10,123456789012345678901234567890,\"s\",[1,\"two\"],{\"a\":null},"
                + "{\"k\":[true,null]},[1,2]],\"id\":1}");
    }

    @Test
    void writesNullNamedValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("x", null);

        assertThat(encode(Notification.of("m", Params.named(values))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"x\":null}}");
    }

    record Person(@JsonProperty("full_name") String name, @JsonProperty("years") int age) {
    }

    @Test
    void writesRecordsWithTheirJacksonAnnotations() {
        assertThat(encode(Request.of("add", Params.of(new Person("Yoko Ono", 93)), Id.of(1))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\","
                        + "\"params\":[{\"full_name\":\"Yoko Ono\",\"years\":93}],\"id\":1}");
    }

    /** A value type with no Jackson support of its own. */
    static final class Money {
        final long cents;
        final String currency;

        Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }
    }

    static final class MoneySerializer extends StdSerializer<Money> {
        private static final long serialVersionUID = 1L;

        MoneySerializer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.cents / 100 + "." + String.format("%02d", value.cents % 100) + " " + value.currency);
        }
    }

    @Test
    void writesValuesThroughTheCallersObjectMapperModules() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new SimpleModule("money").addSerializer(Money.class, new MoneySerializer()));
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(mapper).build();

        String json = codec.encodeToString(Request.of("pay", Params.named(ordered("amount", new Money(1234, "EUR"))),
                Id.of(1)));

        assertThat(json).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"pay\",\"params\":{\"amount\":\"12.34 EUR\"},\"id\":1}");
    }

    @Test
    void writesDatesTheWayTheCallersObjectMapperIsConfigured() {
        Date epochPlusOneSecond = new Date(1000);
        ObjectMapper isoDates = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setTimeZone(TimeZone.getTimeZone("UTC"));

        assertThat(encode(Notification.of("at", Params.of(epochPlusOneSecond))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"at\",\"params\":[1000]}");
        assertThat(JsonRpcCodec.newBuilder().objectMapper(isoDates).build()
                .encodeToString(Notification.of("at", Params.of(epochPlusOneSecond))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"at\",\"params\":[\"1970-01-01T00:00:01.000+00:00\"]}");
    }

    @Test
    void laterChangesToTheCallersMapperAreNotSeen() {
        ObjectMapper mapper = new ObjectMapper();
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(mapper).build();
        mapper.registerModule(new SimpleModule("late").addSerializer(Money.class, new MoneySerializer()));

        assertThatThrownBy(() -> codec.encode(Notification.of("pay", Params.of(new Money(1, "EUR")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCallersMapperKeepsItsOwnReadLimits() {
        ObjectMapper mapper = new ObjectMapper();
        int before = mapper.getFactory().streamReadConstraints().getMaxNestingDepth();

        JsonRpcCodec.newBuilder().objectMapper(mapper).maxNestingDepth(3).build();

        assertThat(mapper.getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(before);
    }

    @Test
    void aPrettyPrintingMapperStillGivesOneLineMessagesSoNewlineFramingHolds() {
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(pretty).build();

        String json = codec.encodeToString(Request.of("m", Params.of(Map.of("a", 1)), Id.of(1)));

        assertThat(json).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":[{\"a\":1}],\"id\":1}");
    }

    static final class Opaque {
    }

    static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void aParamValueThatCannotBeWrittenIsAnIllegalArgument() {
        assertThatThrownBy(() -> CODEC.encode(Request.of("m", Params.of(new Opaque()), Id.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write the parameters as JSON")
                .hasMessageContaining("Opaque");
        assertThatThrownBy(() -> CODEC.encode(Notification.of("m", Params.named(Map.of("v", new Exploding())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boom");
    }

    @Test
    void encodeToStringIsTheUtf8TextOfEncode() {
        Request request = Request.of("ä", Params.of("ö"), Id.of("ü"));

        assertThat(CODEC.encodeToString(request)).isEqualTo(new String(CODEC.encode(request), StandardCharsets.UTF_8));
    }

    @Test
    void encodingTheSameMessageTwiceGivesTheSameBytes() {
        Batch batch = Batch.of(Request.of("a", Params.of(1), Id.of(1)), Notification.of("b", Params.none()));

        assertThat(Arrays.equals(CODEC.encode(batch), CODEC.encode(batch))).isTrue();
    }

    @Test
    void refusesANullMessage() {
        assertThatThrownBy(() -> CODEC.encode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void whatIsEncodedParsesBackToTheSameMessage() {
        Batch batch = Batch.of(
                Request.of("sum", Params.of(1, 2), Id.of("1")),
                Notification.of("n", Params.none()),
                Request.of("get", Params.named(ordered("name", "x")), Id.of(2)));

        Message parsed = CODEC.parseMessage(CODEC.encodeToString(batch));

        assertThat(CODEC.encodeToString(parsed)).isEqualTo(CODEC.encodeToString(batch));
        assertThat(((Batch) parsed).requests()).extracting(Request::id).containsExactly(Id.of("1"), Id.of(2));
    }
}
