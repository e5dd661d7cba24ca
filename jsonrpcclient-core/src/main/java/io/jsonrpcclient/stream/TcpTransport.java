package io.jsonrpcclient.stream;

import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.ReconnectingConnection;
import io.jsonrpcclient.internal.TcpConnection;
import io.jsonrpcclient.internal.TlsContexts;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.ReconnectPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * JSON-RPC over one TCP connection, plain or TLS: many calls in flight, replies matched by id in any
 * order (see {@link DuplexTransport}). Messages are framed one per line by default.
 * <pre>{@code
 * try (JsonRpcClient client = JsonRpcClient.newBuilder(TcpTransport.connect("127.0.0.1", 4000)).build()) {
 *     int sum = client.request(Integer.class, "add", 1, 2);
 * }
 *
 * DuplexTransport secure = TcpTransport.newBuilder("node.example", 4443)
 *         .trustCertificates(Path.of("ca.pem"))      // TLS, trusting this CA only
 *         .framing(Framing.CONTENT_LENGTH)
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} connects at once, within the connect timeout, and fails with a
 * {@link io.jsonrpcclient.TransportException} if it cannot. When the server closes the connection or it
 * breaks, the calls in flight fail at once and connection listeners are told; by default later calls
 * fail with the same reason, and with a {@link Builder#reconnect(ReconnectPolicy) reconnect policy} the
 * connection is made again (with backoff) for new calls and for subscriptions marked to be renewed. Each
 * connection has two daemon threads, a reader and a writer, named after the endpoint.
 *
 * @since 0.1
 */
public final class TcpTransport {

    /** The default time allowed to connect (and shake hands, with TLS). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private TcpTransport() {
    }

    /**
     * Connects with every default: plain TCP, newline framing.
     *
     * @param host the host name or address
     * @param port the port
     * @return the transport, connected
     * @throws io.jsonrpcclient.TransportException if the connection cannot be made
     */
    public static DuplexTransport connect(String host, int port) {
        return newBuilder(host, port).build();
    }

    /**
     * Returns a builder for a connection to the host and port.
     *
     * @param host the host name or address
     * @param port the port, 1 to 65535
     * @return the builder
     */
    public static Builder newBuilder(String host, int port) {
        return new Builder(host, port);
    }

    /** Builds a TCP transport. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Framing framing = Framing.NEWLINE;
        private long maxMessageBytes = JsonRpcCodec.DEFAULT_MAX_RESPONSE_BYTES;
        private SSLContext sslContext;
        private String sslSource;
        private ReconnectPolicy reconnect = ReconnectPolicy.none();

        private Builder(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("the host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port must be 1 to 65535, was " + port);
            }
            this.host = host;
            this.port = port;
        }

        /**
         * Sets how long connecting, and the TLS handshake, may take (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connect timeout");
            return this;
        }

        /**
         * Sets how messages are cut out of the stream (default {@link Framing#NEWLINE}).
         *
         * @param framing the framing
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /**
         * Sets the largest inbound message (default 64 MiB, the codec's default). A larger one fails the
         * connection: a stream cannot skip a message it cannot hold.
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxMessageBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + max);
            }
            this.maxMessageBytes = max;
            return this;
        }

        /**
         * Sets whether and how a lost connection is made again ({@link ReconnectPolicy#none()} by default).
         * The first connection is made by {@link #build()} and must succeed; the policy restores it after a
         * loss. While it is down, calls in flight have failed, new calls wait for the connection (each
         * within its own timeout), and {@link io.jsonrpcclient.transport.ConnectionListener}s are told;
         * once it is back, subscriptions opened with {@code resubscribeOnReconnect(true)} are made again.
         * When the policy gives up, waiting and later calls fail at once.
         * <pre>{@code
         * DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", 4000)
         *         .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 8))
         *         .build();
         * }</pre>
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Speaks TLS, trusting the JDK's default certificate authorities; host names are checked.
         *
         * @return this builder
         */
        public Builder tls() {
            return tls(defaultContext(), "tls");
        }

        /**
         * Speaks TLS with a caller's context (client certificates, a custom trust store); host names
         * are checked.
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            return tls(Objects.requireNonNull(context, "context"), "sslContext");
        }

        /**
         * Speaks TLS, trusting exactly the CA certificates in a PEM file; host names are still checked.
         *
         * @param pemFile the file
         * @return this builder
         * @throws IllegalArgumentException if the file holds no readable certificate
         */
        public Builder trustCertificates(Path pemFile) {
            return tls(TlsContexts.trusting(Objects.requireNonNull(pemFile, "pemFile")), "trustCertificates");
        }

        /**
         * Speaks TLS without checking the certificate or the host name. Anyone on the network path can
         * then read and change the calls. For local experiments only.
         *
         * @return this builder
         */
        public Builder insecureSkipTlsVerification() {
            return tls(TlsContexts.trustingEverything(), "insecureSkipTlsVerification");
        }

        private Builder tls(SSLContext context, String source) {
            if (sslSource != null && !sslSource.equals(source)) {
                throw new IllegalStateException(source + " conflicts with " + sslSource + ": choose one");
            }
            this.sslContext = context;
            this.sslSource = source;
            return this;
        }

        private static SSLContext defaultContext() {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("TLS is not available", e);
            }
        }

        /**
         * Returns the connection these settings describe, not yet connected: it connects when
         * started. For settings of the {@link DuplexTransport} itself:
         * <pre>{@code
         * DuplexTransport transport = DuplexTransport.newBuilder(TcpTransport.newBuilder(host, port).connection())
         *         .maxPendingCalls(64)
         *         .build();
         * }</pre>
         *
         * @return a new connection
         */
        public DuplexConnection connection() {
            // Copies, so the dialler does not see later changes to this builder.
            String h = host;
            int p = port;
            Duration timeout = connectTimeout;
            SSLContext context = sslContext;
            Framing f = framing;
            long max = maxMessageBytes;
            // A fresh frame reader per connection: a message cut off by a loss must not run into the next.
            Supplier<TcpConnection> dial = () -> new TcpConnection(h, p, timeout, context, f.newReader(max), f.writer());
            return new ReconnectingConnection(dial.get().endpoint(), ReconnectingConnection.blocking(dial), reconnect);
        }

        /**
         * Connects and returns the transport.
         *
         * @return the transport, connected
         * @throws io.jsonrpcclient.TransportException if the connection cannot be made
         */
        public DuplexTransport build() {
            return DuplexTransport.of(connection());
        }
    }
}
