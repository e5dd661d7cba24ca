package io.jsonrpcclient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of a call: positional (a JSON array), named (a JSON object), or none
 * (the {@code params} member is left out).
 *
 * <p>Values are any Java objects the client's Jackson {@code ObjectMapper} can write,
 * including {@code JsonNode} trees, records, maps and lists; {@code null} values are allowed.
 * <pre>{@code
 * Params none = Params.none();
 * Params positional = Params.of(1, 2);                      // [1,2]
 * Params named = Params.named(Map.of("name", "Yoko"));      // {"name":"Yoko"}
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface Params permits Params.None, Params.Positional, Params.Named {

    /** {@return no parameters; the request has no {@code params} member} */
    static Params none() {
        return None.INSTANCE;
    }

    /** {@return positional parameters, in order; an empty array gives {@code "params": []}} */
    static Params of(Object... values) {
        Objects.requireNonNull(values, "values");
        return new Positional(Arrays.asList(values));
    }

    /** {@return positional parameters, in list order} */
    static Params positional(List<?> values) {
        return new Positional(new java.util.ArrayList<Object>(values));
    }

    /** {@return named parameters, written in the map's iteration order} */
    static Params named(Map<String, ?> values) {
        return new Named(new LinkedHashMap<String, Object>(values));
    }

    /** No parameters. Use {@link Params#none()}. */
    enum None implements Params {
        /** The only instance. */
        INSTANCE
    }

    /**
     * Positional parameters.
     *
     * @param values the values, an unmodifiable copy that may hold nulls
     */
    record Positional(List<Object> values) implements Params {
        /** Copies the values. */
        public Positional {
            Objects.requireNonNull(values, "values");
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /**
     * Named parameters.
     *
     * @param values the values by name, an unmodifiable copy in the given order
     */
    record Named(Map<String, Object> values) implements Params {
        /** Copies the values and rejects null names. */
        public Named {
            Objects.requireNonNull(values, "values");
            var copy = new LinkedHashMap<String, Object>(values);
            if (copy.containsKey(null)) {
                throw new IllegalArgumentException("parameter names must not be null");
            }
            values = Collections.unmodifiableMap(copy);
        }
    }
}
