package io.jsonrpcclient.zeromq.internal;

import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.TransportResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A REQ socket that the calling thread drives itself: one exchange at a time, as ZeroMQ's REQ requires,
 * callers taking turns on a lock. A ZeroMQ socket may pass from thread to thread with a full memory
 * barrier, which the lock gives; so a blocking call costs what a bare REQ socket's send and receive
 * cost, with no hand-over to another thread and no poll.
 *
 * <p>The caller waits in a blocking receive bounded by a short slice ({@value #SLICE_MILLIS} ms), and
 * between slices looks at what a poll would have told it: the monitor's news of a lost connection, a
 * close, a cancel, an interrupt, the deadline. Async callers, whose thread must not be held, queue their
 * exchanges for one drainer task on the socket's own pool ({@code jsonrpcclient-zmq-callbacks-N}, shut
 * down by {@link #close}), which runs them the same way in turn and completes their futures there.
 *
 * <p>Every exchange, notifications included, waits for the server's reply, so the socket is always ready
 * for the next send. When a reply does not come in time (or the connection is lost, or the caller gives
 * up), the socket is stuck waiting for it: it is closed and a fresh one opened (the "lazy pirate" pattern
 * of the ZeroMQ guide), and the next exchange goes out on that.
 * <pre>{@code
 * var req = new ReqSocket(settings, ZMQ.context(1), true);
 * CompletableFuture<TransportResponse> reply = req.exchange(exchange);   // a blocking caller's: done here
 * req.close();
 * }</pre>
 */
public final class ReqSocket {

    /** How long a blocked send or receive waits before it looks at the monitor, close, cancel and deadline. */
    static final int SLICE_MILLIS = 50;

    /**
     * How often a send first reads the monitor's news. Reading it costs about a tenth of a loopback
     * call (measured with JMH: REQ at 0.85-0.88x raw JeroMQ with a read per call, 0.97x without), and
     * a drop since the last read is caught anyway: by the send, or by the receive's slices, as a drop
     * while the request is in flight always is. So calls in quick succession share one read.
     */
    static final long EVENTS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SocketSettings settings;
    private final ZMQ.Context context;
    private final boolean ownsContext;
    private static final AtomicLong POOLS = new AtomicLong();

    /** Runs async exchanges (which block) and completes their futures; this socket's own. */
    private final ExecutorService callbacks;
    /** Guards the socket: whoever holds it may use the socket. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Call> asyncCalls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final SocketPair pair;
    private volatile boolean closing;
    /** When the monitor's news was last read before a send; under {@link #lock}. */
    private long eventsReadAt = System.nanoTime() - EVENTS_EVERY_NANOS;
    private volatile TransportException death;
    /** Whether close() has closed the socket and context; under the lock. */
    private boolean closed;
    /** The timeouts set on the socket now, to set them only when they change; under the lock. */
    private int receiveTimeoutSet;
    private int sendTimeoutSet;
    /** The socket those timeouts were set on: a fresh socket has ZeroMQ's defaults; under the lock. */
    private ZMQ.Socket timeoutsOf;

    /**
     * Creates the socket and starts connecting it in the background.
     *
     * @param settings    the socket's settings
     * @param context     the context to make sockets in
     * @param ownsContext whether to terminate the context on close
     */
    public ReqSocket(SocketSettings settings, ZMQ.Context context, boolean ownsContext) {
        this.settings = settings;
        this.context = context;
        this.ownsContext = ownsContext;
        this.pair = new SocketPair(settings, context);
        lock.lock();
        try {
            pair.open();
        } finally {
            lock.unlock();
        }
        long n = POOLS.incrementAndGet();
        this.callbacks = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "jsonrpcclient-zmq-callbacks-" + n);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs an exchange: on this thread when the caller waits for it, else on the drainer.
     *
     * @param exchange the exchange
     * @return its reply; already complete when the caller waits
     */
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        if (closing) {
            return CompletableFuture.failedFuture(closedException());
        }
        var call = new Call(exchange, System.nanoTime());
        if (exchange.callerWaits()) {
            Object outcome = run(call);
            return outcome instanceof TransportResponse response
                    ? CompletableFuture.completedFuture(response)
                    : CompletableFuture.failedFuture((Throwable) outcome);
        }
        asyncCalls.add(call);
        if (closing) {
            failQueued(closedWithCallsException());
        } else {
            drain();
        }
        return call.future;
    }

    /** Starts the drainer unless it runs; it stops once the queue is empty. */
    private void drain() {
        if (!asyncCalls.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                callbacks.execute(this::drainQueue);
            } catch (RejectedExecutionException shutDown) {
                draining.set(false);
                failQueued(closedWithCallsException());
            }
        }
    }

    private void drainQueue() {
        try {
            Call call;
            while ((call = asyncCalls.poll()) != null) {
                if (call.future.isDone()) {
                    continue;
                }
                Object outcome = run(call);
                CompletableFuture<TransportResponse> future = call.future;
                // On another thread, so that a continuation that blocks does not hold up the next call.
                complete(() -> {
                    if (outcome instanceof TransportResponse response) {
                        future.complete(response);
                    } else {
                        future.completeExceptionally((Throwable) outcome);
                    }
                });
            }
        } finally {
            draining.set(false);
        }
        // A call queued as the loop ended.
        drain();
    }

    /**
     * Takes the socket, sends, waits for the reply, gives the socket back.
     *
     * @return the {@link TransportResponse}, or the {@link Throwable} to fail the call with
     */
    private Object run(Call call) {
        if (!acquire(call)) {
            return call.lockOutcome;
        }
        try {
            if (closing) {
                return closedWithCallsException();
            }
            long now = System.nanoTime();
            if (now - eventsReadAt >= EVENTS_EVERY_NANOS) {
                pair.readEvents();
                eventsReadAt = now;
            }
            Object failure = send(call);
            if (failure != null) {
                return failure;
            }
            return receive(call);
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZMQ.Error.EINTR.getCode()) {
                // The caller was interrupted in a send or receive (JeroMQ clears the flag): the request may be
                // out, so the socket waits for a reply nobody wants; start afresh, then give the interrupt back.
                reopenOrDie(interrupted());
                Thread.currentThread().interrupt();
                return interrupted();
            }
            return failed(e);
        } catch (IllegalStateException e) {
            return failed(e);
        } finally {
            lock.unlock();
        }
    }

    private TransportException failed(RuntimeException e) {
        TransportException error = new TransportException("ZeroMQ failed on " + settings.endpoint() + ": "
                + e.getMessage(), e);
        reopenOrDie(error);
        return error;
    }

    /** Waits for the lock in slices, giving up on close, cancel, interrupt or the call's deadline. */
    private boolean acquire(Call call) {
        if (lock.tryLock()) {
            return true;
        }
        try {
            while (true) {
                long left = call.deadline - System.nanoTime();
                if (left <= 0) {
                    call.lockOutcome = new RequestTimeoutException(call.exchange.timeout(), null);
                    return false;
                }
                if (lock.tryLock(Math.min(left, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (closing) {
                    call.lockOutcome = closedWithCallsException();
                    return false;
                }
                if (call.future.isDone()) {
                    call.lockOutcome = new TransportException("the call was abandoned", null);
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.lockOutcome = interrupted();
            return false;
        }
    }

    /** {@return null once the request went, else why it could not} */
    private Object send(Call call) {
        ZMQ.Socket socket = pair.socket();
        if (socket.send(call.exchange.body(), ZMQ.DONTWAIT)) {
            return null;
        }
        // No connection yet, or no room: wait in slices, watching the monitor and the limits.
        long startedAt = System.nanoTime();
        long sendBy = earliest(call.deadline, startedAt + limitNanos(pair.connected() ? settings.sendTimeout()
                : settings.connectTimeout()));
        while (true) {
            Object stop = stopReason(call);
            if (stop != null) {
                return stop;
            }
            long left = sendBy - System.nanoTime();
            if (left <= 0) {
                return sendBy == call.deadline
                        ? new RequestTimeoutException(call.exchange.timeout(), null)
                        : notSentException(sendBy - startedAt);
            }
            socket = pair.socket();
            setSendTimeout(socket, slice(left));
            if (socket.send(call.exchange.body(), 0)) {
                return null;
            }
            if (pair.readEvents() == SocketPair.Events.LOST) {
                // A connection lost before the request went: the fresh socket carries the next try.
                continue;
            }
        }
    }

    /** {@return the reply, or why it did not come} */
    private Object receive(Call call) {
        long sentAt = System.nanoTime();
        Duration receiveLimit = settings.receiveTimeout();
        long replyBy;
        Duration replyTimeout;
        if (receiveLimit != null && sentAt + receiveLimit.toNanos() - call.deadline < 0) {
            replyBy = sentAt + receiveLimit.toNanos();
            replyTimeout = receiveLimit;
        } else {
            replyBy = call.deadline;
            replyTimeout = call.exchange.timeout();
        }
        ZMQ.Socket socket = pair.socket();
        while (true) {
            long left = replyBy - System.nanoTime();
            if (left <= 0) {
                pair.reset();
                return new RequestTimeoutException(replyTimeout, null);
            }
            setReceiveTimeout(socket, slice(left));
            byte[] reply = socket.recv(0);
            if (reply != null) {
                while (socket.hasReceiveMore()) {
                    reply = socket.recv(0);
                }
                return TransportResponse.of(reply).withAttribute("zmq_socket", "REQ");
            }
            SocketPair.Events events = pair.readEvents();
            if (events == SocketPair.Events.LOST) {
                return new TransportException("the connection to " + settings.endpoint()
                        + " was lost before the reply came" + pair.curveHint(), null);
            }
            if (events == SocketPair.Events.STALLED) {
                // The request never left the stalled socket, so it cannot have been processed: send it again.
                Object failure = send(call);
                if (failure != null) {
                    return failure;
                }
                socket = pair.socket();
                continue;
            }
            Object stop = stopReason(call);
            if (stop != null) {
                // The socket waits for a reply nobody wants: start afresh.
                pair.reset();
                return stop;
            }
        }
    }

    /** {@return why the call must stop now (close, abandoned, interrupted), or null to go on} */
    private Object stopReason(Call call) {
        if (closing) {
            return closedWithCallsException();
        }
        if (call.future.isDone()) {
            return new TransportException("the call was abandoned", null);
        }
        if (Thread.currentThread().isInterrupted()) {
            return interrupted();
        }
        return null;
    }

    private TransportException interrupted() {
        return new TransportException("interrupted while waiting for the reply from " + settings.endpoint(), null);
    }

    private void setReceiveTimeout(ZMQ.Socket socket, int millis) {
        forget(socket);
        if (receiveTimeoutSet != millis) {
            socket.setReceiveTimeOut(millis);
            receiveTimeoutSet = millis;
        }
    }

    private void forget(ZMQ.Socket socket) {
        if (socket != timeoutsOf) {
            timeoutsOf = socket;
            receiveTimeoutSet = -1;
            sendTimeoutSet = -1;
        }
    }

    private void setSendTimeout(ZMQ.Socket socket, int millis) {
        forget(socket);
        if (sendTimeoutSet != millis) {
            socket.setSendTimeOut(millis);
            sendTimeoutSet = millis;
        }
    }

    private static int slice(long nanos) {
        return (int) Math.max(1, Math.min(SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }

    private TransportException notSentException(long waitedNanos) {
        long waited = Duration.ofNanos(waitedNanos).toMillis();
        if (pair.connected()) {
            return new TransportException("could not send to " + settings.endpoint() + " within " + waited
                    + " ms: the socket's queue is full", null);
        }
        return new TransportException("could not connect to " + settings.endpoint() + " within " + waited
                + " ms (is the server running?" + pair.curveHint() + ")", null);
    }

    /** After a ZeroMQ failure mid-call: a fresh socket, or, if none can be made, the transport is dead. */
    private void reopenOrDie(TransportException error) {
        try {
            pair.reset();
        } catch (RuntimeException e) {
            death = error;
            closing = true;
            SocketPair.LOG.warn("the ZeroMQ REQ socket for {} failed: {}", settings.endpoint(), e.toString());
        }
    }

    private static long limitNanos(Duration limit) {
        return limit == null ? Long.MAX_VALUE / 4 : limit.toNanos();
    }

    private static long earliest(long a, long b) {
        return a - b <= 0 ? a : b;
    }

    private TransportException closedException() {
        return settings.closedException(death);
    }

    private TransportException closedWithCallsException() {
        return settings.closedWithCallsException(death);
    }

    private void failQueued(TransportException reason) {
        Call call;
        while ((call = asyncCalls.poll()) != null) {
            // Each call gets its own exception: the client adds the method to it.
            var error = new TransportException(reason.getMessage(), reason.getCause());
            CompletableFuture<TransportResponse> future = call.future;
            complete(() -> future.completeExceptionally(error));
        }
    }

    private void complete(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException shutDown) {
            completion.run();
        }
    }

    /**
     * Fails what waits, lets the call on the socket see the close (within a slice), closes the socket with
     * its linger and, when owned, the context. Waits at most the linger and a few seconds. Idempotent.
     */
    public void close() {
        try {
            closeSocket();
        } finally {
            callbacks.shutdown();
        }
    }

    private void closeSocket() {
        closing = true;
        failQueued(closedWithCallsException());
        boolean locked = false;
        try {
            locked = lock.tryLock(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            SocketPair.LOG.warn("the ZeroMQ REQ socket for {} was still in use after 5 s; not closed",
                    settings.endpoint());
            return;
        }
        try {
            if (!closed) {
                closed = true;
                pair.close(settings.linger().toMillis());
                if (ownsContext) {
                    context.term();
                }
            }
        } finally {
            lock.unlock();
        }
        failQueued(closedWithCallsException());
    }

    /** One exchange and its deadline, in {@link System#nanoTime()} terms. */
    private static final class Call {
        final Exchange exchange;
        final long deadline;
        final CompletableFuture<TransportResponse> future = new CompletableFuture<>();
        Object lockOutcome;

        Call(Exchange exchange, long queuedAt) {
            this.exchange = exchange;
            this.deadline = queuedAt + exchange.timeout().toNanos();
        }
    }
}
