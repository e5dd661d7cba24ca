package io.jsonrpcclient.testing;

import com.sun.net.httpserver.HttpExchange;
import io.jsonrpcclient.testing.internal.Exchanges;
import io.jsonrpcclient.testing.internal.ShutdownSignal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted HTTP answer for {@link MockJsonRpcServer#enqueue}. Immutable: every {@code with}
 * method returns a new reply.
 *
 * <pre>{@code
 * server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":1}"));
 * server.enqueue(MockReply.status(503).withHeader("Retry-After", "1"));
 * server.enqueue(MockReply.json("{}").withDelay(Duration.ofSeconds(10)));   // for timeout tests
 * server.enqueue(MockReply.empty().withDisconnect());                       // the server "dies"
 * server.enqueue(MockReply.stream(100_000_000, (byte) ' '));                // for size-limit tests
 * }</pre>
 */
public final class MockReply {

    private static final byte[] NO_BYTES = new byte[0];
    private static final long NOT_STREAMED = -1;

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final long streamLength;
    private final byte fill;
    private final Duration delay;
    private final boolean disconnect;

    private MockReply(
            int status,
            Map<String, String> headers,
            byte[] body,
            long streamLength,
            byte fill,
            Duration delay,
            boolean disconnect) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.streamLength = streamLength;
        this.fill = fill;
        this.delay = delay;
        this.disconnect = disconnect;
    }

    /** @return {@code 200} with {@code body} (UTF-8) and {@code Content-Type: application/json} */
    public static MockReply json(String body) {
        return empty().withHeader("Content-Type", Exchanges.APPLICATION_JSON).withBody(body);
    }

    /**
     * @param code an HTTP status from 200 to 999; 1xx is refused because the client would take it
     *     as an interim answer and keep waiting
     * @return that status with an empty body
     */
    public static MockReply status(int code) {
        return empty().withStatus(code);
    }

    /** @return {@code 200} with an empty body ({@code Content-Length: 0}) */
    public static MockReply empty() {
        return new MockReply(200, Map.of(), NO_BYTES, NOT_STREAMED, (byte) 0, Duration.ZERO, false);
    }

    /** @return {@code 204 No Content} */
    public static MockReply noContent() {
        return status(204);
    }

    /**
     * A {@code 200} whose chunked body is {@code bytes} copies of {@code fill}, generated while
     * sending so that it never sits in memory. Sent with {@code Content-Type: application/json}
     * so that a client reaches its size limit rather than rejecting the content type first.
     * If the client hangs up early, the server stops writing quietly.
     *
     * @param bytes the body length, at least 0
     * @param fill the byte repeated throughout the body
     */
    public static MockReply stream(long bytes, byte fill) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        return new MockReply(200, Map.of("Content-Type", Exchanges.APPLICATION_JSON), null, bytes, fill,
                Duration.ZERO, false);
    }

    /** @return this reply with another HTTP status (200 to 999) */
    public MockReply withStatus(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be between 200 and 999: " + code);
        }
        return new MockReply(code, headers, body, streamLength, fill, delay, disconnect);
    }

    /** @return this reply with {@code body} as UTF-8, replacing any body or stream */
    public MockReply withBody(String body) {
        return withBody(Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8));
    }

    /** @return this reply with a copy of {@code body}, replacing any body or stream */
    public MockReply withBody(byte[] body) {
        return new MockReply(status, headers, Objects.requireNonNull(body, "body").clone(), NOT_STREAMED, fill,
                delay, disconnect);
    }

    /**
     * @return this reply with the header set to {@code value}, replacing any value it had under
     *     any spelling of {@code name}, so that e.g. {@code json(...).withHeader("content-type",
     *     "text/plain")} overrides the default
     */
    public MockReply withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> updated = new LinkedHashMap<>(headers);
        updated.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        updated.put(name, value);
        return new MockReply(status, Collections.unmodifiableMap(updated), body, streamLength, fill, delay,
                disconnect);
    }

    /**
     * @return this reply sent only after {@code delay}; closing the server cuts the wait short
     *     (the client then sees the connection drop)
     */
    public MockReply withDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new MockReply(status, headers, body, streamLength, fill, delay, disconnect);
    }

    /**
     * @return a reply that closes the TCP connection without sending anything (after the delay,
     *     if any), as a crashing server would; the client sees an {@code IOException}
     */
    public MockReply withDisconnect() {
        return new MockReply(status, headers, body, streamLength, fill, delay, true);
    }

    /** Waits the delay, then answers, streams, or drops the connection. */
    void writeTo(HttpExchange exchange, ShutdownSignal shutdown) throws IOException {
        try {
            if (!shutdown.sleep(delay)) {
                throw new IOException("server closing during the scripted delay");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the scripted delay");
        }
        if (disconnect) {
            Exchanges.dropConnection(exchange);
        } else if (streamLength != NOT_STREAMED) {
            Exchanges.stream(exchange, status, headers, streamLength, fill, shutdown);
        } else {
            Exchanges.send(exchange, status, headers, body);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MockReply that
                && status == that.status
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && streamLength == that.streamLength
                && fill == that.fill
                && delay.equals(that.delay)
                && disconnect == that.disconnect;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body), streamLength, fill, delay, disconnect);
    }

    @Override
    public String toString() {
        String content = streamLength != NOT_STREAMED
                ? "stream of " + streamLength + " x " + fill
                : body.length + " bytes";
        return "MockReply[" + status + ", headers=" + headers + ", body=" + content
                + (delay.isZero() ? "" : ", delay=" + delay)
                + (disconnect ? ", disconnect" : "") + "]";
    }
}
