package io.jsonrpcclient.transport;

import io.jsonrpcclient.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link DuplexConnection}: records what is sent, and lets a test play the server by
 * delivering messages and losses to the listener, on the test's own thread (which then stands for the
 * connection's thread). Sends complete at once, unless held.
 */
public final class FakeConnection implements DuplexConnection {

    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
    private volatile Listener listener;
    private volatile boolean holdSends;
    private volatile TransportException failSends;
    private volatile boolean closed;
    private volatile int starts;

    @Override
    public String endpoint() {
        return "fake://server";
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        starts++;
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("fake connection closed", null));
        }
        var future = new CompletableFuture<Void>();
        sends.add(future);
        sent.add(new String(message, StandardCharsets.UTF_8));
        if (failSends != null) {
            future.completeExceptionally(failSends);
        } else if (!holdSends) {
            future.complete(null);
        }
        return future;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Keeps later sends waiting, as a connection that is not up yet does. */
    public FakeConnection holdSends() {
        holdSends = true;
        return this;
    }

    /** Fails later sends with this exception. */
    public FakeConnection failSends(TransportException error) {
        failSends = error;
        return this;
    }

    /** {@return the next message sent, waiting at most 5 s} */
    public String takeSent() throws InterruptedException {
        String message = sent.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("nothing was sent within 5 s");
        }
        return message;
    }

    /** {@return the futures of every send, in order} */
    public List<CompletableFuture<Void>> sends() {
        return sends;
    }

    /** Delivers an inbound message. */
    public void deliver(String message) {
        listener.onMessage(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Reports a loss of the connection. */
    public void drop(String reason) {
        listener.onDisconnected(new TransportException(reason, null));
    }

    public boolean isClosed() {
        return closed;
    }

    public int starts() {
        return starts;
    }
}
