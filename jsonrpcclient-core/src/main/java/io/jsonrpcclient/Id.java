package io.jsonrpcclient;

import java.util.Objects;

/**
 * A JSON-RPC request identifier: a string, an integer, or null, exactly as the
 * <a href="https://www.jsonrpc.org/specification#request_object">specification</a> allows.
 *
 * <p>The set is closed: every id is one of the three.
 * <pre>{@code
 * Id id = Id.of(7);
 * if (id instanceof Id.NumberId n) {
 *     long value = n.value();
 * }
 * String json = id.toJson();   // 7
 * }</pre>
 *
 * <p>Ids compare by value and type: {@code Id.of(1)} and {@code Id.of("1")} differ, as they do on the wire.
 *
 * @since 0.1
 */
public sealed interface Id permits Id.NumberId, Id.StringId, Id.NullId {

    /** The null id, which servers use when they could not read the request's id. */
    Id NULL = NullId.INSTANCE;

    /** {@return an integer id} */
    static Id of(long value) {
        return new NumberId(value);
    }

    /** {@return a string id} */
    static Id of(String value) {
        return new StringId(value);
    }

    /** {@return this id as JSON text, e.g. {@code 7}, {@code "a"} or {@code null}} */
    String toJson();

    /**
     * An integer id.
     *
     * @param value the id
     */
    record NumberId(long value) implements Id {
        @Override
        public String toJson() {
            return Long.toString(value);
        }

        // equals and hashCode written out, as in StringId: a record's generated ones link through an
        // invokedynamic bootstrap on first use, several milliseconds of a one-call process (the CLI).
        @Override
        public boolean equals(Object other) {
            return other instanceof NumberId n && n.value == value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /**
     * A string id.
     *
     * @param value the id, never null
     */
    record StringId(String value) implements Id {
        /** Validates the value. */
        public StringId {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StringId s && s.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toJson() {
            return io.jsonrpcclient.internal.JsonText.quote(value);
        }

        @Override
        public String toString() {
            return toJson();
        }
    }

    /** The null id. Use {@link Id#NULL}. */
    enum NullId implements Id {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toJson() {
            return "null";
        }

        @Override
        public String toString() {
            return "null";
        }
    }
}
