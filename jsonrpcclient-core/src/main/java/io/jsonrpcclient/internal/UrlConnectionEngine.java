package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@link HttpEngine} on the JDK's {@link HttpURLConnection}: blocking, HTTP/1.1 with the JDK's
 * keep-alive connection cache, and on loopback several times the calls per second of the
 * {@code java.net.http} engine for blocking callers (docs/BENCHMARKS.md). The exchange runs on the
 * calling thread, so the returned future is already complete: an async call through this engine
 * returns once its reply is in.
 *
 * <p>The body is buffered and goes out with the headers in one write. (In fixed-length streaming
 * mode the JDK writes the headers and the body separately, and without TCP_NODELAY, which
 * {@code HttpURLConnection} cannot set, the body then waits for the server's delayed ACK: ten times
 * fewer calls per second on loopback.) As for every {@code HttpURLConnection} in buffered mode,
 * jsonrpc4j's and jsonrpc2-client's included, the JDK sends a {@code POST} once more on a fresh
 * connection if the first one fails before any reply header arrives, typically a kept-alive
 * connection the server had closed; never after a timeout. {@code -Dsun.net.http.retryPost=false}
 * turns that off for the whole JVM. The request timeout bounds the connect, each read, and the
 * whole body read. Redirects are not followed. A {@code 401} is returned as it is, unless the
 * application installed a default {@link java.net.Authenticator}, which the JDK then consults.
 */
public final class UrlConnectionEngine implements HttpEngine {

    /** Headers the JDK's HTTP clients set themselves; setting one is a usage error, as with {@code java.net.http}. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int connectTimeoutMillis;
    private final SSLSocketFactory sslSocketFactory;
    private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    // The transport posts to one URI: keep its URL rather than parse it again on every call.
    private volatile Target target;

    private record Target(URI uri, URL url) {
    }

    /**
     * Creates the engine.
     *
     * @param connectTimeout how long opening a connection may take (also bounded by each request's timeout)
     * @param sslContext     the TLS context for {@code https} URLs, or null for the JVM's default
     */
    public UrlConnectionEngine(Duration connectTimeout, SSLContext sslContext) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.sslSocketFactory = sslContext == null ? null : sslContext.getSocketFactory();
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        for (String name : request.headers().keySet()) {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
            }
        }
        try {
            return CompletableFuture.completedFuture(exchange(request));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private URL urlOf(URI uri) throws IOException {
        Target t = target;
        if (t == null || !t.uri().equals(uri)) {
            t = new Target(uri, uri.toURL());
            target = t;
        }
        return t.url();
    }

    private Response exchange(Request request) throws IOException {
        if (closed) {
            throw new IOException("the HTTP engine is closed");
        }
        long timeoutNanos = request.timeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        var connection = (HttpURLConnection) urlOf(request.uri()).openConnection();
        inFlight.add(connection);
        boolean done = false;
        boolean connected = false;
        try {
            if (sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sslSocketFactory);
            }
            int timeoutMillis = millis(timeoutNanos);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(Math.min(connectTimeoutMillis, timeoutMillis));
            connection.setReadTimeout(timeoutMillis);
            byte[] body = request.body();
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            connection.connect();  // a timeout here is the connect timeout; a kept-alive connection is reused
            connected = true;
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status < 0) {
                throw new IOException("the server's reply is not HTTP");
            }
            long announced = connection.getContentLengthLong();
            if (announced > request.maxResponseBytes()) {
                throw new ResponseTooLargeException(request.maxResponseBytes(), announced);
            }
            byte[] bytes = readBody(connection, status, announced, request.maxResponseBytes(), deadline);
            Response response = new Response(status, reasonOf(connection, status), headersOf(connection), bytes,
                    protocolOf(connection));
            done = true;
            return response;
        } catch (SocketTimeoutException e) {
            throw connected ? timedOut(e) : connectTimedOut(e);
        } catch (UnknownHostException e) {
            var unknown = new ConnectException(e.getMessage());
            unknown.initCause(new UnresolvedAddressException());
            throw unknown;
        } finally {
            inFlight.remove(connection);
            if (!done) {
                // Never hand a half-read connection back to the keep-alive cache.
                connection.disconnect();
            }
        }
    }

    private static byte[] readBody(HttpURLConnection connection, int status, long announced, long limit,
            long deadline) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            if (announced >= 0 && announced <= MAX_ARRAY) {
                // The usual case: one array of the announced size, filled in place.
                byte[] buf = new byte[(int) announced];
                int n = 0;
                while (n < buf.length) {
                    int k = in.read(buf, n, buf.length - n);
                    if (k < 0) {
                        throw new IOException("the server closed the connection after " + n + " of "
                                + announced + " bytes");
                    }
                    n += k;
                    checkDeadline(deadline);
                }
                // Reading the end hands the connection back to the keep-alive cache.
                if (in.read() >= 0) {
                    throw new IOException("the server sent more than its Content-Length");
                }
                return buf;
            }
            long cap = Math.min(limit, MAX_ARRAY);
            byte[] buf = new byte[1024];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= cap) {
                        if (in.read() < 0) {
                            return buf;
                        }
                        throw new ResponseTooLargeException(limit, -1);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, 2L * n));
                }
                int k = in.read(buf, n, buf.length - n);
                if (k < 0) {
                    return Arrays.copyOf(buf, n);
                }
                n += k;
                checkDeadline(deadline);
            }
        }
    }

    private static void checkDeadline(long deadline) throws HttpTimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new HttpTimeoutException("request timed out");
        }
    }

    private static String reasonOf(HttpURLConnection connection, int status) throws IOException {
        String reason = connection.getResponseMessage();
        return reason == null || reason.isBlank() ? HttpReasons.of(status) : reason;
    }

    private static Map<String, List<String>> headersOf(HttpURLConnection connection) {
        Map<String, List<String>> fields = connection.getHeaderFields();
        var headers = new HashMap<String, List<String>>(fields.size() * 2);
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            if (field.getKey() != null) {  // the null key holds the status line
                headers.put(field.getKey(), field.getValue());
            }
        }
        return headers;
    }

    private static String protocolOf(HttpURLConnection connection) {
        String statusLine = connection.getHeaderField(0);
        return statusLine != null && statusLine.startsWith("HTTP/1.0") ? "HTTP/1.0" : "HTTP/1.1";
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(nanos).toMillis()));
    }

    private static IOException connectTimedOut(SocketTimeoutException e) {
        var timeout = new HttpConnectTimeoutException("HTTP connect timed out");
        timeout.initCause(e);
        return timeout;
    }

    private static IOException timedOut(SocketTimeoutException e) {
        var timeout = new HttpTimeoutException("request timed out");
        timeout.initCause(e);
        return timeout;
    }

    @Override
    public void close() {
        // Exchanges in flight fail, as Transport.close() promises: their sockets are closed under them.
        closed = true;
        for (HttpURLConnection connection : inFlight) {
            connection.disconnect();
        }
    }
}
