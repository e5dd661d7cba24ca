package io.jsonrpcclient.transport;

import io.jsonrpcclient.TransportException;

/**
 * Told when a duplex connection is lost, when it is restored, and when it will not come back. Registered with
 * {@link DuplexTransport#onConnectionState(ConnectionListener)}; runs on the callback executor, one event at
 * a time, in order.
 * <pre>{@code
 * transport.onConnectionState(new ConnectionListener() {
 *     public void onDisconnected(TransportException reason) { log.warn("lost: {}", reason.getMessage()); }
 *     public void onReconnected() { log.info("back"); }
 *     public void onLostForGood(TransportException reason) { alert("gave up: " + reason.getMessage()); }
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

    /**
     * The connection will not come back: it was lost and the reconnect policy gave up, or there is none
     * (then this follows {@link #onDisconnected} at once). Later calls fail at once; subscriptions that
     * were to be made again have ended with {@link Subscription.CloseReason#CONNECTION_LOST}. Not called
     * when the transport is closed.
     *
     * @param reason the loss, or the last failed attempt to reconnect
     */
    default void onLostForGood(TransportException reason) {
    }
}
