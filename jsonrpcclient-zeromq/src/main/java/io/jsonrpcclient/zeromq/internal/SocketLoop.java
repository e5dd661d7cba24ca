package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One thread that owns one ZeroMQ socket, since ZeroMQ sockets must not be shared between threads.
 * Callers hand work over through queues of the subclass and wake the thread through a pipe that the
 * thread polls beside the socket; the thread sends, receives, watches the socket's monitor for
 * connections and losses, enforces deadlines, and on close fails what is left, closes the socket with
 * its linger and, when it owns the context, terminates it.
 */
abstract class SocketLoop implements Runnable {

    /** The logger of the ZeroMQ transport. */
    static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.zeromq");

    private static final AtomicLong MONITORS = new AtomicLong();
    private static final long MAX_POLL_MILLIS = 1000;
    private static final int EVENTS = ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED;
    private static final byte[] ONE = {1};
    static final byte[] EMPTY = new byte[0];

    final SocketSettings settings;
    private final ZMQ.Context context;
    private final boolean ownsContext;
    private final Executor callbacks;
    private final Pipe wakeup;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile TransportException death;

    /** The socket and its monitor; touched by the loop's thread only. */
    ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    /** Whether the monitor last said connected; for error messages and the send deadline. */
    boolean connected;
    private boolean started;

    SocketLoop(SocketSettings settings, ZMQ.Context context, boolean ownsContext, Executor callbacks) {
        this.settings = settings;
        this.context = context;
        this.ownsContext = ownsContext;
        this.callbacks = callbacks;
        try {
            this.wakeup = Pipe.open();
            wakeup.source().configureBlocking(false);
            wakeup.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the wake-up pipe of a ZeroMQ socket thread", e);
        }
        this.thread = new Thread(this, "jsonrpcclient-zmq-" + settings.socketName().toLowerCase() + " "
                + settings.endpoint());
        thread.setDaemon(true);
    }

    /** Starts the thread. */
    final synchronized void startThread() {
        if (!started) {
            started = true;
            thread.start();
        }
    }

    /** {@return true if the caller runs on the loop's thread} */
    final boolean isOnLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** {@return true once the loop has stopped, or is stopping, so that nothing handed over will run} */
    final boolean isClosed() {
        return closing || closed;
    }

    /** {@return the exception for a call that comes after close} */
    final TransportException closedException() {
        TransportException cause = death;
        if (cause != null) {
            return new TransportException("the ZeroMQ transport to " + settings.endpoint() + " has failed: "
                    + cause.getMessage(), cause);
        }
        return new TransportException("the transport to " + settings.endpoint() + " is closed", null);
    }

    /** Wakes the loop's thread; cheap, and coalesced while the thread has not woken yet. */
    final void wakeup() {
        if (signalled.compareAndSet(false, true)) {
            try {
                wakeup.sink().write(ByteBuffer.wrap(ONE));
            } catch (IOException e) {
                // The pipe is closed: the loop has ended, and nothing is left to wake.
            }
        }
    }

