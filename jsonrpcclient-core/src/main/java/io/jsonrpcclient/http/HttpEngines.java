package io.jsonrpcclient.http;

import io.jsonrpcclient.internal.JdkHttpEngine;
import io.jsonrpcclient.internal.SocketHttpEngine;
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
 * <p>Without {@link HttpTransport.Builder#engine(HttpEngine)}, a transport speaking HTTP/1.1 to a
 * server the JVM's default proxy selector reaches directly uses {@link #socket()}, the fastest
 * engine measured; with {@code version(HTTP_2)}, a proxy, or the JVM's proxy settings naming one,
 * it uses {@link #jdk()}.
 *
 * <ul>
 *   <li>{@link #socket()}: HTTP/1.1 spoken over kept-alive sockets by this library, the exchange on
 *       the caller's thread for a blocking call (for an async one, a selector thread, over
 *       {@code http://} and {@code https://} alike). No HTTP/2,
 *       proxies, redirects or compression. Never sends a POST twice.</li>
 *   <li>{@link #jdk()}: {@code java.net.http}. HTTP/1.1 or HTTP/2, proxies; a blocking call
 *       runs {@code send()} on the caller's own thread, an async call uses {@code sendAsync} and
 *       holds no thread while in flight. On a machine with two processors or fewer, where
 *       {@code sendAsync} would start a new thread per response (its futures complete through
 *       {@code CompletableFuture}'s default executor, which is then thread-per-task), async calls
 *       run {@code send()} on a shared cached pool of daemon threads instead.</li>
 *   <li>{@link #urlConnection()}: {@link java.net.HttpURLConnection}. HTTP/1.1 only and blocking,
 *       the exchange running on the calling thread (async calls too); on loopback it serves
 *       blocking callers several times faster than {@link #jdk()}. Not the default because,
 *       like every buffered {@code HttpURLConnection} POST, the JDK sends a request a second time
 *       when a connection fails before any reply header (see the method).</li>
 * </ul>
 *
 * <p>How they compare, with Apache HttpClient, Jetty and OkHttp engines beside them, is measured
 * in docs/BENCHMARKS.md.
 *
 * @since 0.1
 */
public final class HttpEngines {

    private HttpEngines() {
    }

    /**
     * Returns an engine on a new {@code java.net.http} client speaking HTTP/1.1, with the
     * default connect timeout and redirects not followed. Closed with the transport. A caller that
     * waits for its reply ({@link HttpEngine.Request#callerWaits()}) is served by {@code send()} on
     * its own thread. One deadline bounds connection, headers and body on both paths; for a caller
     * inside {@code send()} it interrupts the caller, which aborts the exchange, and the engine takes
     * the interrupt back. Closing the engine interrupts such callers the same way.
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
     * flight from few threads use {@link #jdk()}. The body is buffered and sent with the headers
     * in one write (in streaming mode the JDK writes them apart and, without TCP_NODELAY, the body
     * waits for a delayed ACK); in buffered mode the JDK sends a POST once more on a fresh
     * connection if the first fails before any reply header arrives (a kept-alive connection the
     * server had closed, or a server that dropped the request), so a call may reach the server
     * twice. {@code -Dsun.net.http.retryPost=false} turns that off for the whole JVM. Proxies
     * come from the JVM's default {@link java.net.ProxySelector}; kept-alive connections from the
     * JDK's cache ({@code http.maxConnections}, 5 per server by default).
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

    /**
     * Returns an engine that speaks HTTP/1.1 itself over kept-alive plain or TLS sockets, with the
     * default connect timeout and the JVM's default TLS settings (certificate chain and host name
     * verified). The fastest engine here for blocking callers: the POST leaves in one write and the
     * reply is read on the caller's thread. Async calls hold no thread while in flight: one selector
     * thread per engine drives them over non-blocking kept-alive connections (through an
     * {@code SSLEngine} for {@code https://}, with the same verification), at most 64 open to one
     * server (more calls wait for one; see {@link #socket(int)}), and their futures complete on the
     * shared callback pool, never on that thread. No HTTP/2, proxies, redirects or
     * compression: use {@link #jdk()} for those. A POST is never sent twice: a kept-alive
     * connection the server closes before answering fails the call, saying so.
     *
     * @return the engine
     */
    public static HttpEngine socket() {
        return new SocketHttpEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * Returns the socket engine ({@link #socket()}) with another cap on the connections its async
     * calls hold open to one server; calls beyond it wait, in order, for one to come
     * free. Blocking calls are not capped: each uses a connection on its own thread.
     * <pre>{@code
     * HttpTransport transport = HttpTransport.newBuilder(URI.create("http://127.0.0.1:8545/"))
     *         .engine(HttpEngines.socket(8))   // at most 8 connections for async calls
     *         .build();
     * }</pre>
     *
     * @param maxConnectionsPerServer at least 1; the default is 64
     * @return the engine
     * @throws IllegalArgumentException if {@code maxConnectionsPerServer} is below 1
     */
    public static HttpEngine socket(int maxConnectionsPerServer) {
        return new SocketHttpEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT, null, maxConnectionsPerServer);
    }

    /**
     * Returns the socket engine ({@link #socket()}) with HTTP/1.1 pipelining for async calls: at most
     * {@code maxConnectionsPerServer} connections to one server, and once all are open, further calls
     * are written on the connection carrying the fewest, up to {@code pipelineDepth} on each, without
     * waiting for the replies before them; calls beyond that wait. Fewer connections and system calls
     * for many calls in flight, at two costs, which is why it is not the default:
     * <ul>
     *   <li>replies come in order, so a slow call holds up the calls behind it on its connection
     *       (each still ends at its own deadline; a timed-out or cancelled call's reply is read and
     *       dropped, and the connection kept for the others);</li>
     *   <li>if the server drops a connection without a word, every call on it fails, saying it may
     *       or may not have been processed (RFC 9112 advises against pipelining requests that are not
     *       idempotent, as most JSON-RPC calls are not, for this reason). Calls behind a reply with
     *       {@code Connection: close} were not processed, so they go to another connection.</li>
     * </ul>
     * The server must answer pipelined requests in order, as HTTP/1.1 requires of every server.
     * Blocking calls are neither capped nor pipelined.
     * <pre>{@code
     * HttpTransport transport = HttpTransport.newBuilder(URI.create("http://127.0.0.1:8545/"))
     *         .engine(HttpEngines.socketPipelining(4, 16))   // 64 calls in flight on 4 connections
     *         .build();
     * }</pre>
     *
     * @param maxConnectionsPerServer at least 1
     * @param pipelineDepth           the most calls one connection carries at once, at least 1 (1: none pipelined)
     * @return the engine
     * @throws IllegalArgumentException if either is below 1
     */
    public static HttpEngine socketPipelining(int maxConnectionsPerServer, int pipelineDepth) {
        return new SocketHttpEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT, null, maxConnectionsPerServer, pipelineDepth);
    }

    /**
     * Returns the socket engine ({@link #socket()}) with the given TLS context for {@code https}
     * URLs; host names are still verified unless the context's trust manager says otherwise.
     *
     * @param sslContext the TLS context
     * @return the engine
     */
    public static HttpEngine socket(SSLContext sslContext) {
        return new SocketHttpEngine(HttpTransport.DEFAULT_CONNECT_TIMEOUT, Objects.requireNonNull(sslContext, "sslContext"));
    }
}
