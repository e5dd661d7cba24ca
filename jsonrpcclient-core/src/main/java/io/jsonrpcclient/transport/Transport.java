package io.jsonrpcclient.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Moves one encoded message to a server and brings back the bytes of its reply. This is the
 * whole service-provider interface: id matching, validation, timeouts and logging live in the
 * client, once, not in every transport.
 *
 * <p>An exchange transport (HTTP, ZeroMQ REQ) answers each exchange with the reply that came back
 * for it. A duplex connection (WebSocket, TCP, stdio) is adapted to this interface by the client's
 * multiplexer, which matches replies to exchanges by the message's ids.
 *
 * <p>Implementations must be thread-safe and must complete every future they return: with a
 * {@link TransportResponse}, or exceptionally with a {@link io.jsonrpcclient.TransportException}
 * (a {@link io.jsonrpcclient.RequestTimeoutException} when the exchange's timeout passed). The
 * client cancels a returned future when its call ends without the reply (the caller cancelled it,
 * or it timed out); the transport should then abort the exchange and release what it holds.
 * <pre>{@code
 * Transport echo = new Transport() {
 *     public String endpoint() { return "echo:"; }
 *     public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
 *         return CompletableFuture.completedFuture(TransportResponse.of(exchange.body()));
 *     }
 * };
 * }</pre>
 *
 * @since 0.1
 */
public interface Transport extends AutoCloseable {

    /** {@return where messages go, safe to show: no credentials} */
    String endpoint();

    /**
     * Sends one message and returns its reply.
     *
     * @param exchange the message, its encoded body and the call's options
     * @return the reply; its body is empty when the server sent none
     */
    CompletableFuture<TransportResponse> exchange(Exchange exchange);

    /** Releases connections and threads. Exchanges in flight fail. The default does nothing. */
    @Override
    default void close() {
    }
}
