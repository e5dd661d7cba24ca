package io.jsonrpcclient.benchmarks.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's HTTP server, as the project's tests use it, with {@code sun.net.httpserver.nodelay}
 * (without it every other reply waits for delayed ACKs) and a pool of 8 handler threads.
 */
final class JdkServer implements LoopbackServer {

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicLong answered = new AtomicLong();

    private JdkServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    static JdkServer start() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 128);
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "jdk-http");
                t.setDaemon(true);
                return t;
            });
            var s = new JdkServer(server, pool);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                byte[] reply = Replies.replyTo(body, body.length);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (reply.length == 0) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    exchange.sendResponseHeaders(200, reply.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(reply);
                    }
                }
                exchange.close();
                s.answered.incrementAndGet();
            });
            server.setExecutor(pool);
            server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
