package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection.Listener;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of a connection that is used once ({@link StreamConnection}, {@link SocketWebSocketConnection}).
 * Messages and the one loss report are made under one lock, so a loss never lands in the middle of a message,
 * and a listener that throws is logged instead of ending the reader thread.
 */
final class SingleUseListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final Object lock = new Object();
    private final String endpoint;
    private final BooleanSupplier done;
    private final BooleanSupplier closed;
    private volatile Listener listener;

    /**
     * @param endpoint the connection's endpoint, for logs
     * @param done     whether the connection was lost or closed, so that messages are no longer delivered
     * @param closed   whether the connection was closed on purpose, so that a loss is no longer reported
     */
    SingleUseListener(String endpoint, BooleanSupplier done, BooleanSupplier closed) {
        this.endpoint = endpoint;
        this.done = done;
        this.closed = closed;
    }

    /** Sets the listener, once, before the connection starts reading. */
    void set(Listener listener) {
        this.listener = listener;
    }

    /** Delivers a message unless the connection has ended (checked under the lock). */
    void message(byte[] message) {
        synchronized (lock) {
            if (done.getAsBoolean()) {
                return;
            }
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("the listener of {} failed on a message", endpoint, e);
            }
        }
    }

    /**
     * Reports the loss, for good, unless the connection was closed on purpose (checked under the lock). Single-use: lost is lost for good (a ReconnectingConnection around it ignores this and decides for
     * itself).
     */
    void lostForGood(TransportException reason) {
        synchronized (lock) {
            if (closed.getAsBoolean()) {
                return;
            }
            try {
                listener.onDisconnected(reason);
                listener.onLostForGood(reason);
            } catch (RuntimeException e) {
                LOG.warn("the listener of {} failed on the loss of the connection", endpoint, e);
            }
        }
    }
}
