package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Binds the results most calls return (an int, a long, a string, a boolean) without
 * {@code treeToValue}, which costs a parser over the tree and a deserialization context. Each
 * type takes the short path only if the caller's mapper would bind it with Jackson's standard
 * deserializer (found once here) and only from the node that deserializer reads without any
 * coercion; everything else, a module's own deserializer included, goes through the mapper.
 */
public final class ScalarBinder {

    /** Returned when the short path does not apply. */
    public static final Object MISS = new Object();

    private static final ScalarBinder NONE = new ScalarBinder(false, false, false, false);

    private final boolean ints;
    private final boolean longs;
    private final boolean strings;
    private final boolean booleans;

    private ScalarBinder(boolean ints, boolean longs, boolean strings, boolean booleans) {
        this.ints = ints;
        this.longs = longs;
        this.strings = strings;
        this.booleans = booleans;
    }

    /** {@return the short paths the mapper allows} */
    public static ScalarBinder of(ObjectMapper mapper) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        if (config.isEnabled(DeserializationFeature.UNWRAP_ROOT_VALUE)
                || !(mapper.getDeserializationContext() instanceof DefaultDeserializationContext context)) {
            return NONE;
        }
        try {
            DefaultDeserializationContext ctxt = context.createDummyInstance(config);
            return new ScalarBinder(
                    standard(ctxt, mapper, Integer.class, NumberDeserializers.IntegerDeserializer.class)
                            && standard(ctxt, mapper, int.class, NumberDeserializers.IntegerDeserializer.class),
                    standard(ctxt, mapper, Long.class, NumberDeserializers.LongDeserializer.class)
                            && standard(ctxt, mapper, long.class, NumberDeserializers.LongDeserializer.class),
                    standard(ctxt, mapper, String.class, StringDeserializer.class),
                    standard(ctxt, mapper, Boolean.class, NumberDeserializers.BooleanDeserializer.class)
                            && standard(ctxt, mapper, boolean.class, NumberDeserializers.BooleanDeserializer.class));
        } catch (Exception | LinkageError e) {
            return NONE;
        }
    }

    private static boolean standard(DefaultDeserializationContext ctxt, ObjectMapper mapper, Class<?> type,
            Class<?> expected) throws com.fasterxml.jackson.databind.JsonMappingException {
        JsonDeserializer<?> deserializer = ctxt.findRootValueDeserializer(mapper.constructType(type));
        return deserializer != null && deserializer.getClass() == expected;
    }

    /** {@return the node bound to the type, or {@link #MISS} if the mapper must bind it} */
    public Object bind(JsonNode node, JavaType type) {
        Class<?> raw = type.getRawClass();
        Class<?> kind = node.getClass();
        if (raw == Integer.class || raw == int.class) {
            return ints && kind == IntNode.class ? (Object) node.intValue() : MISS;
        }
        if (raw == String.class) {
            return strings && kind == TextNode.class ? node.textValue() : MISS;
        }
        if (raw == Long.class || raw == long.class) {
            return longs && (kind == LongNode.class || kind == IntNode.class) ? (Object) node.longValue() : MISS;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return booleans && kind == BooleanNode.class ? (Object) node.booleanValue() : MISS;
        }
        return MISS;
    }
}
