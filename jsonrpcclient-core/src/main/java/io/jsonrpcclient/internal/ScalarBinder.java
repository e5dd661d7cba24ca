package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
import io.jsonrpcclient.InvalidResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Binds the results most calls return (an int, a long, a string, a boolean, base64 text as
 * {@code byte[]}) without
 * {@code treeToValue}, which costs a parser over the tree and a deserialization context. Each
 * type takes the short path only if the caller's mapper would bind it with Jackson's standard
 * deserializer (found once here) and only from the node that deserializer reads without any
 * coercion; everything else, a module's own deserializer included, goes through the mapper.
 */
public final class ScalarBinder {

    /** Returned when the short path does not apply. */
    public static final Object MISS = new Object();

    private static final ScalarBinder NONE = new ScalarBinder(false, false, false, false, null, null);
    private static final String BYTES_DESERIALIZER =
            "com.fasterxml.jackson.databind.deser.std.PrimitiveArrayDeserializers$ByteDeser";

    private final boolean ints;
    private final boolean longs;
    private final boolean strings;
    private final boolean booleans;
    // The mapper's base64 alphabet when it binds byte[] with Jackson's standard deserializer, else null.
    private final Base64Variant base64;
    // The mapper's factory, whose parser decodes base64 left in the body (BodyText).
    private final JsonFactory factory;

    private ScalarBinder(boolean ints, boolean longs, boolean strings, boolean booleans, Base64Variant base64,
            JsonFactory factory) {
        this.ints = ints;
        this.longs = longs;
        this.strings = strings;
        this.booleans = booleans;
        this.base64 = base64;
        this.factory = factory;
    }

    /**
     * {@return the short paths the set-up allows: all of them for the codec's own mapper, which
     * binds these with Jackson's standard deserializers and its default base64 alphabet}
     */
    public static ScalarBinder of(CodecMapper jackson) {
        return jackson.isOwn()
                ? new ScalarBinder(true, true, true, true, Base64Variants.getDefaultVariant(), jackson.factory())
                : of(jackson.mapper());
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
                            && standard(ctxt, mapper, boolean.class, NumberDeserializers.BooleanDeserializer.class),
                    standardBytes(ctxt, mapper) ? config.getBase64Variant() : null,
                    mapper.getFactory());
        } catch (Exception | LinkageError e) {
            return NONE;
        }
    }

    private static boolean standard(DefaultDeserializationContext ctxt, ObjectMapper mapper, Class<?> type,
            Class<?> expected) throws com.fasterxml.jackson.databind.JsonMappingException {
        JsonDeserializer<?> deserializer = ctxt.findRootValueDeserializer(mapper.constructType(type));
        return deserializer != null && deserializer.getClass() == expected;
    }

    private static boolean standardBytes(DefaultDeserializationContext ctxt, ObjectMapper mapper)
            throws com.fasterxml.jackson.databind.JsonMappingException {
        // Jackson's byte[] deserializer is package-private, so it is recognised by name.
        JsonDeserializer<?> deserializer = ctxt.findRootValueDeserializer(mapper.constructType(byte[].class));
        return deserializer != null && deserializer.getClass().getName().equals(BYTES_DESERIALIZER);
    }

    /**
     * {@return true if a result bound to the type may be left in the body ({@link BodyText}) while the
     * reply is decoded: base64 text bound to {@code byte[]} by Jackson's standard deserializer}
     */
    public boolean bindsFromBody(JavaType type) {
        return type.getRawClass() == byte[].class && base64 != null;
    }

    /** {@return the node bound to the type, or {@link #MISS} if the mapper must bind it} */
    public Object bind(JsonNode node, JavaType type) {
        Class<?> raw = type.getRawClass();
        Class<?> kind = node.getClass();
        if (kind == BodyText.class) {
            if (raw == byte[].class && base64 != null) {
                return bytes((BodyText) node);
            }
            // Left in the body only for byte[]: its text is not in the node, so no other type may read it.
            throw new IllegalStateException("a result left in the body cannot be bound to " + type);
        }
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
        if (raw == byte[].class) {
            return base64 != null && kind == TextNode.class ? bytes(node.textValue()) : MISS;
        }
        return MISS;
    }

    /**
     * Decodes base64 text left in the body with the mapper's parser, which reads it in place
     * ({@code readBinaryValue}: no string, a small buffer), into one array of the size the text's
     * length and padding give, returned as is: the peak is the body and the result. Text the
     * parser refuses is an {@link InvalidResponseException} ({@code RESULT_TYPE}) with its message.
     */
    private byte[] bytes(BodyText text) {
        int n = text.length();
        byte[] body = text.body();
        int end = text.start() + n;
        char pad = base64.getPaddingChar();
        int padding = n < 2 || body[end - 1] != pad ? 0 : body[end - 2] == pad ? 2 : 1;
        // Without padding, 2 or 3 characters left over make 1 or 2 bytes.
        int expected = n / 4 * 3 + (n % 4 == 0 ? -padding : Math.max(0, n % 4 - 1));
        var out = new ExactOutput(Math.max(0, expected));
        // The parser sees only the quoted string: its bytes, quotes included.
        try (JsonParser p = factory.createParser(body, text.start() - 1, n + 2)) {
            p.nextToken();
            p.readBinaryValue(base64, out);
        } catch (JsonProcessingException e) {
            throw notBase64(e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            // What Jackson's parser throws for a character outside the alphabet.
            throw notBase64(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // cannot happen: the input is an array, the output too
        }
        return out.bytes();
    }

    private static InvalidResponseException notBase64(String why, Exception e) {
        return new InvalidResponseException(InvalidResponseException.Violation.RESULT_TYPE,
                "the result does not fit byte[]: " + why, e);
    }

    /** An output stream into an array of the expected size, grown (copied) only if the text surprises. */
    private static final class ExactOutput extends OutputStream {
        private byte[] buf;
        private int count;

        ExactOutput(int expected) {
            this.buf = new byte[expected];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(count + more, buf.length + (buf.length >> 1) + 16));
            }
        }

        byte[] bytes() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }

    /**
     * Decodes base64 text as Jackson's {@code TextNode.getBinaryValue} does (same alphabet, same
     * decoder, so the same bytes), but into one buffer of the exact size, returned as is: Jackson
     * grows a buffer in blocks and then copies it, two copies of a large result at the peak.
     * Anything the decoder refuses goes back to the mapper, which reports it its own way.
     */
    private Object bytes(String text) {
        String s = text.trim();
        int n = s.length();
        if (n < 4 || n % 4 != 0) {
            return MISS;
        }
        char pad = base64.getPaddingChar();
        int padding = s.charAt(n - 1) != pad ? 0 : s.charAt(n - 2) == pad ? 2 : 1;
        // The exact size only if the text is well formed; otherwise the buffer grows or is copied.
        int exact = n / 4 * 3 - padding;
        // fromInitial, not the constructor, which caps the first block at 128 KiB.
        var out = ByteArrayBuilder.fromInitial(new byte[exact], 0);
        try {
            base64.decode(s, out);
        } catch (IllegalArgumentException e) {
            return MISS;
        }
        if (out.size() == exact && out.getCurrentSegmentLength() == exact && out.getCurrentSegment().length == exact) {
            return out.getCurrentSegment();
        }
        return out.toByteArray();
    }
}
