package io.jsonrpcclient.zeromq.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The transport's socket with the monitor that reports its connections: made with every setting,
 * read for connection news, replaced when the connection is lost ("lazy pirate"). Not thread-safe:
 * used by one thread at a time (the DEALER's socket thread, or whichever REQ caller holds the lock).
 *
 * <p>It also replaces a socket whose connection stalls in the ZeroMQ handshake: connected, but with no
 * greeting from the server after {@link #HANDSHAKE_PATIENCE_NANOS} (doubling with each stall in a
 * row, up to eight times that). JeroMQ 0.5.4 leaves about one fresh loopback connection in a hundred
 * that way when it is opened as the socket before it closes (measured: 3 of 400 on two busy cores),
 * and such a connection never recovers. Nothing sent on it can have reached the server (no message
 * goes before the greetings are exchanged), so what it held may be sent again on the fresh socket.
 * <pre>{@code
 * SocketPair pair = new SocketPair(settings, context);
 * pair.open();
 * if (pair.readEvents() == SocketPair.Events.STALLED) {
 *     // pair.socket() is a fresh socket: send again what was queued on the old one
 * }
 * }</pre>
 */
final class SocketPair {

    /** The logger of the ZeroMQ transport. */
    static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.zeromq");

    /** What a read of the monitor found. */
    enum Events {
        /** Nothing that changes the socket. */
        NONE,
        /** The socket connected. */
        CONNECTED,
        /** The connection was lost; the socket has been replaced by a fresh one. */
        LOST,
        /**
         * The connection stalled in the handshake; the socket has been replaced by a fresh one, and
         * nothing sent on the old one reached the server.
         */
        STALLED
    }

    /** How long a connection may wait for the server's greeting before it is taken for stalled. */
    static final long HANDSHAKE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The patience doubles with each stall in a row, at most this many times. */
    private static final int MAX_PATIENCE_DOUBLINGS = 3;

    private static final AtomicLong MONITORS = new AtomicLong();
    private static final int EVENTS = ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL;

    private final SocketSettings settings;
    private final ZMQ.Context context;
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    /** Whether the monitor last said connected; for error messages and the send deadline. */
    private boolean connected;
    /** When the connection was seen connected, and whether the server's greeting has come since. */
    private long connectedAt;
    private boolean greeted;
    /** Stalled handshakes in a row: each one doubles the patience for the next connection. */
    private int stalls;

    SocketPair(SocketSettings settings, ZMQ.Context context) {
        this.settings = settings;
        this.context = context;
    }

    /** {@return the socket; replaced by {@link #reset()} and by a lost connection} */
    ZMQ.Socket socket() {
        return socket;
    }

    /** {@return the monitor's socket, to poll beside the socket} */
    ZMQ.Socket monitor() {
        return monitor;
    }

    /** {@return whether the monitor last said connected} */
    boolean connected() {
        return connected;
    }

    /**
     * Reads the monitor's news without waiting. A lost connection replaces the socket at once rather than
     * trust the old one to reconnect: JeroMQ does not after some failures (a message over the size limit),
     * and what the socket held went with the connection.
     *
     * A connection that has waited too long for the server's greeting is replaced too (see above).
     *
     * @return what happened; {@link Events#LOST} and {@link Events#STALLED} win over {@link Events#CONNECTED}
     */
    Events readEvents() {
        Events seen = Events.NONE;
        ZMQ.Event event;
        while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
                LOG.debug("ZeroMQ {} socket connected to {}", settings.socketName(), settings.endpoint());
                connected = true;
                connectedAt = System.nanoTime();
                greeted = false;
                seen = Events.CONNECTED;
            } else if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
                greeted = true;
                stalls = 0;
            } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                LOG.debug("ZeroMQ {} socket lost its connection to {}", settings.socketName(), settings.endpoint());
                reset();
                return Events.LOST;
            }
        }
        if (connected && !greeted && System.nanoTime() - connectedAt > patienceNanos()) {
            LOG.debug("ZeroMQ {} socket to {}: no handshake within {} ms of connecting", settings.socketName(),
                    settings.endpoint(), TimeUnit.NANOSECONDS.toMillis(patienceNanos()));
            stalls++;
            reset();
            return Events.STALLED;
        }
        return seen;
    }

    private long patienceNanos() {
        return HANDSHAKE_PATIENCE_NANOS << Math.min(stalls, MAX_PATIENCE_DOUBLINGS);
    }

    /** Creates, configures and connects the socket, with a monitor for its connections. */
    void open() {
        ZMQ.Socket s = context.socket(settings.dealer() ? SocketType.DEALER : SocketType.REQ);
        ZMQ.Socket m = null;
        try {
            s.setLinger(millis(settings.linger().toMillis()));
            s.setSndHWM(settings.sendHighWaterMark());
            s.setRcvHWM(settings.receiveHighWaterMark());
            s.setReconnectIVL(millis(settings.reconnectInterval().toMillis()));
            s.setMaxMsgSize(settings.maxMessageSize());
            if (settings.endpoint().startsWith("tcp://[")) {
                s.setIPv6(true);
            }
            // JeroMQ's IMMEDIATE is the reverse of libzmq's: false queues messages only on completed
            // connections, so a message waiting for a server stays with us (and is withdrawn when its
            // call gives up) instead of reaching the server long after.
            s.setImmediate(false);
            SocketSettings.Curve curve = settings.curve();
            if (curve != null) {
                s.setCurveServerKey(curve.serverPublicKey());
                s.setCurvePublicKey(curve.publicKey());
                s.setCurveSecretKey(curve.secretKey());
            }
            String address = "inproc://jsonrpcclient-zmq-monitor-" + MONITORS.incrementAndGet() + "-"
                    + Integer.toHexString(System.identityHashCode(this));
            s.monitor(address, EVENTS);
            m = context.socket(SocketType.PAIR);
            m.connect(address);
            if (!s.connect(settings.endpoint())) {
                throw new IllegalStateException("cannot connect to " + settings.endpoint() + ": "
                        + ZMQ.Error.findByCode(s.errno()).getMessage());
            }
            this.socket = s;
            this.monitor = m;
            this.connected = false;
            this.greeted = false;
        } catch (RuntimeException e) {
            if (m != null) {
                m.setLinger(0);
                m.close();
            }
            s.setLinger(0);
            s.close();
            throw e;
        }
    }

    /** Closes the socket and its monitor. */
    void close(long lingerMillis) {
        if (socket != null) {
            socket.setLinger(millis(lingerMillis));
            socket.monitor(null, 0);
            socket.close();
            socket = null;
        }
        if (monitor != null) {
            monitor.setLinger(0);
            monitor.close();
            monitor = null;
        }
        connected = false;
    }

    /** Closes the socket at once, dropping whatever it holds, and opens a fresh one: the lazy pirate. */
    void reset() {
        LOG.debug("ZeroMQ {} socket to {}: closed and opened afresh", settings.socketName(), settings.endpoint());
        close(0);
        open();
    }

    /** {@return the message to explain a failed connection, with a hint when CURVE is in use} */
    String curveHint() {
        return settings.curve() != null ? "; if the server uses CURVE, check the keys" : "";
    }

    private static int millis(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
