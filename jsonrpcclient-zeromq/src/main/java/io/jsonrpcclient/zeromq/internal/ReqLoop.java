package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.TransportResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A REQ socket on its own thread: one exchange at a time, as ZeroMQ's REQ requires, callers served
 * in turn. Every exchange, notifications included, waits for the server's reply, so the socket is
 * always ready for the next send. When a reply does not come in time (or the connection is lost, or
 * the caller gives up), the socket is stuck waiting for it: it is closed and a fresh one opened (the
 * "lazy pirate" pattern of the ZeroMQ guide), and the next exchange goes out on that.
 */
public final class ReqLoop extends SocketLoop {

    private final Queue<Call> incoming = new ConcurrentLinkedQueue<>();
    /** Calls taken from {@link #incoming}, in order; the loop's thread only. */
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    /** The exchange on the socket now; the loop's thread only. */
    private Call current;

    /**
     * Creates the loop and starts its thread.
     *
     * @param settings    the socket's settings
     * @param context     the context to make sockets in
     * @param ownsContext whether to terminate the context when the loop ends
     * @param callbacks   where futures are completed
     */
    public ReqLoop(SocketSettings settings, ZMQ.Context context, boolean ownsContext, Executor callbacks) {
        super(settings, context, ownsContext, callbacks);
        startThread();
    }

    /**
     * Queues an exchange.
     *
     * @param exchange the exchange
     * @return its reply
     */
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        var call = new Call(exchange, System.nanoTime());
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        // A caller's cancel, or the client's own timeout, frees the socket without waiting for our deadline.
        call.future.whenComplete((response, error) -> {
            if (error != null) {
                wakeup();
            }
        });
        incoming.add(call);
        wakeup();
        if (isClosed()) {
            failEverything(closedException());
        }
        return call.future;
    }

    @Override
    void process(long now) {
        Call next;
        while ((next = incoming.poll()) != null) {
            waiting.add(next);
        }
        if (current != null) {
            checkCurrent(now);
        }
        while (current == null && !waiting.isEmpty()) {
            Call call = waiting.poll();
            if (call.future.isDone()) {
                continue;
            }
            if (now - call.deadline >= 0) {
                fail(call, new RequestTimeoutException(call.exchange.timeout(), null));
                continue;
            }
            current = call;
            trySend(now);
        }
        if (current != null && !current.sent) {
            trySend(now);
        }
    }

    private void checkCurrent(long now) {
        Call call = current;
        if (call.future.isDone()) {
            // The caller gave up (timeout in the client, cancel). If the request went, the socket waits for
            // a reply nobody wants: start afresh.
            current = null;
            if (call.sent) {
                resetSocket();
            }
            return;
        }
        if (call.sent && now - call.replyBy >= 0) {
            current = null;
            fail(call, new RequestTimeoutException(call.replyTimeout, null));
            resetSocket();
        } else if (!call.sent && now - call.sendBy >= 0) {
            current = null;
            fail(call, call.sendBy == call.deadline
                    ? new RequestTimeoutException(call.exchange.timeout(), null)
                    : notSentException(call));
        }
    }

    private TransportException notSentException(Call call) {
        if (connected) {
            return new TransportException("could not send to " + settings.endpoint() + " within "
                    + Duration.ofNanos(call.sendBy - call.startedAt).toMillis() + " ms: the socket's queue is full", null);
        }
        return new TransportException("could not connect to " + settings.endpoint() + " within "
                + Duration.ofNanos(call.sendBy - call.startedAt).toMillis() + " ms (is the server running?"
                + curveHint() + ")", null);
    }

    private void trySend(long now) {
        Call call = current;
        if (!call.started) {
            call.started = true;
            call.startedAt = now;
            call.sendBy = earliest(call.deadline, now + limitNanos(connected ? settings.sendTimeout()
                    : settings.connectTimeout()));
        }
        boolean sent;
        try {
            sent = socket.send(call.exchange.body(), ZMQ.DONTWAIT);
        } catch (ZMQException e) {
            current = null;
            fail(call, new TransportException("could not send to " + settings.endpoint() + ": " + e.getMessage(), e));
            resetSocket();
            return;
        }
        if (sent) {
            call.sent = true;
            Duration receive = settings.receiveTimeout();
            if (receive != null && now + receive.toNanos() - call.deadline < 0) {
                call.replyBy = now + receive.toNanos();
                call.replyTimeout = receive;
            } else {
                call.replyBy = call.deadline;
                call.replyTimeout = call.exchange.timeout();
            }
        }
    }

    private static long limitNanos(Duration limit) {
        return limit == null ? Long.MAX_VALUE / 4 : limit.toNanos();
    }

    private static long earliest(long a, long b) {
        return a - b <= 0 ? a : b;
    }

    @Override
    int socketInterest() {
        if (current != null && !current.sent) {
            return ZMQ.Poller.POLLIN | ZMQ.Poller.POLLOUT;
        }
        return ZMQ.Poller.POLLIN;
    }

    @Override
    long pollDeadline(long now) {
        if (current == null) {
            return now + Long.MAX_VALUE / 4;
        }
        return current.sent ? current.replyBy : current.sendBy;
    }

    @Override
    void onReadable() {
        Call call = current;
        if (call == null || !call.sent) {
            // A REQ socket refuses to receive before it has sent: nothing can be waiting.
            return;
        }
        byte[] reply = receive();
        if (reply == null) {
            return;
        }
        current = null;
        TransportResponse response = TransportResponse.of(reply).withAttribute("zmq_socket", "REQ");
        callback(() -> call.future.complete(response));
    }

    @Override
    void onDisconnected() {
        Call call = current;
        if (call != null && call.sent) {
            current = null;
            fail(call, new TransportException("the connection to " + settings.endpoint()
                    + " was lost before the reply came" + curveHint(), null));
        }
    }

    @Override
    void failEverything(TransportException reason) {
        Call call;
        while ((call = incoming.poll()) != null) {
            failNow(call, reason);
        }
        if (isOnLoopThread()) {
            while ((call = waiting.poll()) != null) {
                failNow(call, reason);
            }
            if (current != null) {
                failNow(current, reason);
                current = null;
            }
        }
    }

    private void fail(Call call, TransportException error) {
        callback(() -> call.future.completeExceptionally(error));
    }

    private void failNow(Call call, TransportException reason) {
        // Each call gets its own exception: the client adds the method to it.
        fail(call, new TransportException(reason.getMessage(), reason.getCause()));
    }

    /** One exchange and its deadlines, in {@link System#nanoTime()} terms. */
    private static final class Call {
        final Exchange exchange;
        final long deadline;
        final CompletableFuture<TransportResponse> future = new CompletableFuture<>();
        boolean started;
        long startedAt;
        long sendBy;
        boolean sent;
        long replyBy;
        Duration replyTimeout;

        Call(Exchange exchange, long queuedAt) {
            this.exchange = exchange;
            this.deadline = queuedAt + exchange.timeout().toNanos();
        }
    }
}
