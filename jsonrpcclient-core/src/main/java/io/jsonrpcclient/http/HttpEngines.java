package io.jsonrpcclient.http;

import io.jsonrpcclient.internal.JdkHttpEngine;
import io.jsonrpcclient.internal.UrlConnectionEngine;
import java.net.http.HttpClient;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The built-in {@link HttpEngine}s, for {@link HttpTransport.Builder#engine(HttpEngine)}.
 * <pre>{@code
 * HttpTransport transport = HttpTransport.newBuilder(URI.create("http://127.0.0.1:8545/"))
 *         .engine(HttpEngines.urlConnection())
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #jdk()}: {@code java.net.http}, the default. Non-blocking (many calls in flight
 *       from few threads), HTTP/2 on request.</li>
 *   <li>{@link #urlConnection()}: {@link java.net.HttpURLConnection}. HTTP/1.1 only and blocking,
 *       the exchange running on the calling thread; on loopback it serves blocking callers
 *       several times faster than {@link #jdk()}, whose {@code sendAsync} hands every response
 *       to another thread (docs/BENCHMARKS.md).</li>
 * </ul>
 *
 * @since 0.1
 */
public final class HttpEngines {

    private HttpEngines() {
    }

    /**
     * Returns the default engine: a new {@code java.net.http} client speaking HTTP/1.1, with the
     * default connect timeout and redirects not followed. Closed with the transport.
     *
     * @return the engine
     */
    public static HttpEngine jdk() {
        return new JdkHttpEngine(HttpClient.newBuilder()
                .connectTimeout(HttpTransport.DEFAULT_CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), true);
    }

    /**
     * Returns an engine on a caller's {@code java.net.http} client, configured as they wish
     * (HTTP/2, proxy, TLS, executor). The engine does not close it.
     *
     * @param client the client
     * @return the engine
     */
    public static HttpEngine jdk(HttpClient client) {
        return new JdkHttpEngine(Objects.requireNonNull(client, "client"), false);
    }

    /**
     * Returns an engine on {@link java.net.HttpURLConnection}, with the default connect timeout
     * and the JVM's default TLS settings ({@code javax.net.ssl.*} properties). The exchange runs on
     * the calling thread, so async calls return with their reply already in: for many calls in
     * flight from few threads use {@link #jdk()}. Proxies come from the JVM's default
     * {@link java.net.ProxySelector}; kept-alive connections from the JDK's cache
     * ({@code http.maxConnections}, 5 per server by default).
     *
     * @return the engine
     */
    public static HttpEngine urlConnection() {
        return new UrlConnectionEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Returns an engine on {@link java.net.HttpURLConnection} that uses the given TLS context for
     * {@code https} URLs (host names are still verified). See {@link #urlConnection()}.
     *
     * @param sslContext the TLS context
     * @return the engine
     */
    public static HttpEngine urlConnection(SSLContext sslContext) {
        return new UrlConnectionEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT,
                Objects.requireNonNull(sslContext, "sslContext"));
    }
}
