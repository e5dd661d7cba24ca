package io.jsonrpcclient.internal;

import io.jsonrpcclient.http.HttpEngine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

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
 * docs/BENCHMARKS.md). On such a machine async calls are served with {@code send()} too, on a
 * shared cached pool of daemon threads ({@code jsonrpcclient-http-N}), which reuses its threads;
 * elsewhere {@code sendAsync}'s hop goes to the common pool, which is cheap.
 *
 * <p>One {@link Deadlines} entry bounds the whole exchange, connection, headers and body, on either
 * path: for {@code sendAsync} it fails the future and cancels the exchange; for {@code send()} it
 * interrupts the caller inside it, which makes the JDK cancel the exchange, and the engine takes the
 * interrupt back. ({@code HttpRequest.timeout} is not used: it stops once the headers are in, so it
 * could not bound the body, and it registers a timer with the client's selector thread per request.)
 * {@link #close()} cancels futures in flight and interrupts callers inside {@code send()} the same way.
 */
public final class JdkHttpEngine implements HttpEngine {

    /**
     * {@code sendAsync} completes through {@code CompletableFuture}'s default executor, which is a
     * new thread per task when the common pool has fewer than two threads (two processors or fewer).
     */
    private static final boolean SEND_ASYNC_HOPS_TO_A_NEW_THREAD = ForkJoinPool.getCommonPoolParallelism() < 2;

    private final HttpClient client;
    private final boolean owned;
    private final Executor asyncSenders;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Wraps a client; async calls use {@code sendAsync}, or pooled {@code send()} where
     * {@code sendAsync} would start a thread per response.
     *
     * @param client the client
     * @param owned  whether closing this engine may release the client
     */
    public JdkHttpEngine(HttpClient client, boolean owned) {
        this(client, owned, SEND_ASYNC_HOPS_TO_A_NEW_THREAD ? PooledExchanges.shared() : null);
    }

    /**
     * Wraps a client, choosing how async calls are served.
     *
     * @param client       the client
     * @param owned        whether closing this engine may release the client
     * @param asyncSenders threads that serve async calls with {@code send()}, or null for {@code sendAsync}
     */
    public JdkHttpEngine(HttpClient client, boolean owned, Executor asyncSenders) {
        this.client = client;
        this.owned = owned;
        this.asyncSenders = asyncSenders;
    }

    @Override
    public CompletableFuture<Response> post(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        HttpRequest built = builder.build();
        var body = new LimitedBodyHandler(request.maxResponseBytes());
        if (request.callerWaits()) {
            return sendHere(built, body, request, new Waiter(Thread.currentThread()));
        }
        return asyncSenders != null ? sendOnPool(built, body, request) : sendAsync(built, body, request);
    }

    /**
     * For an async call where {@code sendAsync} would start a thread per response: {@code send()}
     * on a pooled thread, whose threads are reused. A cancel of the returned future interrupts that
     * thread, which makes the JDK abort the exchange, as the deadline and close() do.
     */
    private CompletableFuture<Response> sendOnPool(HttpRequest request, LimitedBodyHandler body, Request original) {
        return PooledExchanges.submit(asyncSenders, cancel -> {
            var waiter = new Waiter(Thread.currentThread());
            cancel.whenCancelled(() -> waiter.interrupt(Abort.CANCELLED));
            return sendHere(request, body, original, waiter);
        });
    }

    private CompletableFuture<Response> sendHere(HttpRequest request, LimitedBodyHandler body, Request original,
            Waiter waiter) {
        waiting.add(waiter);
        Deadlines.Handle deadline = Deadlines.at(Deadlines.after(original.timeout()),
                () -> waiter.interrupt(Abort.TIMED_OUT));
        try {
            if (closed) {
                throw new IOException("the HTTP engine is closed");
            }
            return CompletableFuture.completedFuture(toResponse(client.send(request, body)));
        } catch (InterruptedException e) {
            Abort why = waiter.finish();
            if (why != null) {
                return CompletableFuture.failedFuture(why.failure(e));
            }
            Thread.currentThread().interrupt();  // not ours: the caller's interrupt stays visible
            var interrupted = new InterruptedIOException("interrupted while waiting for the reply");
            interrupted.initCause(e);
            return CompletableFuture.failedFuture(interrupted);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(unwrapped(e));
        } finally {
            deadline.cancel();
            if (waiter.finish() != null) {
                // The deadline or close() interrupted this call as send() returned: take the interrupt back.
                Thread.interrupted();
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
        // One deadline over connection, headers and body; when it fires, the cancel below aborts the
        // exchange. The entry is dropped when the call completes first.
        CompletableFuture<Response> result = Deadlines.orTimeout(
                exchange.thenApply(JdkHttpEngine::toResponse), original.timeout(),
                () -> new HttpTimeoutException("request timed out"));
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
            waiter.interrupt(Abort.CLOSED);
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
     * so neither the deadline nor close() leaves an interrupt on a thread that has left the engine;
     * the first reason to interrupt wins.
     */
    private static final class Waiter {
        private final Thread thread;
        private boolean done;
        private Abort interruptedFor;

        Waiter(Thread thread) {
            this.thread = thread;
        }

        synchronized void interrupt(Abort reason) {
            if (!done && interruptedFor == null) {
                interruptedFor = reason;
                thread.interrupt();
            }
        }

        /** Marks the call returned; {@return why the engine interrupted it, or null} */
        synchronized Abort finish() {
            done = true;
            return interruptedFor;
        }
    }
}
