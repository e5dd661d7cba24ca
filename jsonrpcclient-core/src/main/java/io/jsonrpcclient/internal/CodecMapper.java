package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;

/**
 * A codec's Jackson set-up: the factory its parsers and generators come from (carrying the reply
 * limits), and the {@code ObjectMapper} for what the short paths do not take. A caller's mapper is
 * copied and asked what it does. The codec's own is known in advance (Jackson's defaults, or those
 * with exact numbers), so nothing needs to ask it, and it is made only when something needs it:
 * the first {@code ObjectMapper} of a JVM costs 50–60 ms (its default date format loads the JDK's
 * locale data), a quarter of a cold CLI call, and a call whose params and result are scalars or
 * trees never needs one ({@link TreeReader}, {@link TreeWriter}, and the scalar short paths).
 * <pre>{@code
 * CodecMapper jackson = CodecMapper.own(false, limits);
 * JsonParser p = jackson.factory().createParser(body);
 * }</pre>
 */
public final class CodecMapper {

    private final JsonFactory factory;
    private final boolean own;
    private final boolean exactNumbers;
    private volatile ObjectMapper mapper;

    private CodecMapper(JsonFactory factory, ObjectMapper mapper, boolean exactNumbers) {
        this.factory = factory;
        this.mapper = mapper;
        this.own = mapper == null;
        this.exactNumbers = exactNumbers;
    }

    /**
     * {@return the codec's own set-up: Jackson's defaults, with exact numbers if asked}
     *
     * @param exactNumbers read non-integers as exact decimals
     * @param limits       the reply limits
     */
    public static CodecMapper own(boolean exactNumbers, StreamReadConstraints limits) {
        return new CodecMapper(JsonFactory.builder().streamReadConstraints(limits).build(), null, exactNumbers);
    }

    /**
     * {@return a set-up on a copy of the caller's mapper, with the limits (and exact numbers if asked)}
     *
     * @param callers      the caller's mapper; not changed
     * @param exactNumbers read non-integers as exact decimals
     * @param limits       the reply limits
     */
    public static CodecMapper copyOf(ObjectMapper callers, boolean exactNumbers, StreamReadConstraints limits) {
        ObjectMapper copy = callers.copy();
        // One message per line: newline-delimited framing depends on it.
        copy.disable(SerializationFeature.INDENT_OUTPUT);
        copy.getFactory().setStreamReadConstraints(limits);
        if (exactNumbers) {
            exact(copy);
        }
        return new CodecMapper(copy.getFactory(), copy, exactNumbers);
    }

    /**
     * {@return a set-up on the mapper as it is, asked what it does: for tests and for callers that
     * have set the mapper up themselves}
     *
     * @param mapper the mapper, used as it is
     */
    public static CodecMapper given(ObjectMapper mapper) {
        return new CodecMapper(mapper.getFactory(), mapper, false);
    }

    /** {@return the factory for parsers and generators, with the limits} */
    public JsonFactory factory() {
        return factory;
    }

    /** {@return true if the mapper is the codec's own, whose settings are known without asking it} */
    public boolean isOwn() {
        return own;
    }

    /** {@return true if non-integers are read as exact decimals} */
    public boolean exactNumbers() {
        return exactNumbers;
    }

    /** {@return the mapper, made on first call if it is the codec's own} */
    public ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) {
                    JsonMapper made = JsonMapper.builder(factory).build();
                    mapper = m = exactNumbers ? exact(made) : made;
                }
            }
        }
        return m;
    }

    /** {@return true once the mapper exists: for tests that check it is made only when needed} */
    boolean made() {
        return mapper != null;
    }

    /** {@return the type factory: the mapper's, which for the codec's own is Jackson's default one} */
    public TypeFactory typeFactory() {
        return own ? TypeFactory.defaultInstance() : mapper().getTypeFactory();
    }

    private static ObjectMapper exact(ObjectMapper m) {
        m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        m.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        return m;
    }
}
