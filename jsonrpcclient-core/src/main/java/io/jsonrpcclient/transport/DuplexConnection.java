package io.jsonrpcclient.transport;

import io.jsonrpcclient.TransportException;
import java.util.concurrent.CompletableFuture;

/**
 * A connection that carries whole JSON-RPC messages both ways, such as a WebSocket, a framed TCP
 * stream or a ZeroMQ DEALER socket. It only moves bytes: {@link DuplexTransport} adapts it to the
 * {@link Transport} a client needs, matching each inbound reply to the call that is waiting for it.
 * <pre>{@code
 * DuplexConnection connection = ...;           // your framing over your socket
 * JsonRpcClient client = JsonRpcClient.newBuilder(DuplexTransport.of(connection)).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe: {@link #send} is called from any thread.
 *
 * @since 0.1
 */
public interface DuplexConnection extends AutoCloseable {

    /** {@return where the connection goes, safe to show: no credentials} */
    String endpoint();

    /**
     * Starts delivering inbound messages. Called once, before the first {@link #send}.
     *
     * @param listener receives every inbound message and every loss of the connection
     */
    void start(Listener listener);

    /**
     * Sends one whole message. The future completes once the message is handed to the network, or
     * fails with a {@link TransportException} if it cannot be (not connected in time, closed).
     * Cancelling the future before then withdraws the message, so a call that has given up is
     * not delivered late.
     *
     * @param message the message's bytes; not modified
     * @return when the message has gone
     */
    CompletableFuture<Void> send(byte[] message);

    /** Closes the connection. Pending sends fail; no listener method is called afterwards. Idempotent. */
    @Override
    void close();

    /**
     * What a connection reports. Its methods are called from one thread at a time, in the order of
     * events, and must not block.
     */
    interface Listener {

        /**
         * One inbound message: a reply, a server notification or request, or anything else the peer sent.
         *
         * @param message the whole message; the listener owns the array
         */
        void onMessage(byte[] message);

        /**
         * The connection was lost: messages in flight will get no reply. The connection may come back
         * by itself (ZeroMQ reconnects, for one); later sends then work, or fail if it does not.
         *
         * @param reason what happened, for the calls that fail
         */
        void onDisconnected(TransportException reason);

        /**
         * The connection was lost and has been restored (a connection with a reconnect policy, such as
         * the WebSocket and TCP ones): later sends go over the new connection. Server-side state tied to the old
         * one, such as subscriptions, is gone. The default does nothing.
         */
        default void onReconnected() {
        }

        /**
         * The connection was lost for good: its reconnect policy gave up, or it has none. Called after
         * {@link #onDisconnected} (at once, or after the failed attempts); no {@link #onReconnected()}
         * follows and later sends fail. Server-side state that was to be restored, such as subscriptions
         * made to be renewed, must be given up. Connections that reconnect by themselves for ever (ZeroMQ)
         * never call it. The default does nothing.
         *
         * @param reason the loss (or the last failed attempt)
         */
        default void onLostForGood(TransportException reason) {
        }
    }
}
