package io.jsonrpcclient.transport;

import io.jsonrpcclient.internal.Multiplexer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link Transport} over a {@link DuplexConnection}: many calls in flight on one connection, each
 * reply matched to its call by id, in whatever order the server answers. Thread-safe.
 * <pre>{@code
 * DuplexTransport transport = DuplexTransport.newBuilder(connection).maxPendingCalls(256).build();
 * JsonRpcClient client = JsonRpcClient.newBuilder(transport).build();
 * }</pre>
 *
 * <ul>
 *   <li>A single response is matched by its id, a batch's reply as a whole by the ids of its requests;
 *       the client then checks the reply against what was sent, as it does over HTTP.</li>
 *   <li>A call ends by its timeout, and leaves the transport then, as it does when cancelled; a reply
 *       that comes later is dropped.</li>
 *   <li>When the connection is lost, every call in flight fails at once with a
 *       {@link io.jsonrpcclient.TransportException}; so does each call past the limit of
 *       {@link Builder#maxPendingCalls(int) calls in flight}.</li>
 *   <li>A reply without a usable id (an error with {@code "id": null}, a message that is not JSON) is
 *       given to the only call in flight when there is exactly one; otherwise it is logged (logger
 *       {@code io.jsonrpcclient.connection}) and dropped. So are requests and notifications from the
 *       server, for now.</li>
 * </ul>
 *
 * <p>Two calls in flight must not share a request id: the second fails with
 * {@link IllegalArgumentException}. The client's id generators never repeat an id.
 *
 * @since 0.1
 */
public final class DuplexTransport implements Transport {

    /** The default limit of calls in flight on one connection. */
    public static final int DEFAULT_MAX_PENDING_CALLS = 1024;

    private final Multiplexer multiplexer;

    private DuplexTransport(Multiplexer multiplexer) {
        this.multiplexer = multiplexer;
    }

    /**
     * Returns a transport over the connection with every default, and starts the connection.
     *
     * @param connection the connection; closed with the transport
     * @return the transport
     */
    public static DuplexTransport of(DuplexConnection connection) {
        return newBuilder(connection).build();
    }

    /**
     * Returns a builder for a transport over the connection.
     *
     * @param connection the connection; closed with the transport
     * @return the builder
     */
    public static Builder newBuilder(DuplexConnection connection) {
        return new Builder(connection);
    }

    @Override
    public String endpoint() {
        return multiplexer.endpoint();
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        return multiplexer.exchange(exchange);
    }

    /** {@return the number of calls and notifications in flight} */
    public int pendingCalls() {
        return multiplexer.pending();
    }

    /** Fails every call in flight, then closes the connection. */
    @Override
    public void close() {
        multiplexer.close();
    }

    @Override
    public String toString() {
        return "DuplexTransport[" + endpoint() + "]";
    }

    /** Builds a {@link DuplexTransport}. Not thread-safe. */
    public static final class Builder {
        private final DuplexConnection connection;
        private int maxPendingCalls = DEFAULT_MAX_PENDING_CALLS;
        private Executor callbackExecutor;

        private Builder(DuplexConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * Sets how many calls (notifications included) may be in flight at once (default 1024); a call
         * past the limit fails at once with a {@link io.jsonrpcclient.TransportException}.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxPendingCalls(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingCalls must be at least 1, was " + max);
            }
            this.maxPendingCalls = max;
            return this;
        }

        /**
         * Sets where the futures of calls are completed, and so where their continuations run. By
         * default the transport keeps a pool of daemon threads of its own, shut down on close;
         * completions never run on the connection's thread.
         *
         * @param executor the executor; not shut down by the transport
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** {@return the transport; its connection is started} */
        public DuplexTransport build() {
            return new DuplexTransport(new Multiplexer(connection, maxPendingCalls, callbackExecutor, null, Map.of()));
        }
    }
}
