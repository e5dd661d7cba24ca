package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import io.jsonrpcclient.http.HttpEngine.ResponseTooLargeException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The HTTP/1.1 rules of the socket engine, so that its blocking path ({@link Http1Connection}) and
 * its non-blocking one ({@link NioHttp1}) write the same requests and, through their one response
 * parser ({@link Http1ResponseParser}), refuse the same responses with the same messages: the request
 * head, header checks, line reading under one budget for the response's head, the status line, header
 * lines, how the body is framed, chunk sizes and {@code Keep-Alive}.
 * <pre>{@code
 * var lines = new Http1Head.Lines();
 * while (!lines.add(in.read())) { }            // one CRLF-ended line, counted against the head budget
 * Http1Head.Status status = Http1Head.status(lines.take());
 * }</pre>
 */
final class Http1Head {

    /** The largest status line plus headers accepted: the server's header block is not ours to grow without end. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Headers that frame the exchange, written by this class alone; a caller's is a usage error, as with the JDK's clients. */
    static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "te", "trailer");

    private Http1Head() {
    }

    /** A response's status line. */
    record Status(String version, int code, String reason) {
        /** {@return true for 1xx (100 Continue, 103 Early Hints): they come before the real response and have no body} */
        boolean informational() {
            return code >= 100 && code < 200;
        }
    }

    /** How the body after a final head is delimited. */
    enum Body { NONE, LENGTH, CHUNKED, TO_END }

    /**
     * The framing of a final response.
     *
     * @param body   how the body is delimited
     * @param length the Content-Length, for {@link Body#LENGTH}
     * @param close  whether the connection ends after this response
     */
    record Framing(Body body, long length, boolean close) {
    }

    /** Accumulates one CRLF- (or LF-) ended line in ISO-8859-1, counting every byte against the head budget. */
    static final class Lines {
        private final StringBuilder line = new StringBuilder(64);
        private int budget = MAX_HEADER_BYTES;

        /** {@return true if {@code b} ended the line, which {@link #take()} then returns} */
        boolean add(int b) throws ProtocolException {
            if (--budget < 0) {
                throw new ProtocolException("the response's head is over " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return true;
            }
            line.append((char) (b & 0xff));
            return false;
        }

        /** {@return the finished line, and starts the next} */
        String take() {
            String done = line.toString();
            line.setLength(0);
            return done;
        }

        /** {@return true if no byte of the current line has come} */
        boolean isEmpty() {
            return line.length() == 0;
        }

        /** {@return the failure for a stream that ends now, inside a line} */
        EOFException endedHere(boolean statusLine) {
            if (statusLine && line.length() == 0) {
                return new EOFException("the server closed the connection without answering");
            }
            return new EOFException("the connection ended inside the response's head");
        }
    }

    /**
     * A body of unknown length (chunked or up to the close), read from a stream or taken from
     * buffers as they come, into pieces that grow to 1 MiB and joined once at the end:
     * at most the body twice at the peak, where a {@code ByteArrayOutputStream} doubling its array
     * and then copying it out can hold three times the body.
     */
    static final class Pieces {
        private static final int FIRST = 8192;
        private static final int LARGEST = 1 << 20;
        private final List<byte[]> full = new ArrayList<>();
        private byte[] last = new byte[FIRST];
        private int inLast;
        private long size;

        /** Takes up to {@code max} bytes from {@code in}, as many as it holds; {@return how many} */
        int read(ByteBuffer in, int max) {
            int total = 0;
            while (total < max && in.hasRemaining()) {
                makeRoom();
                int n = Math.min(Math.min(max - total, in.remaining()), last.length - inLast);
                in.get(last, inLast, n);
                inLast += n;
                total += n;
                size += n;
            }
            return total;
        }

        /** Starts a new, larger piece when the last one is full. */
        private void makeRoom() {
            if (inLast == last.length) {
                full.add(last);
                last = new byte[Math.min(LARGEST, last.length * 2)];
                inLast = 0;
            }
        }

        long size() {
            return size;
        }

        byte[] toByteArray() {
            byte[] all = new byte[Math.toIntExact(size)];
            int at = 0;
            for (byte[] piece : full) {
                System.arraycopy(piece, 0, all, at, piece.length);
                at += piece.length;
            }
            System.arraycopy(last, 0, all, at, inLast);
            return all;
        }
    }

    /** Refuses a request no server should see: a restricted or malformed header. */
    static void check(HttpEngine.Request request) {
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
            }
            requireToken(name);
            requireFieldValue(name, header.getValue());
        }
    }

    /** {@return the POST's head and body, in one array for one write} */
    static byte[] request(HttpEngine.Request request, String hostHeader) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        var head = new StringBuilder(256).append("POST ").append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey();
            userAgent |= name.equalsIgnoreCase("user-agent");
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: jsonrpcclient\r\n");
        }
        head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + request.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }

    private static void requireToken(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("the header name \"" + name + "\" is not a valid HTTP token");
            }
        }
    }

    private static void requireFieldValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                throw new IllegalArgumentException("the value of header " + name
                        + " holds a line break or a character HTTP/1.1 cannot carry");
            }
        }
    }

    /** {@return the parsed status line} */
    static Status status(String statusLine) throws ProtocolException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + JsonText.excerpt(
                    statusLine.getBytes(StandardCharsets.ISO_8859_1), 80));
        }
        int code;
        try {
            code = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("not an HTTP status code in: " + statusLine);
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : HttpReasons.of(code);
        return new Status(statusLine.substring(0, 8), code, reason);
    }

    /** {@return a new header map: names lower-cased (HTTP names are case-insensitive), in order} */
    static Map<String, List<String>> newHeaders() {
        return new TreeMap<>();
    }

    /** Adds one header line to {@code headers}. */
    static void header(Map<String, List<String>> headers, String line) throws ProtocolException {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolException("not a header line: " + line);
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
    }

    /**
     * {@return how the body of a final response is delimited}
     *
     * @throws ResponseTooLargeException if a Content-Length announces more than {@code limit}
     * @throws ProtocolException         for a framing this client cannot trust
     */
    static Framing framing(Status status, Map<String, List<String>> headers, long limit) throws IOException {
        boolean close = status.version().equals("HTTP/1.0") ? !hasToken(headers, "connection", "keep-alive")
                : hasToken(headers, "connection", "close");
        List<String> transferEncoding = headers.get("transfer-encoding");
        List<String> contentLength = headers.get("content-length");
        if (status.code() == 204 || status.code() == 304) {
            return new Framing(Body.NONE, 0, close);
        }
        if (transferEncoding != null) {
            if (!hasToken(headers, "transfer-encoding", "chunked")) {
                throw new ProtocolException("unsupported Transfer-Encoding " + transferEncoding);
            }
            return new Framing(Body.CHUNKED, -1, close);
        }
        if (contentLength != null) {
            long length = contentLength(contentLength);
            if (length > limit) {
                throw new ResponseTooLargeException(limit, length);
            }
            return new Framing(Body.LENGTH, length, close);
        }
        return new Framing(Body.TO_END, -1, true);
    }

    /** {@return the size in a chunk-size line (extensions ignored)} */
    static long chunkSize(String sizeLine) throws ProtocolException {
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not a chunk size: " + sizeLine);
        }
        if (size < 0) {
            throw new ProtocolException("not a chunk size: " + sizeLine);
        }
        return size;
    }

    /** Refuses a body that would pass the limit with {@code more} bytes. */
    static void checkSize(long have, long more, long limit) throws ResponseTooLargeException {
        if (have + more > limit) {
            throw new ResponseTooLargeException(limit, -1);
        }
    }

    /** {@return the failure for a chunk's CRLF that is not there} */
    static ProtocolException noChunkEnd() {
        return new ProtocolException("a chunk did not end with CRLF");
    }

    /** {@return the failure for a stream that ended inside a chunk's data} */
    static EOFException endedInChunk() {
        return new EOFException("the connection ended inside a chunk");
    }

    /** {@return the failure for a stream that ended inside a body of known length} */
    static EOFException endedInBody(long read, long length) {
        return new EOFException("the connection ended " + read + " bytes into a body of " + length);
    }

    private static long contentLength(List<String> values) throws ProtocolException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",")) {
                long n;
                try {
                    n = Long.parseLong(part.trim());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("not a Content-Length: " + value);
                }
                if (n < 0 || (length >= 0 && n != length)) {
                    throw new ProtocolException("conflicting or negative Content-Length: " + values);
                }
                length = n;
            }
        }
        return length;
    }

    /** Connections idle longer than this are checked for a close from the server before reuse. */
    private static final long CHECK_AFTER_IDLE_NANOS = 1_000_000_000L;

    /**
     * The reuse rule both HTTP/1.1 engines apply to an idle connection: past the server's announced
     * idle timeout it may close the connection as the request arrives, and after a second idle a
     * close not yet seen is looked for.
     *
     * @param idleNanos how long the connection has been idle
     * @param keepAliveNanos the server's announced idle timeout ({@link #keepAliveTimeout}), or 0
     * @param looksClosed a quick check for a close from the server, asked only after a second idle
     * @return whether the connection should be closed rather than reused
     */
    static boolean staleIdle(long idleNanos, long keepAliveNanos, BooleanSupplier looksClosed) {
        return (keepAliveNanos > 0 && idleNanos > keepAliveNanos)
                || (idleNanos > CHECK_AFTER_IDLE_NANOS && looksClosed.getAsBoolean());
    }

    /** {@return the Keep-Alive header's timeout less a second, in nanoseconds, or 0} */
    static long keepAliveTimeout(Map<String, List<String>> headers) {
        List<String> values = headers.get("keep-alive");
        if (values == null) {
            return 0;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        long seconds = Long.parseLong(p.substring(8).trim());
                        return Math.max(0, seconds - 1) * 1_000_000_000L;
                    } catch (NumberFormatException ignored) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    private static boolean hasToken(Map<String, List<String>> headers, String name, String token) {
        List<String> values = headers.get(name);
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
