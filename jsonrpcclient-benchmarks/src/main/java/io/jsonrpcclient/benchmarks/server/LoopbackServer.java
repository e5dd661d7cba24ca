package io.jsonrpcclient.benchmarks.server;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.URI;

/**
 * A JSON-RPC server on 127.0.0.1 that answers every request to {@code add} with
 * {@code {"jsonrpc":"2.0","result":3,"id":<the request's id>}} (and a batch with an array of those),
 * fast enough not to be what a benchmark measures. Three kinds, so that the benchmarks can show
 * which one is not the bottleneck: {@link #raw()}, {@link #nio()} and {@link #jdk()}.
 */
public interface LoopbackServer extends Closeable {

    /** The loopback address every server binds to: the benchmarks never leave the machine. */
    InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** {@return the URL to POST to: {@code http://127.0.0.1:PORT/}} */
    default URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** {@return the port} */
    int port();

    /** {@return how many requests it answered} */
    long answered();

    @Override
    void close();

    /** {@return a hand-written HTTP/1.1 keep-alive server on plain sockets, a thread per connection} */
    static LoopbackServer raw() {
        return RawHttpServer.start();
    }

    /**
     * {@return {@link #raw()} over TLS: {@code https://}, with the key and certificate of the given context}
     *
     * @param serverContext the server's TLS context
     */
    static LoopbackServer rawTls(javax.net.ssl.SSLContext serverContext) {
        return RawHttpServer.startTls(serverContext);
    }

    /** {@return the JDK's {@code com.sun.net.httpserver} with TCP_NODELAY and a thread pool} */
    static LoopbackServer jdk() {
        return JdkServer.start();
    }

    /** {@return a hand-written HTTP/1.1 keep-alive server on one event loop: one thread, one selector} */
    static LoopbackServer nio() {
        return NioHttpServer.start();
    }

    /** {@return a server of a kind named {@code raw}, {@code nio} or {@code jdk}} */
    static LoopbackServer of(String kind) {
        return switch (kind) {
            case "raw" -> raw();
            case "nio" -> nio();
            case "jdk" -> jdk();
            default -> throw new IllegalArgumentException("unknown server kind " + kind);
        };
    }
}
