package io.jsonrpcclient.benchmarks.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the reply to a request body without a JSON library: every {@code "id"} member's value is
 * copied as it was sent into {@code {"jsonrpc":"2.0","result":3,"id":…}}; an array of requests gets
 * an array of replies, a notification (no id) nothing. Enough for the benchmarks' payloads, which
 * are {@code add(1, 2)} from every client, whatever order it writes the members in.
 */
final class Replies {

    private static final byte[] HEAD = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"id\"".getBytes(StandardCharsets.US_ASCII);

    private Replies() {
    }

    /** {@return the reply body, empty when no reply is due} */
    static byte[] replyTo(byte[] body, int length) {
        int start = 0;
        while (start < length && isSpace(body[start])) {
            start++;
        }
        boolean batch = start < length && body[start] == '[';
        var out = new ByteArrayOutputStream(batch ? 40 * 100 : 48);
        if (batch) {
            out.write('[');
        }
        int count = 0;
        int from = start;
        int at;
        while ((at = indexOf(body, length, ID, from)) >= 0) {
            int p = at + ID.length;
            while (p < length && (isSpace(body[p]) || body[p] == ':')) {
                p++;
            }
            int end = p;
            if (end < length && body[end] == '"') {
                end++;
                while (end < length && body[end] != '"') {
                    end += body[end] == '\\' ? 2 : 1;
                }
                end++;
            } else {
                while (end < length && body[end] != ',' && body[end] != '}' && !isSpace(body[end])) {
                    end++;
                }
            }
            if (count++ > 0) {
                out.write(',');
            }
            out.write(HEAD, 0, HEAD.length);
            out.write(body, p, end - p);
            out.write('}');
            from = end;
            if (!batch) {
                break;
            }
        }
        if (batch) {
            out.write(']');
            return count == 0 ? new byte[0] : out.toByteArray();
        }
        return out.toByteArray();
    }

    /** {@return where {@code needle} first starts in {@code haystack[from, length)}, or -1} */
    static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
