package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.websocket.WebSocketClosedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-use WebSocket client connection (RFC 6455) spoken by the library over a plain or TLS socket,
 * built like the TCP connection: one text frame per JSON-RPC message.
 *
 * <p>This class keeps the lifecycle (start, send, close, a loss reported once), the write queue and the two
 * threads; the protocol lives in package-private pieces: {@link WebSocketConnector} (TCP and TLS),
 * {@link WebSocketHandshake} (the HTTP/1.1 Upgrade), {@link WebSocketFrameReader} (frames in) and
 * {@link WebSocketFrameWriter} (frames out, masked).
 *
 * <ul>
 *   <li>{@link #start} connects and shakes hands within the connect timeout (one {@link Deadlines} entry
 *       closes the socket when it passes, ending whichever step is blocked), and fails with a
 *       {@link TransportException} saying why: refused (naming the HTTP status), a wrong
 *       {@code Sec-WebSocket-Accept}, an extension or subprotocol not offered, or the connect failure.</li>
 *   <li>A named daemon reader thread runs the frame reader and turns its events into deliveries and losses:
 *       pings answered with pongs, the server's close answered and reported as a
 *       {@link WebSocketClosedException}, a message over {@code maxMessageBytes} closed with 1009, a protocol
 *       error closed with 1002 and a loss naming it.</li>
 *   <li>A named daemon writer thread writes queued frames (mask keys from a per-connection generator seeded by
 *       {@link SecureRandom}) and flushes when nothing else is queued (or after 64 frames), so
 *       calls in flight share system calls. A sender whose message is small writes it itself when nothing is
 *       queued and at most 32 KiB went out since the server last sent anything (so the write cannot block on a
 *       server that stopped reading), saving the hand-off to the writer. While the server owes an answer (it
 *       has sent nothing since the last write), such a sender only frames its message and leaves the flush to
 *       the writer thread, so a burst of calls leaves in a few system calls; a sequential caller, owed
 *       nothing, still writes and flushes at once. A message withdrawn before its turn is not written. With a
 *       ping interval, a ping goes when nothing was written for that long.</li>
 *   <li>A loss (end of stream, an I/O error, a close frame, a protocol error) is reported once; the socket is
 *       closed once the close handshake ends, or after a second at most. {@link #close} sends close 1000.</li>
 * </ul>
 * <pre>{@code
 * var settings = new SocketWebSocketConnection.Settings(URI.create("ws://127.0.0.1:8546/"), null, Map.of(),
 *         List.of(), Duration.ofSeconds(10), JsonRpcCodec.DEFAULT_MAX_RESPONSE_BYTES, null);
 * DuplexConnection ws = new ReconnectingConnection("ws://127.0.0.1:8546/",
 *         SocketWebSocketConnection.dialer(settings), ReconnectPolicy.none());   // what WebSocketTransport builds
 * }</pre>
 */
public final class SocketWebSocketConnection implements DuplexConnection {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");
    private static final int MAX_UNFLUSHED = 64;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final Executor DIALS = CallbackThreads.cachedDaemons("jsonrpcclient-websocket-dial-");
    private static final byte[] EMPTY = new byte[0];
    /** The largest message a sender writes itself when the connection is idle. */
    private static final int DIRECT_MAX_BYTES = 16 * 1024;
    /** The most bytes senders write themselves while the server sends nothing (less if the socket's buffer is small). */
    private static final long DIRECT_BUDGET_BYTES = 32 * 1024;

    /**
     * The settings of a connection.
     *
     * @param uri             where to connect, without credentials
     * @param sslContext      the TLS context for {@code wss://}, or null for the JDK's default
     * @param headers         handshake headers
     * @param subprotocols    subprotocols to offer
     * @param connectTimeout  bounds connecting, the TLS handshake and the WebSocket handshake together
     * @param maxMessageBytes the largest inbound message
     * @param pingInterval    ping after this long without writing, or null for never
     */
    public record Settings(URI uri, SSLContext sslContext, Map<String, String> headers, List<String> subprotocols,
            Duration connectTimeout, long maxMessageBytes, Duration pingInterval) {
    }

    private final Settings settings;
    private final String endpoint;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<TransportException> lost = new AtomicReference<>();
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile boolean open;
    /** Set, with the write lock held, once the writer thread will flush nothing more. */
    private volatile boolean writerDone;
    /** Sends of messages framed but not yet flushed; guarded by the write lock. */
    private final List<CompletableFuture<Void>> unflushed = new ArrayList<>();
    /** True while a {@link Write#FLUSH} is queued for the writer thread; guarded by the write lock. */
    private boolean flushDue;
    /** Held while frames are written, by the writer thread or by a sender writing itself. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Frames queued for the writer thread and not yet written; a sender writes itself only at zero. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile WebSocketFrameWriter output;
    /** {@link WebSocketFrameWriter#written} when the reader last received bytes. */
    private volatile long writtenAtLastRead;
    private volatile long lastWriteNanos;
    /** How many bytes may go out on senders' threads without the server sending anything; see {@link #send}. */
    private volatile long directBudget;
    private final SingleUseListener listener;
    private volatile Socket socket;

    /**
     * Creates the connection; it connects when started.
     *
     * @param settings the settings
     */
    public SocketWebSocketConnection(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.endpoint = settings.uri().toString();
        this.listener = new SingleUseListener(endpoint, this::isDone, () -> closed);
    }

    /**
     * Returns a dialler of connections with these settings, for {@link ReconnectingConnection}: each dial
     * connects on a pooled daemon thread, so building a transport never waits for the network and a failed
     * first handshake is a loss the reconnect policy sees, as with the JDK's WebSocket.
     *
     * @param settings the settings
     * @return the dialler
     */
    public static ReconnectingConnection.Dialer dialer(Settings settings) {
        return listener -> CompletableFuture.supplyAsync(() -> {
            var connection = new SocketWebSocketConnection(settings);
            try {
                connection.start(listener);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            return connection;
        }, DIALS);
    }

    /**
     * Refuses handshake headers that the WebSocket handshake sets itself, as the JDK's WebSocket does.
     *
     * @param headers the headers
     * @throws IllegalArgumentException naming the first such header
     */
    public static void checkHeaders(Map<String, String> headers) {
        WebSocketHandshake.checkHeaders(headers);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(endpoint + " was already started");
        }
        this.listener.set(listener);
        WebSocketFrameReader in;
        OutputStream out;
        long deadline = Deadlines.after(settings.connectTimeout());
        // Closing the socket at the deadline ends whatever step is blocked (connect, TLS, a slow server's head).
        Deadlines.Handle bound = Deadlines.at(deadline, () -> {
            if (!open) {
                closeSocket();
            }
        });
        try {
            Socket s = WebSocketConnector.connect(settings.uri(), settings.sslContext(), deadline,
                    opened -> socket = opened, () -> closed);
            in = new WebSocketFrameReader(s.getInputStream(), settings.maxMessageBytes(), this::received);
            out = s.getOutputStream();
            new WebSocketHandshake(settings, endpoint).perform(s, in, deadline);
            directBudget = Math.min(DIRECT_BUDGET_BYTES, s.getSendBufferSize() / 2L);
        } catch (IOException e) {
            closeSocket();
            throw connectFailure(e, deadline);
        } catch (TransportException e) {
            closeSocket();
            throw e;
        } finally {
            bound.cancel();
        }
        open = true;
        String name = "jsonrpcclient-websocket-" + settings.uri().getHost() + ":"
                + WebSocketConnector.port(settings.uri());
        Thread reader = new Thread(() -> read(in), name + "-reader");
        reader.setDaemon(true);
        WebSocketFrameWriter output = new WebSocketFrameWriter(out, SEEDS.nextLong());
        this.output = output;
        Thread writer = new Thread(() -> write(output), name + "-writer");
        writer.setDaemon(true);
        writer.start();
        reader.start();
        if (closed) {
            // close() ran during the handshake: it could not send its close frame before the socket was ready.
            endWriting(closedException(), closeFrame(1000, ""), true);
        }
    }

    private TransportException connectFailure(IOException e, long deadline) {
        if (e instanceof SocketTimeoutException || (!closed && deadline - System.nanoTime() <= 0)) {
            return new TransportException("could not connect to " + endpoint + " in time ("
                    + settings.connectTimeout().toMillis() + " ms)", e);
        }
        if (e instanceof UnknownHostException) {
            return new TransportException("could not connect to " + endpoint + ": unknown host", e);
        }
        if (e instanceof ConnectException) {
            return new TransportException("could not connect to " + endpoint + ": connection refused", e);
        }
        if (e instanceof SSLException) {
            return new TransportException("could not connect to " + endpoint + ": TLS failed: " + e.getMessage()
                    + " (to trust a private CA, give its PEM file)", e);
        }
        if (closed) {
            return closedException();
        }
        return new TransportException("could not connect to " + endpoint + ": " + e, e);
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        Objects.requireNonNull(message, "message");
        TransportException refused = refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        if (message.length <= DIRECT_MAX_BYTES && queued.get() == 0 && writeLock.tryLock()) {
            // Nothing waits for the writer thread: write on this thread, saving a thread hand-off per message
            // (what makes a sequential call cost a wake-up less). Under the lock and with nothing queued, no
            // earlier message of this thread can still be unwritten, so order is kept.
            try {
                WebSocketFrameWriter out = output;
                // Only while few bytes went out since the server last sent something (a sequential caller,
                // or a burst of small calls): far below the socket's buffers, so the write cannot block on a
                // server that stopped reading. Past the budget, messages go to the writer thread, whose waits
                // hold up no caller. (Letting the writer thread take bursts instead cost about twice the
                // context switches per call with 64 in flight: it woke for nearly every message.)
                if (queued.get() == 0 && out != null && !isDone() && !writerDone
                        && out.written - writtenAtLastRead + message.length <= directBudget) {
                    if (out.written != writtenAtLastRead && out.fits(message.length)) {
                        // The server has not answered since the last write: calls are in flight, and more
                        // may follow from this thread. Frame now, flush behind: the writer thread flushes
                        // what accumulated when it wakes, so a burst leaves in a few system calls and the
                        // server answers in a few (64 in flight: one write each cost a write, a server
                        // read and a server write per message). A sequential caller never waits for this.
                        out.frame(WebSocketOpcodes.TEXT, message);
                        lastWriteNanos = System.nanoTime();
                        var sent = new CompletableFuture<Void>();
                        unflushed.add(sent);
                        if (!flushDue) {
                            flushDue = true;
                            queue.add(Write.FLUSH);
                        }
                        return sent;
                    }
                    out.frame(WebSocketOpcodes.TEXT, message);
                    flushAll(out);
                    lastWriteNanos = System.nanoTime();
                    return CompletableFuture.completedFuture(null);
                }
            } catch (IOException e) {
                TransportException failure = isDone() ? refusalOrClosed() : broken(e);
                lose(failure, null);
                return CompletableFuture.failedFuture(copy(failure));
            } finally {
                writeLock.unlock();
            }
        }
        var write = new Write(WebSocketOpcodes.TEXT, message, new CompletableFuture<>());
        enqueue(write);
        if (writerDone) {
            failQueued(); // the writer ended while this was being queued: nobody else will take it
        }
        return write.sent;
    }

    private TransportException refusal() {
        if (closed) {
            return closedException();
        }
        TransportException loss = lost.get();
        if (loss != null) {
            return copy(loss);
        }
        if (!open) {
            return new TransportException(endpoint + " is not open", null);
        }
        return null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        TransportException loss = lost.get();
        if (!open) {
            closeSocket(); // a handshake in progress ends now; start() sees `closed`
            return;
        }
        // Already lost: the loss ended writing. Otherwise the server hears a normal close.
        if (loss == null) {
            endWriting(closedException(), closeFrame(1000, ""), true);
        }
    }

    private TransportException closedException() {
        return new TransportException("the WebSocket to " + endpoint + " is closed", null);
    }

    private static TransportException copy(TransportException reason) {
        return new TransportException(reason.getMessage(), reason.getCause());
    }

    /** {@return true once the connection was lost or closed} */
    private boolean isDone() {
        return closed || lost.get() != null;
    }

    /**
     * Stops taking messages: fails those queued, lets the writer send {@code last} (a close frame) if given,
     * and closes the socket once the close handshake ends or after {@link #CLOSE_WAIT}.
     */
    private void endWriting(TransportException failure, Write last, boolean graceful) {
        failQueued(failure);
        enqueue(last != null ? last : Write.STOP);
        if (graceful) {
            Deadlines.at(Deadlines.after(CLOSE_WAIT), this::closeSocket);
        } else {
            closeSocket();
        }
    }

    private void failQueued() {
        TransportException loss = lost.get();
        failQueued(loss != null ? copy(loss) : closedException());
    }

    private void enqueue(Write write) {
        queued.incrementAndGet();
        queue.add(write);
    }

    private void failQueued(TransportException failure) {
        Write w;
        List<Write> controls = new ArrayList<>();
        while ((w = queue.poll()) != null) {
            if (w == Write.FLUSH) {
                continue; // not counted in `queued`; what it would flush is failed or flushed by who ends writing
            }
            queued.decrementAndGet();
            if (w.sent != null) {
                w.sent.completeExceptionally(copy(failure));
            } else if (w != Write.STOP && w.opcode == WebSocketOpcodes.CLOSE) {
                controls.add(w); // a close frame already due stays due
            }
        }
        controls.forEach(this::enqueue);
    }

    /** Reports the loss once, then ends writing (with a close frame when the socket still works). */
    private void lose(TransportException reason, Write closeFrame) {
        if (closed || !lost.compareAndSet(null, reason)) {
            if (closed) {
                closeSocket();
            }
            return;
        }
        LOG.debug("{}: {}", endpoint, reason.getMessage());
        endWriting(reason, closeFrame, closeFrame != null);
        listener.lostForGood(reason);
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing left to do
            }
        }
    }

    private static Write closeFrame(int code, String reason) {
        if (code == 1005) {
            return new Write(WebSocketOpcodes.CLOSE, EMPTY, null); // "no status": an empty close frame
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return new Write(WebSocketOpcodes.CLOSE, payload, null);
    }

    // ---- the writer thread ----

    private void write(WebSocketFrameWriter out) {
        long pingNanos = settings.pingInterval() == null ? 0 : settings.pingInterval().toNanos();
        Write current = null;
        try {
            while (true) {
                current = pingNanos == 0 ? queue.take() : queue.poll(pingNanos, TimeUnit.NANOSECONDS);
                if (current == null) {
                    if (!isDone() && System.nanoTime() - lastWriteNanos >= pingNanos) {
                        writeLock.lock();
                        try {
                            out.frame(WebSocketOpcodes.PING, EMPTY);
                            flushAll(out);
                            lastWriteNanos = System.nanoTime();
                        } finally {
                            writeLock.unlock();
                        }
                    }
                    continue;
                }
                Write taken = current;
                writeLock.lock();
                try {
                    if (!writeOne(out, taken)) {
                        break;
                    }
                    current = null;
                } finally {
                    if (taken != Write.FLUSH) {
                        queued.decrementAndGet(); // FLUSH is not counted: see Write.FLUSH
                    }
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            TransportException failure = isDone() ? refusalOrClosed() : broken(e);
            if (current != null && current.sent != null) {
                current.sent.completeExceptionally(failure);
            }
            stopWriting(failure);
            lose(failure, null);
        } finally {
            stopWriting(refusalOrClosed());
            failQueued();
        }
    }

    /** Flushes the buffer and completes the sends of the messages it carried; with the write lock held. */
    private void flushAll(WebSocketFrameWriter out) throws IOException {
        out.flush();
        for (CompletableFuture<Void> sent : unflushed) {
            sent.complete(null);
        }
        unflushed.clear();
    }

    /** Ends writing: no sender frames after this, and what was framed but not flushed fails (it never left). */
    private void stopWriting(TransportException failure) {
        writeLock.lock();
        try {
            writerDone = true;
            for (CompletableFuture<Void> sent : unflushed) {
                sent.completeExceptionally(copy(failure));
            }
            unflushed.clear();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Carries out one queued write (a frame, or a {@link Write#FLUSH}) with the write lock held.
     *
     * @return false once nothing more may be written
     */
    private boolean writeOne(WebSocketFrameWriter out, Write current) throws IOException {
        if (current == Write.FLUSH) {
            flushDue = false;
            flushAll(out);
            return true;
        }
        if (current == Write.STOP) {
            // Lost or closed without a close frame: what was written but not flushed never left.
            stopWriting(refusalOrClosed());
            return false;
        }
        if (current.opcode == WebSocketOpcodes.CLOSE) {
            out.frame(WebSocketOpcodes.CLOSE, current.payload);
            flushAll(out); // what senders framed goes with the close frame
            writerDone = true; // nothing may follow a close frame
            return false;
        }
        if (current.sent != null) {
            if (current.sent.isDone()) {
                return true; // withdrawn: its call ended before the message could go
            }
            if (isDone()) {
                current.sent.completeExceptionally(refusalOrClosed());
                return true;
            }
        }
        out.frame(current.opcode, current.payload);
        lastWriteNanos = System.nanoTime();
        if (current.sent != null) {
            unflushed.add(current.sent);
        }
        // Messages queued behind this one go in the same flush (one system call, often one segment).
        if (queue.isEmpty() || unflushed.size() >= MAX_UNFLUSHED) {
            flushAll(out);
        }
        return true;
    }

    private TransportException refusalOrClosed() {
        TransportException r = refusal();
        return r != null ? r : closedException();
    }

    private TransportException broken(IOException error) {
        String what = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new TransportException("the WebSocket to " + endpoint + " was lost: " + what, error);
    }

    // ---- the reader thread ----

    private void read(WebSocketFrameReader in) {
        try {
            in.readFrames(new ServerFrames());
        } catch (IOException e) {
            if (isDone()) {
                closeSocket();
            } else {
                lose(broken(e), null);
            }
        } catch (RuntimeException | Error e) {
            lose(new TransportException("reading from " + endpoint + " failed: " + e, e), null);
            throw e;
        }
    }

    /** Notes that the server is alive and sending, so senders may write on their own threads again. */
    private void received() {
        WebSocketFrameWriter out = output;
        if (out != null) {
            writtenAtLastRead = out.written;
        }
    }

    /** What the reader thread hears from the server, turned into deliveries and losses. */
    private final class ServerFrames implements WebSocketFrameReader.Handler {

        @Override
        public void onMessage(byte[] message) {
            listener.message(message);
        }

        @Override
        public void onPing(byte[] payload) {
            enqueue(new Write(WebSocketOpcodes.PONG, payload, null));
        }

        @Override
        public void onEnd() {
            if (isDone()) {
                closeSocket();
                return;
            }
            lose(new TransportException("the WebSocket to " + endpoint
                    + " was lost: the server ended the connection without a close frame", null), null);
        }

        @Override
        public void onClose(byte[] payload) {
            if (isDone()) {
                closeSocket(); // the answer to our close, or the end of a loss: the handshake is over
                return;
            }
            if (payload.length == 1) {
                onProtocolError("a close frame with a one-byte body");
                return;
            }
            int code = payload.length == 0 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            String reason = payload.length <= 2 ? ""
                    : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
            String detail = "the server closed the WebSocket " + endpoint + ": " + code
                    + (reason.isEmpty() ? "" : " " + reason);
            lose(new WebSocketClosedException(detail, code, reason), closeFrame(code, ""));
        }

        @Override
        public void onTooBig() {
            String detail = "a message from " + endpoint + " is larger than the limit of "
                    + settings.maxMessageBytes() + " bytes: closed the WebSocket with 1009";
            lose(new WebSocketClosedException(detail, 1009, "message too big"),
                    closeFrame(1009, "message too big"));
        }

        @Override
        public void onProtocolError(String what) {
            String detail = endpoint + " broke the WebSocket protocol with " + what
                    + ": closed the WebSocket with 1002";
            lose(new WebSocketClosedException(detail, 1002, "protocol error"),
                    closeFrame(1002, "protocol error"));
        }
    }

    /** One frame for the writer: a message (with the future its sender holds) or a control frame. */
    private record Write(int opcode, byte[] payload, CompletableFuture<Void> sent) {
        static final Write STOP = new Write(-1, EMPTY, null);
        /** Flush what senders framed behind (not counted in {@code queued}: it frames nothing). */
        static final Write FLUSH = new Write(-2, EMPTY, null);
    }

    @Override
    public String toString() {
        return "SocketWebSocketConnection[" + endpoint + "]";
    }
}
