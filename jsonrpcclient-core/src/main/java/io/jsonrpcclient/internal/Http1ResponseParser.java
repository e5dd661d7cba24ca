package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response from bytes given as they come: the status line (skipping {@code 1xx}
 * ones), the headers, and a body framed by {@code Content-Length}, chunks or the end of the stream.
 * The one parser of the socket engine: the blocking path ({@link Http1Connection}) feeds it what
 * each read returns, the selector ({@link NioHttp1}) what each readiness brings. Every rule and
 * limit is {@link Http1Head}'s: a bounded head, no CR or LF smuggled into a header, a body refused
 * as soon as it is known or seen to pass the limit, and the blocking path's failures word for word.
 * <pre>{@code
 * var parser = new Http1ResponseParser(maxResponseBytes);
 * HttpEngine.Response response = parser.feed(bytesRead);   // null until the response is complete
 * }</pre>
 */
final class Http1ResponseParser {

    private enum State { STATUS, HEADERS, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_END }

    private final long limit;
    private final Http1Head.Lines lines = new Http1Head.Lines();
    private State state = State.STATUS;
    private Http1Head.Status status;
    private Map<String, List<String>> headers;
    private byte[] body;
    private int filled;
    private Http1Head.Pieces chunks;
    private long chunkLeft;
    private boolean close;
    private long keepAliveNanos;

    /** @param limit the most body bytes accepted */
    Http1ResponseParser(long limit) {
        this.limit = limit;
    }

    /**
     * {@return true if the connection may carry another exchange once the response is complete: the
     * response did not end it, and nothing came after it (bytes nobody asked for mean the connection's
     * framing cannot be trusted)}
     *
     * @param rest what is left of the bytes that completed the response
     */
    boolean leavesReusable(ByteBuffer rest) {
        return !close && !rest.hasRemaining();
    }

    /** {@return true if the complete response ends its connection: {@code Connection: close}, or HTTP/1.0 without keep-alive} */
    boolean closes() {
        return close;
    }

    /** {@return the server's announced idle timeout less a second, in nanoseconds, or 0} */
    long keepAliveNanos() {
        return keepAliveNanos;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the response.
     *
     * @return the response once complete (what is left in {@code in} is not part of it), else null
     */
    HttpEngine.Response feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (lines.add(in.get()) && line(lines.take())) {
                        return response();
                    }
                }
                case LENGTH -> {
                    int n = Math.min(in.remaining(), body.length - filled);
                    in.get(body, filled, n);
                    filled += n;
                    if (filled == body.length) {
                        return response();
                    }
                }
                case CHUNK_DATA -> {
                    chunkLeft -= chunks.read(in, (int) Math.min(in.remaining(), chunkLeft));
                    if (chunkLeft == 0) {
                        state = State.CHUNK_END;
                    }
                }
                case TO_END -> {
                    Http1Head.checkSize(chunks.size(), in.remaining(), limit);
                    chunks.read(in, in.remaining());
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return null;
    }

    /** {@return how many bytes of a {@code Content-Length} body are still to come; 0 in any other state} */
    int bodyBytesWanted() {
        return state == State.LENGTH ? body.length - filled : 0;
    }

    /**
     * Reads the rest of a {@code Content-Length} body from the stream straight into the body's array,
     * with no buffer between: for a large body, as few reads as the socket allows and no extra copy.
     * Call only while {@link #bodyBytesWanted()} is above 0.
     *
     * @return the complete response
     * @throws IOException if the stream ends first (the blocking path's failure) or fails
     */
    HttpEngine.Response readBody(InputStream in) throws IOException {
        int read = in.readNBytes(body, filled, body.length - filled);
        filled += read;
        if (filled != body.length) {
            throw Http1Head.endedInBody(filled, body.length);
        }
        return response();
    }

    /** {@return the response if the stream's end completes it}, else throws the blocking path's failure */
    HttpEngine.Response endOfStream() throws IOException {
        return switch (state) {
            case TO_END -> {
                body = chunks.toByteArray();
                yield response();
            }
            case LENGTH -> throw Http1Head.endedInBody(filled, body.length);
            case CHUNK_DATA -> throw Http1Head.endedInChunk();
            default -> throw lines.endedHere(state == State.STATUS);
        };
    }

    /** Handles one complete line; {@return true if it completed the response} */
    private boolean line(String line) throws IOException {
        switch (state) {
            case STATUS -> {
                status = Http1Head.status(line);
                headers = Http1Head.newHeaders();
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (!line.isEmpty()) {
                    Http1Head.header(headers, line);
                    return false;
                }
                if (status.informational()) {
                    state = State.STATUS;
                    return false;
                }
                return bodyStarts();
            }
            case CHUNK_SIZE -> {
                long size = Http1Head.chunkSize(line);
                if (size == 0) {
                    state = State.TRAILERS;
                } else {
                    Http1Head.checkSize(chunks.size(), size, limit);
                    chunkLeft = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (!line.isEmpty()) {
                    throw Http1Head.noChunkEnd();
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (line.isEmpty()) {
                    body = chunks.toByteArray();
                    return true;
                }
                // A trailer: checked as a header line and counted against the head budget, then dropped.
                Http1Head.header(Http1Head.newHeaders(), line);
            }
            default -> throw new IllegalStateException(state.name());
        }
        return false;
    }

    /** After the head: sets up the body's framing; {@return true if there is no body to read} */
    private boolean bodyStarts() throws IOException {
        Http1Head.Framing framing = Http1Head.framing(status, headers, limit);
        close = framing.close();
        keepAliveNanos = Http1Head.keepAliveTimeout(headers);
        switch (framing.body()) {
            case NONE -> {
                body = new byte[0];
                return true;
            }
            case LENGTH -> {
                // One array of the announced size, filled in place: never the body twice at the peak.
                body = new byte[(int) framing.length()];
                state = State.LENGTH;
                return body.length == 0;
            }
            case CHUNKED -> {
                chunks = new Http1Head.Pieces();
                state = State.CHUNK_SIZE;
            }
            case TO_END -> {
                chunks = new Http1Head.Pieces();
                state = State.TO_END;
            }
            default -> throw new IllegalStateException(framing.body().name());
        }
        return false;
    }

    private HttpEngine.Response response() {
        return new HttpEngine.Response(status.code(), status.reason(), headers, body, "HTTP/1.1");
    }
}
