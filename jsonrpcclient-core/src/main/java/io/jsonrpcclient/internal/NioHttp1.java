package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The socket engine's async path over HTTP/1.1, plain or TLS: every exchange of one engine runs on
 * one selector thread ({@code jsonrpcclient-http-selector-N}, a daemon started on the first async
 * call and ended by {@link #close()}), over non-blocking kept-alive connections pooled per server
 * (and TLS context). So 64 calls in flight hold 64 connections and one thread, not 64 threads. Over
 * {@code https://} each connection has an {@link NioTls} (an {@code SSLEngine}, verifying the chain
 * and the host name as the blocking path's socket does); its handshake runs on the selector thread
 * but for the certificate checks (delegated tasks, run on {@link NioTls#TASKS}), bounded by the
 * call's deadline like the rest of the exchange, and an idle connection takes TLS's own late
 * messages (session tickets) without being dropped.
 *
 * <p>All connection and exchange state is touched by the selector thread alone; other threads
 * (callers, the {@link Deadlines} thread, a cancel, {@link #close()}) hand it tasks through a queue
 * and wake it. Per server at most {@code maxConnections} connections are open; calls beyond them wait
 * in order for one to come free. The response is parsed as bytes arrive with the rules the blocking
 * path uses ({@link Http1ResponseParser}: the same parser, limits and failures), and:
 * <ul>
 *   <li>the call's deadline closes its connection and fails the call with the same timeout as the
 *       blocking path ({@link Abort#TIMED_OUT}); cancelling the returned future closes the
 *       connection too; {@link #close()} fails every call in flight or waiting;</li>
 *   <li>an idle connection is watched for reads, so one the server closes (or writes to unasked)
 *       is dropped at once rather than reused; one past the server's {@code Keep-Alive} timeout is
 *       dropped when next taken; a POST is never sent twice, and a kept-alive connection that ends
 *       before its reply fails the call saying it may or may not have been processed;</li>
 *   <li>futures are completed on the shared callback pool, marked as {@link CallbackThreads#handOver}
 *       marks them, never on the selector thread, so no caller's code runs there; a client on that
 *       pool then finishes its call in place, without a second hop. The completions of one selector
 *       round go over together, for one wake-up ({@link CompletionBursts}, as a duplex connection's
 *       replies do); a caller's callback that blocks holds up the rest for about
 *       {@link CompletionBursts#STALL}, twice that at most.</li>
 * </ul>
 * <pre>{@code
 * var nio = new NioHttp1(10_000, 64);
 * CompletableFuture<HttpEngine.Response> response = nio.post("127.0.0.1", 8545, "127.0.0.1:8545", request, null);
 * }</pre>
 */
final class NioHttp1 implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int connectTimeoutMillis;
    private final int maxConnections;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while a wake-up is owed: callers wake the selector once per batch of tasks, not per task. */
    private final AtomicBoolean wakeupOwed = new AtomicBoolean();
    private final Selector selector;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean ended;

    // Selector thread only.
    private final Map<Origin, Pool> pools = new HashMap<>();
    private final Set<Exchange> live = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Runnable> completions = new ArrayList<>();
    /** Takes each round's completions to the shared callback pool. */
    private final CompletionBursts bursts = new CompletionBursts(CallbackThreads.shared());

    /** A server, and the TLS context its connections use (null for plain HTTP): the key of a pool. */
    private record Origin(String host, int port, SSLContext tls) {
    }

    /**
     * Opens the selector and starts its thread.
     *
     * @param connectTimeoutMillis how long opening a connection may take
     * @param maxConnections       the most connections open at once to one server
     */
    NioHttp1(int connectTimeoutMillis, int maxConnections) throws IOException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxConnections = maxConnections;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "jsonrpcclient-http-selector-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts one POST, over TLS when a context is given; the future completes on the shared callback pool.
     *
     * @param host       the host to connect to, and to check the certificate against
     * @param port       its port
     * @param hostHeader the Host header's value
     * @param request    the request, already checked
     * @param tls        the TLS context for {@code https}, or null for plain HTTP
     * @return the response to come; cancelling it aborts the exchange and closes its connection
     */
    CompletableFuture<HttpEngine.Response> post(String host, int port, String hostHeader, HttpEngine.Request request,
            SSLContext tls) {
        // Resolved here, on the caller's thread (the JVM caches lookups): a slow DNS answer on the
        // selector thread would hold up every exchange of the engine.
        var address = new InetSocketAddress(host, port);
        var exchange = new Exchange(new Origin(host, port, tls), address, Http1Head.request(request, hostHeader),
                request.maxResponseBytes());
        if (closed) {
            exchange.completeExceptionally(Abort.CLOSED.failure(null));
            return exchange;
        }
        exchange.timer = Deadlines.at(Deadlines.after(request.timeout()), () -> submit(() -> abort(exchange, Abort.TIMED_OUT)));
        submit(() -> start(exchange));
        return exchange;
    }

    /** Fails every call in flight or waiting, closes every connection and ends the thread. */
    @Override
    public void close() {
        closed = true;
        submit(() -> { });
    }

    private void submit(Runnable task) {
        tasks.add(task);
        if (ended) {
            // The loop is gone: run what is left here, where every task meets a closed engine.
            synchronized (this) {
                runTasks();
                flush();
            }
        } else if (wakeupOwed.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A task that fails has failed its own exchange; the loop must go on for the others.
            }
        }
    }

    private void loop() {
        try {
            while (!closed) {
                wakeupOwed.set(false);
                runTasks();
                flush();
                if (closed) {
                    break;
                }
                selector.select();
                Set<SelectionKey> ready = selector.selectedKeys();
                for (SelectionKey key : ready) {
                    ready(key);
                }
                ready.clear();
            }
        } catch (IOException | RuntimeException | Error e) {
            // The selector itself failed: nothing more can run, so everything pending fails below.
        } finally {
            closed = true;
            shutDown();
        }
    }

    private void shutDown() {
        synchronized (this) {
            ended = true;
            runTasks();
            for (Exchange exchange : new ArrayList<>(live)) {
                abort(exchange, Abort.CLOSED);
            }
            for (Pool pool : pools.values()) {
                for (Connection connection : pool.idle) {
                    connection.closeChannel();
                }
            }
            pools.clear();
            flush();
            try {
                selector.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    // ---- on the selector thread (or, once it has ended, under this object's lock) ----

    private void start(Exchange exchange) {
        if (exchange.over()) {
            return;  // cancelled, or timed out, before its turn
        }
        if (closed) {
            end(exchange, Abort.CLOSED.failure(null));
            return;
        }
        live.add(exchange);
        Pool pool = pools.computeIfAbsent(exchange.origin, o -> new Pool());
        Connection idle = takeIdle(pool);
        if (idle != null) {
            send(idle, exchange);
        } else if (pool.open < maxConnections) {
            open(pool, exchange);
        } else {
            exchange.waiting = pool;
            pool.waiting.add(exchange);
        }
    }

    private void open(Pool pool, Exchange exchange) {
        InetSocketAddress address = exchange.address;
        if (address.isUnresolved()) {
            end(exchange, new UnknownHostException(exchange.origin.host()));
            return;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Origin origin = exchange.origin;
            var connection = new Connection(pool, channel,
                    origin.tls() == null ? null : new NioTls(origin.tls(), origin.host(), origin.port()));
            pool.open++;
            connection.exchange = exchange;
            exchange.connection = connection;
            if (channel.connect(address)) {
                connection.key = channel.register(selector, 0, connection);
                connected(connection);
            } else {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
                connection.connectTimer = Deadlines.at(System.nanoTime() + connectTimeoutMillis * 1_000_000L,
                        () -> submit(() -> connectTimedOut(connection)));
            }
        } catch (IOException | RuntimeException e) {
            if (exchange.connection != null) {
                failConnection(exchange.connection, e);
            } else {
                closeQuietly(channel);
                end(exchange, e);
            }
        }
    }

    private void connectTimedOut(Connection connection) {
        if (!connection.connected && connection.open) {
            var late = new HttpConnectTimeoutException("connect timed out");
            failConnection(connection, late);
        }
    }

    private void connected(Connection connection) throws IOException {
        connection.connected = true;
        if (connection.connectTimer != null) {
            connection.connectTimer.cancel();
        }
        if (connection.tls != null) {
            connection.tls.begin();
        }
        send(connection, connection.exchange);
    }

    private void send(Connection connection, Exchange exchange) {
        connection.exchange = exchange;
        exchange.connection = connection;
        exchange.reused = connection.used++ > 0;
        connection.reusable = false;
        connection.parser = new Http1ResponseParser(exchange.maxResponseBytes);
        try {
            if (connection.tls != null) {
                connection.tls.send(exchange.bytes);
                drive(connection);
            } else {
                connection.out = ByteBuffer.wrap(exchange.bytes);
                write(connection);
            }
        } catch (IOException | RuntimeException e) {
            failConnection(connection, e);
        }
    }

    private void write(Connection connection) throws IOException {
        connection.channel.write(connection.out);
        if (connection.out.hasRemaining()) {
            connection.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            connection.out = null;
            connection.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void ready(SelectionKey key) {
        var connection = (Connection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                if (connection.channel.finishConnect()) {
                    connected(connection);
                }
            } else if (connection.tls != null) {
                drive(connection);
            } else if (key.isWritable()) {
                write(connection);
            } else if (key.isReadable()) {
                read(connection);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // Its exchange ended while the key was in the ready set.
        } catch (IOException | RuntimeException e) {
            failConnection(connection, e);
        }
    }

    private void read(Connection connection) throws IOException {
        ByteBuffer buffer = readBuffer;
        buffer.clear();
        int n = connection.channel.read(buffer);
        Exchange exchange = connection.exchange;
        if (exchange == null) {
            // Idle: the server closed it, or wrote what nobody asked for. Either way it is done.
            connection.pool.idle.remove(connection);
            closeConnection(connection);
            return;
        }
        if (n < 0) {
            HttpEngine.Response response = connection.parser.endOfStream();
            connection.reusable = false;
            succeed(connection, response);
            return;
        }
        buffer.flip();
        HttpEngine.Response response = connection.parser.feed(buffer);
        if (response != null) {
            connection.reusable = connection.parser.leavesReusable(buffer);
            connection.keepAliveNanos = connection.parser.keepAliveNanos();
            succeed(connection, response);
        }
    }

    /**
     * Moves a TLS connection along (handshake, request, reply) as far as its socket allows, then
     * ends its exchange if the reply is complete, or waits for the socket. An idle connection that
     * brings anything but TLS's own messages (a session ticket, say) is closed.
     */
    private void drive(Connection connection) throws IOException {
        connection.replied = null;
        connection.stray = false;
        NioTls.Wait wait = connection.tls.pump(connection.channel, plaintext -> takeReply(connection, plaintext));
        HttpEngine.Response response = connection.replied;
        if (response != null) {
            connection.replied = null;
            succeed(connection, response);
        } else if (wait == NioTls.Wait.TASKS) {
            connection.key.interestOps(0);
            runTlsTasks(connection);
        } else if (connection.exchange == null) {
            if (connection.stray || connection.tls.ended()) {
                connection.pool.idle.remove(connection);
                closeConnection(connection);
            }
        } else if (connection.tls.ended()) {
            HttpEngine.Response last = connection.parser.endOfStream();
            connection.reusable = false;
            succeed(connection, last);
        } else {
            connection.key.interestOps(wait == NioTls.Wait.WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /**
     * Runs a TLS handshake's delegated tasks (certificate checks) off the selector thread, then
     * moves the connection along on it again, unless it was closed meanwhile.
     */
    private void runTlsTasks(Connection connection) {
        NioTls.TASKS.execute(() -> {
            RuntimeException failure = null;
            try {
                connection.tls.runDelegatedTasks();
            } catch (RuntimeException e) {
                failure = e;
            }
            RuntimeException failed = failure;
            submit(() -> {
                if (!connection.open) {
                    return;
                }
                try {
                    if (failed != null) {
                        throw failed;
                    }
                    drive(connection);
                } catch (IOException | RuntimeException e) {
                    failConnection(connection, e);
                }
            });
        });
    }

    /** The sink of a TLS connection's plaintext: {@return false once the reply is complete, or if none was asked for} */
    private static boolean takeReply(Connection connection, ByteBuffer plaintext) throws IOException {
        if (connection.exchange == null) {
            connection.stray = true;
            return false;
        }
        HttpEngine.Response response = connection.parser.feed(plaintext);
        if (response == null) {
            return true;
        }
        connection.reusable = connection.parser.leavesReusable(plaintext);
        connection.keepAliveNanos = connection.parser.keepAliveNanos();
        connection.replied = response;
        return false;
    }

    private void succeed(Connection connection, HttpEngine.Response response) {
        Exchange exchange = connection.exchange;
        connection.exchange = null;
        connection.parser = null;
        exchange.connection = null;
        if (connection.reusable && !closed) {
            release(connection);
        } else {
            closeConnection(connection);
        }
        if (finish(exchange)) {
            completed(() -> exchange.complete(response));
        }
    }

    /** {@return the most recently used idle connection still worth using, or null} */
    private Connection takeIdle(Pool pool) {
        Connection connection;
        while ((connection = pool.idle.poll()) != null) {
            // A close the selector has not seen yet is looked for by a read, as the blocking path
            // does: it finds the end (closed), nothing (open) or stray bytes.
            Connection c = connection;
            if (Http1Head.staleIdle(System.nanoTime() - c.idleSince, c.keepAliveNanos, () -> looksClosed(c))) {
                closeConnection(connection);
                continue;
            }
            return connection;
        }
        return null;
    }

    private boolean looksClosed(Connection connection) {
        try {
            if (connection.tls != null) {
                // Through TLS: a late session ticket is no reason to drop the connection.
                connection.stray = false;
                NioTls.Wait wait = connection.tls.pump(connection.channel, plaintext -> takeReply(connection, plaintext));
                // Tasks mean a handshake under way on an idle connection: not one to send on now.
                return connection.stray || connection.tls.ended() || wait == NioTls.Wait.TASKS;
            }
            readBuffer.clear();
            return connection.channel.read(readBuffer) != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Gives a free connection to the next waiting call, or to the idle pool. */
    private void release(Connection connection) {
        Pool pool = connection.pool;
        Exchange next;
        while ((next = pool.waiting.poll()) != null) {
            next.waiting = null;
            if (!next.over()) {
                send(connection, next);
                return;
            }
        }
        connection.idleSince = System.nanoTime();
        connection.key.interestOps(SelectionKey.OP_READ);  // to see the server close it
        pool.idle.push(connection);
    }

    /** Ends the connection's exchange with {@code error}, explained as the blocking path does, and closes it. */
    private void failConnection(Connection connection, Exception error) {
        Exchange exchange = connection.exchange;
        closeConnection(connection);
        if (exchange != null) {
            exchange.connection = null;
            end(exchange, SocketHttpEngine.explained(error, null, exchange.reused));
        }
    }

    private void closeConnection(Connection connection) {
        if (!connection.open) {
            return;
        }
        connection.open = false;
        if (connection.exchange == null) {
            connection.pool.idle.remove(connection);
        }
        connection.exchange = null;
        if (connection.connectTimer != null) {
            connection.connectTimer.cancel();
        }
        connection.closeChannel();
        Pool pool = connection.pool;
        pool.open--;
        // A slot came free: the next waiting call gets a new connection.
        Exchange next;
        while (!closed && pool.open < maxConnections && (next = pool.waiting.poll()) != null) {
            next.waiting = null;
            if (!next.over()) {
                open(pool, next);
            }
        }
    }

    private void abort(Exchange exchange, Abort why) {
        if (exchange.finished) {
            return;
        }
        if (exchange.waiting != null) {
            exchange.waiting.waiting.remove(exchange);
            exchange.waiting = null;
        }
        Connection connection = exchange.connection;
        if (connection != null) {
            exchange.connection = null;
            closeConnection(connection);
        }
        end(exchange, why.failure(null));
    }

    private void end(Exchange exchange, Throwable failure) {
        // A cancelled future is complete already: no hop to the callback pool for nothing.
        if (finish(exchange) && !exchange.isDone()) {
            completed(() -> exchange.completeExceptionally(failure));
        }
    }

    /** Queues a future's completion, to be handed over with the others of this round. */
    private void completed(Runnable completion) {
        completions.add(completion);
    }

    /** Hands this round's completions to the callback pool: one wake-up for all that came together. */
    private void flush() {
        if (!completions.isEmpty()) {
            bursts.executeAll(completions);
            completions.clear();
        }
    }

    /** {@return true if this is the exchange's first end} */
    private boolean finish(Exchange exchange) {
        if (exchange.finished) {
            return false;
        }
        exchange.finished = true;
        live.remove(exchange);
        if (exchange.timer != null) {
            exchange.timer.cancel();
        }
        return true;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    /** One call: its bytes, its place and its caller's future. */
    private final class Exchange extends CompletableFuture<HttpEngine.Response> {
        final Origin origin;
        final InetSocketAddress address;
        final byte[] bytes;
        final long maxResponseBytes;
        volatile Deadlines.Handle timer;
        // Selector thread only.
        Connection connection;
        Pool waiting;
        boolean reused;
        boolean finished;

        Exchange(Origin origin, InetSocketAddress address, byte[] bytes, long maxResponseBytes) {
            this.origin = origin;
            this.address = address;
            this.bytes = bytes;
            this.maxResponseBytes = maxResponseBytes;
        }

        /** {@return true once the exchange has ended, or its caller has cancelled it} */
        boolean over() {
            return finished || isDone();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                submit(() -> abort(this, Abort.CANCELLED));
            }
            return cancelled;
        }
    }

    /** The connections to one server and the calls waiting for one. */
    private static final class Pool {
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        int open;
    }

    /** One non-blocking connection. */
    private static final class Connection {
        final Pool pool;
        final SocketChannel channel;
        /** Its TLS, or null for plain HTTP. */
        final NioTls tls;
        /** Set by a TLS pump: the reply it completed, or that it brought bytes nobody asked for. */
        HttpEngine.Response replied;
        boolean stray;
        SelectionKey key;
        Deadlines.Handle connectTimer;
        boolean open = true;
        boolean connected;
        boolean reusable;
        int used;
        long idleSince;
        long keepAliveNanos;
        Exchange exchange;
        Http1ResponseParser parser;
        ByteBuffer out;

        Connection(Pool pool, SocketChannel channel, NioTls tls) {
            this.pool = pool;
            this.channel = channel;
            this.tls = tls;
        }

        void closeChannel() {
            if (key != null) {
                key.cancel();
            }
            if (tls != null && connected) {
                tls.closeQuietly(channel);
            }
            closeQuietly(channel);
        }
    }
}
