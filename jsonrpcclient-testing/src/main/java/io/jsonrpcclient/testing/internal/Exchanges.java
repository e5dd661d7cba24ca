package io.jsonrpcclient.testing.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The low-level ways the mock server answers one {@link HttpExchange}.
 *
 * <pre>{@code
 * Exchanges.sendJson(exchange, Json.write(response));
 * Exchanges.dropConnection(exchange);   // or: no answer at all
 * }</pre>
 *
 * <p>To abort a response that is already under way, callers throw an {@link IOException} out
 * of the handler: the JDK server then closes the connection without finishing the body, which
 * is exactly what a crashing server looks like to the client.
 */
public final class Exchanges {

    /** The Content-Type of every JSON answer. */
    public static final String APPLICATION_JSON = "application/json";

    private static final byte[] NO_BYTES = new byte[0];
    private static final int STREAM_CHUNK = 64 * 1024;

    private Exchanges() {}

    /** Answers {@code 200} with a JSON body. */
    public static void sendJson(HttpExchange exchange, byte[] json) throws IOException {
        send(exchange, 200, Map.of("Content-Type", APPLICATION_JSON), json);
    }

    /** Answers {@code 204 No Content}. */
    public static void sendNoContent(HttpExchange exchange) throws IOException {
        send(exchange, 204, Map.of(), NO_BYTES);
    }

    /**
     * Answers with a complete, fixed-length response.
     *
     * <p>An empty body is sent with {@code Content-Length: 0}; statuses that cannot carry a body
     * (204, 304) and HEAD requests get the headers only.
     */
    public static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        if (body.length == 0 || !mayHaveBody(exchange, status)) {
            // -1 is the JDK server's "no body" marker; it still writes Content-Length: 0 where allowed.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Answers with a chunked body of {@code length} copies of {@code fill}, generated on the fly
     * so that even gigabytes never sit in memory.
     *
     * @throws IOException when the client goes away (so the caller can stop quietly) or when the
     *     server starts closing (so the client sees a truncated body, not a complete one)
     */
    public static void stream(
            HttpExchange exchange,
            int status,
            Map<String, String> headers,
            long length,
            byte fill,
            ShutdownSignal shutdown)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        if (!mayHaveBody(exchange, status)) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, 0); // 0 means chunked
        byte[] chunk = new byte[(int) Math.min(STREAM_CHUNK, Math.max(length, 1))];
        Arrays.fill(chunk, fill);
        OutputStream out = exchange.getResponseBody();
        long remaining = length;
        while (remaining > 0) {
            if (shutdown.isTriggered() || Thread.currentThread().isInterrupted()) {
                // Not closing the stream on purpose: that would send the final chunk and make a
                // truncated body look complete.
                throw new IOException("server closing while streaming");
            }
            int n = (int) Math.min(chunk.length, remaining);
            out.write(chunk, 0, n);
            remaining -= n;
        }
        out.close();
    }

    /**
     * Closes the TCP connection without sending anything. Must be called before any response
     * headers were sent: the JDK server closes the raw connection when an exchange is closed
     * with no response started.
     */
    public static void dropConnection(HttpExchange exchange) {
        exchange.close();
    }

    private static boolean mayHaveBody(HttpExchange exchange, int status) {
        return status != 204 && status != 304 && !"HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    }
}
