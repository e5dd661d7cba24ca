package io.jsonrpcclient.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds where JSON values begin and end in a stream of bytes, without parsing them: a small state
 * machine tracks nesting depth, strings and escapes, and cuts a message where an object or array
 * closes. Used for newline-delimited JSON and for concatenated values with no delimiter; the codec
 * checks each message properly once it is matched.
 *
 * <ul>
 *   <li><b>Newline-delimited</b> ({@link #newlineDelimited}): each value is delivered as soon as it
 *       closes, so values back to back on one line ({@code {...}{...}}), a missing final newline and
 *       {@code \r\n} are all handled; blank lines are skipped. A line that does not start with
 *       {@code {} or {@code [} (log text, a JSON scalar) is dropped up to its newline, and so is a value
 *       still open at the end of its line (JSON text never holds a raw newline inside a string, and a
 *       newline-delimited peer never sends one inside a value): the next line is read afresh.</li>
 *   <li><b>Concatenated</b> ({@link #concatenated}): values may be back to back or separated by any
 *       whitespace, newlines included, and may span any number of reads. Bytes outside a value that
 *       cannot start one are dropped up to the next {@code {} or {@code [}.</li>
 * </ul>
 *
 * <p>Only objects and arrays are messages, as in JSON-RPC. A value over the limit fails the stream
 * with a {@link FramingException}: bytes are never buffered without bound. Not thread-safe.
 */
public final class JsonValueScanner implements FrameReader {

    /** The most bytes of a dropped run kept for the log. */
    public static final int EXCERPT_BYTES = 200;

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long maxBytes;
    private final boolean lines;

    private boolean inValue;
    private int depth;
    private boolean inString;
    private boolean escaped;
    /** The bytes of the current value that arrived in earlier chunks. */
    private byte[] kept = EMPTY;
    private int keptLength;

    private boolean inGarbage;
    private final byte[] garbage = new byte[EXCERPT_BYTES];
    private int garbageExcerpt;
    private long garbageLength;
    private String garbageWhy;

    private JsonValueScanner(long maxBytes, boolean lines) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.lines = lines;
    }

    /**
     * {@return a reader of newline-delimited JSON}
     *
     * @param maxBytes the largest message accepted
     */
    public static JsonValueScanner newlineDelimited(long maxBytes) {
        return new JsonValueScanner(maxBytes, true);
    }

    /**
     * {@return a reader of JSON values concatenated with no delimiter}
     *
     * @param maxBytes the largest message accepted
     */
    public static JsonValueScanner concatenated(long maxBytes) {
        return new JsonValueScanner(maxBytes, false);
    }

    /**
     * Splits a message that holds several JSON values back to back (a peer that put two messages in one
     * frame).
     *
     * @param message the bytes of one frame
     * @return the values, or null if the frame is not exactly two or more whole objects or arrays
     *         separated by nothing but whitespace (one value, or anything else, is left to the codec)
     */
    public static List<byte[]> split(byte[] message) {
        var scanner = concatenated(Math.max(1, message.length));
        var values = new ArrayList<byte[]>(2);
        boolean[] clean = {true};
        try {
            scanner.feed(message, 0, message.length, new Sink() {
                @Override
                public void message(byte[] value) {
                    values.add(value);
                }

                @Override
                public void dropped(byte[] excerpt, long length, String why) {
                    clean[0] = false;
                }
            });
        } catch (FramingException cannotHappen) {
            return null;
        }
        if (!clean[0] || scanner.inValue || scanner.inGarbage || values.size() < 2) {
            return null;
        }
        return values;
    }

    @Override
    public int buffered() {
        return keptLength;
    }

    @Override
    public void feed(byte[] chunk, int offset, int length, Sink sink) throws FramingException {
        int end = offset + length;
        int start = offset; // where the current value's bytes in this chunk begin, while inValue
        for (int i = offset; i < end; i++) {
            byte b = chunk[i];
            if (inValue) {
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    } else if (b == '\n' && lines) {
                        brokenValue(chunk, start, i, sink);
                    }
                    continue;
                }
                switch (b) {
                    case '"' -> inString = true;
                    case '{', '[' -> depth++;
                    case '}', ']' -> {
                        if (--depth == 0) {
                            emit(chunk, start, i + 1, sink);
                        }
                    }
                    case '\n' -> {
                        if (lines) {
                            brokenValue(chunk, start, i, sink);
                        }
                    }
                    default -> {
                    }
                }
                continue;
            }
            if (inGarbage) {
                if (lines ? b == '\n' : b == '{' || b == '[') {
                    endGarbage(sink);
                    if (lines) {
                        continue;
                    }
                } else {
                    addGarbage(b);
                    continue;
                }
            }
            if (b == '{' || b == '[') {
                inValue = true;
                depth = 1;
                inString = false;
                escaped = false;
                start = i;
            } else if (!isWhitespace(b)) {
                inGarbage = true;
                garbageExcerpt = 0;
                garbageLength = 0;
                garbageWhy = lines ? "a line that is not a JSON object or array" : "bytes outside any JSON object or array";
                addGarbage(b);
            }
        }
        if (inValue) {
            keep(chunk, start, end);
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void emit(byte[] chunk, int start, int end, Sink sink) throws FramingException {
        inValue = false;
        int here = end - start;
        checkLimit((long) keptLength + here);
        byte[] message;
        if (keptLength == 0) {
            message = Arrays.copyOfRange(chunk, start, end);
        } else {
            message = Arrays.copyOf(kept, keptLength + here);
            System.arraycopy(chunk, start, message, keptLength, here);
            keptLength = 0;
            if (kept.length > 1 << 20) {
                kept = EMPTY; // do not hold on to a large buffer between large messages
            }
        }
        sink.message(message);
    }

    /** A value still open when its line ended: drop what there is of it and read the next line afresh. */
    private void brokenValue(byte[] chunk, int start, int end, Sink sink) {
        inValue = false;
        int here = end - start;
        long length = (long) keptLength + here;
        byte[] excerpt = new byte[(int) Math.min(EXCERPT_BYTES, length)];
        int fromKept = Math.min(excerpt.length, keptLength);
        System.arraycopy(kept, 0, excerpt, 0, fromKept);
        System.arraycopy(chunk, start, excerpt, fromKept, excerpt.length - fromKept);
        keptLength = 0;
        sink.dropped(excerpt, length, "a line that ends inside a JSON value");
    }

    private void keep(byte[] chunk, int start, int end) throws FramingException {
        int here = end - start;
        long needed = (long) keptLength + here;
        checkLimit(needed);
        if (needed > kept.length) {
            long grown = Math.max(needed, Math.min((long) kept.length * 2, Math.min(maxBytes, MAX_ARRAY)));
            kept = Arrays.copyOf(kept, (int) Math.max(grown, 1024));
        }
        System.arraycopy(chunk, start, kept, keptLength, here);
        keptLength += here;
    }

    private void checkLimit(long length) throws FramingException {
        if (length > maxBytes || length > MAX_ARRAY) {
            throw new FramingException("the server sent a message larger than the limit of " + maxBytes + " bytes");
        }
    }

    private void addGarbage(byte b) {
        if (garbageExcerpt < garbage.length) {
            garbage[garbageExcerpt++] = b;
        }
        garbageLength++;
    }

    private void endGarbage(Sink sink) {
        inGarbage = false;
        sink.dropped(Arrays.copyOf(garbage, garbageExcerpt), garbageLength, garbageWhy);
    }
}
