package io.jsonrpcclient.benchmarks.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket server (the one core's tests use) on 127.0.0.1: every text message gets the
 * {@code add} reply for its id(s) at once, as one text message. Kept beside the raw server for
 * comparison: with 64 calls in flight it took most of the CPU of the benchmark.
 */
final class JettyWebSocketServer implements WebSocketServer {

    private final Server server;
    private final ServerConnector connector;
    private final AtomicLong answered = new AtomicLong();

    private JettyWebSocketServer() throws Exception {
        var threads = new QueuedThreadPool(16, 2);
        threads.setDaemon(true);
        threads.setName("bench-ws-server");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(LoopbackServer.LOOPBACK.getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(1 << 20);
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/", (request, response, callback) -> new Endpoint());
        }));
        server.start();
    }

    static JettyWebSocketServer start() {
        try {
            return new JettyWebSocketServer();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket server", e);
        }
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @Override
    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One connection: answers each text message in turn. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] reply = Replies.replyTo(body, body.length);
            if (reply.length > 0) {
                answered.incrementAndGet();
                session.sendText(new String(reply, StandardCharsets.UTF_8), Callback.NOOP);
            }
        }
    }
}
