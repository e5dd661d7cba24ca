package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.EOFException;
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
 * in order for one to come free, or, with a {@code pipelineDepth} above 1, are written on the open
 * connection carrying the fewest (HTTP/1.1 pipelining, opt-in): each connection keeps its exchanges
 * in the order sent and hands each response to the first of them. The requests queued in one round
 * of the loop leave in one write per connection. A call behind a {@code Connection: close} reply goes
 * to another connection (the server must not have processed it); one behind a reply the server
 * follows with a silent close fails as possibly processed; a timed-out or cancelled call leaves the
 * connection to those behind it, its reply read and dropped. The response is parsed as bytes arrive with the rules the blocking
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
 * var nio = new NioHttp1(10_000, 64, 1);
 * CompletableFuture<HttpEngine.Response> response = nio.post("127.0.0.1", 8545, "127.0.0.1:8545", request, null);
 * }</pre>
 */
final class NioHttp1 implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

    private final int connectTimeoutMillis;
    private final int maxConnections;
    private final int pipelineDepth;
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
    /** Connections with requests queued this round, written together at its end. */
    private final List<Connection> writesDue = new ArrayList<>();
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
     * @param pipelineDepth        the most exchanges one connection carries at once: 1 for none
     *                             pipelined, the default; more only once every connection is open
     */
    NioHttp1(int connectTimeoutMillis, int maxConnections, int pipelineDepth) throws IOException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (pipelineDepth < 1) {
            throw new IllegalArgumentException("pipelineDepth must be at least 1: " + pipelineDepth);
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxConnections = maxConnections;
        this.pipelineDepth = pipelineDepth;
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
                writeDue();
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
                writeDue();
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
        exchange.waiting = pool;
        pool.waiting.add(exchange);
        dispatch(pool);
    }

    /**
     * Gives the pool's waiting calls, in order, a connection each: an idle one, else a new one while
     * under the cap, else (pipelining) a place on the open connection carrying the fewest.
     */
    private void dispatch(Pool pool) {
        Exchange next;
        while (!closed && (next = pool.waiting.peek()) != null) {
            if (next.over()) {
                pool.waiting.poll();
                continue;
            }
            Connection connection = takeIdle(pool);
            if (connection == null && pool.open >= maxConnections) {
                connection = leastBusy(pool);
                if (connection == null) {
                    return;
                }
            }
            pool.waiting.poll();
            next.waiting = null;
            if (connection == null) {
                open(pool, next);
            } else {
                send(connection, next);
            }
        }
    }

    /** {@return the open connection with the fewest exchanges, if it may carry one more, else null} */
    private Connection leastBusy(Pool pool) {
        if (pipelineDepth == 1) {
            return null;
        }
        Connection best = null;
        for (Connection c : pool.busy) {
            if (!c.closing && c.exchanges.size() < pipelineDepth
                    && (best == null || c.exchanges.size() < best.exchanges.size())) {
                best = c;
            }
        }
        return best;
    }

    private void open(Pool pool, Exchange exchange) {
        InetSocketAddress address = exchange.address;
        if (address.isUnresolved()) {
            end(exchange, new UnknownHostException(exchange.origin.host()));
            return;
        }
        SocketChannel channel = null;
        Connection connection = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Origin origin = exchange.origin;
            connection = new Connection(pool, channel,
                    origin.tls() == null ? null : new NioTls(origin.tls(), origin.host(), origin.port()));
            pool.open++;
            send(connection, exchange);
            if (channel.connect(address)) {
                connection.key = channel.register(selector, 0, connection);
                connected(connection);
            } else {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
                Connection connecting = connection;
                connection.connectTimer = Deadlines.at(System.nanoTime() + connectTimeoutMillis * 1_000_000L,
                        () -> submit(() -> connectTimedOut(connecting)));
            }
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                failConnection(connection, e);
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
        writeNow(connection);
    }

    /**
     * Puts the exchange on the connection, behind any it carries already (pipelining), and writes
     * its request: at once without pipelining, else at the end of this round, with any others
     * queued on the connection meanwhile.
     */
    private void send(Connection connection, Exchange exchange) {
        if (connection.exchanges.isEmpty()) {
            connection.parser = new Http1ResponseParser(exchange.maxResponseBytes);
            if (pipelineDepth > 1 && !connection.busy) {
                connection.busy = true;
                connection.pool.busy.add(connection);
            }
        }
        connection.exchanges.add(exchange);
        exchange.connection = connection;
        exchange.reused = connection.used++ > 0;
        if (connection.tls != null) {
            connection.tls.send(exchange.bytes);
        } else {
            connection.out.add(ByteBuffer.wrap(exchange.bytes));
        }
        if (!connection.connected) {
            return;  // written once connected
        }
        if (pipelineDepth == 1) {
            // One request per connection: nothing to gather, and the server starts on it sooner.
            writeNow(connection);
        } else {
            writeSoon(connection);
        }
    }

    /** Marks the connection to be written at the end of this round: one write for every request queued in it. */
    private void writeSoon(Connection connection) {
        if (!connection.writeDue) {
            connection.writeDue = true;
            writesDue.add(connection);
        }
    }

    /** Writes every connection that had requests queued this round. */
    private void writeDue() {
        for (int i = 0; i < writesDue.size(); i++) {
            Connection connection = writesDue.get(i);
            connection.writeDue = false;
            writeNow(connection);
        }
        writesDue.clear();
    }

    private void writeNow(Connection connection) {
        if (!connection.open) {
            return;
        }
        try {
            if (connection.tls != null) {
                drive(connection);
            } else {
                write(connection);
            }
        } catch (IOException | RuntimeException e) {
            failConnection(connection, e);
        }
    }

    private void write(Connection connection) throws IOException {
        ArrayDeque<ByteBuffer> out = connection.out;
        if (out.size() == 1) {
            connection.channel.write(out.peek());
        } else if (!out.isEmpty()) {
            // Pipelined requests: one gathering write, no copy of them into one buffer.
            connection.channel.write(out.toArray(NO_BUFFERS));
        }
        while (!out.isEmpty() && !out.peek().hasRemaining()) {
            out.poll();
        }
        if (!out.isEmpty()) {
            // Replies are read meanwhile: a server may answer the first requests before it reads the rest.
            connection.key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            return;
        }
        connection.key.interestOps(SelectionKey.OP_READ);
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
            } else {
                if (key.isWritable()) {
                    write(connection);
                }
                if (key.isReadable() && connection.open) {
                    read(connection);
                }
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
        if (connection.exchanges.isEmpty()) {
            // Idle: the server closed it, or wrote what nobody asked for. Either way it is done.
            closeConnection(connection);
            dispatch(connection.pool);
            return;
        }
        if (n < 0) {
            endOfStream(connection);
            return;
        }
        buffer.flip();
        take(connection, buffer);
        settle(connection);
    }

    /**
     * Feeds the bytes to the connection's exchanges in order, each response ending its exchange's
     * turn; {@return false once no more bytes are wanted: the connection is to close, or bytes came
     * that no exchange asked for}
     */
    private static boolean take(Connection connection, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            Exchange head = connection.exchanges.peek();
            if (head == null) {
                connection.stray = true;
                return false;
            }
            HttpEngine.Response response = connection.parser.feed(bytes);
            if (response == null) {
                return true;
            }
            answered(connection, response);
            if (connection.closing) {
                return false;
            }
        }
        return true;
    }

    /** The head exchange's response is complete: it leaves the line, the next one's parser starts. */
    private static void answered(Connection connection, HttpEngine.Response response) {
        Exchange head = connection.exchanges.poll();
        connection.closing = connection.parser.closes();
        connection.keepAliveNanos = connection.parser.keepAliveNanos();
        head.response = response;
        connection.answered.add(head);
        Exchange next = connection.exchanges.peek();
        connection.parser = next == null ? null : new Http1ResponseParser(next.maxResponseBytes);
    }

    /**
     * After bytes were taken: completes the answered exchanges, then ends the connection if it is to
     * close (calls pipelined behind a {@code Connection: close} were not processed, so they go to
     * another connection), frees it if it carries nothing more, and gives any waiting calls their turn.
     */
    private void settle(Connection connection) {
        settleAnswered(connection);
        Pool pool = connection.pool;
        if (connection.stray || connection.closing || closed) {
            // Unanswered calls behind a close: the server must not process them (RFC 9112, 9.6).
            List<Exchange> unanswered = new ArrayList<>(connection.exchanges);
            connection.exchanges.clear();
            closeConnection(connection);
            for (int i = unanswered.size() - 1; i >= 0; i--) {
                Exchange exchange = unanswered.get(i);
                exchange.connection = null;
                if (!exchange.over()) {
                    exchange.waiting = pool;
                    pool.waiting.addFirst(exchange);
                }
            }
        } else if (connection.exchanges.isEmpty()) {
            release(connection);
        }
        dispatch(pool);
    }

    /** The server ended the stream while the connection carried exchanges. */
    private void endOfStream(Connection connection) throws IOException {
        // A body delimited by the connection's end is complete now; any other end fails what is left.
        HttpEngine.Response last = connection.parser.endOfStream();
        answered(connection, last);
        connection.closing = true;
        if (connection.exchanges.isEmpty()) {
            settle(connection);
        } else {
            // Calls pipelined behind a close-delimited reply: the server ended without a word about them.
            settleAnswered(connection);
            failConnection(connection, new EOFException("the server closed the connection"));
        }
    }

    /** Completes the exchanges answered so far, leaving the connection as it is. */
    private void settleAnswered(Connection connection) {
        for (int i = 0; i < connection.answered.size(); i++) {
            Exchange exchange = connection.answered.get(i);
            exchange.connection = null;
            HttpEngine.Response response = exchange.response;
            exchange.response = null;
            if (finish(exchange)) {
                completed(() -> exchange.complete(response));
            }
        }
        connection.answered.clear();
    }

    /**
     * Moves a TLS connection along (handshake, requests, replies) as far as its socket allows, then
     * ends the exchanges whose replies are complete, or waits for the socket. An idle connection that
     * brings anything but TLS's own messages (a session ticket, say) is closed.
     */
    private void drive(Connection connection) throws IOException {
        connection.stray = false;
        NioTls.Wait wait = connection.tls.pump(connection.channel, plaintext -> take(connection, plaintext));
        if (connection.stray || connection.closing || !connection.answered.isEmpty()) {
            int sent = connection.used;
            settle(connection);
            if (!connection.open || connection.used != sent) {
                // Closed, or handed a waiting call, whose send drove the connection already.
                return;
            }
        }
        if (wait == NioTls.Wait.TASKS) {
            connection.key.interestOps(0);
            runTlsTasks(connection);
        } else if (connection.exchanges.isEmpty()) {
            if (connection.tls.ended()) {
                closeConnection(connection);
                dispatch(connection.pool);
            } else {
                connection.key.interestOps(SelectionKey.OP_READ);
            }
        } else if (connection.tls.ended()) {
            endOfStream(connection);
        } else {
            // While waiting to write, replies are read too (NioTls takes them as it pumps).
            connection.key.interestOps(wait == NioTls.Wait.WRITE
                    ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
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
                NioTls.Wait wait = connection.tls.pump(connection.channel, plaintext -> take(connection, plaintext));
                // Tasks mean a handshake under way on an idle connection: not one to send on now.
                return connection.stray || connection.tls.ended() || wait == NioTls.Wait.TASKS;
            }
            readBuffer.clear();
            return connection.channel.read(readBuffer) != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Puts a connection that carries nothing into the idle pool, watched for the server closing it. */
    private void release(Connection connection) {
        Pool pool = connection.pool;
        notBusy(connection);
        connection.idleSince = System.nanoTime();
        connection.key.interestOps(SelectionKey.OP_READ);  // to see the server close it
        pool.idle.push(connection);
    }

    /**
     * Ends every exchange the connection carries with {@code error}, explained as the blocking path
     * does (one pipelined behind another is explained as on a kept-alive connection: it may or may
     * not have been processed), and closes it.
     */
    private void failConnection(Connection connection, Exception error) {
        List<Exchange> carried = new ArrayList<>(connection.exchanges);
        connection.exchanges.clear();
        closeConnection(connection);
        for (int i = 0; i < carried.size(); i++) {
            Exchange exchange = carried.get(i);
            exchange.connection = null;
            end(exchange, SocketHttpEngine.explained(error, null, exchange.reused || i > 0));
        }
        dispatch(connection.pool);
    }

    private void closeConnection(Connection connection) {
        if (!connection.open) {
            return;
        }
        connection.open = false;
        Pool pool = connection.pool;
        pool.idle.remove(connection);
        notBusy(connection);
        for (Exchange exchange : connection.exchanges) {
            if (exchange.connection == connection) {
                exchange.connection = null;
            }
        }
        connection.exchanges.clear();
        if (connection.connectTimer != null) {
            connection.connectTimer.cancel();
        }
        connection.closeChannel();
        // A slot came free: whoever closes the connection then gives waiting calls their turn (dispatch).
        pool.open--;
    }

    private static void notBusy(Connection connection) {
        if (connection.busy) {
            connection.busy = false;
            connection.pool.busy.remove(connection);
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
        end(exchange, why.failure(null));
        if (connection != null && allOver(connection)) {
            // Nobody waits for what the connection would bring: its exchange (or every exchange
            // pipelined on it) has ended. One that others still wait on stays, and the reply to the
            // ended exchange is read and dropped when it comes.
            closeConnection(connection);
            dispatch(connection.pool);
        }
    }

    private static boolean allOver(Connection connection) {
        for (Exchange e : connection.exchanges) {
            if (!e.over()) {
                return false;
            }
        }
        return true;
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
        /** Its response, between being read and being completed. */
        HttpEngine.Response response;

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
        /** Open connections carrying (or about to carry) exchanges. */
        final List<Connection> busy = new ArrayList<>();
        final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        int open;
    }

    /** One non-blocking connection. */
    private static final class Connection {
        final Pool pool;
        final SocketChannel channel;
        /** Its TLS, or null for plain HTTP. */
        final NioTls tls;
        /** The exchanges it carries, in the order their requests were sent: the first is being answered. */
        final ArrayDeque<Exchange> exchanges = new ArrayDeque<>(2);
        /** Exchanges whose responses were read and are not yet completed. */
        final List<Exchange> answered = new ArrayList<>(2);
        /** Set by a read: bytes came that no exchange asked for. */
        boolean stray;
        /** Set by a response that ends the connection ({@code Connection: close}). */
        boolean closing;
        boolean writeDue;
        /** True while in its pool's list of busy connections (pipelining only). */
        boolean busy;
        SelectionKey key;
        Deadlines.Handle connectTimer;
        boolean open = true;
        boolean connected;
        int used;
        long idleSince;
        long keepAliveNanos;
        /** The response parser of the first exchange, or null when it carries none. */
        Http1ResponseParser parser;
        /** Plain HTTP: the requests not yet written (or not wholly), in order. */
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);

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
