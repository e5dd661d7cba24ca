package io.jsonrpcclient.transport;

import io.jsonrpcclient.TransportException;

/**
 * Told when a duplex connection is lost and when it is restored. Registered with
 * {@link DuplexTransport#onConnectionState(ConnectionListener)}; runs on the callback executor, one event at
 * a time, in order.
 * <pre>{@code
 * transport.onConnectionState(new ConnectionListener() {
 *     public void onDisconnected(TransportException reason) { log.warn("lost: {}", reason.getMessage()); }
 *     public void onReconnected() { log.info("back"); }
 * });
 * }</pre>
 *
 * @since 0.1
 */
public interface ConnectionListener {

    /**
     * The connection was lost (or the server closed it). Calls in flight have failed.
     *
     * @param reason what happened; for a WebSocket its message holds the close code and reason
     */
    default void onDisconnected(TransportException reason) {
    }

    /** The connection was restored by the reconnect policy; new calls go over it. */
    default void onReconnected() {
    }
}
