package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct writer must write exactly the bytes Jackson's generator writes, and step aside for
 * anything it cannot: checked on thousands of random messages, and on mappers configured to write
 * differently.
 */
class DirectWriterTest {

    private static final String[] METHODS = {"add", "eth_getBalance", "a.b/c-d", "", " spaces ", "tab\there",
            "quote\"d", "back\\slash", "naïve", "emoji😀", "line\nbreak", "del\u007f", "ctl\u0001"};
    private static final Object[] VALUES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42L, Long.MAX_VALUE,
            Long.MIN_VALUE, -10L, true, false, null, "", "plain", "with space", "quote\"", "ü", "\u2028", 1.5,
            List.of(1, 2), Map.of("k", "v"), (short) 3, new java.math.BigDecimal("1.10")};

    private static Object value(Random r) {
        return VALUES[r.nextInt(VALUES.length)];
    }

    private static Params params(Random r) {
        switch (r.nextInt(3)) {
            case 0:
                return Params.none();
            case 1: {
                var values = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    values.add(value(r));
                }
                return Params.positional(values);
            }
            default: {
                var values = new LinkedHashMap<String, Object>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    values.put(METHODS[r.nextInt(METHODS.length)] + i, value(r));
                }
                return Params.named(values);
            }
        }
    }

    private static Call call(Random r, int n) {
        String method = METHODS[r.nextInt(METHODS.length)];
        if (r.nextInt(4) == 0) {
            return Notification.of(method, params(r));
        }
        Id id = switch (r.nextInt(4)) {
            case 0 -> Id.of(METHODS[r.nextInt(METHODS.length)] + n);
            case 1 -> Id.NULL;
            case 2 -> Id.of(Long.MIN_VALUE + n);
            default -> Id.of((long) n - 5);
        };
        return Request.of(method, params(r), id);
    }

    private static Message message(Random r) {
        if (r.nextInt(5) > 0) {
            return call(r, 0);
        }
        var calls = new ArrayList<Call>();
        // Half the batches call one method throughout, as batches mostly do: one string, written once.
        String shared = r.nextBoolean() ? METHODS[r.nextInt(METHODS.length)] : null;
        for (int i = r.nextInt(5) + 1; i > 0; i--) {
            Call c = call(r, i);
            String method = shared != null ? shared : c.method();
            // A batch refuses two requests with one id.
            calls.add(c instanceof Request req ? Request.of(method, req.params(), Id.of(1000L + i))
                    : Notification.of(method, c.params()));
        }
        return Batch.of(calls.toArray(new Call[0]));
    }

    private static void agree(ObjectMapper mapper, boolean expectDirect) {
        var writer = new MessageWriter(CodecMapper.given(mapper));
        var direct = DirectWriter.of(mapper.getFactory(), ScalarWriters.of(mapper));
        var r = new Random(7);
        int directCount = 0;
        for (int i = 0; i < 5000; i++) {
            Message m = message(r);
            byte[] viaGenerator = writer.writeWithGenerator(m);
            byte[] viaWriter = writer.write(m);
            assertThat(new String(viaWriter, StandardCharsets.UTF_8)).as(m.toString())
                    .isEqualTo(new String(viaGenerator, StandardCharsets.UTF_8));
            if (direct != null && direct.write(m) != null) {
                directCount++;
            }
        }
        if (expectDirect) {
            assertThat(directCount).as("messages the direct path wrote").isGreaterThan(500);
        } else {
            assertThat(directCount).isZero();
        }
    }

    @Test
    void theDirectPathWritesWhatTheGeneratorWrites() {
        agree(new ObjectMapper(), true);
        agree(JsonMapper.builder().build(), true);
    }

    @Test
    void numbersEitherSideOfEveryPowerOfTenAreWrittenAsTheGeneratorWritesThem() {
        var writer = new MessageWriter(CodecMapper.given(new ObjectMapper()));
        var edges = new ArrayList<Long>(List.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p = p > Long.MAX_VALUE / 10 ? -1 : p * 10) {
            for (long v : new long[] {p - 1, p, p + 1}) {
                edges.add(v);
                edges.add(-v);
            }
        }
        edges.add((long) Integer.MAX_VALUE + 1);
        edges.add((long) Integer.MIN_VALUE - 1);
        for (long v : edges) {
            var request = Request.of("n", Params.of(v, (int) v), Id.of(v));
            assertThat(writer.write(request)).as("%d", v).isEqualTo(writer.writeWithGenerator(request));
        }
        assertThat(edges).hasSizeGreaterThan(100);
    }

    @Test
    void aMapperThatWritesNumbersAsStringsIsHonoured() {
        agree(JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS)
                .build(), false);
    }

    @Test
    void aMapperThatEscapesNonAsciiIsHonoured() {
        var mapper = new ObjectMapper();
        mapper.getFactory().enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
        agree(mapper, false);
    }

    @Test
    void aModulesOwnSerializerForAScalarIsHonoured() {
        var mapper = new ObjectMapper().registerModule(new SimpleModule()
                .addSerializer(Integer.class, new ToStringSerializer(Integer.class))
                .addSerializer(String.class, new com.fasterxml.jackson.databind.JsonSerializer<String>() {
                    @Override
                    public void serialize(String value, JsonGenerator gen,
                            com.fasterxml.jackson.databind.SerializerProvider serializers) throws java.io.IOException {
                        gen.writeString(value.toUpperCase(java.util.Locale.ROOT));
                    }
                }));
        byte[] bytes = new MessageWriter(CodecMapper.given(mapper)).write(Request.of("add", Params.of(1, "x"), Id.of(1)));
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[\"1\",\"X\"],\"id\":1}");
        agree(mapper, true);  // messages without ints or strings in params still take the short path
    }

    @Test
    void rootWrappingGoesThroughTheMapper() {
        var mapper = new ObjectMapper().enable(SerializationFeature.WRAP_ROOT_VALUE);
        byte[] bytes = new MessageWriter(CodecMapper.given(mapper)).write(Request.of("add", Params.of(1, 2), Id.of(1)));
        byte[] reference = new MessageWriter(CodecMapper.given(mapper)).writeWithGenerator(Request.of("add", Params.of(1, 2), Id.of(1)));
        assertThat(bytes).isEqualTo(reference);
    }
}
