package io.jsonrpcclient.transport;

import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.internal.CallbackThreads;
import io.jsonrpcclient.internal.Multiplexer;
import io.jsonrpcclient.internal.ServerMessages;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       {@code io.jsonrpcclient.connection}) and dropped.</li>
 *   <li>Notifications from the server go to the handlers registered with {@link #onNotification},
 *       to {@linkplain #subscription subscriptions} and to the {@linkplain #onAnyNotification catch-all};
 *       requests from the server to {@link #onRequest} handlers, and are answered {@code -32601} when
 *       none is registered. Each handler runs on its executor, one message at a time, in order.</li>
 *   <li>A batch from the server (an array of requests and notifications) is answered as JSON-RPC 2.0
 *       asks: with one array holding the replies to its requests, sent once every handler has answered
 *       (handlers of different methods run at once), and nothing at all for a batch of notifications.</li>
 *   <li>With a reconnect policy (WebSocket and TCP builders' {@code reconnect(...)}), a lost connection is
 *       made again with backoff; {@link #onConnectionState connection listeners} hear the loss, the
 *       restoration, and {@link ConnectionListener#onLostForGood} when the policy gives up, at which
 *       point subscriptions waiting to be renewed end with
 *       {@link Subscription.CloseReason#CONNECTION_LOST}.</li>
 *   <li>Per-call {@link io.jsonrpcclient.CallOptions} headers are ignored (see {@link #exchange}).</li>
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

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final Multiplexer multiplexer;
    private final ServerMessages serverMessages;
    private volatile boolean headersNoted;

    private DuplexTransport(Multiplexer multiplexer, ServerMessages serverMessages) {
        this.multiplexer = multiplexer;
        this.serverMessages = serverMessages;
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

    /**
     * {@inheritDoc}
     *
     * <p>The exchange's {@link io.jsonrpcclient.CallOptions#headers() headers} are ignored: a duplex
     * connection has no per-message headers, and a WebSocket's handshake happened once, when it
     * connected. Give handshake headers to the transport's builder instead
     * ({@link io.jsonrpcclient.websocket.WebSocketTransport.Builder#header(String, String)}). The first
     * call that carries headers is noted at DEBUG on {@code io.jsonrpcclient.connection}.
     */
    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        if (!exchange.options().headers().isEmpty() && !headersNoted) {
            headersNoted = true;
            LOG.debug("{}: per-call headers {} are ignored: a duplex connection has no per-message headers"
                    + " (set handshake headers on the transport's builder)", endpoint(),
                    exchange.options().headers().keySet());
        }
        return multiplexer.exchange(exchange);
    }

    /** {@return the number of calls and notifications in flight} */
    public int pendingCalls() {
        return multiplexer.pending();
    }

    // ---------------------------------------------------------------- what the server sends of its own accord

    /**
     * Registers a handler for the server's notifications of one method, run on the shared pool of daemon
     * threads that async calls complete on. Several handlers may share a method; each sees every one.
     * <pre>{@code
     * transport.onNotification("aria2.onDownloadComplete", (method, params) -> done(params.get(0).get("gid")));
     * }</pre>
     *
     * @param method  the notification's method
     * @param handler the handler; runs one notification at a time, in order of arrival
     * @return the registration; close it to remove the handler
     */
    public Registration onNotification(String method, NotificationHandler handler) {
        return serverMessages.onNotification(method, handler, null);
    }

    /**
     * Registers a handler for the server's notifications of one method, run on the given executor.
     *
     * @param method   the notification's method
     * @param handler  the handler; runs one notification at a time, in order of arrival
     * @param executor where it runs ({@code Runnable::run} for the connection's own thread: it must not block)
     * @return the registration; close it to remove the handler
     */
    public Registration onNotification(String method, NotificationHandler handler, Executor executor) {
        return serverMessages.onNotification(method, handler, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Registers a catch-all handler: it receives every notification that no method handler and no
     * {@link Subscription} takes.
     *
     * @param handler the handler; runs one notification at a time, in order of arrival
     * @return the registration; close it to remove the handler
     */
    public Registration onAnyNotification(NotificationHandler handler) {
        return serverMessages.onAnyNotification(handler, null);
    }

    /**
     * Registers a catch-all handler run on the given executor; see {@link #onAnyNotification(NotificationHandler)}.
     *
     * @param handler  the handler
     * @param executor where it runs
     * @return the registration; close it to remove the handler
     */
    public Registration onAnyNotification(NotificationHandler handler, Executor executor) {
        return serverMessages.onAnyNotification(handler, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Registers the handler of a method the server calls. Its result (or {@link RequestError}) is sent
     * back as the response; a request for a method without a handler is answered with
     * {@code -32601 Method not found}.
     *
     * @param method  the method
     * @param handler the handler; runs one request at a time, in order of arrival
     * @return the registration; close it to remove the handler
     * @throws IllegalStateException if the method already has a handler
     */
    public Registration onRequest(String method, RequestHandler handler) {
        return serverMessages.onRequest(method, handler, null);
    }

    /**
     * Registers the handler of a method the server calls, run on the given executor; see
     * {@link #onRequest(String, RequestHandler)}.
     *
     * @param method   the method
     * @param handler  the handler
     * @param executor where it runs
     * @return the registration; close it to remove the handler
     */
    public Registration onRequest(String method, RequestHandler handler, Executor executor) {
        return serverMessages.onRequest(method, handler, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Registers a listener told when the connection is lost and when its reconnect policy restores it.
     *
     * @param listener the listener; runs one event at a time, in order
     * @return the registration; close it to remove the listener
     */
    public Registration onConnectionState(ConnectionListener listener) {
        return serverMessages.onConnectionState(listener, null);
    }

    /**
     * Starts configuring a subscription: a call to {@code subscribeMethod} whose result is an id, then
     * notifications of {@code notificationMethod} carrying that id.
     * <pre>{@code
     * Subscription logs = transport.subscription("eth_subscribe", "eth_subscription")
     *         .params("logs", Map.of("address", contract))
     *         .unsubscribeMethod("eth_unsubscribe")
     *         .open(client, log -> handle(log));
     * }</pre>
     *
     * @param subscribeMethod    e.g. {@code eth_subscribe}
     * @param notificationMethod e.g. {@code eth_subscription}
     * @return the builder
     */
    public Subscription.Builder subscription(String subscribeMethod, String notificationMethod) {
        return new Subscription.Builder(serverMessages, subscribeMethod, notificationMethod);
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

    /** What a call does when {@link Builder#maxPendingCalls(int) the limit of calls in flight} is reached. */
    public enum WhenFull {
        /** Fail at once with a {@link io.jsonrpcclient.TransportException} saying so (the default). */
        FAIL,
        /** Wait for a call in flight to end, at most the call's timeout, then go. */
        WAIT
    }

    /** Builds a {@link DuplexTransport}. Not thread-safe. */
    public static final class Builder {
        private final DuplexConnection connection;
        private int maxPendingCalls = DEFAULT_MAX_PENDING_CALLS;
        private WhenFull whenFull = WhenFull.FAIL;
        private String cancelMethod;
        private Executor callbackExecutor;

        private Builder(DuplexConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * Sets how many calls (notifications included) may be in flight at once (default 1024); a call
         * past the limit fails at once with a {@link io.jsonrpcclient.TransportException}, or waits
         * for a slot when {@link #whenFull(WhenFull) whenFull(WAIT)} is set.
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
         * Sets what a call does when the limit of calls in flight is reached: fail at once (the
         * default) or wait for a slot, bounded by its own timeout.
         * <pre>{@code
         * DuplexTransport.newBuilder(connection).maxPendingCalls(64).whenFull(WhenFull.WAIT).build();
         * }</pre>
         *
         * @param whenFull the policy
         * @return this builder
         */
        public Builder whenFull(WhenFull whenFull) {
            this.whenFull = Objects.requireNonNull(whenFull, "whenFull");
            return this;
        }

        /**
         * Tells the server when a call is abandoned (cancelled, or timed out) after its request has
         * gone, with a notification {@code {"method": METHOD, "params": {"id": ID}}}: the Language
         * Server Protocol's {@code $/cancelRequest}. Off by default.
         * <pre>{@code
         * DuplexTransport lsp = DuplexTransport.newBuilder(StdioTransport.newBuilder("clangd").connection())
         *         .cancelNotification("$/cancelRequest")
         *         .build();
         * }</pre>
         *
         * @param method the notification's method
         * @return this builder
         */
        public Builder cancelNotification(String method) {
            this.cancelMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Sets where the futures of calls are completed, and so where their continuations run. By
         * default the pool of daemon threads the clients share ({@code jsonrpcclient-callback-N});
         * completions never run on the connection's thread, except the reply to an exchange whose
         * caller waits ({@link Exchange#callerWaits()}), which only wakes that caller.
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
            var serverMessages = new ServerMessages(CallbackThreads.shared());
            Function<Id, byte[]> cancelMessage = cancelMethod == null ? null : id -> JsonRpcCodec.standard()
                    .encode(Notification.of(cancelMethod, Params.named(java.util.Collections.singletonMap("id", idValue(id)))));
            return new DuplexTransport(new Multiplexer(serverMessages.observe(connection), maxPendingCalls,
                    whenFull == WhenFull.WAIT, cancelMessage, callbackExecutor, serverMessages::onMessage, Map.of()),
                    serverMessages);
        }

        private static Object idValue(Id id) {
            if (id instanceof Id.NumberId n) {
                return n.value();
            }
            return id instanceof Id.StringId s ? s.value() : null;
        }
    }
}
