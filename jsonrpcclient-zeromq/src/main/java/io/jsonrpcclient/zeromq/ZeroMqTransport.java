package io.jsonrpcclient.zeromq;

import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import io.jsonrpcclient.zeromq.internal.DealerLoop;
import io.jsonrpcclient.zeromq.internal.ReqSocket;
import io.jsonrpcclient.zeromq.internal.SocketSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * JSON-RPC over ZeroMQ, as Python jsonrpcclient's {@code ZMQServer} speaks it: each message is one
 * ZeroMQ message, its reply the message that comes back. Thread-safe: share one per server.
 * <pre>{@code
 * try (JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.of("tcp://127.0.0.1:5555")).build()) {
 *     int sum = client.request(Integer.class, "add", 1, 2);
 * }
 *
 * ZeroMqTransport concurrent = ZeroMqTransport.newBuilder("tcp://127.0.0.1:5555")
 *         .socketType(ZeroMqTransport.SocketType.DEALER)      // many calls in flight on one socket
 *         .curve(serverPublicKey, clientPublicKey, clientSecretKey)
 *         .build();
 * }</pre>
 *
 * <p>Two socket types:
 * <ul>
 *   <li>{@link SocketType#REQ} (the default) answers any REP or ROUTER server. It carries one call at
 *       a time, so callers take turns. A notification also waits for the server's (empty) reply, so
 *       that the socket is ready for the next call. When a reply does not come in time, the call fails
 *       with {@link io.jsonrpcclient.RequestTimeoutException} and the socket, stuck waiting for that reply,
 *       is closed and replaced (the ZeroMQ guide's "lazy pirate"), so the next call works.</li>
 *   <li>{@link SocketType#DEALER} keeps many calls in flight on one socket; replies are matched to calls
 *       by id, in whatever order they come (see {@link DuplexTransport}). Each message is sent after an
 *       empty delimiter frame, as a REQ socket would, so REP servers and ROUTER servers answer it alike.</li>
 * </ul>
 *
 * <p>A ZeroMQ socket must not be used by two threads at once. A REQ socket is driven by the caller
 * itself under a lock, so a blocking call costs what a bare REQ socket's send and receive cost; async
 * calls take their turns on a pooled daemon thread, and their futures are completed on another, so a
 * continuation may block. A DEALER socket lives on a thread of its own, callers hand it their messages, and replies
 * are handed back on another pool of daemon threads. A message waits at most {@link Builder#connectTimeout(Duration) the
 * connect timeout} for a connection; it is never queued on a socket without one, so a call that gave
 * up does not reach the server later. If the connection is lost while calls wait for replies, they fail
 * promptly (a waiting REQ caller looks every 50 ms) with a {@link io.jsonrpcclient.TransportException}.
 * The socket reconnects by itself. A blocking REQ caller that is interrupted gives up with a
 * {@link io.jsonrpcclient.TransportException}, its interrupt kept, and the socket is replaced.
 *
 * <p>{@link #close()} fails the calls in flight, closes the socket (waiting at most the linger for unsent
 * messages), and terminates the ZeroMQ context unless it was given with {@link Builder#context(ZContext)}.
 *
 * <p>Endpoints: {@code tcp://host:port}, {@code ipc://name} and {@code inproc://name} (the last one only
 * reaches a server in the same {@link Builder#context(ZContext) context}).
 *
 * @since 0.1
 */
public final class ZeroMqTransport implements Transport {

    /** The socket the transport talks through. */
    public enum SocketType {
        /** One call at a time per socket; callers take turns. Works with every server. */
        REQ,
        /** Many calls in flight on one socket, replies matched by id. */
        DEALER
    }

    /** The default time a message waits for a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time closing waits for unsent messages. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);
    /** The default time between reconnection attempts. */
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofMillis(100);
    /** The default high-water marks: messages queued per direction (ZeroMQ's own default). */
    public static final int DEFAULT_HIGH_WATER_MARK = 1000;

    private static final Pattern ENDPOINT = Pattern.compile("tcp://[^\\s/]+:\\d{1,5}|ipc://\\S+|inproc://\\S+");
    private static final Pattern TCP_ENDPOINT = Pattern.compile("tcp://.+:(\\d+)");
    private static final Pattern Z85_KEY = Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");

    private final String endpoint;
    private final SocketType socketType;
    private final ReqSocket req;
    private final DuplexTransport dealer;

    private ZeroMqTransport(String endpoint, SocketType socketType, ReqSocket req, DuplexTransport dealer) {
        this.endpoint = endpoint;
        this.socketType = socketType;
        this.req = req;
        this.dealer = dealer;
    }

    /**
     * Returns a REQ transport to the endpoint with every default.
     *
     * @param endpoint e.g. {@code tcp://127.0.0.1:5555}
     * @return the transport
     * @throws IllegalArgumentException if the endpoint is not a {@code tcp://host:port}, {@code ipc://}
     *                                  or {@code inproc://} address
     */
    public static ZeroMqTransport of(String endpoint) {
        return newBuilder(endpoint).build();
    }

    /**
     * Returns a builder for a transport to the endpoint.
     *
     * @param endpoint e.g. {@code tcp://127.0.0.1:5555}
     * @return the builder
     * @throws IllegalArgumentException if the endpoint is not a {@code tcp://host:port}, {@code ipc://}
     *                                  or {@code inproc://} address
     */
    public static Builder newBuilder(String endpoint) {
        return new Builder(endpoint);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** {@return the socket type} */
    public SocketType socketType() {
        return socketType;
    }

    /**
     * Returns the duplex transport under a DEALER socket, through which the server's own notifications
     * and requests can be handled ({@link DuplexTransport#onNotification}, {@link DuplexTransport#onRequest}).
     * A REQ socket only ever receives replies, so it has none.
     *
     * @return the DEALER's duplex transport; empty for REQ
     */
    public Optional<DuplexTransport> duplex() {
        return Optional.ofNullable(dealer);
    }

    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        if (req != null) {
            return req.exchange(exchange);
        }
        CompletableFuture<TransportResponse> sent = dealer.exchange(exchange);
        CompletableFuture<TransportResponse> reply = sent.thenApply(r -> r.withAttribute("zmq_socket", "DEALER"));
        // A caller's cancel (or the client's timeout) of this stage must reach the call in the multiplexer.
        reply.whenComplete((response, error) -> {
            if (error != null) {
                sent.cancel(false);
            }
        });
        return reply;
    }

    /**
     * Fails the calls in flight, closes the socket and, unless it was given, the ZeroMQ context.
     * Waits at most the linger and a few seconds. Idempotent.
     */
    @Override
    public void close() {
        if (req != null) {
            req.close();
        } else {
            dealer.close();
        }
    }

    @Override
    public String toString() {
        return "ZeroMqTransport[" + socketType + " " + endpoint + "]";
    }

    /** Builds a {@link ZeroMqTransport}. Not thread-safe. */
    public static final class Builder {
        private final String endpoint;
        private SocketType socketType = SocketType.REQ;
        private ZContext context;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration sendTimeout;
        private Duration receiveTimeout;
        private Duration linger = DEFAULT_LINGER;
        private int sendHighWaterMark = DEFAULT_HIGH_WATER_MARK;
        private int receiveHighWaterMark = DEFAULT_HIGH_WATER_MARK;
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private long maxMessageSize = -1;
        private SocketSettings.Curve curve;
        private int maxPendingCalls = DuplexTransport.DEFAULT_MAX_PENDING_CALLS;

        private Builder(String endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String e = endpoint.strip();
            if (!ENDPOINT.matcher(e).matches()) {
                throw new IllegalArgumentException("a ZeroMQ endpoint is tcp://host:port, ipc://name or"
                        + " inproc://name, got '" + endpoint + "'");
            }
            var tcp = TCP_ENDPOINT.matcher(e);
            if (tcp.matches() && Integer.parseInt(tcp.group(1)) > 65_535) {
                throw new IllegalArgumentException("the port of '" + endpoint + "' is over 65535");
            }
            this.endpoint = e;
        }

        /**
         * Chooses the socket: {@link SocketType#REQ} (the default) or {@link SocketType#DEALER}.
         *
         * @param type the type
         * @return this builder
         */
        public Builder socketType(SocketType type) {
            this.socketType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Makes the socket in a caller's context, which the transport then does not terminate. Needed
         * for {@code inproc://} endpoints, which reach only sockets of the same context.
         *
         * @param context the context
         * @return this builder
         */
        public Builder context(ZContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Sets how long a message may wait for a connection to the server before its call fails with a
         * {@link io.jsonrpcclient.TransportException} (default 10 s). A call's own timeout, if shorter, ends
         * the wait first.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * Sets how long a message may wait for room in the socket's send queue while connected (the
         * high-water mark reached) before its call fails. Default: the call's timeout.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = positive(timeout, "send timeout");
            return this;
        }

        /**
         * Sets how long a REQ socket waits for a reply once the request went, before the call fails with
         * {@link io.jsonrpcclient.RequestTimeoutException} and the socket is replaced. Default: the call's
         * timeout, which also wins when shorter. DEALER calls end by the call's timeout alone.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder receiveTimeout(Duration timeout) {
            this.receiveTimeout = positive(timeout, "receive timeout");
            return this;
        }

        /**
         * Sets how long closing waits for messages not yet sent (ZeroMQ's linger; default 1 s).
         *
         * @param linger zero or more
         * @return this builder
         */
        public Builder linger(Duration linger) {
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * Sets the send high-water mark: how many messages may queue to be sent (default 1000).
         *
         * @param messages at least 1
         * @return this builder
         */
        public Builder sendHighWaterMark(int messages) {
            this.sendHighWaterMark = atLeastOne(messages, "the send high-water mark");
            return this;
        }

        /**
         * Sets the receive high-water mark: how many inbound messages may queue (default 1000).
         *
         * @param messages at least 1
         * @return this builder
         */
        public Builder receiveHighWaterMark(int messages) {
            this.receiveHighWaterMark = atLeastOne(messages, "the receive high-water mark");
            return this;
        }

        /**
         * Sets how long the socket waits before each attempt to reconnect (default 100 ms).
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder reconnectInterval(Duration interval) {
            this.reconnectInterval = positive(interval, "reconnect interval");
            return this;
        }

        /**
         * Sets the largest inbound message; a peer that sends a larger one is disconnected (default: no limit;
         * the codec's own limit applies to every reply).
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be at least 1, was " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Secures the connection with CURVE, for a server that has CURVE on. Keys are 40-character Z85
         * texts, as {@code ZMQ.Curve.generateKeyPair()} makes them and {@code zmq_curve_keypair} prints them.
         *
         * @param serverPublicKey the server's public key
         * @param clientPublicKey this client's public key
         * @param clientSecretKey this client's secret key
         * @return this builder
         * @throws IllegalArgumentException if a key is not 40 characters of Z85
         */
        public Builder curve(String serverPublicKey, String clientPublicKey, String clientSecretKey) {
            this.curve = new SocketSettings.Curve(z85(serverPublicKey, "server public key"),
                    z85(clientPublicKey, "client public key"), z85(clientSecretKey, "client secret key"));
            return this;
        }

        /**
         * Sets how many calls a DEALER socket may have in flight at once (default 1024); a call past the
         * limit fails at once with a {@link io.jsonrpcclient.TransportException}. A REQ socket queues its
         * callers instead.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxPendingCalls(int max) {
            this.maxPendingCalls = atLeastOne(max, "maxPendingCalls");
            return this;
        }

        /**
         * Builds the transport and starts its socket thread; the socket connects in the background.
         *
         * @return the transport
         */
        public ZeroMqTransport build() {
            var settings = new SocketSettings(endpoint, socketType == SocketType.DEALER, connectTimeout, sendTimeout,
                    receiveTimeout, linger, sendHighWaterMark, receiveHighWaterMark, reconnectInterval,
                    maxMessageSize, curve);
            boolean owned = context == null;
            ZMQ.Context zmq = owned ? newContext() : context.getContext();
            try {
                if (socketType == SocketType.REQ) {
                    return new ZeroMqTransport(endpoint, socketType, new ReqSocket(settings, zmq, owned), null);
                }
                var connection = new DealerLoop(settings, zmq, owned);
                // Replies complete on the clients' shared callback pool, not on a pool of this transport's: there
                // the client completes its caller's future in place, where a pool of its own cost a second thread
                // hand-off per burst of replies (REQ has one because its async exchanges block; nothing blocks here).
                DuplexTransport duplex = DuplexTransport.newBuilder(connection)
                        .maxPendingCalls(maxPendingCalls)
                        .build();
                return new ZeroMqTransport(endpoint, socketType, null, duplex);
            } catch (RuntimeException e) {
                if (owned) {
                    zmq.term();
                }
                throw e;
            }
        }

        private static ZMQ.Context newContext() {
            // One I/O thread is plenty for one socket; JeroMQ's threads are daemons.
            return ZMQ.context(1);
        }

        private static byte[] z85(String key, String what) {
            Objects.requireNonNull(key, what);
            if (!Z85_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("the CURVE " + what + " must be 40 characters of Z85 text"
                        + " (as ZMQ.Curve.generateKeyPair() makes), got " + key.length() + " characters");
            }
            byte[] bytes = ZMQ.Curve.z85Decode(key);
            if (bytes == null || bytes.length != 32) {
                throw new IllegalArgumentException("the CURVE " + what + " is not a valid Z85 key");
            }
            return bytes;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("the " + what + " must be positive, was " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, was " + n);
            }
            return n;
        }

        @Override
        public String toString() {
            return "ZeroMqTransport.Builder[" + socketType.name().toLowerCase(Locale.ROOT) + " " + endpoint + "]";
        }
    }
}
