package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import io.jsonrpcclient.http.HttpEngine.ResponseTooLargeException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One kept-alive HTTP/1.1 connection: writes a POST in one write and reads its response (status
 * line, headers, a body framed by {@code Content-Length}, chunks or the end of the stream). Used by
 * one exchange at a time.
 *
 * <p>Strict where it matters: header names and values with CR or LF are refused (no header
 * injection), the response's header block is bounded, a body over the limit is refused as soon as
 * its length is known or passed, and a framing this class cannot trust ends the connection rather
 * than leaving it to be reused.
 */
final class Http1Connection {

    /** The largest status line plus headers accepted: the server's header block is not ours to grow without end. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Headers that frame the exchange, written by this class alone; a caller's is a usage error, as with the JDK's clients. */
    static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "te", "trailer");

    private final Socket raw;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private long idleSince;
    private long keepAliveNanos;
    private boolean reusable;

    Http1Connection(Socket raw, Socket socket, String hostHeader) throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
        this.hostHeader = hostHeader;
    }

    /** Closes the connection at once, from any thread: a blocked read or write fails. */
    void abort() {
        try {
            // The plain socket under a TLS one: closing it never waits for a close_notify to be written.
            raw.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    boolean isReusable() {
        return reusable && !raw.isClosed();
    }

    /** Marks the connection idle from now, for the pool's keep-alive bookkeeping. */
    void idleFrom(long now) {
        idleSince = now;
    }

    long idleSince() {
        return idleSince;
    }

    /** {@return how long the server said it keeps an idle connection, or 0 if it did not say} */
    long keepAliveNanos() {
        return keepAliveNanos;
    }

    /**
     * Tells whether the server closed this idle connection: a read that waits at most a
     * millisecond finds the end of the stream (closed), nothing (open) or stray bytes (not to be trusted).
     */
    boolean looksClosed() {
        try {
            if (in.available() > 0) {
                return true;  // bytes nobody asked for: the connection's framing cannot be trusted
            }
            socket.setSoTimeout(1);
            in.read();
            return true;  // the end of the stream, or a stray byte
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Sends one POST and reads its response.
     *
     * @param request the request
     * @param readTimeoutMillis a bound on each read, as a backstop to the exchange's deadline
     * @return the response
     * @throws IOException if the exchange fails; the connection must then be discarded
     */
    HttpEngine.Response exchange(HttpEngine.Request request, int readTimeoutMillis) throws IOException {
        reusable = false;
        socket.setSoTimeout(readTimeoutMillis);
        out.write(head(request));
        out.flush();
        return readResponse(request.maxResponseBytes());
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

    private byte[] head(HttpEngine.Request request) {
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

    private HttpEngine.Response readResponse(long limit) throws IOException {
        var budget = new int[] {MAX_HEADER_BYTES};
        String statusLine;
        int status;
        String version;
        String reason;
        Map<String, List<String>> headers;
        do {
            statusLine = line(budget, true);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new ProtocolException("not an HTTP/1.x status line: " + JsonText.excerpt(
                        statusLine.getBytes(StandardCharsets.ISO_8859_1), 80));
            }
            version = statusLine.substring(0, 8);
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new ProtocolException("not an HTTP status code in: " + statusLine);
            }
            reason = statusLine.length() > 13 ? statusLine.substring(13) : HttpReasons.of(status);
            headers = headers(budget);
            // 1xx responses (100 Continue, 103 Early Hints) come before the real one and have no body.
        } while (status >= 100 && status < 200);

        boolean close = version.equals("HTTP/1.0") ? !hasToken(headers, "connection", "keep-alive")
                : hasToken(headers, "connection", "close");
        byte[] body;
        List<String> transferEncoding = headers.get("transfer-encoding");
        List<String> contentLength = headers.get("content-length");
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (transferEncoding != null) {
            if (!hasToken(headers, "transfer-encoding", "chunked")) {
                throw new ProtocolException("unsupported Transfer-Encoding " + transferEncoding);
            }
            body = chunked(limit, budget);
        } else if (contentLength != null) {
            long length = contentLength(contentLength);
            if (length > limit) {
                throw new ResponseTooLargeException(limit, length);
            }
            // Read into one array of the announced size: readNBytes(int) would gather the body in
            // 8 KiB pieces and copy them into a second array, twice the body at the peak.
            body = new byte[(int) length];
            int read = in.readNBytes(body, 0, body.length);
            if (read != length) {
                throw new EOFException("the connection ended " + read + " bytes into a body of " + length);
            }
        } else {
            body = toEnd(limit);
            close = true;
        }
        keepAliveNanos = keepAliveTimeout(headers);
        reusable = !close;
        return new HttpEngine.Response(status, reason, headers, body, "HTTP/1.1");
    }

    private byte[] chunked(long limit, int[] budget) throws IOException {
        var body = new Pieces();
        while (true) {
            String sizeLine = line(budget, false);
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
            if (size == 0) {
                headers(budget);  // trailers, ignored
                return body.toByteArray();
            }
            if (body.size() + size > limit) {
                throw new ResponseTooLargeException(limit, -1);
            }
            if (body.read(in, (int) size) != size) {
                throw new EOFException("the connection ended inside a chunk");
            }
            if (!line(budget, false).isEmpty()) {
                throw new ProtocolException("a chunk did not end with CRLF");
            }
        }
    }

    private byte[] toEnd(long limit) throws IOException {
        var body = new Pieces();
        while (body.read(in, 8192) > 0) {
            if (body.size() > limit) {
                throw new ResponseTooLargeException(limit, -1);
            }
        }
        return body.toByteArray();
    }

    /**
     * A body of unknown length, read into pieces that grow to 1 MiB and joined once at the end:
     * at most the body twice at the peak, where a {@code ByteArrayOutputStream} doubling its array
     * and then copying it out can hold three times the body.
     */
    private static final class Pieces {
        private static final int FIRST = 8192;
        private static final int LARGEST = 1 << 20;
        private final List<byte[]> full = new ArrayList<>();
        private byte[] last = new byte[FIRST];
        private int inLast;
        private long size;

        /** Reads up to {@code max} bytes, stopping early only at the end of the stream; {@return how many} */
        int read(InputStream in, int max) throws IOException {
            int total = 0;
            while (total < max) {
                if (inLast == last.length) {
                    full.add(last);
                    last = new byte[Math.min(LARGEST, last.length * 2)];
                    inLast = 0;
                }
                int n = in.read(last, inLast, Math.min(max - total, last.length - inLast));
                if (n < 0) {
                    break;
                }
                inLast += n;
                total += n;
                size += n;
            }
            return total;
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

    /** {@return the Keep-Alive header's timeout less a second, in nanoseconds, or 0} */
    private static long keepAliveTimeout(Map<String, List<String>> headers) {
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

    /** Reads header lines up to the empty one; names lower-cased (HTTP names are case-insensitive). */
    private Map<String, List<String>> headers(int[] budget) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        String line;
        while (!(line = line(budget, false)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("not a header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** Reads one CRLF- (or LF-) ended line in ISO-8859-1, counting it against the header budget. */
    private String line(int[] budget, boolean first) throws IOException {
        var line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.length() == 0) {
                    throw new EOFException("the server closed the connection without answering");
                }
                throw new EOFException("the connection ended inside the response's head");
            }
            if (--budget[0] < 0) {
                throw new ProtocolException("the response's head is over " + MAX_HEADER_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }
}
