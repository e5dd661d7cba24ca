package io.jsonrpcclient.internal;

import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Automatic batching: single calls started within a short window of one another are sent as one
 * JSON-RPC batch, and each caller gets its own response back.
 *
 * <p>Calls wait in a <em>window</em> per {@link Lane} (the options and timeout of the exchange:
 * calls whose HTTP exchanges would differ, by a header or a timeout, never share a batch). The
 * first call of a window starts its timer; the window is sent when the timer fires or, at once, when
 * it holds {@code maxSize} calls. A window of one call is sent as that plain call, so a server
 * without batch support sees nothing new when traffic is light. Calls that ended before their
 * window was sent (cancelled, timed out) are left out; once every call of a batch in flight has
 * ended, its exchange is abandoned.
 *
 * <p>The windows live in a {@link ConcurrentHashMap} and are updated with {@code compute}, so the
 * only lock a caller takes is the map bin's, for an {@code add} to a list; whoever removes a window
 * from the map (the timer, the call that filled it, or {@link #close()}) is the one that sends it.
 * A window leaves the map when it is sent, so lanes used once (a view with a per-call trace header)
 * leave nothing behind. One daemon thread fires the timers of every client; it only hands expired
 * windows to the shared callback pool, because a blocking HTTP engine sends on the caller's thread
 * and would otherwise stall every other client's timers.
 * <pre>{@code
 * var batcher = new AutoBatcher(Duration.ofMillis(2), 64, codec, sender, CallbackThreads.shared());
 * AutoBatcher.Pending reply = batcher.add(new AutoBatcher.Lane(options, timeout), request, body, false);
 * // null: send the call alone (batcher closed); else the reply arrives when its window is sent
 * }</pre>
 */
public final class AutoBatcher {

    /** How the client sends a message put together here, and decodes its reply. */
    public interface Sender {
        /**
         * Sends a message and completes the returned future with its decoded reply, or the failure.
         * Must not throw. Cancelling the returned future abandons the exchange.
         *
         * @param message the message: one call, or a batch of them
         * @param body    its encoded bytes
         * @param lane    the options and timeout of the exchange
         * @param async   true to decode on the callback executor, false on the thread the reply comes on
         * @param decoder decodes the reply body sent in answer to the message
         * @return the reply
         */
        CompletableFuture<Reply> send(Message message, byte[] body, Lane lane, boolean async,
                BiFunction<Message, byte[], Reply> decoder);
    }

    /**
     * What calls must share to share a batch: the exchange's options (headers) and timeout.
     *
     * @param options the merged call options
     * @param timeout the exchange's timeout
     */
    public record Lane(CallOptions options, Duration timeout) {
    }

    private final long windowNanos;
    private final int maxSize;
    private final JsonRpcCodec codec;
    private final Sender sender;
    /** Hands the async callers' completions of one batch reply to the callback executor together. */
    private final CompletionBursts completions;
    private final ConcurrentHashMap<Lane, Window> windows = new ConcurrentHashMap<>();
    private volatile JsonRpcCodec relaxed;
    private volatile boolean closed;

    /**
     * Creates a batcher.
     *
     * @param window    how long the first call of a window waits for others
     * @param maxSize   the most calls in one batch; a window this full is sent at once
     * @param codec     the client's codec, to decode batch replies
     * @param sender    sends what this batcher puts together
     * @param callbacks the client's callback executor, where async callers' futures complete
     */
    public AutoBatcher(Duration window, int maxSize, JsonRpcCodec codec, Sender sender, Executor callbacks) {
        this.windowNanos = Durations.requirePositive(window, "window").toNanos();
        if (maxSize < 2) {
            throw new IllegalArgumentException("maxBatchSize must be at least 2, was " + maxSize);
        }
        this.maxSize = maxSize;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.completions = new CompletionBursts(callbacks);
    }

    /** {@return how long the first call of a window waits for others} */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** {@return the most calls in one batch} */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Adds a call to its lane's window.
     *
     * @param lane     the options and timeout it is sent with
     * @param call     the call, a request with an id from the client's generator, or a notification
     * @param body     its encoded bytes
     * @param blocking true if its caller waits on it (its reply may then be decoded on the transport's thread)
     * @return the future of its reply, or null once this batcher is closed: send the call alone
     */
    public Pending add(Lane lane, Call call, byte[] body, boolean blocking) {
        if (closed) {
            return null;
        }
        var pending = new Pending(call, body, blocking);
        windows.compute(lane, (key, window) -> {
            Window w = window != null ? window : open(key);
            w.calls.add(pending);
            if (w.calls.size() < maxSize) {
                return w;
            }
            pending.filled = w;
            return null;  // takes the full window out of the map: this caller sends it
        });
        Window full = pending.filled;
        if (full != null) {
            pending.filled = null;
            full.timer.cancel(false);
            send(full);
        }
        if (closed) {
            // close() may have drained the map before this call went in: send what it missed.
            flushLane(lane);
        }
        return pending;
    }

    /** Sends every waiting call now; calls added later go alone. Never waits for replies. */
    public void close() {
        closed = true;
        for (Lane lane : windows.keySet()) {
            flushLane(lane);
        }
    }

    private void flushLane(Lane lane) {
        Window window = windows.remove(lane);
        if (window != null) {
            window.timer.cancel(false);
            send(window);
        }
    }

    private Window open(Lane lane) {
        var window = new Window(lane);
        window.timer = Timer.INSTANCE.schedule(() -> expire(window), windowNanos, TimeUnit.NANOSECONDS);
        return window;
    }

    private void expire(Window window) {
        if (!windows.remove(window.lane, window)) {
            return;  // filled, or drained by close(), and sent by whoever took it
        }
        try {
            CallbackThreads.shared().execute(() -> send(window));
        } catch (RejectedExecutionException e) {
            send(window);
        }
    }

    /** Sends a window taken out of the map; no other thread touches it any more. */
    private void send(Window window) {
        List<Pending> live = new ArrayList<>(window.calls.size());
        for (Pending pending : window.calls) {
            if (!pending.isDone()) {
                live.add(pending);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        if (live.size() == 1) {
            sendAlone(window.lane, live.get(0));
            return;
        }
        var calls = new ArrayList<Call>(live.size());
        for (Pending pending : live) {
            calls.add(pending.call);
        }
        Batch batch;
        try {
            batch = new Batch(calls);
        } catch (IllegalArgumentException sharedId) {
            // An id generator that repeated itself within a window: those calls cannot share a batch.
            for (Pending pending : live) {
                sendAlone(window.lane, pending);
            }
            return;
        }
        var flight = new Flight(live);
        CompletableFuture<Reply> reply = sender.send(batch, concatenate(live), window.lane, anyAsync(live),
                (sent, body) -> decodeBatch((Batch) sent, body));
        flight.start(reply);
        reply.whenComplete((answer, failure) -> distribute(batch, live, answer, failure));
    }

    private void sendAlone(Lane lane, Pending pending) {
        var flight = new Flight(List.of(pending));
        CompletableFuture<Reply> reply = sender.send(pending.call, pending.body, lane, !pending.blocking,
                codec::decodeReply);
        flight.start(reply);
        reply.whenComplete((answer, failure) -> {
            if (failure != null) {
                pending.completeExceptionally(Futures.cause(failure));
            } else {
                pending.complete(answer);
            }
        });
    }

    /**
     * Decodes a batch reply. A reply that leaves a call out fails that call alone: the callers made
     * single calls, and the others' answers are there and valid. Strict validation rejects such a
     * reply only when every entry passed its rules (the missing id is checked last), so decoding it
     * again with validation off yields the same matched responses, without the missing ones.
     */
    private Reply decodeBatch(Batch batch, byte[] body) {
        try {
            return codec.decodeReply(batch, body);
        } catch (InvalidResponseException e) {
            if (e.violation() != InvalidResponseException.Violation.MISSING_ID) {
                throw e;
            }
            JsonRpcCodec lax = relaxed;
            if (lax == null) {
                lax = codec.toBuilder().validation(Validation.OFF).build();
                relaxed = lax;
            }
            return lax.decodeReply(batch, body);
        }
    }

    /**
     * Completes every call of a batch. A blocking caller's call is completed here, which only wakes
     * its thread. An async caller's completion runs the client's own stage and the caller's
     * continuations, so those go to the callback executor as one burst: one thread wake-up for the
     * whole batch, where a hand-off per call cost 64 wake-ups for a batch of 64 (measured in
     * {@code AutoBatchBenchmark.oursAsync64AutoBatch}).
     */
    private void distribute(Batch batch, List<Pending> live, Reply answer, Throwable failure) {
        Throwable cause = failure == null ? null : Futures.cause(failure);
        BatchResponse responses = failure != null ? null
                : answer instanceof BatchResponse b ? b : BatchResponse.empty();
        var async = new ArrayList<Runnable>(live.size());
        for (Pending pending : live) {
            Runnable completion = () -> completeOne(pending, batch, responses, cause);
            if (pending.blocking) {
                completion.run();
            } else {
                async.add(completion);
            }
        }
        completions.executeAll(async);
    }

    /** Completes one call of a batch: with its response, or the batch's failure (a transport failure, an invalid reply). */
    private static void completeOne(Pending pending, Batch batch, BatchResponse responses, Throwable cause) {
        if (cause != null) {
            pending.completeExceptionally(cause);
        } else if (pending.call instanceof Request request) {
            Response response = responses.get(request.id()).orElse(null);
            if (response != null) {
                pending.complete(response);
            } else {
                pending.completeExceptionally(missing(request, responses, batch.calls().size()));
            }
        } else {
            pending.complete(Reply.None.INSTANCE);
        }
    }

    /**
     * The failure of a call the batch reply left out: an error the server could not tie to an id (an
     * entry it could not read) is the best explanation, as for typed batch handles.
     */
    private static RuntimeException missing(Request request, BatchResponse responses, int size) {
        for (Response unread : responses.unmatched()) {
            if (unread instanceof Response.Failure failure) {
                return new ErrorResponseException(failure);
            }
        }
        return new NoResponseException("the reply to an automatic batch of " + size
                + " calls has no response with id " + request.id().toJson());
    }

    private static boolean anyAsync(List<Pending> calls) {
        for (Pending pending : calls) {
            if (!pending.blocking) {
                return true;
            }
        }
        return false;
    }

    /** {@return the batch's bytes: the calls' own encodings in a JSON array, with no second encoding} */
    private static byte[] concatenate(List<Pending> calls) {
        int size = 1 + calls.size();
        for (Pending pending : calls) {
            size += pending.body.length;
        }
        byte[] out = new byte[size];
        out[0] = '[';
        int at = 1;
        for (Pending pending : calls) {
            System.arraycopy(pending.body, 0, out, at, pending.body.length);
            at += pending.body.length;
            out[at++] = ',';
        }
        out[size - 1] = ']';
        return out;
    }

    /**
     * One call waiting for its reply. Cancelling it (the client does when its call fails or is
     * cancelled) leaves it out of a window not yet sent, and abandons the exchange once no call of
     * its batch is waiting any more.
     */
    public static final class Pending extends CompletableFuture<Reply> {
        final Call call;
        final byte[] body;
        final boolean blocking;
        /** The window this call filled: set and read by the caller's thread only, in {@link #add}. */
        Window filled;
        private volatile Flight flight;

        Pending(Call call, byte[] body, boolean blocking) {
            this.call = call;
            this.body = body;
            this.blocking = blocking;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Flight sent = flight;
            if (sent != null) {
                sent.abandonIfIdle();
            }
            return cancelled;
        }
    }

    /** The calls of one window, filled under the map bin's lock, then sent by whoever removed it. */
    private static final class Window {
        final Lane lane;
        final List<Pending> calls = new ArrayList<>();
        ScheduledFuture<?> timer;

        Window(Lane lane) {
            this.lane = lane;
        }
    }

    /** One exchange in flight and the calls waiting on it. */
    private static final class Flight {
        private final List<Pending> calls;
        private volatile CompletableFuture<Reply> exchange;

        Flight(List<Pending> calls) {
            this.calls = calls;
            for (Pending pending : calls) {
                pending.flight = this;
            }
        }

        void start(CompletableFuture<Reply> reply) {
            exchange = reply;
            abandonIfIdle();  // every call may have ended while it was being sent
        }

        /**
         * Abandons the exchange when no call waits for it. Only ended calls can make that true
         * before the reply, so the check is cheap enough to repeat on every cancellation.
         */
        void abandonIfIdle() {
            CompletableFuture<Reply> sent = exchange;
            if (sent == null || sent.isDone()) {
                return;
            }
            for (Pending pending : calls) {
                if (!pending.isDone()) {
                    return;
                }
            }
            sent.cancel(true);
        }
    }

    /** One daemon thread that fires the windows of every client; it only hands them on. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            var timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "jsonrpcclient-autobatch");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
