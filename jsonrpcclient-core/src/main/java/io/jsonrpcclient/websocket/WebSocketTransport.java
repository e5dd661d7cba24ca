package io.jsonrpcclient.websocket;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.ReconnectingConnection;
import io.jsonrpcclient.internal.SocketWebSocketConnection;
import io.jsonrpcclient.internal.TlsContexts;
import io.jsonrpcclient.internal.WebSocketConnection;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.ReconnectPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * JSON-RPC over a WebSocket ({@code ws://}, {@code wss://}): one text message per JSON-RPC message, many
 * calls in flight, server notifications, server requests and subscriptions through the {@link DuplexTransport}
 * it builds. The WebSocket protocol (RFC 6455) is spoken by the library over a plain or TLS socket, with a
 * reader and a writer thread per connection; given an {@link Builder#httpClient(HttpClient) HttpClient}, the
 * transport uses the JDK's {@link java.net.http.WebSocket} on it instead (for proxies, an authenticator ...).
 * <pre>{@code
 * DuplexTransport ws = WebSocketTransport.newBuilder(URI.create("wss://node.example/ws"))
 *         .bearerToken(token)
 *         .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), 20))
 *         .build();
 * try (JsonRpcClient client = JsonRpcClient.newBuilder(ws).build()) {
 *     ws.onNotification("aria2.onDownloadComplete", (method, params) -> System.out.println(params));
 *     String version = client.request(String.class, "web3_clientVersion");
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Headers, basic and bearer auth (and {@code user:password@} in the URL) go on the handshake; a
 *       refused handshake fails calls with a {@link io.jsonrpcclient.TransportException} naming the HTTP
 *       status. The handshake happens once per connection (and again on each reconnect), before any
 *       call, so headers in per-call {@link CallOptions} ({@code client.with(options)}) cannot reach it
 *       and are ignored; give them to this builder ({@link Builder#header}, {@link Builder#callOptions}).</li>
 *   <li>{@link Builder#reconnect(ReconnectPolicy)} makes a lost connection again with backoff, as the TCP
 *       transport does (the machinery is shared; see {@link DuplexTransport}).</li>
 *   <li>TLS as for HTTP: verified by default; {@link Builder#trustCertificates(Path)},
 *       {@link Builder#sslContext(SSLContext)}, or the loud {@link Builder#insecureSkipTlsVerification()}.</li>
 *   <li>Fragmented messages are reassembled, up to {@link Builder#maxMessageBytes(long)} (64 MiB by
 *       default); a bigger one closes the connection with 1009.</li>
 *   <li>A close frame from the server fails every call in flight with a message holding the close code and
 *       reason; {@link io.jsonrpcclient.transport.ConnectionListener}s receive it as a
 *       {@link WebSocketClosedException}.</li>
 *   <li>Pings from the server are answered; {@link Builder#pingInterval(Duration)} sends pings to keep idle
 *       connections open through proxies.</li>
 *   <li>The server's frames are checked: a masked frame, RSV bits, a reserved opcode or a misplaced
 *       continuation closes the connection with 1002, and the handshake's {@code Sec-WebSocket-Accept} must
 *       answer the key sent.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class WebSocketTransport {

    /** The default handshake timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private WebSocketTransport() {
    }

    /**
     * Returns a transport to the URL with every default.
     *
     * @param uri a {@code ws://} or {@code wss://} URL
     * @return the transport; it starts connecting at once
     */
    public static DuplexTransport of(URI uri) {
        return newBuilder(uri).build();
    }

    /**
     * Returns a builder for a transport to the URL.
     *
     * @param uri a {@code ws://} or {@code wss://} URL; credentials in it become basic auth
     * @return the builder
     * @throws IllegalArgumentException if the URL is not a WebSocket URL with a host
     */
    public static Builder newBuilder(URI uri) {
        return new Builder(uri);
    }

    /** Builds a WebSocket {@link DuplexTransport} (or just its {@link DuplexConnection}). Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final CallOptions.Builder headers = CallOptions.newBuilder();
        private final List<String> subprotocols = new ArrayList<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private long maxMessageBytes = JsonRpcCodec.DEFAULT_MAX_RESPONSE_BYTES;
        private ReconnectPolicy reconnect = ReconnectPolicy.none();
        private Duration pingInterval;
        private SSLContext sslContext;
        private String tlsSetting;
        private HttpClient httpClient;
        private int maxPendingCalls = DuplexTransport.DEFAULT_MAX_PENDING_CALLS;
        private Executor callbackExecutor;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("a WebSocket transport needs a ws:// or wss:// URL, got "
                        + withoutCredentials(uri));
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host: " + withoutCredentials(uri));
            }
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                String password = colon < 0 ? "" : userInfo.substring(colon + 1);
                headers.basicAuth(URLDecoder.decode(user, StandardCharsets.UTF_8),
                        URLDecoder.decode(password, StandardCharsets.UTF_8));
            }
            this.uri = withoutCredentials(uri);
        }

        private static URI withoutCredentials(URI uri) {
            if (uri.getRawUserInfo() == null) {
                return uri;
            }
            try {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                        uri.getFragment());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed URL", e);
            }
        }

        /**
         * Sends a header on the handshake.
         *
         * @param name  the name; the handshake's own headers ({@code Host}, {@code Upgrade}, {@code Connection},
         *              {@code Sec-WebSocket-*} ...) are refused when the transport is built
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.header(name, value);
            return this;
        }

        /**
         * Sends {@code Authorization: Basic ...} on the handshake.
         *
         * @param user     the user
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            headers.basicAuth(user, password);
            return this;
        }

        /**
         * Sends {@code Authorization: Bearer TOKEN} on the handshake.
         *
         * @param token the token
         * @return this builder
         */
        public Builder bearerToken(String token) {
            headers.bearerToken(token);
            return this;
        }

        /**
         * Adds the headers of call options (headers, basic or bearer auth) to the handshake. There is one
         * handshake per connection, so per-call options given later to a client cannot reach it.
         *
         * @param options the options; their timeout is ignored
         * @return this builder
         */
        public Builder callOptions(CallOptions options) {
            options.headers().forEach(headers::header);
            return this;
        }

        /**
         * Offers subprotocols on the handshake ({@code Sec-WebSocket-Protocol}).
         *
         * @param protocols the subprotocols, most preferred first
         * @return this builder
         */
        public Builder subprotocols(String... protocols) {
            for (String p : protocols) {
                subprotocols.add(Objects.requireNonNull(p, "protocol"));
            }
            return this;
        }

        /**
         * Sets how long the handshake may take (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the largest inbound message, fragments reassembled (default 64 MiB); a bigger one closes the
         * connection with close code 1009.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxMessageBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1, was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * Sets whether and how a lost connection is made again ({@link ReconnectPolicy#none()} by default).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sends a ping when nothing was sent for this long (with {@link #httpClient(HttpClient)}: this often),
         * while connected; never by default.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Durations.requirePositive(interval, "pingInterval");
            return this;
        }

        /**
         * Trusts exactly the CA certificates in a PEM file (host names are still checked).
         *
         * @param pemFile the file
         * @return this builder
         */
        public Builder trustCertificates(Path pemFile) {
            return tls(TlsContexts.trusting(Objects.requireNonNull(pemFile, "pemFile")), "trustCertificates");
        }

        /**
         * Uses this TLS context for {@code wss://}.
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            return tls(Objects.requireNonNull(context, "context"), "sslContext");
        }

        /**
         * Skips every TLS check (certificate and host name). For local experiments only.
         *
         * @return this builder
         */
        public Builder insecureSkipTlsVerification() {
            return tls(TlsContexts.trustingEverything(), "insecureSkipTlsVerification");
        }

        private Builder tls(SSLContext context, String setting) {
            if (tlsSetting != null && !tlsSetting.equals(setting)) {
                throw new IllegalStateException("choose one of " + tlsSetting + " and " + setting);
            }
            this.sslContext = context;
            this.tlsSetting = setting;
            return this;
        }

        /**
         * Uses the JDK's {@link java.net.http.WebSocket} on this client (proxy, authenticator, executor ...)
         * instead of the library's own WebSocket client; it cannot be combined with the TLS settings, which
         * belong to the client. The library's client saves thread hand-offs per message (its sequential calls
         * are faster, docs/BENCHMARKS.md) but speaks to the server directly, through no proxy.
         *
         * @param client the client; not closed by the transport
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets how many calls may be in flight at once; see {@link DuplexTransport.Builder#maxPendingCalls(int)}.
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
         * Sets where the transport completes the futures of calls; see
         * {@link DuplexTransport.Builder#callbackExecutor(Executor)}.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Returns the bare connection, for a {@link DuplexTransport} configured by hand. It connects when
         * started.
         *
         * @return the connection
         * @throws IllegalStateException if {@code httpClient} is combined with a TLS setting
         * @throws IllegalArgumentException if a header is one the handshake sets itself
         */
        public DuplexConnection buildConnection() {
            if (httpClient != null && tlsSetting != null) {
                throw new IllegalStateException("choose httpClient or " + tlsSetting
                        + ": the TLS settings belong to the HTTP client");
            }
            var handshakeHeaders = headers.build().headers();
            SocketWebSocketConnection.checkHeaders(handshakeHeaders);
            if (httpClient == null) {
                var settings = new SocketWebSocketConnection.Settings(uri, sslContext, handshakeHeaders,
                        List.copyOf(subprotocols), connectTimeout, maxMessageBytes, pingInterval);
                return new ReconnectingConnection(uri.toString(), SocketWebSocketConnection.dialer(settings),
                        reconnect);
            }
            var settings = new WebSocketConnection.Settings(uri, httpClient, handshakeHeaders,
                    List.copyOf(subprotocols), connectTimeout, maxMessageBytes, pingInterval);
            return new ReconnectingConnection(uri.toString(), WebSocketConnection.dialer(settings), reconnect);
        }

        /** {@return the transport; it starts connecting at once} */
        public DuplexTransport build() {
            DuplexConnection connection = buildConnection();
            DuplexTransport.Builder b = DuplexTransport.newBuilder(connection).maxPendingCalls(maxPendingCalls);
            if (callbackExecutor != null) {
                b.callbackExecutor(callbackExecutor);
            }
            return b.build();
        }
    }
}
