package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A DEALER socket on its own thread, as a {@link DuplexConnection} for the core's multiplexer: any
 * number of messages in flight, replies delivered as they come.
 *
 * <p>Each message goes out as {@code [empty delimiter, JSON]}, the envelope a REQ socket would add, so
 * REP servers and ROUTER servers written for REQ clients both answer it; of an inbound message the last
 * frame is the JSON, whatever envelope precedes it. A loss of the connection, seen on the socket's
 * monitor, is reported to the listener (the requests in flight went with it), and the messages still
 * queued for the lost socket fail rather than go out on the next; the socket reconnects by itself,
 * and says so to the listener once it has.
 */
public final class DealerLoop extends SocketLoop implements DuplexConnection {

    /** The most messages read in one go, so that sends are not starved by a flood of inbound messages. */
    private static final int READ_BATCH = 256;

    private final Queue<Outgoing> incoming = new ConcurrentLinkedQueue<>();
    /** Messages taken from {@link #incoming}, in order, not yet accepted by the socket; the loop's thread only. */
    private final ArrayDeque<Outgoing> toSend = new ArrayDeque<>();
    private volatile Listener listener;
    /** Whether the connection was lost since the socket last connected; the loop's thread only. */
    private boolean lost;

    /**
     * Creates the loop; {@link #start} starts its thread.
     *
     * @param settings    the socket's settings
     * @param context     the context to make sockets in
     * @param ownsContext whether to terminate the context when the loop ends
     */
    public DealerLoop(SocketSettings settings, ZMQ.Context context, boolean ownsContext) {
        super(settings, context, ownsContext);
    }

    @Override
    public String endpoint() {
        return settings.endpoint();
    }

    @Override
    public void start(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        startThread();
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        var outgoing = new Outgoing(message);
        incoming.add(outgoing);
        wakeup();
        if (isClosed()) {
            failEverything(closedException());
        }
        return outgoing.sent;
    }

    @Override
    public void close() {
        super.close();
    }

    @Override
    void process(long now) {
        Outgoing next;
        while ((next = incoming.poll()) != null) {
            next.queuedAt = now;
            toSend.add(next);
        }
        while (!toSend.isEmpty()) {
            Outgoing head = toSend.peek();
            if (head.sent.isDone()) {
                // Withdrawn: its call ended before the message could go.
                toSend.poll();
                continue;
            }
            if (!head.waiting) {
                head.waiting = true;
                head.sendBy = now + limitNanos(connected() ? settings.sendTimeout() : settings.connectTimeout());
            }
            if (trySend(head)) {
                toSend.poll();
                continue;
            }
            if (now - head.sendBy >= 0) {
                toSend.poll();
                failWith(head, notSentException(head, now));
                continue;
            }
            break;
        }
    }

    private boolean trySend(Outgoing outgoing) {
        try {
            ZMQ.Socket socket = socket();
            if (!socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                return false;
            }
            // Once the first frame is in, ZeroMQ takes the rest of the message.
            socket.send(outgoing.body, 0);
        } catch (ZMQException e) {
            failWith(outgoing, new TransportException("could not send to " + settings.endpoint() + ": "
                    + e.getMessage(), e));
            return true;
        }
        outgoing.sent.complete(null);
        return true;
    }

    private TransportException notSentException(Outgoing outgoing, long now) {
        long waited = Duration.ofNanos(now - outgoing.queuedAt).toMillis();
        if (connected()) {
            return new TransportException("could not send to " + settings.endpoint() + " within " + waited
                    + " ms: the socket's queue is full (high-water mark " + settings.sendHighWaterMark() + ")", null);
        }
        return new TransportException("could not connect to " + settings.endpoint() + " within " + waited
                + " ms (is the server running?" + curveHint() + ")", null);
    }

    private static long limitNanos(Duration limit) {
        return limit == null ? Long.MAX_VALUE / 4 : limit.toNanos();
    }

    @Override
    int socketInterest() {
        return toSend.isEmpty() ? ZMQ.Poller.POLLIN : ZMQ.Poller.POLLIN | ZMQ.Poller.POLLOUT;
    }

    @Override
    long pollDeadline(long now) {
        Outgoing head = toSend.peek();
        return head == null || !head.waiting ? now + Long.MAX_VALUE / 4 : head.sendBy;
    }

    @Override
    boolean onReadable() {
        for (int i = 0; i < READ_BATCH; i++) {
            byte[] message = receive();
            if (message == null) {
                return i > 0;
            }
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                LOG.warn("the listener of the ZeroMQ DEALER socket to {} failed", settings.endpoint(), e);
            }
        }
        return true;
    }

    @Override
    void onConnected() {
        if (lost) {
            lost = false;
            listener.onReconnected();
        }
    }

    @Override
    void onDisconnected(boolean stalled) {
        lost = true;
        // The listener fails every call in flight, these included, so a message the lost socket never
        // took must not go out on the fresh one afterwards: the server would run a call its caller
        // was told had failed.
        String what = "the connection to " + settings.endpoint()
                + (stalled ? " stalled in the ZeroMQ handshake" : " was lost");
        failEverything(new TransportException(what + " before the request was sent, so it was not delivered", null));
        listener.onDisconnected(new TransportException(stalled
                ? what + ", so the request was not delivered; the socket was replaced"
                : what + " before the reply came" + curveHint(), null));
    }

    @Override
    void failEverything(TransportException reason) {
        Outgoing outgoing;
        while ((outgoing = incoming.poll()) != null) {
            failWith(outgoing, reason);
        }
        if (isOnLoopThread()) {
            while ((outgoing = toSend.poll()) != null) {
                failWith(outgoing, reason);
            }
        }
    }

    private static void failWith(Outgoing outgoing, TransportException reason) {
        // The multiplexer listening on this future hands the failure on to its own executor.
        outgoing.sent.completeExceptionally(new TransportException(reason.getMessage(), reason.getCause()));
    }

    /** One message on its way out. */
    private static final class Outgoing {
        final byte[] body;
        final CompletableFuture<Void> sent = new CompletableFuture<>();
        long queuedAt;
        boolean waiting;
        long sendBy;

        Outgoing(byte[] body) {
            this.body = body;
        }
    }
}