    /** Completes a future off the loop's thread, so a caller's continuation cannot stall the socket. */
    final void callback(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException shutDown) {
            completion.run();
        }
    }

    @Override
    public final void run() {
        Selector selector = null;
        try {
            selector = context.selector();
            openSocket();
            while (!closing) {
                signalled.set(false);
                drainWakeup();
                long now = System.nanoTime();
                process(now);
                if (closing) {
                    break;
                }
                ZMQ.Socket polled = socket;
                ZMQ.PollItem[] items = {
                    new ZMQ.PollItem(wakeup.source(), ZMQ.Poller.POLLIN),
                    new ZMQ.PollItem(polled, socketInterest()),
                    new ZMQ.PollItem(monitor, ZMQ.Poller.POLLIN),
                };
                long waitNanos = Math.max(0, pollDeadline(now) - now);
                long millis = Math.min(MAX_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
                ZMQ.poll(selector, items, millis);
                if (items[2].isReadable()) {
                    readEvents();
                }
                // Not if a lost connection replaced the socket meanwhile: the new one has nothing yet.
                if (items[1].isReadable() && socket == polled) {
                    onReadable();
                }
            }
        } catch (ZMQException | IllegalStateException | UncheckedIOException e) {
            death = new TransportException("ZeroMQ failed on " + settings.endpoint() + ": " + e.getMessage(), e);
            LOG.warn("the ZeroMQ socket thread for {} stopped: {}", settings.endpoint(), e.toString());
        } catch (RuntimeException | Error e) {
            death = new TransportException("the ZeroMQ socket thread for " + settings.endpoint() + " failed: " + e, e);
            LOG.error("the ZeroMQ socket thread for {} failed", settings.endpoint(), e);
        } finally {
            closing = true;
            failEverything(closedWithCallsException());
            closeSocket(settings.linger().toMillis());
            if (selector != null) {
                context.close(selector);
            }
            if (ownsContext) {
                context.term();
            }
            closed = true;
            try {
                wakeup.source().close();
                wakeup.sink().close();
            } catch (IOException ignored) {
                // nothing to do
            }
            // Anything handed over while the socket closed.
            failEverything(closedWithCallsException());
            finished.countDown();
        }
    }

    private TransportException closedWithCallsException() {
        TransportException cause = death;
        if (cause != null) {
            return new TransportException(cause.getMessage(), cause.getCause());
        }
        return new TransportException("the transport to " + settings.endpoint() + " was closed with the call in flight",
                null);
    }

    private void drainWakeup() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try {
            while (wakeup.source().read(buffer) > 0) {
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readEvents() {
        ZMQ.Event event;
        while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
                LOG.debug("ZeroMQ {} socket connected to {}", settings.socketName(), settings.endpoint());
                connected = true;
                onConnected();
            } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                LOG.debug("ZeroMQ {} socket lost its connection to {}", settings.socketName(), settings.endpoint());
                connected = false;
                onDisconnected();
                // Start afresh rather than trust the old socket to reconnect: JeroMQ does not after some
                // failures (a message over the size limit), and what the socket held went with the connection.
                resetSocket();
            }
        }
    }

    /** Creates, configures and connects the socket, with a monitor for its connections. */
    final void openSocket() {
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
    final void closeSocket(long lingerMillis) {
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

    private static int millis(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    /** Closes the socket at once, dropping whatever it holds, and opens a fresh one: the lazy pirate. */
    final void resetSocket() {
        LOG.debug("ZeroMQ {} socket to {}: closed and opened afresh", settings.socketName(), settings.endpoint());
        closeSocket(0);
        openSocket();
    }

    /**
     * Stops the thread: what is in flight fails, the socket closes with its linger. Waits for that,
     * at most the linger and a few seconds. Idempotent.
     */
    public void close() {
        closing = true;
        wakeup();
        synchronized (this) {
            if (!started) {
                started = true;
                // Never started: close here what the thread would have.
                closed = true;
                failEverything(closedWithCallsException());
                if (ownsContext) {
                    context.term();
                }
                finished.countDown();
                return;
            }
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            long waitMillis = settings.linger().toMillis() + 5000;
            if (!finished.await(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("the ZeroMQ socket thread for {} did not stop within {} ms", settings.endpoint(), waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the subclass's part, on the loop's thread

    /** Does what is due: takes handed-over work, sends, fails what passed its deadline. */
    abstract void process(long now);

    /** {@return the events to poll the socket for: POLLIN, and POLLOUT while a message waits for room} */
    abstract int socketInterest();

    /** {@return the {@link System#nanoTime()} by which the loop must wake to enforce a deadline} */
    abstract long pollDeadline(long now);

    /** The socket has a message to read. */
    abstract void onReadable();

    /** The monitor says the connection was lost; the socket is replaced right after. */
    abstract void onDisconnected();

    /** The monitor says the socket connected. */
    void onConnected() {
    }

    /** Fails everything handed over and not finished; may run on any thread, more than once. */
    abstract void failEverything(TransportException reason);

    /** {@return the last frame of a whole message from the socket, or null if none is waiting} */
    final byte[] receive() {
        byte[] frame = socket.recv(ZMQ.DONTWAIT);
        if (frame == null) {
            return null;
        }
        while (socket.hasReceiveMore()) {
            // The envelope (a DEALER's empty delimiter) comes first; the JSON is the last frame.
            frame = socket.recv(0);
        }
        return frame;
    }

    /** {@return the message to explain a failed connection, with a hint when CURVE is in use} */
    final String curveHint() {
        return settings.curve() != null ? "; if the server uses CURVE, check the keys" : "";
    }
}
