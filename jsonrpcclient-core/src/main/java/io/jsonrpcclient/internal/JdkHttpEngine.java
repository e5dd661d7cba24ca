package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link HttpEngine} on the JDK's {@code java.net.http.HttpClient}: no dependency, HTTP/1.1
 * and HTTP/2, non-blocking. The client is shared; closing the engine closes it only when the
 * engine created it.
 *
 * <p>A caller that waits ({@link Request#callerWaits()}) is served with {@code send()} on its own
 * thread; others with {@code sendAsync}. The difference is large: {@code sendAsync} completes its
 * future through {@code CompletableFuture}'s default executor, which on a machine with two
 * processors or fewer starts a new thread for every response, while {@code send()} hands the
 * response straight to the waiting thread (three to five times the calls per second on loopback,
 * docs/BENCHMARKS.md).
 *
 * <p>Timeouts bound the whole exchange either way: the request timeout covers the connection and
 * the response headers, and the body handler fails the body if it has not arrived by the same
 * deadline ({@code java.net.http}'s own timeout stops at the headers). {@link #close()} cancels
 * futures in flight and interrupts callers inside {@code send()}, which aborts their exchanges.
 */
public final class JdkHttpEngine implements HttpEngine {

    private final HttpClient client;
    private final boolean owned;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Wraps a client.
     *
     * @param client the client
     * @param owned  whether closing this engine may release the client
     */
    public JdkHttpEngine(HttpClient client, boolean owned) {
        this.client = client;
        this.owned = owned;
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        HttpRequest built = builder.build();
        long deadline = System.nanoTime() + request.timeout().toNanos();
        var body = new LimitedBodyHandler(request.maxResponseBytes(), deadline);
        return request.callerWaits() ? sendHere(built, body) : sendAsync(built, body, request);
    }

    private CompletableFuture<Response> sendHere(HttpRequest request, LimitedBodyHandler body) {
        var waiter = new Waiter(Thread.currentThread());
        waiting.add(waiter);
        try {
            if (closed) {
                throw new IOException("the HTTP engine is closed");
            }
            return CompletableFuture.completedFuture(toResponse(client.send(request, body)));
        } catch (InterruptedException e) {
            if (!waiter.finish()) {
                Thread.currentThread().interrupt();  // not ours: the caller's interrupt stays visible
            }
            var interrupted = new InterruptedIOException(waiter.closedUs ? "the HTTP engine was closed"
                    : "interrupted while waiting for the reply");
            interrupted.initCause(e);
            return CompletableFuture.failedFuture(interrupted);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(unwrapped(e));
        } finally {
            if (waiter.finish()) {
                Thread.interrupted();  // close() interrupted this call as it returned: take the interrupt back
            }
            waiting.remove(waiter);
        }
    }

    /** send() rewraps the body handler's failure in a new IOException; the size limit must show through. */
    private static Throwable unwrapped(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return e;
    }

    private CompletableFuture<Response> sendAsync(HttpRequest request, LimitedBodyHandler body, Request original) {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, body);
        inFlight.add(exchange);
        // The engine's future is bounded as a whole too, so it ends at the deadline whatever the
        // JDK does meanwhile; the Deadlines entry is dropped when the call completes first.
        CompletableFuture<Response> result = Deadlines.orTimeout(
                exchange.thenApply(JdkHttpEngine::toResponse), original.timeout());
        result.whenComplete((response, error) -> {
            inFlight.remove(exchange);
            if (error != null) {
                // Only cancelling the future sendAsync returned aborts the exchange and frees its connection.
                exchange.cancel(true);
            }
        });
        if (closed) {
            exchange.cancel(true);
        }
        return result;
    }

    private static Response toResponse(HttpResponse<byte[]> r) {
        return new Response(r.statusCode(), HttpReasons.of(r.statusCode()), r.headers().map(), r.body(),
                r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
    }

    @Override
    public void close() {
        closed = true;
        // Exchanges in flight fail, as Transport.close() promises; HttpClient.close() (JDK 21+) would wait for them.
        for (CompletableFuture<?> exchange : inFlight) {
            exchange.cancel(true);
        }
        // A thread inside send() is interrupted, which makes the JDK cancel its exchange.
        for (Waiter waiter : waiting) {
            waiter.interruptIfSending();
        }
        // HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end once it is unreachable.
        if (owned && client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing is best effort: nothing more can be done with a client that failed to close.
            }
        }
    }

    /**
     * A caller inside {@code send()}. The lock makes "interrupt it" and "it has returned" exclusive,
     * so close() never leaves an interrupt on a thread that has already left the engine.
     */
    private static final class Waiter {
        private final Thread thread;
        private boolean done;
        private boolean closedUs;

        Waiter(Thread thread) {
            this.thread = thread;
        }

        synchronized void interruptIfSending() {
            if (!done) {
                closedUs = true;
                thread.interrupt();
            }
        }

        /** Marks the call returned; {@return true if close() interrupted it} */
        synchronized boolean finish() {
            done = true;
            return closedUs;
        }
    }
}
