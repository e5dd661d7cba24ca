package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonrpcclient.testing.MethodHandler;
import io.jsonrpcclient.testing.internal.JsonRpcDispatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The long-running demo server of {@code jsonrpc demo --serve}: the {@link DemoMethods} over HTTP
 * on {@code 127.0.0.1} and a chosen port, answered by the testing module's JSON-RPC dispatcher so
 * it behaves exactly like {@link io.jsonrpcclient.testing.MockJsonRpcServer}.
 *
 * <p>It is not a {@code MockJsonRpcServer} because that one always takes an ephemeral port and
 * records every request it receives, which a server left running for hours must not do.
 */
public final class DemoHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    private DemoHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Starts the server.
     *
     * @param port the port, or 0 for any free one
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static DemoHttpServer start(int port) throws IOException {
        Map<String, MethodHandler> methods = new ConcurrentHashMap<>();
        DemoMethods.registerOn(methods::put);
        var dispatcher = new JsonRpcDispatcher(methods::get);
        // Loopback only: the demo is for the person at this machine, not for the network.
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
        // One thread per request, so a call to sleep holds up nobody else; daemons never keep the JVM up.
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "jsonrpc-demo-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, dispatcher));
        server.start();
        return new DemoHttpServer(server, executor);
    }

    /** {@return the server's URL, e.g. {@code http://127.0.0.1:8080/}} */
    public URI uri() {
        return uri;
    }

    private static void handle(HttpExchange exchange, JsonRpcDispatcher dispatcher) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<JsonNode> reply = dispatcher.dispatch(body);
            if (reply.isEmpty()) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            byte[] json = JSON.writeValueAsBytes(reply.get());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }

    /** Stops at once; calls in flight are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
