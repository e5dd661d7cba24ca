package io.jsonrpcclient.benchmarks.server;

import java.net.URI;

/**
 * A loopback WebSocket server on 127.0.0.1 that answers every text message holding {@code add}
 * request(s) with the reply for its id(s), as one text message. Two kinds: {@link #raw()}, written
 * by hand so that the server is not what a benchmark measures, and {@link #jetty()}, for comparison.
 * <pre>{@code
 * try (var server = WebSocketServer.of("raw")) { URI uri = server.uri(); ... }
 * }</pre>
 */
public interface WebSocketServer extends AutoCloseable {

    /** {@return the ws:// address} */
    URI uri();

    /** {@return how many messages it answered} */
    long answered();

    @Override
    void close();

    /** {@return a hand-written RFC 6455 server on plain sockets, a thread per connection, coalesced writes} */
    static WebSocketServer raw() {
        return RawWebSocketServer.start();
    }

    /** {@return Jetty 12's WebSocket server} */
    static WebSocketServer jetty() {
        return JettyWebSocketServer.start();
    }

    /** {@return a server of a kind named {@code raw} or {@code jetty}} */
    static WebSocketServer of(String kind) {
        return switch (kind) {
            case "raw" -> raw();
            case "jetty" -> jetty();
            default -> throw new IllegalArgumentException("unknown WebSocket server kind " + kind);
        };
    }
}
