package io.jsonrpcclient.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jsonrpcclient.testing.internal.DaemonThreadFactory;
import io.jsonrpcclient.testing.internal.Durations;
import io.jsonrpcclient.testing.internal.JsonRpcDispatcher;
import io.jsonrpcclient.testing.internal.ShutdownSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real JSON-RPC 2.0 over HTTP(S) server on {@code 127.0.0.1} and an ephemeral port, for tests.
 *
 * <p>Each HTTP request is recorded, then answered by the next {@linkplain #enqueue scripted
 * reply} if there is one, or else dispatched as JSON-RPC (single calls and batches) to the
 * {@linkplain #method registered handlers}. Any path is accepted.
 *
 * <pre>{@code
 * try (MockJsonRpcServer server = MockJsonRpcServer.start()) {
 *     server.method("subtract", params -> IntNode.valueOf(params.get(0).asInt() - params.get(1).asInt()));
 *     server.enqueue(MockReply.status(503));   // first request: 503; later ones: dispatched
 *
 *     // ... the code under test POSTs to server.uri() ...
 *
 *     RecordedRequest request = server.takeRequest();
 *     assertThat(request.json().get("method").asText()).isEqualTo("subtract");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Requests are served concurrently, so a delayed reply does not hold up others.
 */
public final class MockJsonRpcServer implements AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on (before JDK 21), which costs ~40 ms per small
        // exchange on loopback; tests of many calls would spend their time waiting on it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(5);
    // How long close() waits for handler threads that ignore interruption; bounded so close never hangs.
    private static final Duration THREAD_DRAIN_TIMEOUT = Duration.ofSeconds(2);
    // Idle handler threads go away on their own, so a long-lived server does not hoard them.
    private static final Duration IDLE_THREAD_TIMEOUT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ShutdownSignal shutdown = new ShutdownSignal();
    private final Queue<MockReply> script = new ConcurrentLinkedQueue<>();
    private final Map<String, MethodHandler> methods = new ConcurrentHashMap<>();
    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final URI uri;

    private MockJsonRpcServer(HttpServer server, String scheme) {
        this.server = server;
        int port = server.getAddress().getPort();
        this.uri = URI.create(scheme + "://127.0.0.1:" + port + "/");
        // Cached daemon threads: concurrent and delayed requests never queue behind one another,
        // and a forgotten close() cannot keep the JVM alive.
        this.executor = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE,
                IDLE_THREAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(),
                new DaemonThreadFactory("mock-jsonrpc-server-" + port));
        server.setExecutor(executor);
        server.createContext("/", new ExchangeHandler(
                script, new JsonRpcDispatcher(methods::get), this::record, shutdown));
        server.start();
    }

    /** @return a started plain-HTTP server on {@code 127.0.0.1} and an ephemeral port */
    public static MockJsonRpcServer start() {
        try {
            return new MockJsonRpcServer(HttpServer.create(loopback(), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the mock JSON-RPC server", e);
        }
    }

    /**
     * @param serverContext the server's key material, e.g. {@link SelfSignedCertificate#serverContext()}
     * @return a started HTTPS server on {@code 127.0.0.1} and an ephemeral port
     */
    public static MockJsonRpcServer startHttps(SSLContext serverContext) {
        Objects.requireNonNull(serverContext, "serverContext");
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            return new MockJsonRpcServer(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the mock JSON-RPC server", e);
        }
    }

    /** @return the server's base address, e.g. {@code http://127.0.0.1:PORT/} */
    public URI uri() {
        return uri;
    }

    /** @return the port the server listens on */
    public int port() {
        return uri.getPort();
    }

    /**
     * Scripts the answer to one future HTTP request. Scripted replies are used first, in the order
     * enqueued, one per request; only when none is left are requests dispatched as JSON-RPC.
     *
     * @return this server, for chaining
     */
    public MockJsonRpcServer enqueue(MockReply reply) {
        script.add(Objects.requireNonNull(reply, "reply"));
        return this;
    }

    /**
     * Registers (or replaces) the handler for a JSON-RPC method, used when no scripted reply is
     * queued.
     *
     * @return this server, for chaining
     */
    public MockJsonRpcServer method(String name, MethodHandler handler) {
        methods.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Takes the oldest request not yet taken, waiting at most five seconds for one to arrive.
     *
     * @throws AssertionError {@code "no request within 5s"} if none arrives in time
     */
    public RecordedRequest takeRequest() {
        return takeRequest(DEFAULT_TAKE_TIMEOUT);
    }

    /**
     * Takes the oldest request not yet taken, waiting at most {@code timeout} for one to arrive.
     *
     * @throws AssertionError {@code "no request within <timeout>"} if none arrives in time
     */
    public RecordedRequest takeRequest(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            RecordedRequest request = requests.poll(Durations.toNanosSaturated(timeout), TimeUnit.NANOSECONDS);
            if (request == null) {
                throw new AssertionError("no request within " + Durations.describe(timeout));
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a request", e);
        }
    }

    /** @return how many requests have been received so far, taken or not */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * Stops at once: open connections are dropped, pending delays and streams are cut short, and
     * the handler threads are released. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Wake delayed and streaming replies first, so none of them writes after the stop.
        shutdown.trigger();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(THREAD_DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MockJsonRpcServer[" + uri + "]";
    }

    private void record(RecordedRequest request) {
        // Count first, so that once takeRequest() returns a request it is already counted.
        requestCount.incrementAndGet();
        requests.add(request);
    }

    private static InetSocketAddress loopback() throws UnknownHostException {
        // The literal address, not "localhost": no name lookup, and never an IPv6-only binding.
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    }
}
