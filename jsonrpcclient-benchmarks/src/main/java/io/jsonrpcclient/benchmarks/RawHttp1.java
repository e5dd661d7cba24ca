package io.jsonrpcclient.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the raw HTTP/1.1 references share, blocking ({@link HttpBenchmark.RawSocket}) and
 * non-blocking ({@link HttpAsyncBenchmark.RawNio}): the request's bytes, written once at set-up, and
 * where a reply in a buffer ends. No JSON is read: these are the wire's limit, not a client.
 * <pre>{@code
 * byte[] request = RawHttp1.request(port);
 * int end = RawHttp1.replyEnd(buf, n);   // -1 until the head is in
 * }</pre>
 */
final class RawHttp1 {

    private static final byte[] OK = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);

    private RawHttp1() {
    }

    /** {@return the POST of {@code add(1, 2)} to the loopback server on this port, head and body} */
    static byte[] request(int port) {
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                + Payloads.REQUEST_BYTES.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(h, h.length + Payloads.REQUEST_BYTES.length);
        System.arraycopy(Payloads.REQUEST_BYTES, 0, request, h.length, Payloads.REQUEST_BYTES.length);
        return request;
    }

    /**
     * Returns where the reply starting at {@code b[0]} ends (head and body), or -1 while its head is
     * not all in {@code b[0..n)}.
     *
     * @throws IOException if the status is not 200 (counted as a failure, as any contender's would
     *                     be) or the head has no Content-Length
     */
    static int replyEnd(byte[] b, int n) throws IOException {
        int headEnd = indexOfBlankLine(b, n);
        if (headEnd < 0) {
            return -1;
        }
        for (int i = 0; i < OK.length; i++) {
            if (b[i] != OK[i]) {
                throw new IOException("not 200 OK: " + new String(b, 0, Math.min(n, 40), StandardCharsets.US_ASCII));
            }
        }
        return headEnd + contentLength(b, headEnd);
    }

    private static int indexOfBlankLine(byte[] b, int n) {
        for (int i = 3; i < n; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(byte[] b, int headEnd) throws IOException {
        String head = new String(b, 0, headEnd, StandardCharsets.US_ASCII);
        int at = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
        if (at < 0) {
            throw new IOException("no Content-Length");
        }
        int eol = head.indexOf('\r', at);
        return Integer.parseInt(head.substring(at + 15, eol).trim());
    }
}
