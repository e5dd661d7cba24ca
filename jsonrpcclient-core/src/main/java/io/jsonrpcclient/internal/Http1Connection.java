package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

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
    /** What each read lands in; never holds bytes between exchanges (a connection left with some is not reused). */
    private final byte[] buffer = new byte[8192];
    private final String hostHeader;
    private long idleSince;
    private long keepAliveNanos;
    private boolean reusable;

    Http1Connection(Socket raw, Socket socket, String hostHeader) throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.in = socket.getInputStream();
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

    /**
     * Reads the response with the engine's one parser ({@link Http1ResponseParser}, the selector's
     * too), fed what each read returns; a large {@code Content-Length} body is read straight into
     * its array. Bytes past the response were not asked for, so the connection is then not reused.
     */
    private HttpEngine.Response readResponse(long limit) throws IOException {
        var parser = new Http1ResponseParser(limit);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, 0);
        while (true) {
            HttpEngine.Response response;
            if (parser.bodyBytesWanted() > buffer.length) {
                response = parser.readBody(in);
            } else {
                int n = in.read(buffer);
                if (n < 0) {
                    return parser.endOfStream();  // a body up to the end, or a failure; not reusable either way
                }
                bytes.limit(n).position(0);
                response = parser.feed(bytes);
            }
            if (response != null) {
                keepAliveNanos = parser.keepAliveNanos();
                reusable = parser.leavesReusable(bytes);
                return response;
            }
        }
    }
}
