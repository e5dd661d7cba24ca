package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the messages most calls are, straight into one exactly sized array: a method name and
 * strings of plain printable ASCII, parameters that are {@code Integer}, {@code Long},
 * {@code Boolean}, such strings or {@code null}, and number, plain-string or null ids. The bytes
 * are the ones Jackson's generator writes for the same message (no escaping is needed for such
 * strings, numbers print as {@code Long.toString} does); anything else, or a mapper whose factory
 * or serializers would write differently, returns null and goes through the generator.
 */
final class DirectWriter {

    private static final byte[] HEAD = ascii("{\"jsonrpc\":\"2.0\",\"method\":\"");
    private static final byte[] POSITIONAL = ascii("\",\"params\":[");
    private static final byte[] NAMED = ascii("\",\"params\":{");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private final ScalarWriters scalars;

    private DirectWriter(ScalarWriters scalars) {
        this.scalars = scalars;
    }

    /** {@return a writer if the factory writes exactly as assumed here, else null} */
    static DirectWriter of(JsonFactory f, ScalarWriters scalars) {
        boolean plain = (f.getClass() == JsonFactory.class || f.getClass() == MappingJsonFactory.class)
                && f.getCharacterEscapes() == null
                && f.getOutputDecorator() == null
                && f.isEnabled(JsonWriteFeature.QUOTE_FIELD_NAMES.mappedFeature())
                && !f.isEnabled(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS.mappedFeature())
                && !f.isEnabled(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
        return plain ? new DirectWriter(scalars) : null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@return the message as JSON, or null if it is not one this writer takes} */
    byte[] write(Message message) {
        int size = sizeOf(message);
        if (size < 0) {
            return null;
        }
        byte[] out = new byte[size];
        int end = message instanceof Batch batch ? writeBatch(batch, out) : writeCall((Call) message, out, 0);
        if (end != size) {
            throw new IllegalStateException("direct writer wrote " + end + " bytes, expected " + size);
        }
        return out;
    }

    // ---------------------------------------------------------------- sizes; -1 means "not mine"

    private int sizeOf(Message message) {
        return message instanceof Batch batch ? sizeOfBatch(batch) : sizeOf((Call) message);
    }

    private int sizeOfBatch(Batch batch) {
        List<Call> calls = batch.calls();
        int size = 1 + calls.size();  // "[", the commas and "]"
        // The calls of a batch mostly share their method's string: it is checked once. (Kept out of
        // sizeOf(Message), which C2 inlines into a single call's encoding.)
        String previous = null;
        int previousLength = -1;
        // Indexed loops here and below: the lists are random-access copies, and an iterator per
        // list per pass was a tenth of a batch's encoding time.
        for (int i = 0, count = calls.size(); i < count; i++) {
            Call call = calls.get(i);
            String method = call.method();
            if (method != previous) {
                previous = method;
                previousLength = plainLength(method);
            }
            int n = sizeOf(call, previousLength);
            if (n < 0) {
                return -1;
            }
            size += n;
        }
        return size;
    }

    private int sizeOf(Call call) {
        return sizeOf(call, plainLength(call.method()));
    }

    /** {@return the call's size given its method's plain length (-1 if it is not plain), or -1} */
    private int sizeOf(Call call, int method) {
        if (method < 0) {
            return -1;
        }
        int size = HEAD.length + method + 1;  // and the closing "}"
        Params params = call.params();
        if (params instanceof Params.Positional positional) {
            size += POSITIONAL.length;  // holds the method's closing quote
            List<Object> values = positional.values();
            size += Math.max(1, values.size());  // the commas and "]"
            for (int i = 0, count = values.size(); i < count; i++) {
                int n = valueLength(values.get(i));
                if (n < 0) {
                    return -1;
                }
                size += n;
            }
        } else if (params instanceof Params.Named named) {
            size += NAMED.length;
            Map<String, Object> values = named.values();
            size += Math.max(1, values.size());
            for (Map.Entry<String, Object> e : values.entrySet()) {
                int key = plainLength(e.getKey());
                int n = valueLength(e.getValue());
                if (key < 0 || n < 0) {
                    return -1;
                }
                size += key + 3 + n;  // "key":value
            }
        } else {
            size += 1;  // the method's closing quote
        }
        if (call instanceof Request request) {
            int id = idLength(request.id());
            if (id < 0) {
                return -1;
            }
            size += ID.length + id;
        } else if (!(call instanceof io.jsonrpcclient.Notification)) {
            return -1;
        }
        return size;
    }

    private int valueLength(Object value) {
        if (value == null) {
            return 4;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            return scalars.ints() ? digits((Integer) value) : -1;
        }
        if (type == String.class) {
            int n = scalars.strings() ? plainLength((String) value) : -1;
            return n < 0 ? -1 : n + 2;
        }
        if (type == Long.class) {
            return scalars.longs() ? digits((Long) value) : -1;
        }
        if (type == Boolean.class) {
            return scalars.booleans() ? ((Boolean) value ? 4 : 5) : -1;
        }
        return -1;
    }

    private static int idLength(Id id) {
        if (id instanceof Id.NumberId n) {
            return digits(n.value());
        }
        if (id instanceof Id.StringId s) {
            int n = plainLength(s.value());
            return n < 0 ? -1 : n + 2;
        }
        return 4;
    }

    /** {@return the string's length if every char is printable ASCII needing no escape in JSON, else -1} */
    private static int plainLength(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return -1;
            }
        }
        return n;
    }

    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = 1;
        if (v < 0) {
            n++;
            v = -v;
        }
        // Comparisons, not divisions: ids and small numbers are the usual case, and cost one to three.
        long bound = 10;
        while (v >= bound) {
            n++;
            if (bound > Long.MAX_VALUE / 10) {
                break;  // 10^18: the next power is past the largest long
            }
            bound *= 10;
        }
        return n;
    }

    // ---------------------------------------------------------------- writing

    private int writeBatch(Batch batch, byte[] out) {
        int at = 0;
        out[at++] = '[';
        List<Call> calls = batch.calls();
        for (int i = 0, count = calls.size(); i < count; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = writeCall(calls.get(i), out, at);
        }
        out[at++] = ']';
        return at;
    }

    // Copying a recurring method's bytes from where they were first written saved a batch 4 ns a
    // call, but any change to this method's shape cost a single call as much: it is left alone.
    private int writeCall(Call call, byte[] out, int at) {
        at = put(HEAD, out, at);
        at = putPlain(call.method(), out, at);
        Params params = call.params();
        if (params instanceof Params.Positional positional) {
            at = put(POSITIONAL, out, at);
            List<Object> values = positional.values();
            for (int i = 0, count = values.size(); i < count; i++) {
                if (i > 0) {
                    out[at++] = ',';
                }
                at = putValue(values.get(i), out, at);
            }
            out[at++] = ']';
        } else if (params instanceof Params.Named named) {
            at = put(NAMED, out, at);
            boolean first = true;
            for (Map.Entry<String, Object> e : named.values().entrySet()) {
                if (!first) {
                    out[at++] = ',';
                }
                first = false;
                out[at++] = '"';
                at = putPlain(e.getKey(), out, at);
                out[at++] = '"';
                out[at++] = ':';
                at = putValue(e.getValue(), out, at);
            }
            out[at++] = '}';
        } else {
            out[at++] = '"';
        }
        if (call instanceof Request request) {
            at = put(ID, out, at);
            Id id = request.id();
            if (id instanceof Id.NumberId n) {
                at = putLong(n.value(), out, at);
            } else if (id instanceof Id.StringId s) {
                out[at++] = '"';
                at = putPlain(s.value(), out, at);
                out[at++] = '"';
            } else {
                at = put(NULL, out, at);
            }
        }
        out[at++] = '}';
        return at;
    }

    private static int putValue(Object value, byte[] out, int at) {
        if (value == null) {
            return put(NULL, out, at);
        }
        if (value instanceof Integer i) {
            return putLong(i, out, at);
        }
        if (value instanceof Long l) {
            return putLong(l, out, at);
        }
        if (value instanceof Boolean b) {
            return put(b ? TRUE : FALSE, out, at);
        }
        out[at++] = '"';
        at = putPlain((String) value, out, at);
        out[at++] = '"';
        return at;
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int putPlain(String s, byte[] out, int at) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            out[at + i] = (byte) s.charAt(i);
        }
        return at + n;
    }

    private static int putLong(long v, byte[] out, int at) {
        if (v == Long.MIN_VALUE) {
            return put(ascii(Long.toString(v)), out, at);
        }
        int n = digits(v);
        int end = at + n;
        if (v < 0) {
            out[at] = '-';
            v = -v;
        }
        int p = end;
        while (v > Integer.MAX_VALUE) {
            out[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        // int arithmetic from here: a division by 10 is a multiply and a shift, cheaper than a long's.
        int x = (int) v;
        do {
            int q = x / 10;
            out[--p] = (byte) ('0' + (x - q * 10));
            x = q;
        } while (x != 0);
        return end;
    }
}
