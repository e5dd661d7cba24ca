package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One thread that owns one ZeroMQ socket (the DEALER's), since ZeroMQ sockets must not be used by two
 * threads at once. Callers hand work over through queues of the subclass and wake the thread through a
 * pipe. While there is work the thread does not wait at all; when there is none it waits on one NIO
 * selector holding the pipe and the ZMQ_FD channels of the socket and its monitor, registered once per
 * socket (a JeroMQ poll registers everything anew on every call, which cost far more than the call). The thread sends, receives,
 * watches the monitor for connections and losses, enforces deadlines, and on close fails what is left,
 * closes the socket with its linger and, when it owns the context, terminates it.
 */
abstract class SocketLoop implements Runnable {

    /** The logger of the ZeroMQ transport. */
    static final org.slf4j.Logger LOG = SocketPair.LOG;

    private static final long MAX_POLL_MILLIS = 1000;
    private static final byte[] ONE = {1};
    static final byte[] EMPTY = new byte[0];

    final SocketSettings settings;
    private final ZMQ.Context context;
    private final boolean ownsContext;
    private final Pipe wakeup;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile TransportException death;

    /** The socket and its monitor; touched by the loop's thread only. */
    private final SocketPair pair;
    private boolean started;

    SocketLoop(SocketSettings settings, ZMQ.Context context, boolean ownsContext) {
        this.settings = settings;
        this.context = context;
        this.ownsContext = ownsContext;
        this.pair = new SocketPair(settings, context);
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
        return settings.closedException(death);
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

    @Override
    public final void run() {
        Selector selector = null;
        ZMQ.Socket registered = null;
        try {
            selector = Selector.open();
            SelectionKey woken = wakeup.source().register(selector, SelectionKey.OP_READ);
            pair.open();
            while (!closing) {
                signalled.set(false);
                long now = System.nanoTime();
                process(now);
                if (closing) {
                    break;
                }
                SocketPair.Events events = pair.readEvents();
                if (events == SocketPair.Events.CONNECTED) {
                    onConnected();
                } else if (events == SocketPair.Events.LOST || events == SocketPair.Events.STALLED) {
                    onDisconnected(events == SocketPair.Events.STALLED);
                    continue;
                }
                // While messages keep coming, go round again at once.
                if (onReadable()) {
                    continue;
                }
                ZMQ.Socket socket = pair.socket();
                // ZMQ_EVENTS last: it takes in the socket's pending commands, after which any new one signals
                // the socket's ZMQ_FD again, so the wait below cannot miss a message or room to send.
                int ready = socket.getEvents();
                if ((ready & ZMQ.Poller.POLLIN) != 0
                        || ((ready & ZMQ.Poller.POLLOUT) != 0 && (socketInterest() & ZMQ.Poller.POLLOUT) != 0)) {
                    continue;
                }
                if (registered != socket) {
                    // The channels are registered once per socket: a JeroMQ poll would register them anew,
                    // with new items, on every call, which costs far more than the wait itself.
                    socket.getFD().register(selector, SelectionKey.OP_READ);
                    pair.monitor().getFD().register(selector, SelectionKey.OP_READ);
                    registered = socket;
                }
                long waitNanos = Math.max(0, pollDeadline(now) - now);
                long millis = Math.min(MAX_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
                if (selector.select(millis) > 0 && selector.selectedKeys().contains(woken)) {
                    drainWakeup();
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            death = new TransportException("ZeroMQ failed on " + settings.endpoint() + ": " + e, e);
            LOG.warn("the ZeroMQ socket thread for {} stopped: {}", settings.endpoint(), e.toString());
        } catch (ZMQException | IllegalStateException | UncheckedIOException e) {
            death = new TransportException("ZeroMQ failed on " + settings.endpoint() + ": " + e.getMessage(), e);
            LOG.warn("the ZeroMQ socket thread for {} stopped: {}", settings.endpoint(), e.toString());
        } catch (RuntimeException | Error e) {
            death = new TransportException("the ZeroMQ socket thread for " + settings.endpoint() + " failed: " + e, e);
            LOG.error("the ZeroMQ socket thread for {} failed", settings.endpoint(), e);
        } finally {
            closing = true;
            failEverything(closedWithCallsException());
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            pair.close(settings.linger().toMillis());
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
        return settings.closedWithCallsException(death);
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

    /** {@return the socket; replaced when the connection is lost} */
    final ZMQ.Socket socket() {
        return pair.socket();
    }

    /** {@return whether the monitor last said connected} */
    final boolean connected() {
        return pair.connected();
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

    /** Reads what the socket holds, without waiting; {@return true if it read anything} */
    abstract boolean onReadable();

    /**
     * The monitor says the connection was lost, or stalled in its handshake; the socket has been
     * replaced by a fresh one.
     *
     * @param stalled true if it never completed its handshake, so nothing sent on it reached the server
     */
    abstract void onDisconnected(boolean stalled);

    /** The monitor says the socket connected. */
    void onConnected() {
    }

    /** Fails everything handed over and not finished; may run on any thread, more than once. */
    abstract void failEverything(TransportException reason);

    /** {@return the last frame of a whole message from the socket, or null if none is waiting} */
    final byte[] receive() {
        ZMQ.Socket socket = pair.socket();
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
        return pair.curveHint();
    }
}
