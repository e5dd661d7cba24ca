package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;

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
            return !blockWithoutTimeout();
        } catch (IOException e) {
            return true;
        }
    }

    /** {@return true once reads block without a timeout again, as exchanges expect; false if the socket failed} */
    private boolean blockWithoutTimeout() {
        try {
            socket.setSoTimeout(0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one POST and reads its response.
     *
     * Reads block without a socket timeout (SocketHttpEngine's watchdog closes the socket at the
     * deadline; {@link #looksClosed} undoes its 1 ms probe).
     *
     * @param request the request
     * @return the response
     * @throws IOException if the exchange fails; the connection must then be discarded
     */
    HttpEngine.Response exchange(HttpEngine.Request request) throws IOException {
        reusable = false;
        out.write(Http1Head.request(request, hostHeader));
        out.flush();
        return readResponse(request.maxResponseBytes());
    }

    /** Refuses a request no server should see: a restricted or malformed header. */
    static void check(HttpEngine.Request request) {
        Http1Head.check(request);
    }

    private HttpEngine.Response readResponse(long limit) throws IOException {
        var lines = new Http1Head.Lines();
        Http1Head.Status status;
        Map<String, List<String>> headers;
        do {
            status = Http1Head.status(line(lines, true));
            headers = headers(lines);
        } while (status.informational());

        Http1Head.Framing framing = Http1Head.framing(status, headers, limit);
        byte[] body = switch (framing.body()) {
            case NONE -> new byte[0];
            case CHUNKED -> chunked(limit, lines);
            case LENGTH -> {
                // Read into one array of the announced size: readNBytes(int) would gather the body in
                // 8 KiB pieces and copy them into a second array, twice the body at the peak.
                byte[] bytes = new byte[(int) framing.length()];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read != bytes.length) {
                    throw Http1Head.endedInBody(read, framing.length());
                }
                yield bytes;
            }
            case TO_END -> toEnd(limit);
        };
        keepAliveNanos = Http1Head.keepAliveTimeout(headers);
        reusable = !framing.close();
        return new HttpEngine.Response(status.code(), status.reason(), headers, body, "HTTP/1.1");
    }

    private byte[] chunked(long limit, Http1Head.Lines lines) throws IOException {
        var body = new Http1Head.Pieces();
        while (true) {
            long size = Http1Head.chunkSize(line(lines, false));
            if (size == 0) {
                headers(lines);  // trailers, ignored
                return body.toByteArray();
            }
            Http1Head.checkSize(body.size(), size, limit);
            if (body.read(in, (int) size) != size) {
                throw Http1Head.endedInChunk();
            }
            if (!line(lines, false).isEmpty()) {
                throw Http1Head.noChunkEnd();
            }
        }
    }

    private byte[] toEnd(long limit) throws IOException {
        var body = new Http1Head.Pieces();
        int n;
        while ((n = body.read(in, 8192)) > 0) {
            Http1Head.checkSize(body.size() - n, n, limit);
        }
        return body.toByteArray();
    }

    /** Reads header lines up to the empty one. */
    private Map<String, List<String>> headers(Http1Head.Lines lines) throws IOException {
        Map<String, List<String>> headers = Http1Head.newHeaders();
        String line;
        while (!(line = line(lines, false)).isEmpty()) {
            Http1Head.header(headers, line);
        }
        return headers;
    }

    /** Reads one line, counted against the head budget. */
    private String line(Http1Head.Lines lines, boolean statusLine) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw lines.endedHere(statusLine);
            }
            if (lines.add(b)) {
                return lines.take();
            }
        }
    }
}
