package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link HttpEngine} that speaks HTTP/1.1 itself over plain or TLS sockets, kept alive and
 * pooled: a POST leaves in one write and its response is read on the same thread, with nothing in
 * between. It exists because on loopback every general HTTP client measured here ({@code
 * java.net.http}, {@code HttpURLConnection}, Apache, Jetty, OkHttp) spent several times what the
 * wire needs per call (docs/BENCHMARKS.md), and a JSON-RPC client needs one small slice of HTTP.
 *
 * <p>What it does not do, by design: HTTP/2, proxies, redirects, compression, authentication
 * challenges (use {@link io.jsonrpcclient.http.HttpEngines#jdk()} for those). What it does:
 * <ul>
 *   <li>A caller that waits does the exchange on its own thread. An async caller's exchange runs
 *       on the engine's selector thread ({@link NioHttp1}: non-blocking connections, at most
 *       {@code maxConnectionsPerServer} per server, the rest waiting), over {@code https://}
 *       through an {@code SSLEngine} ({@link NioTls}). A cancel closes the connection.</li>
 *   <li>One {@link Deadlines} entry bounds connect, TLS handshake, write and read; when it fires
 *       the socket is closed, so no read outlives it. The socket has no timeout of its own (a
 *       connect timeout is a second entry): the JDK would put it in non-blocking mode, and each
 *       read would cost three system calls instead of one.</li>
 *   <li>TLS verifies the certificate chain and the host name (endpoint identification
 *       {@code HTTPS}) unless the caller's {@link SSLContext} says otherwise.</li>
 *   <li>A POST is never sent twice. An idle connection is checked before reuse when it has been
 *       idle over a second, and dropped past the server's announced {@code Keep-Alive} timeout; a
 *       kept-alive connection that the server closes before answering fails the call with a
 *       message that says the request may or may not have been processed.</li>
 * </ul>
 * <pre>{@code
 * HttpEngine engine = new SocketHttpEngine(Duration.ofSeconds(10), null);
 * HttpEngine.Response response = engine.post(new HttpEngine.Request(uri, headers, body,
 *         Duration.ofSeconds(30), 64 << 20, true)).join();   // done on this thread
 * }</pre>
 */
public final class SocketHttpEngine implements HttpEngine {

    /** Idle connections kept per server; more are closed when released. */
    private static final int MAX_IDLE_PER_ROUTE = 64;
    /**
     * The default cap on connections that async {@code http} calls hold open to one server: 64, as
     * many as calls in flight that a single thread usually keeps, and the blocking path's idle cap.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SERVER = 64;

    private final int connectTimeoutMillis;
    private final SSLContext sslContext;
    private final int maxConnectionsPerServer;
    private final int pipelineDepth;
    private NioHttp1 nio;  // guarded by this; started on the first async call
    private final Map<Route, ConcurrentLinkedDeque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private final Set<Attempt> active = ConcurrentHashMap.newKeySet();
    private volatile SSLSocketFactory tls;
    private volatile boolean closed;

    private record Route(boolean secure, String host, int port, String hostHeader) {
        static Route of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean secure = switch (scheme) {
                case "http" -> false;
                case "https" -> true;
                default -> throw new IllegalArgumentException("not an http or https URI: " + uri);
            };
            String host = uri.getHost();
            if (host == null) {
                throw new IllegalArgumentException("no host in " + uri);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
            boolean defaultPort = uri.getPort() < 0 || port == (secure ? 443 : 80);
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return new Route(secure, bare, port, defaultPort ? host : host + ":" + port);
        }

        // Written out: a record's generated equals/hashCode link through an invokedynamic bootstrap
        // on first use, which costs a one-shot call (the CLI) several milliseconds.
        @Override
        public boolean equals(Object other) {
            return other instanceof Route r && secure == r.secure && port == r.port && host.equals(r.host)
                    && hostHeader.equals(r.hostHeader);
        }

        @Override
        public int hashCode() {
            return (host.hashCode() * 31 + port) * 31 + Boolean.hashCode(secure);
        }
    }

    /**
     * Creates the engine.
     *
     * @param connectTimeout how long opening a connection may take (also bounded by each request's timeout)
     * @param sslContext     the TLS context for {@code https}, or null for the JVM's default
     */
    public SocketHttpEngine(Duration connectTimeout, SSLContext sslContext) {
        this(connectTimeout, sslContext, DEFAULT_MAX_CONNECTIONS_PER_SERVER);
    }

    /**
     * Creates the engine.
     *
     * @param connectTimeout           how long opening a connection may take (also bounded by each request's timeout)
     * @param sslContext               the TLS context for {@code https}, or null for the JVM's default
     * @param maxConnectionsPerServer  the most connections async calls hold open to one server; more
     *                                 calls wait in order for one to come free
     */
    public SocketHttpEngine(Duration connectTimeout, SSLContext sslContext, int maxConnectionsPerServer) {
        this(connectTimeout, sslContext, maxConnectionsPerServer, 1);
    }

    /**
     * Creates the engine, pipelining async calls (HTTP/1.1): once {@code maxConnectionsPerServer}
     * connections are open to a server, a further call is written on the one carrying the fewest,
     * up to {@code pipelineDepth} calls on each, rather than waiting for one to come free.
     *
     * @param connectTimeout           how long opening a connection may take (also bounded by each request's timeout)
     * @param sslContext               the TLS context for {@code https}, or null for the JVM's default
     * @param maxConnectionsPerServer  the most connections async calls hold open to one server
     * @param pipelineDepth            the most async calls one connection carries at once; 1 pipelines none
     */
    public SocketHttpEngine(Duration connectTimeout, SSLContext sslContext, int maxConnectionsPerServer,
            int pipelineDepth) {
        if (maxConnectionsPerServer < 1) {
            throw new IllegalArgumentException("maxConnectionsPerServer must be at least 1: " + maxConnectionsPerServer);
        }
        if (pipelineDepth < 1) {
            throw new IllegalArgumentException("pipelineDepth must be at least 1: " + pipelineDepth);
        }
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.sslContext = sslContext;
        this.maxConnectionsPerServer = maxConnectionsPerServer;
        this.pipelineDepth = pipelineDepth;
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        Http1Connection.check(request);
        Route route = Route.of(request.uri());
        if (request.callerWaits()) {
            return exchange(route, request, new Attempt());
        }
        NioHttp1 selector = nio();
        if (selector == null) {
            return CompletableFuture.failedFuture(Abort.CLOSED.failure(null));
        }
        SSLContext tls = null;
        if (route.secure()) {
            try {
                tls = tlsContext();
            } catch (NoSuchAlgorithmException e) {
                return CompletableFuture.failedFuture(new IOException("no default TLS context", e));
            }
        }
        return selector.post(route.host(), route.port(), route.hostHeader(), request, tls);
    }

    private CompletableFuture<Response> exchange(Route route, Request request, Attempt attempt) {
        long deadline = Deadlines.after(request.timeout());
        active.add(attempt);
        Deadlines.Handle timer = Deadlines.at(deadline, () -> attempt.abort(Abort.TIMED_OUT));
        Http1Connection connection = null;
        boolean reused = false;
        try {
            if (closed) {
                attempt.abort(Abort.CLOSED);
                throw new IOException("the HTTP engine is closed");
            }
            connection = takeIdle(route);
            reused = connection != null;
            if (connection == null) {
                connection = open(route, attempt);
            } else {
                attempt.bind(connection);
            }
            Response response = connection.exchange(request);
            timer.cancel();
            if (attempt.detach()) {
                release(route, connection);
            } else {
                connection.abort();  // ended meanwhile: the connection may be closed already
            }
            return CompletableFuture.completedFuture(response);
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.abort();
            }
            return CompletableFuture.failedFuture(explained(e, attempt.reason(), reused));
        } finally {
            timer.cancel();
            active.remove(attempt);
        }
    }

    static Throwable explained(Exception e, Abort reason, boolean reused) {
        if (reason != null) {
            return reason.failure(e);
        }
        if (reused && e instanceof EOFException) {
            return new IOException("the server closed a kept-alive connection before answering; the request"
                    + " may or may not have been processed, and was not sent again", e);
        }
        return e;
    }

    private Http1Connection takeIdle(Route route) {
        ConcurrentLinkedDeque<Http1Connection> pool = idle.get(route);
        if (pool == null) {
            return null;
        }
        Http1Connection connection;
        while ((connection = pool.pollFirst()) != null) {
            if (!connection.isReusable() || Http1Head.staleIdle(System.nanoTime() - connection.idleSince(),
                    connection.keepAliveNanos(), connection::looksClosed)) {
                connection.abort();
                continue;
            }
            return connection;
        }
        return null;
    }

    private void release(Route route, Http1Connection connection) {
        if (closed || !connection.isReusable()) {
            connection.abort();
            return;
        }
        ConcurrentLinkedDeque<Http1Connection> pool = idle.computeIfAbsent(route, r -> new ConcurrentLinkedDeque<>());
        if (pool.size() >= MAX_IDLE_PER_ROUTE) {
            connection.abort();
            return;
        }
        connection.idleFrom(System.nanoTime());
        pool.offerFirst(connection);
        if (closed) {
            // close() may have emptied the pools before this one was added.
            closeIdle();
        }
    }

    private Http1Connection open(Route route, Attempt attempt) throws IOException {
        var raw = new Socket();
        attempt.bind(raw);
        raw.setTcpNoDelay(true);
        connect(raw, new InetSocketAddress(route.host(), route.port()));
        Socket socket = raw;
        if (route.secure()) {
            SSLSocket ssl = (SSLSocket) tlsFactory().createSocket(raw, route.host(), route.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            // No socket timeout (see connect): the call's deadline closes the socket under a stalled handshake.
            ssl.startHandshake();
            socket = ssl;
        }
        var connection = new Http1Connection(raw, socket, route.hostHeader());
        attempt.bind(connection);
        return connection;
    }

    /**
     * Connects in blocking mode (SocketDeadline says why): the connect timeout closes the socket
     * through SocketDeadline, the call's deadline through the attempt, whichever comes first; the
     * attempt's reason tells the caller which.
     */
    private void connect(Socket raw, InetSocketAddress address) throws IOException {
        try {
            SocketDeadline.run(raw, System.nanoTime() + connectTimeoutMillis * 1_000_000L, () -> raw.connect(address));
        } catch (SocketTimeoutException e) {
            var late = new HttpConnectTimeoutException("connect timed out");
            late.initCause(e);
            throw late;
        }
    }

    private SSLSocketFactory tlsFactory() throws IOException {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            try {
                factory = tlsContext().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no default TLS context", e);
            }
            tls = factory;
        }
        return factory;
    }

    /** {@return the caller's TLS context, or the JVM's default} */
    private SSLContext tlsContext() throws NoSuchAlgorithmException {
        return sslContext != null ? sslContext : SSLContext.getDefault();
    }

    /** {@return the async path, started now if need be; null once the engine is closed} */
    private synchronized NioHttp1 nio() {
        if (nio == null && !closed) {
            try {
                nio = new NioHttp1(connectTimeoutMillis, maxConnectionsPerServer, pipelineDepth);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not open a selector", e);
            }
        }
        return closed ? null : nio;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (nio != null) {
                nio.close();
            }
        }
        for (Attempt attempt : active) {
            attempt.abort(Abort.CLOSED);
        }
        closeIdle();
    }

    private void closeIdle() {
        for (ConcurrentLinkedDeque<Http1Connection> pool : idle.values()) {
            Http1Connection connection;
            while ((connection = pool.pollFirst()) != null) {
                connection.abort();
            }
        }
    }

    /**
     * One exchange's hold on its socket, so the deadline, a cancel or close() can end it from
     * another thread; the first reason wins.
     */
    private static final class Attempt {
        private Socket socket;
        private Http1Connection connection;
        private Abort reason;
        private boolean detached;

        synchronized void bind(Socket raw) {
            socket = raw;
            if (reason != null) {
                closeQuietly(raw);
            }
        }

        synchronized void bind(Http1Connection c) {
            connection = c;
            if (reason != null) {
                c.abort();
            }
        }

        /** Lets go of the connection after its exchange; {@return false if the attempt was ended first} */
        synchronized boolean detach() {
            if (reason != null) {
                return false;
            }
            detached = true;
            connection = null;
            socket = null;
            return true;
        }

        synchronized void abort(Abort why) {
            if (reason != null || detached) {
                return;
            }
            reason = why;
            if (connection != null) {
                connection.abort();
            } else if (socket != null) {
                closeQuietly(socket);
            }
        }

        synchronized Abort reason() {
            return reason;
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
