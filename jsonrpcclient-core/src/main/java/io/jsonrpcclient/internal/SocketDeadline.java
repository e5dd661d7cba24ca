package io.jsonrpcclient.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking socket steps (connect, a TLS handshake) bounded by a {@link Deadlines} entry that
 * closes the socket, instead of by socket timeouts. Why: JDK 17's socket switches a socket that is
 * connected or read with a timeout to non-blocking mode for good, after which every read that finds
 * no data yet (each reply, in a request-reply exchange) costs a failed read, a poll and a second
 * read instead of one blocking read: 15% of a sequential HTTP call on loopback (docs/BENCHMARKS.md).
 * <pre>{@code
 * SocketDeadline.run(socket, System.nanoTime() + timeoutNanos, () -> socket.connect(address));
 * }</pre>
 */
public final class SocketDeadline {

    /**
     * A blocking step on the socket.
     * <pre>{@code
     * SocketDeadline.Step handshake = sslSocket::startHandshake;
     * }</pre>
     */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step.
         *
         * @throws IOException what the step throws
         */
        void run() throws IOException;
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private SocketDeadline() {
    }

    /**
     * Runs the step; if it has not ended at the deadline, closes the socket, which ends it.
     *
     * @param socket   the socket the step blocks on
     * @param deadline when, in {@link System#nanoTime()} terms
     * @param step     the step
     * @throws SocketTimeoutException if the deadline ended it (the socket is closed then)
     * @throws IOException           what the step threw otherwise
     */
    public static void run(Socket socket, long deadline, Step step) throws IOException {
        if (deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        var outcome = new AtomicInteger(RUNNING);
        Deadlines.Handle timer = Deadlines.at(deadline, () -> {
            if (outcome.compareAndSet(RUNNING, TIMED_OUT)) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closed already.
                }
            }
        });
        try {
            step.run();
        } catch (IOException e) {
            if (outcome.get() == TIMED_OUT) {
                throw timedOut(e);
            }
            throw e;
        } finally {
            timer.cancel();
        }
        if (!outcome.compareAndSet(RUNNING, DONE)) {
            throw timedOut(null);  // the step ended as the timer closed the socket
        }
    }

    private static SocketTimeoutException timedOut(IOException cause) {
        var e = new SocketTimeoutException("timed out");
        e.initCause(cause);
        return e;
    }
}
