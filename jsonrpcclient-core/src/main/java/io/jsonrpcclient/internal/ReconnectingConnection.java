package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.ReconnectPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DuplexConnection} that is a succession of single-use connections, dialled again after a
 * loss as a {@link ReconnectPolicy} says: the one reconnect machine every duplex transport with a
 * policy shares (WebSocket, TCP), so that they behave alike.
 *
 * <ul>
 *   <li>{@link #start} dials the first connection. A dialler that fails at once (TCP connects on the
 *       caller's thread) makes {@code start} throw, so building the transport fails with the reason; one
 *       that fails later (a WebSocket handshake) is a loss like any other.</li>
 *   <li>Sends made while no connection is open (before the first one, or while reconnecting) wait in a
 *       queue, in order; one withdrawn meanwhile (its call timed out or was cancelled) is never sent.
 *       They go, in order, before any later send, once a connection opens.</li>
 *   <li>A loss is reported once ({@code onDisconnected}), however many attempts follow. Each attempt
 *       waits the policy's delay, on a shared timer, then dials on a pool thread (dialling may block,
 *       up to the connect timeout). A restored connection is reported with {@code onReconnected}.</li>
 *   <li>When the policy gives up (at once, for {@link ReconnectPolicy#none()}), the queued sends fail,
 *       later sends fail at once with the reason, and {@code onLostForGood} is reported.</li>
 *   <li>Inner connections are told apart by a generation number, so a late event of an old one (a
 *       message, a loss) is ignored.</li>
 * </ul>
 * <pre>{@code
 * DuplexConnection connection = new ReconnectingConnection("tcp://127.0.0.1:7000",
 *         ReconnectingConnection.blocking(this::openTcpConnection),     // a new, unstarted connection each time
 *         ReconnectPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 20));
 * }</pre>
 */
public final class ReconnectingConnection implements DuplexConnection {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final ExecutorService DIALS = dialPool();

    /** Makes one single-use connection. */
    @FunctionalInterface
    public interface Dialer {
        /**
         * Opens one connection and starts it with the listener; may block (up to a connect timeout).
         *
         * @param listener hears the connection's messages and its loss
         * @return the connection once it is open, or a failure with a {@link TransportException}
         */
        CompletableFuture<DuplexConnection> dial(Listener listener);
    }

    private final String endpoint;
    private final Dialer dialer;
    private final ReconnectPolicy policy;
    private final Object listenerLock = new Object();

    // Guarded by `this`.
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private DuplexConnection current;
    private int generation = 1;
    private int attempt;
    private boolean everConnected;
    private TransportException dead;
    private ScheduledFuture<?> pending;

    private volatile boolean closed;
    private volatile Listener listener;

    /**
     * Creates the connection; nothing is dialled before {@link #start}.
     *
     * @param endpoint where it goes, safe to show
     * @param dialer   makes each single-use connection
     * @param policy   when to dial again after a loss
     */
    public ReconnectingConnection(String endpoint, Dialer dialer, ReconnectPolicy policy) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Wraps a factory of {@link StreamConnection}s (whose {@code start} connects on the calling thread,
     * throwing on failure) as a dialler.
     *
     * @param factory makes a new, unstarted connection each time
     * @return the dialler
     */
    public static Dialer blocking(java.util.function.Supplier<? extends DuplexConnection> factory) {
        return listener -> {
            DuplexConnection connection = factory.get();
            try {
                connection.start(listener);
                return CompletableFuture.completedFuture(connection);
            } catch (RuntimeException e) {
                connection.close();
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** {@return the reconnect policy} */
    public ReconnectPolicy policy() {
        return policy;
    }

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        int gen;
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException(endpoint + " was already started");
            }
            this.listener = listener;
            gen = generation;
        }
        CompletableFuture<DuplexConnection> first = dial(gen);
        if (first.isCompletedExceptionally()) {
            TransportException reason = reason(first);
            synchronized (this) {
                dead = reason;
            }
            throw reason;
        }
        first.whenComplete((connection, error) -> dialled(gen, connection, error));
    }

    private CompletableFuture<DuplexConnection> dial(int gen) {
        try {
            return dialer.dial(new Inner(gen));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void redial() {
        int gen;
        synchronized (this) {
            if (closed) {
                return;
            }
            gen = generation;
        }
        dial(gen).whenComplete((connection, error) -> dialled(gen, connection, error));
    }

    private void dialled(int gen, DuplexConnection connection, Throwable error) {
        if (error != null) {
            lost(gen, asTransportException(error));
        } else {
            opened(gen, connection);
        }
    }

    /** A connection opened: send what waited, in order, then make it the current one. */
    private void opened(int gen, DuplexConnection connection) {
        while (true) {
            List<Outgoing> waiting;
            // The listener's lock first, as for every event: a loss that follows at once is then told
            // after this restoration, never before it.
            synchronized (listenerLock) {
                boolean reconnected = false;
                synchronized (this) {
                    if (closed || gen != generation) {
                        break;
                    }
                    if (queue.isEmpty()) {
                        waiting = null;
                        current = connection;
                        attempt = 0;
                        reconnected = everConnected;
                        everConnected = true;
                    } else {
                        // Sent outside the locks (a connection may complete a future at once); later
                        // sends still queue behind these because `current` is not set yet.
                        waiting = new ArrayList<>(queue);
                        queue.clear();
                    }
                }
                if (waiting == null) {
                    if (reconnected) {
                        LOG.debug("{}: reconnected", endpoint);
                        callListener(listener::onReconnected);
                    }
                    return;
                }
            }
            for (Outgoing o : waiting) {
                forward(connection, o);
            }
        }
        connection.close(); // closed, or lost while it was being dialled or filled
    }

    private static void forward(DuplexConnection connection, Outgoing o) {
        if (o.done.isDone()) {
            return; // withdrawn before its turn
        }
        CompletableFuture<Void> sent;
        try {
            sent = connection.send(o.message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> inner = sent;
        inner.whenComplete((ok, error) -> {
            if (error == null) {
                o.done.complete(null);
            } else {
                o.done.completeExceptionally(asTransportException(error));
            }
        });
        o.done.whenComplete((ok, error) -> {
            if (o.done.isCancelled()) {
                inner.cancel(false);
            }
        });
    }

    /** The connection of generation {@code gen} is gone, or could not be made: retry or give up. */
    private void lost(int gen, TransportException reason) {
        Optional<Duration> delay;
        boolean firstLoss;
        int attemptNo;
        DuplexConnection old;
        List<Outgoing> failed = List.of();
        synchronized (this) {
            if (closed || gen != generation) {
                return;
            }
            old = current;
            current = null;
            generation++;
            firstLoss = attempt == 0;
            attemptNo = ++attempt;
            delay = policy.delayBefore(attemptNo);
            if (delay.isPresent()) {
                pending = TIMER.schedule(() -> DIALS.execute(this::redial), delay.get().toNanos(),
                        TimeUnit.NANOSECONDS);
            } else {
                dead = reason;
                failed = new ArrayList<>(queue);
                queue.clear();
            }
        }
        if (old != null) {
            old.close(); // released at once: nothing more is wanted from it
        }
        for (Outgoing o : failed) {
            o.done.completeExceptionally(copy(reason));
        }
        if (delay.isPresent()) {
            LOG.debug("{}: {}; reconnecting in {} (attempt {})", endpoint, reason.getMessage(), delay.get(), attemptNo);
        } else if (policy.enabled()) {
            LOG.warn("{}: {}; gave up reconnecting", endpoint, reason.getMessage());
        }
        if (firstLoss) {
            tell(() -> listener.onDisconnected(reason));
        }
        if (delay.isEmpty()) {
            tell(() -> listener.onLostForGood(reason));
        }
    }

    /** Calls the listener under its lock, one event at a time, unless closed. */
    private void tell(Runnable event) {
        synchronized (listenerLock) {
            callListener(event);
        }
    }

    /** With the listener's lock held: calls it unless closed; a failure is logged. */
    private void callListener(Runnable event) {
        if (closed) {
            return;
        }
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("the listener of {} failed", endpoint, e);
        }
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        Objects.requireNonNull(message, "message");
        DuplexConnection connection;
        Outgoing waiting = null;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            if (dead != null) {
                return CompletableFuture.failedFuture(copy(dead));
            }
            connection = current;
            if (connection == null) {
                var o = new Outgoing(message, new CompletableFuture<>());
                queue.add(o);
                waiting = o;
            }
        }
        if (waiting != null) {
            // A call that gives up while the connection is down leaves the queue at once, so a long outage
            // does not pile up messages nobody wants.
            Outgoing o = waiting;
            o.done.whenComplete((ok, error) -> {
                synchronized (this) {
                    queue.remove(o);
                }
            });
            return o.done;
        }
        return connection.send(message);
    }

    @Override
    public void close() {
        DuplexConnection connection;
        List<Outgoing> failed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            connection = current;
            current = null;
            failed = new ArrayList<>(queue);
            queue.clear();
            if (pending != null) {
                pending.cancel(false);
            }
        }
        for (Outgoing o : failed) {
            o.done.completeExceptionally(closedException());
        }
        if (connection != null) {
            connection.close();
        }
    }

    private TransportException closedException() {
        return new TransportException("the connection to " + endpoint + " is closed", null);
    }

    private static TransportException copy(TransportException reason) {
        return new TransportException(reason.getMessage(), reason.getCause());
    }

    private TransportException reason(CompletableFuture<?> failed) {
        try {
            failed.join();
            return new TransportException("could not connect to " + endpoint, null);
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return asTransportException(e);
        }
    }

    private static TransportException asTransportException(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TransportException t) {
            return t;
        }
        return new TransportException("the connection failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "ReconnectingConnection[" + endpoint + ", " + policy + "]";
    }

    private record Outgoing(byte[] message, CompletableFuture<Void> done) {
    }

    /** Hears one inner connection; ignored once a later generation has begun. */
    private final class Inner implements Listener {
        private final int gen;

        Inner(int gen) {
            this.gen = gen;
        }

        @Override
        public void onMessage(byte[] message) {
            synchronized (listenerLock) {
                synchronized (ReconnectingConnection.this) {
                    if (closed || gen != generation) {
                        return;
                    }
                }
                listener.onMessage(message);
            }
        }

        @Override
        public void onDisconnected(TransportException reason) {
            lost(gen, reason);
        }

        // onReconnected and onLostForGood: a single-use connection never reconnects, and its loss was
        // already heard through onDisconnected; this class decides what follows.
    }

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "jsonrpcclient-reconnect-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ExecutorService dialPool() {
        var count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "jsonrpcclient-reconnect-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
