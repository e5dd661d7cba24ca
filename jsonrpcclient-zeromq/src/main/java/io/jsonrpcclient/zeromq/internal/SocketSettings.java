package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.TransportException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transport's socket is made: every setting of the builder, checked.
 *
 * @param endpoint            where to connect, e.g. {@code tcp://127.0.0.1:5555}
 * @param dealer              true for a DEALER socket, false for REQ
 * @param connectTimeout      how long a message may wait for a connection
 * @param sendTimeout         how long a message may wait for room in a connected socket; null for the call's timeout
 * @param receiveTimeout      how long a reply may take once the request went; null for the call's timeout
 * @param linger              how long closing waits for unsent messages
 * @param sendHighWaterMark   the socket's send queue limit, in messages
 * @param receiveHighWaterMark the socket's receive queue limit, in messages
 * @param reconnectInterval   how long the socket waits before reconnecting
 * @param maxMessageSize      the largest inbound message, in bytes, or -1 for no limit
 * @param curve               CURVE keys, or null for no security
 */
public record SocketSettings(String endpoint, boolean dealer, Duration connectTimeout, Duration sendTimeout,
        Duration receiveTimeout, Duration linger, int sendHighWaterMark, int receiveHighWaterMark,
        Duration reconnectInterval, long maxMessageSize, Curve curve) {

    /** Checks the settings. */
    public SocketSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
    }

    /** {@return the socket type's name, for logs and threads} */
    public String socketName() {
        return dealer ? "DEALER" : "REQ";
    }

    /**
     * {@return the exception for a call that comes after close}
     *
     * @param death why the socket failed, or null if it was closed on purpose
     */
    TransportException closedException(TransportException death) {
        if (death != null) {
            return new TransportException("the ZeroMQ transport to " + endpoint + " has failed: "
                    + death.getMessage(), death);
        }
        return new TransportException("the transport to " + endpoint + " is closed", null);
    }

    /**
     * {@return the exception for a call still queued or in flight when the socket closed}
     *
     * @param death why the socket failed, or null if it was closed on purpose
     */
    TransportException closedWithCallsException(TransportException death) {
        if (death != null) {
            return new TransportException(death.getMessage(), death.getCause());
        }
        return new TransportException("the transport to " + endpoint + " was closed with the call in flight", null);
    }

    /**
     * The keys of a CURVE client, each 32 bytes.
     *
     * @param serverPublicKey the server's public key
     * @param publicKey       the client's public key
     * @param secretKey       the client's secret key
     */
    public record Curve(byte[] serverPublicKey, byte[] publicKey, byte[] secretKey) {

        /** Checks the keys. */
        public Curve {
            Objects.requireNonNull(serverPublicKey, "serverPublicKey");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toString() {
            return "Curve[keys hidden]";
        }
    }
}
