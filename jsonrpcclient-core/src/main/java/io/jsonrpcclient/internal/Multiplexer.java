package io.jsonrpcclient.internal;

import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a {@link DuplexConnection} to {@link Transport}: many exchanges in flight over one
 * connection, each reply matched to its exchange by id, in any order.
 *
 * <ul>
 *   <li>A call is registered under every request id it carries (one for a request, all of a batch's),
 *       before it is sent. An inbound message is scanned for its top-level ids ({@link InboundScan});
 *       the first id that names a call in flight hands that call the whole message, which the codec
 *       then checks against what was sent (so a batch reply missing an id, or carrying a stranger, is
 *       reported as the codec reports it over HTTP). Ids are matched exactly, then loosely ({@code "1"}
 *       for {@code 1}) so that the codec, not a timeout, judges a server that changes the id's type.</li>
 *   <li>A reply with no usable id (an error with {@code "id": null}, a message that is not JSON) goes
 *       to the only call in flight when there is exactly one: it can only be its answer, and the
 *       codec says precisely what is wrong with it. With several in flight it cannot be placed: it is
 *       logged and dropped, and the calls end by their timeouts.</li>
 *   <li>A message whose ids name no call in flight (a late reply to a call that timed out), and every
 *       request or notification from the server, goes to the {@code unmatched} hook.</li>
 *   <li>Each call ends by its exchange's timeout ({@link RequestTimeoutException}); a call that ends
 *       (replied, timed out, cancelled, failed) leaves the table at once, and a message not yet sent
 *       is withdrawn from the connection.</li>
 *   <li>When the connection reports a loss, every call in flight fails at once with a
 *       {@link TransportException}; closing fails them too, then closes the connection.</li>
 *   <li>At most {@code maxPending} exchanges are in flight; past that, calls fail at once.</li>
 * </ul>
 *
 * <p>Futures are completed on the callback executor, never on the connection's thread, so a caller's
 * continuation may block (even call again over this transport) without stalling the connection. Replies
 * go in bursts ({@link CompletionBursts}): those read while a callback thread is still on its way or busy
 * join its turn, and one that blocks holds up those behind it for a few milliseconds at most. The
 * one exception is the reply to an exchange whose caller waits ({@link Exchange#callerWaits()}): its
 * future is completed on the connection's thread, as that only wakes the blocked caller.
 */
public final class Multiplexer implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private final DuplexConnection connection;
    private final int maxPending;
    private final Executor callbacks;
    /** Replies' completions, handed to {@link #callbacks} a burst at a time. */
    private final CompletionBursts replies;
    private final Consumer<byte[]> unmatched;
    private final Map<String, Object> attributes;

    private final boolean waitWhenFull;
    private final Function<Id, byte[]> cancelMessage;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    private final Map<Id, Pending> byId = new ConcurrentHashMap<>();
    private final Set<Pending> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger slots = new AtomicInteger();
    /** Notifications written since a reply was last matched by id; see {@link #onResponse}. */
    private final AtomicInteger notificationsSinceReply = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Creates the multiplexer and starts the connection.
     *
     * @param connection the connection; closed with the multiplexer
     * @param maxPending the most exchanges in flight at once
     * @param callbacks  where futures are completed; null for the shared pool of
     *                   {@link CallbackThreads}
     * @param unmatched  receives inbound messages that answer no call in flight (server requests and
     *                   notifications, late replies), on the connection's thread; null to drop them
     * @param attributes details added to every reply for the logs, such as {@code zmq_socket}
     */
    public Multiplexer(DuplexConnection connection, int maxPending, Executor callbacks, Consumer<byte[]> unmatched,
            Map<String, Object> attributes) {
        this(connection, maxPending, false, null, callbacks, unmatched, attributes);
    }

    /**
     * Creates the multiplexer with every option and starts the connection.
     *
     * @param connection    the connection; closed with the multiplexer
     * @param maxPending    the most exchanges in flight at once
     * @param waitWhenFull  past {@code maxPending}, queue a call until a slot frees (bounded by the
     *                      call's timeout) instead of failing it at once
     * @param cancelMessage builds the message that tells the server a call was abandoned (cancelled
     *                      or timed out after its message had gone), such as LSP's
     *                      {@code $/cancelRequest}; null to tell the server nothing
     * @param callbacks     where futures are completed; null for the shared pool of {@link CallbackThreads}
     * @param unmatched     receives inbound messages that answer no call in flight; null to drop them
     * @param attributes    details added to every reply for the logs
     */
    public Multiplexer(DuplexConnection connection, int maxPending, boolean waitWhenFull,
            Function<Id, byte[]> cancelMessage, Executor callbacks, Consumer<byte[]> unmatched,
            Map<String, Object> attributes) {
        this.waitWhenFull = waitWhenFull;
        this.cancelMessage = cancelMessage;
        this.connection = Objects.requireNonNull(connection, "connection");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        this.maxPending = maxPending;
        this.callbacks = callbacks != null ? callbacks : CallbackThreads.shared();
        this.replies = new CompletionBursts(this.callbacks);
        this.unmatched = unmatched;
        this.attributes = Map.copyOf(attributes);
        connection.start(new Listener());
    }

    @Override
    public String endpoint() {
        return connection.endpoint();
    }

    /** {@return the number of exchanges in flight} */
    public int pending() {
        return inFlight.size();
    }

    /** {@return the most exchanges allowed in flight at once} */
    public int maxPending() {
        return maxPending;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a request id of the message is already in flight on this
     *                                  connection, where its reply could not be told apart
     */
    @Override
    public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        if (!tryAcquireSlot()) {
            if (waitWhenFull) {
                return await(exchange);
            }
            return CompletableFuture.failedFuture(new TransportException("too many calls in flight on "
                    + endpoint() + ": the limit is " + maxPending
                    + "; wait for replies, or raise the limit (maxPendingCalls)", null));
        }
        return start(exchange);
    }

    private boolean tryAcquireSlot() {
        while (true) {
            int taken = slots.get();
            if (taken >= maxPending) {
                return false;
            }
            if (slots.compareAndSet(taken, taken + 1)) {
                return true;
            }
        }
    }

    /** Queues a call until a slot frees; the call's timeout bounds the wait too. */
    private CompletableFuture<TransportResponse> await(Exchange exchange) {
        var waiter = new Waiting(exchange);
        waiting.add(waiter);
        Deadlines.Handle timer = Deadlines.at(Deadlines.after(exchange.timeout()), () -> {
            if (waiting.remove(waiter)) {
                waiter.future.completeExceptionally(new RequestTimeoutException(exchange.timeout(), null));
            }
        });
        waiter.future.whenComplete((response, error) -> {
            timer.cancel();
            waiting.remove(waiter);
        });
        // A slot may have freed between the failed attempt and the queueing.
        startWaiting();
        return waiter.future;
    }

    /** Starts queued calls while slots are free. */
    private void startWaiting() {
        while (!waiting.isEmpty() && tryAcquireSlot()) {
            Waiting waiter = waiting.poll();
            if (waiter == null || waiter.future.isDone()) {
                slots.decrementAndGet();
                continue;
            }
            if (closed) {
                slots.decrementAndGet();
                waiter.future.completeExceptionally(closedException());
                continue;
            }
            CompletableFuture<TransportResponse> started;
            try {
                started = start(waiter.exchange);
            } catch (RuntimeException e) {
                waiter.future.completeExceptionally(e);
                continue;
            }
            started.whenComplete((response, error) -> {
                if (error != null) {
                    waiter.future.completeExceptionally(error);
                } else {
                    waiter.future.complete(response);
                }
            });
            waiter.future.whenComplete((response, error) -> {
                if (waiter.future.isCancelled()) {
                    started.cancel(true);
                }
            });
        }
    }

    /** Registers and sends a call whose slot is already taken. */
    private CompletableFuture<TransportResponse> start(Exchange exchange) {
        var pending = new Pending(exchange, idsOf(exchange));
        for (int i = 0; i < pending.ids.size(); i++) {
            Id id = pending.ids.get(i);
            if (byId.putIfAbsent(id, pending) != null) {
                for (int j = 0; j < i; j++) {
                    byId.remove(pending.ids.get(j), pending);
                }
                slots.decrementAndGet();
                throw new IllegalArgumentException("a call with id " + id.toJson() + " is already waiting for its"
                        + " reply on " + endpoint() + ": ids must be unique among calls in flight");
            }
        }
        inFlight.add(pending);
        pending.future.whenComplete((response, error) -> {
            // The server hears of the abandoned call before a waiting call takes its slot.
            if (pending.future.isCancelled() || error instanceof RequestTimeoutException) {
                tellServerAbandoned(pending);
            }
            forget(pending);
        });
        // Deadlines, not a ScheduledExecutorService: scheduling there wakes its thread on every sequential call.
        pending.timer = Deadlines.at(Deadlines.after(exchange.timeout()),
                () -> fail(pending, new RequestTimeoutException(exchange.timeout(), null)));
        if (closed) {
            // close() ran while this call registered: it may not have seen it.
            fail(pending, closedException());
            return pending.future;
        }
        if (pending.ids.isEmpty()) {
            notificationsSinceReply.incrementAndGet();
        }
        CompletableFuture<Void> sent;
        try {
            sent = Objects.requireNonNull(connection.send(exchange.body()), "the connection returned no future");
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        pending.sent = sent;
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                fail(pending, sendFailure(error));
            } else if (pending.ids.isEmpty()) {
                // A notification (or a batch of them): gone is done.
                complete(pending, response(new byte[0]));
            }
        });
        if (pending.future.isDone()) {
            sent.cancel(false);
        }
        return pending.future;
    }

    /** Sends the cancel message for each id of a call abandoned after its message had gone. */
    private void tellServerAbandoned(Pending pending) {
        if (!pending.told.compareAndSet(false, true)) {
            return; // once per call, whichever path saw it end first
        }
        CompletableFuture<Void> sent = pending.sent;
        if (cancelMessage == null || closed || sent == null || !sent.isDone() || sent.isCompletedExceptionally()) {
            return;
        }
        for (Id id : pending.ids) {
            try {
                connection.send(cancelMessage.apply(id));
            } catch (RuntimeException e) {
                LOG.debug("{}: could not tell the server that call {} was abandoned", endpoint(), id.toJson(), e);
            }
        }
    }

    private static List<Id> idsOf(Exchange exchange) {
        Message message = exchange.message();
        if (message instanceof Request request) {
            return List.of(request.id());
        }
        if (message instanceof Batch batch) {
            List<Id> ids = new ArrayList<>();
            for (Request request : batch.requests()) {
                ids.add(request.id());
            }
            return ids;
        }
        return List.of();
    }

    private TransportResponse response(byte[] body) {
        TransportResponse response = TransportResponse.of(body);
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            response = response.withAttribute(attribute.getKey(), attribute.getValue());
        }
        return response;
    }

    private TransportException sendFailure(Throwable error) {
        Throwable t = Futures.cause(error);
        if (t instanceof TransportException e) {
            return e;
        }
        if (t instanceof CancellationException) {
            return new TransportException("the message to " + endpoint() + " was withdrawn before it was sent", t);
        }
        return new TransportException("could not send to " + endpoint() + ": " + t, t);
    }

    private TransportException closedException() {
        return new TransportException("the transport to " + endpoint() + " is closed", null);
    }

    /** Removes an ended call from the tables and withdraws its message if it has not gone yet. */
    private void forget(Pending pending) {
        if (!inFlight.remove(pending)) {
            return;
        }
        for (Id id : pending.ids) {
            byId.remove(id, pending);
        }
        slots.decrementAndGet();
        startWaiting();
        Deadlines.Handle timer = pending.timer;
        if (timer != null) {
            timer.cancel();
        }
        CompletableFuture<Void> sent = pending.sent;
        if (sent != null && !sent.isDone()) {
            sent.cancel(false);
        }
    }

    private void complete(Pending pending, TransportResponse response) {
        // Claimed here, on the connection's thread, so that a second copy of the reply finds no call
        // and a timeout firing before the callback executor runs cannot overtake the reply.
        if (!pending.claimed.compareAndSet(false, true)) {
            return;
        }
        for (Id id : pending.ids) {
            byId.remove(id, pending);
        }
        // Out of the tables before the future completes: its caller may count the calls in flight at once
        // (the future's own clean-up runs after the caller's continuations, which are registered later).
        Runnable completion = () -> {
            forget(pending);
            pending.future.complete(response);
        };
        if (pending.exchange.callerWaits()) {
            // A blocked caller is the only one waiting on this future, and it does its own work (decoding,
            // binding) on its own thread: completing here only wakes it, saving a hop through the executor.
            completion.run();
        } else {
            // Replies read in one go share a callback thread's turn (one wake-up, not one per reply).
            replies.execute(completion);
        }
    }

    private void fail(Pending pending, JsonRpcClientException error) {
        if (pending.claimed.compareAndSet(false, true)) {
            run(() -> {
                if (error instanceof RequestTimeoutException) {
                    tellServerAbandoned(pending);
                }
                forget(pending);
                pending.future.completeExceptionally(error);
            });
        }
    }

    private void run(Runnable completion) {
        try {
            if (callbacks == CallbackThreads.shared()) {
                // Marked, so that a client on the same pool completes its caller's future in place.
                CallbackThreads.handOver(completion);
            } else {
                callbacks.execute(completion);
            }
        } catch (RejectedExecutionException shutDown) {
            completion.run();
        }
    }

    /** {@return the call in flight with this id, matched exactly or, failing that, loosely} */
    private Pending find(Id id) {
        Pending exact = byId.get(id);
        if (exact != null) {
            return exact;
        }
        String loose = looseKey(id);
        for (Map.Entry<Id, Pending> entry : byId.entrySet()) {
            if (loose.equals(looseKey(entry.getKey()))) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String looseKey(Id id) {
        if (id instanceof Id.StringId s) {
            return s.value();
        }
        return id.toJson();
    }

    /** {@return the only call in flight that awaits a reply, or null if there is not exactly one} */
    private Pending onlyCallAwaitingReply() {
        Pending only = null;
        for (Pending pending : inFlight) {
            if (pending.ids.isEmpty() || pending.claimed.get()) {
                continue;
            }
            if (only != null) {
                return null;
            }
            only = pending;
        }
        return only;
    }

    private void onMessage(byte[] message) {
        InboundScan scan = InboundScan.of(message);
        switch (scan.kind()) {
            case BLANK -> LOG.debug("{} sent an empty message (a ZeroMQ server's answer to a notification): dropped",
                    endpoint());
            case SERVER_MESSAGE -> handOver(message, "a message from the server");
            case RESPONSE -> onResponse(message, scan);
            case MALFORMED -> {
                Pending only = onlyCallAwaitingReply();
                if (only != null) {
                    complete(only, response(message));
                } else {
                    LOG.warn("{} sent a message that is not JSON-RPC, with {} calls in flight: dropped: {}",
                            endpoint(), inFlight.size(), JsonText.excerpt(message, JsonText.EXCERPT_CHARS));
                }
            }
        }
    }

    private void onResponse(byte[] message, InboundScan scan) {
        for (Id id : scan.ids()) {
            Pending pending = find(id);
            if (pending != null) {
                notificationsSinceReply.set(0);
                complete(pending, response(message));
                return;
            }
        }
        if (!scan.ids().isEmpty()) {
            handOver(message, "a reply for no call in flight (did its call time out?)");
            return;
        }
        // No usable id: a request with the null id, or else the only call waiting, can claim it -
        // unless a notification went out since the last reply, as the server may be refusing that
        // (aria2 answers notifications with a null-id error), and the call's own reply is still due.
        Pending pending = byId.get(Id.NULL);
        if (pending == null && notificationsSinceReply.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            pending = onlyCallAwaitingReply();
        }
        if (pending != null) {
            complete(pending, response(message));
        } else {
            LOG.warn("{} sent a reply without a usable id, which none of the {} calls in flight can claim:"
                    + " dropped: {}", endpoint(), inFlight.size(), JsonText.excerpt(message, JsonText.EXCERPT_CHARS));
            handOver(message, "a reply without a usable id");
        }
    }

    private void handOver(byte[] message, String what) {
        if (unmatched == null) {
            LOG.debug("{} sent {}, and nothing listens: dropped: {}", endpoint(), what,
                    JsonText.excerpt(message, JsonText.EXCERPT_CHARS));
            return;
        }
        try {
            unmatched.accept(message);
        } catch (RuntimeException e) {
            LOG.warn("the listener for messages from {} failed", endpoint(), e);
        }
    }

    private void onDisconnected(TransportException reason) {
        List<Pending> lost = new ArrayList<>(inFlight);
        if (!lost.isEmpty()) {
            LOG.debug("{}: connection lost with {} calls in flight: {}", endpoint(), lost.size(), reason.getMessage());
        }
        for (Pending pending : lost) {
            if (!pending.ids.isEmpty()) {
                // The reason itself, so its type (e.g. a WebSocket close with its code) reaches the caller.
                fail(pending, reason);
            }
        }
    }

    /** Fails every exchange in flight, then closes the connection. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Waiting waiter;
        while ((waiter = waiting.poll()) != null) {
            waiter.future.completeExceptionally(closedException());
        }
        for (Pending pending : new ArrayList<>(inFlight)) {
            fail(pending, new TransportException("the transport to " + endpoint()
                    + " was closed with the call in flight", null));
        }
        connection.close();
    }

    @Override
    public String toString() {
        return "Multiplexer[" + endpoint() + ", " + inFlight.size() + " in flight]";
    }

    private final class Listener implements DuplexConnection.Listener {
        @Override
        public void onMessage(byte[] message) {
            Multiplexer.this.onMessage(message);
        }

        @Override
        public void onDisconnected(TransportException reason) {
            Multiplexer.this.onDisconnected(reason);
        }
    }

    /** One exchange in flight. */
    private static final class Pending {
        final Exchange exchange;
        final List<Id> ids;
        final CompletableFuture<TransportResponse> future = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();
        final AtomicBoolean told = new AtomicBoolean();
        volatile Deadlines.Handle timer;
        volatile CompletableFuture<Void> sent;

        Pending(Exchange exchange, List<Id> ids) {
            this.exchange = exchange;
            this.ids = ids;
        }

        @Override
        public String toString() {
            return exchange.description() + " " + ids;
        }
    }

    /** A call queued for a free slot. */
    private static final class Waiting {
        final Exchange exchange;
        final CompletableFuture<TransportResponse> future = new CompletableFuture<>();

        Waiting(Exchange exchange) {
            this.exchange = exchange;
        }
    }
}
