package io.jsonrpcclient.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP library under {@link HttpTransport}: one method that POSTs bytes and returns the
 * status, headers and body. Everything JSON-RPC (headers, auth, status handling, logging)
 * stays in the transport, so a new engine is a small class. The built-in engine uses the
 * JDK's {@code java.net.http.HttpClient}.
 *
 * <p>Implementations must be thread-safe, must honour the request's timeout and size limit, and
 * must complete every future: exceptionally with {@link java.net.http.HttpTimeoutException} on
 * timeout, {@link ResponseTooLargeException} past the size limit, or another
 * {@link java.io.IOException} on I/O failure. Cancelling a future still pending must abort its
 * exchange. {@link Request#callerWaits()} says whether the exchange may run on the calling thread.
 * <pre>{@code
 * HttpTransport transport = HttpTransport.newBuilder(URI.create("http://127.0.0.1:8545/"))
 *         .engine(myEngine)
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public interface HttpEngine extends AutoCloseable {

    /**
     * POSTs a body.
     *
     * @param request what to send
     * @return the response
     */
    CompletableFuture<Response> post(Request request);

    /** Releases connections. The default does nothing. */
    @Override
    default void close() {
    }

    /**
     * One POST.
     *
     * @param uri              where to
     * @param headers          the headers to send, names as given
     * @param body             the body; must not be modified
     * @param timeout          how long the whole exchange may take
     * @param maxResponseBytes the largest body to read
     * @param callerWaits      true when the calling thread only waits for the returned future (a
     *                         blocking call): the engine may then do the exchange on that thread
     *                         and return a completed future, which saves a hand-over between
     *                         threads. False: the calling thread must not be held.
     */
    record Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout, long maxResponseBytes,
            boolean callerWaits) {
        /** Validates and copies. */
        public Request {
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(timeout, "timeout");
        }

        /**
         * A request whose caller does not wait on it ({@code callerWaits} false).
         *
         * @param uri              where to
         * @param headers          the headers to send
         * @param body             the body
         * @param timeout          how long the whole exchange may take
         * @param maxResponseBytes the largest body to read
         */
        public Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout, long maxResponseBytes) {
            this(uri, headers, body, timeout, maxResponseBytes, false);
        }
    }

    /**
     * What came back.
     *
     * @param status   the status code
     * @param reason   the reason phrase (engines that cannot read it supply the standard one)
     * @param headers  the response headers
     * @param body     the body, possibly empty
     * @param protocol the protocol used, e.g. {@code HTTP/1.1} or {@code HTTP/2}
     */
    record Response(int status, String reason, Map<String, List<String>> headers, byte[] body, String protocol) {
        /** Validates the components. */
        public Response {
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /** The response body was larger than the request's limit; the engine stopped reading. */
    final class ResponseTooLargeException extends java.io.IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;
        private final long announced;

        /**
         * Creates the exception.
         *
         * @param limit     the limit in bytes
         * @param announced the size the server announced, or -1
         */
        public ResponseTooLargeException(long limit, long announced) {
            super("response body larger than " + limit + " bytes");
            this.limit = limit;
            this.announced = announced;
        }

        /** {@return the limit in bytes} */
        public long limit() {
            return limit;
        }

        /** {@return the size the server announced in Content-Length, or -1} */
        public long announced() {
            return announced;
        }
    }
}
