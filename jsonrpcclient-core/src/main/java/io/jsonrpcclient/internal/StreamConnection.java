package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DuplexConnection} over a pair of byte streams (a socket, a child process's stdin and
 * stdout), cut into messages by a {@link FrameReader} and written by a {@link FrameWriter}.
 *
 * <ul>
 *   <li>{@link #start} opens the streams (connects, starts the process) and starts two named daemon
 *       threads: a reader, which feeds the frame reader and calls the listener, and a writer, which
 *       writes messages one at a time in the order they were sent. Senders never block on the network.</li>
 *   <li>A message whose future is cancelled before the writer reaches it is not written.</li>
 *   <li>The end of the input stream, a read or write error and a framing error are each a loss of the
 *       connection: reported to the listener once, after which the streams are released and every
 *       send fails with the same reason. The connection does not come back.</li>
 *   <li>Bytes the frame reader skips (a line of log text on a newline-framed stream) are logged as a
 *       warning on {@code io.jsonrpcclient.connection} and do not disturb the messages around them.</li>
 *   <li>{@link #close} fails the messages not yet written, releases the streams and calls no listener
 *       method afterwards.</li>
 * </ul>
 */
public abstract class StreamConnection implements DuplexConnection {

    /** The logger of connection events. */
    protected static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");

    private static final int READ_BUFFER = 64 * 1024;
    /** The most messages written before a flush, so none waits long behind a steady stream. */
    private static final int MAX_UNFLUSHED = 64;

    private final String endpoint;
    private final FrameReader frames;
    private final FrameWriter writer;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<TransportException> lost = new AtomicReference<>();
    private volatile boolean closed;
    private final SingleUseListener listener;
    private volatile ThreadPoolExecutor writes;
    private OutputStream out;
    /**
     * Messages written to {@link #out} but not yet flushed, completed by the flush; the writer thread
     * adds them, and closing or losing the connection fails those no flush will come for.
     */
    private final Queue<Write> unflushed = new ConcurrentLinkedQueue<>();
    private int unflushedCount; // the writer thread's

    /**
     * Creates the connection; nothing is opened before {@link #start}.
     *
     * @param endpoint where it goes, safe to show
     * @param frames   cuts inbound bytes into messages
     * @param writer   frames outbound messages
     */
    protected StreamConnection(String endpoint, FrameReader frames, FrameWriter writer) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.listener = new SingleUseListener(endpoint, this::isDone, () -> closed);
        this.frames = Objects.requireNonNull(frames, "frames");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** The two streams of an open connection. */
    protected record Streams(InputStream in, OutputStream out) {
    }

    /**
     * Opens the streams: connects, starts the process.
     *
     * @return the streams
     * @throws io.jsonrpcclient.TransportException if they cannot be opened
     */
    protected abstract Streams open();

    /** Releases what {@link #open} acquired (closes the socket, stops the process). Idempotent; may block, boundedly. */
    protected abstract void release();

    /** {@return the loss to report when the input stream ends} Called on the reader thread. */
    protected abstract TransportException endOfStream();

    /**
     * {@return the loss to report when reading or writing fails}
     *
     * @param error what failed
     */
    protected TransportException broken(IOException error) {
        String what = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new TransportException("the connection to " + endpoint + " was lost: " + what, error);
    }

    /** {@return a short name for threads, such as {@code tcp-127.0.0.1:4000}} */
    protected abstract String threadName();

    @Override
    public final String endpoint() {
        return endpoint;
    }

    @Override
    public final void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(endpoint + " was already started");
        }
        this.listener.set(listener);
        Streams streams = open();
        this.out = new BufferedOutputStream(streams.out(), READ_BUFFER);
        String name = "jsonrpcclient-" + threadName();
        var pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, name + "-writer");
            thread.setDaemon(true);
            return thread;
        });
        this.writes = pool;
        Thread reader = new Thread(() -> read(streams.in()), name + "-reader");
        reader.setDaemon(true);
        reader.start();
        if (closed) {
            // close() ran while this opened: it could not release what was not there yet.
            pool.shutdownNow();
            release();
        }
    }

    @Override
    public final CompletableFuture<Void> send(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        TransportException loss = lost.get();
        if (loss != null) {
            return CompletableFuture.failedFuture(new TransportException(loss.getMessage(), loss.getCause()));
        }
        ThreadPoolExecutor pool = writes;
        if (pool == null) {
            return CompletableFuture.failedFuture(new TransportException(endpoint + " is not started", null));
        }
        var write = new Write(message);
        try {
            pool.execute(write);
        } catch (RejectedExecutionException e) {
            write.sent.completeExceptionally(closedException());
        }
        return write.sent;
    }

    /** {@return true once the connection was lost or closed} */
    public final boolean isDone() {
        return closed || lost.get() != null;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Closed after a loss (a transport ends a lost connection so): messages still here failed
        // because of the loss, and say so, as the calls the loss failed do.
        TransportException loss = lost.get();
        ThreadPoolExecutor pool = writes;
        if (pool != null) {
            List<Runnable> unsent = pool.shutdownNow();
            for (Runnable task : unsent) {
                ((Write) task).sent.completeExceptionally(endedBy(loss));
            }
        }
        // Written, but the flush was left to a message that will not be written now.
        failUnflushed(endedBy(loss));
        if (started.get()) {
            release();
        }
    }

    private TransportException endedBy(TransportException loss) {
        return loss != null ? new TransportException(loss.getMessage(), loss.getCause()) : closedException();
    }

    private TransportException closedException() {
        return new TransportException("the connection to " + endpoint + " is closed", null);
    }

    /** The reader thread's loop. */
    private void read(InputStream in) {
        var sink = new FrameReader.Sink() {
            @Override
            public void message(byte[] message) {
                deliver(message);
            }

            @Override
            public void dropped(byte[] excerpt, long length, String why) {
                if (!isDone()) {
                    LOG.warn("{} sent {}: {} bytes dropped: {}", endpoint, why, length,
                            JsonText.excerpt(excerpt, JsonText.EXCERPT_CHARS));
                }
            }
        };
        byte[] buffer = new byte[READ_BUFFER];
        try {
            while (!isDone()) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (frames.buffered() > 0) {
                        LOG.debug("{}: the stream ended inside a message; {} bytes of it dropped", endpoint,
                                frames.buffered());
                    }
                    if (!closed) {
                        lose(endOfStream());
                    }
                    return;
                }
                frames.feed(buffer, 0, n, sink);
            }
        } catch (FramingException e) {
            lose(new TransportException(endpoint + " broke the framing, so the connection was closed: "
                    + e.getMessage(), e));
        } catch (IOException e) {
            if (!closed) {
                lose(broken(e));
            }
        } catch (RuntimeException | Error e) {
            lose(new TransportException("reading from " + endpoint + " failed: " + e, e));
            throw e;
        }
    }

    private void deliver(byte[] message) {
        listener.message(message);
    }

    /** Reports the loss once, then releases the streams; later sends fail with the same reason. */
    private void lose(TransportException reason) {
        if (closed || !lost.compareAndSet(null, reason)) {
            return;
        }
        LOG.debug("{}: {}", endpoint, reason.getMessage());
        listener.lostForGood(reason);
        ThreadPoolExecutor pool = writes;
        if (pool != null) {
            for (Runnable task : pool.shutdownNow()) {
                ((Write) task).sent.completeExceptionally(new TransportException(reason.getMessage(), reason.getCause()));
            }
        }
        failUnflushed(new TransportException(reason.getMessage(), reason.getCause()));
        release();
    }

    private void failUnflushed(TransportException failure) {
        Write written;
        while ((written = unflushed.poll()) != null) {
            written.sent.completeExceptionally(failure);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + endpoint + "]";
    }

    /** One message waiting for the writer thread. */
    private final class Write implements Runnable {
        final byte[] body;
        final CompletableFuture<Void> sent = new CompletableFuture<>();

        Write(byte[] body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (sent.isDone()) {
                return; // withdrawn: its call ended before the message could go
            }
            if (isDone()) {
                TransportException failure = endedBy(lost.get());
                sent.completeExceptionally(failure);
                failUnflushed(failure);
                return;
            }
            try {
                writer.write(out, body);
                unflushed.add(this);
                unflushedCount++;
                ThreadPoolExecutor pool = writes;
                // Messages queued behind this one go in the same flush (one system call, often one
                // segment): with many calls in flight the writer keeps up without a write per message.
                if (pool == null || pool.getQueue().isEmpty() || unflushedCount >= MAX_UNFLUSHED) {
                    out.flush();
                    unflushedCount = 0;
                    Write written;
                    while ((written = unflushed.poll()) != null) {
                        written.sent.complete(null);
                    }
                }
            } catch (IOException e) {
                TransportException failure = closed ? endedBy(lost.get()) : broken(e);
                sent.completeExceptionally(failure);
                failUnflushed(failure);
                lose(failure);
            }
        }
    }
}
