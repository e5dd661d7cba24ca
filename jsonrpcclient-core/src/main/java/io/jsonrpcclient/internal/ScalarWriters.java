package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.DefaultSerializerProvider;
import com.fasterxml.jackson.databind.ser.std.BooleanSerializer;
import com.fasterxml.jackson.databind.ser.std.NumberSerializers;
import com.fasterxml.jackson.databind.ser.std.StringSerializer;
import java.io.IOException;

/**
 * Writes the parameter values that most calls carry ({@code Integer}, {@code Long},
 * {@code String}, {@code Boolean}, and {@code null}) straight to the generator, skipping what
 * {@code ObjectMapper.writeValue} costs per value (a serializer provider, a lookup, a flush).
 * Each type takes the short path only if the caller's mapper would have written it with
 * Jackson's standard serializer, found once here; a module's own serializer for, say,
 * {@code String} is honoured by going through the mapper as before. The bytes are the same.
 */
final class ScalarWriters {

    private static final ScalarWriters NONE = new ScalarWriters(false, false, false, false);
    /** What a plain mapper allows; {@code ScalarWritersTest} checks that it still does. */
    static final ScalarWriters ALL = new ScalarWriters(true, true, true, true);

    private final boolean ints;
    private final boolean longs;
    private final boolean strings;
    private final boolean booleans;

    private ScalarWriters(boolean ints, boolean longs, boolean strings, boolean booleans) {
        this.ints = ints;
        this.longs = longs;
        this.strings = strings;
        this.booleans = booleans;
    }

    boolean ints() {
        return ints;
    }

    boolean longs() {
        return longs;
    }

    boolean strings() {
        return strings;
    }

    boolean booleans() {
        return booleans;
    }

    /** {@return the short paths the set-up allows: all of them for the codec's own mapper, which writes these as Jackson does} */
    static ScalarWriters of(CodecMapper jackson) {
        return jackson.isOwn() ? ALL : of(jackson.mapper());
    }

    /** {@return the short paths this mapper allows} */
    static ScalarWriters of(ObjectMapper mapper) {
        SerializationConfig config = mapper.getSerializationConfig();
        // Root wrapping, or a provider or factory of the caller's own, changes how every value is written.
        if (config.isEnabled(SerializationFeature.WRAP_ROOT_VALUE) || config.getFullRootName() != null
                || mapper.getSerializerProvider().getClass() != DefaultSerializerProvider.Impl.class) {
            return NONE;
        }
        try {
            SerializerProvider provider = mapper.getSerializerProviderInstance();
            return new ScalarWriters(
                    standard(provider, Integer.class, NumberSerializers.IntegerSerializer.class),
                    standard(provider, Long.class, NumberSerializers.LongSerializer.class),
                    standard(provider, String.class, StringSerializer.class),
                    standard(provider, Boolean.class, BooleanSerializer.class));
        } catch (Exception | LinkageError e) {
            return NONE;
        }
    }

    /** {@return true if the mapper writes a root value of the type with exactly Jackson's standard serializer} */
    private static boolean standard(SerializerProvider provider, Class<?> type, Class<?> expected)
            throws com.fasterxml.jackson.databind.JsonMappingException {
        // The typed lookup is the one writeValue makes: default typing would wrap the serializer.
        JsonSerializer<?> serializer = provider.findTypedValueSerializer(type, true, null);
        return serializer != null && serializer.getClass() == expected;
    }

    /** {@return true if the value was written, false if it must go through the mapper} */
    boolean write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            // JsonGenerator.writeObject(null) writes null itself, never asking the mapper.
            gen.writeNull();
            return true;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            if (ints) {
                gen.writeNumber((Integer) value);
                return true;
            }
        } else if (type == String.class) {
            if (strings) {
                gen.writeString((String) value);
                return true;
            }
        } else if (type == Long.class) {
            if (longs) {
                gen.writeNumber((Long) value);
                return true;
            }
        } else if (type == Boolean.class) {
            if (booleans) {
                gen.writeBoolean((Boolean) value);
                return true;
            }
        }
        return false;
    }
}
