package io.jsonrpcclient.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexTransport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real WebSocket server (Jetty 12) on 127.0.0.1 for the transport's tests: every text message is
 * recorded and given to a scriptable handler, which answers through a {@link Peer}.
 */
public final class WebSocketTestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One client connection, as the test's handler sees it. */
    static final class Peer {
        final Session session;

        Peer(Session session) {
            this.session = session;
        }

        void send(String text) {
            session.sendText(text, Callback.NOOP);
        }

        /** Sends the text as several fragments of about {@code size} characters. */
        void sendFragmented(String text, int size) {
            synchronized (this) {
                for (int at = 0; at < text.length(); at += size) {
                    int end = Math.min(text.length(), at + size);
                    var done = new Callback.Completable();
                    session.sendPartialText(text.substring(at, end), end == text.length(), done);
                    done.join();
                }
            }
        }

        void reply(JsonNode request, String resultJson) {
            send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}");
        }

        void close(int code, String reason) {
            session.close(code, reason, Callback.NOOP);
        }

        void ping(String payload) {
            session.sendPing(java.nio.ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    Callback.NOOP);
        }

        void disconnect() {
            session.disconnect();
        }
    }

    /** Answers two requests together, once both have come. */
    @FunctionalInterface
    interface PairHandler {
        void answer(Peer peer, JsonNode first, JsonNode second);
    }

    /**
     * {@return a handler that holds the first request until a second has come, then gives both, in the
     * order they came, to {@code pair} (later requests go unanswered): for replies sent out of order or
     * back to back}
     */
    static BiConsumer<Peer, JsonNode> inPairs(PairHandler pair) {
        List<JsonNode> held = new ArrayList<>();
        return (peer, request) -> {
            synchronized (held) {
                held.add(request);
                if (held.size() == 2) {
                    pair.answer(peer, held.get(0), held.get(1));
                }
            }
        };
    }

    /** {@return a queue that receives each reason the transport gives for losing its connection} */
    static BlockingQueue<TransportException> disconnections(DuplexTransport transport) {
        BlockingQueue<TransportException> lost = new LinkedBlockingQueue<>();
        transport.onConnectionState(new ConnectionListener() {
            @Override
            public void onDisconnected(TransportException reason) {
                lost.add(reason);
            }
        });
        return lost;
    }

    /** {@return the next element of the queue, waiting at most 5 s for it} */
    static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("nothing arrived within 5 s");
        }
        return value;
    }

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final Map<String, String> lastHandshakeHeaders = new ConcurrentHashMap<>();
    /** Payloads of the pongs and pings clients sent, and the close codes they closed with. */
    final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    volatile BiConsumer<Peer, JsonNode> handler = (peer, message) -> { };
    volatile int refuseStatus;

    WebSocketTestServer() throws Exception {
        this(null);
    }

    WebSocketTestServer(SelfSignedCertificate certificate) throws Exception {
        var threads = new QueuedThreadPool(16, 2);
        threads.setDaemon(true);
        threads.setName("jetty-ws-test");
        server = new Server(threads);
        tls = certificate != null;
        if (certificate == null) {
            connector = new ServerConnector(server);
        } else {
            var factory = new SslContextFactory.Server();
            factory.setSslContext(certificate.serverContext());
            connector = new ServerConnector(server, factory);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(1 << 24);
            container.setIdleTimeout(java.time.Duration.ofMinutes(5));
            container.addMapping("/", (request, response, callback) -> {
                lastHandshakeHeaders.clear();
                request.getHeaders().forEach(f -> lastHandshakeHeaders.put(f.getName().toLowerCase(), f.getValue()));
                if (refuseStatus != 0) {
                    response.setStatus(refuseStatus);
                    callback.succeeded();
                    return null;
                }
                return new Endpoint();
            });
        }));
        server.start();
    }

    URI uri() {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    JsonNode take() throws InterruptedException {
        JsonNode message = received.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the server received nothing within 5 s");
        }
        return message;
    }

    Peer peer() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            for (Peer p : peers) {
                if (p.session.isOpen()) {
                    return p;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no client connected within 5 s");
    }

    /** Pushes a message to every connected client. */
    void push(String text) {
        for (Peer p : peers) {
            if (p.session.isOpen()) {
                p.send(text);
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Peer peer;

        @Override
        public void onWebSocketOpen(Session session) {
            peer = new Peer(session);
            peers.add(peer);
            connections.incrementAndGet();
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (Exception e) {
                message = JSON.getNodeFactory().textNode(text);
            }
            received.add(message);
            handler.accept(peer, message);
        }

        @Override
        public void onWebSocketPong(java.nio.ByteBuffer payload) {
            pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(payload).toString());
        }

        @Override
        public void onWebSocketPing(java.nio.ByteBuffer payload) {
            pings.add(java.nio.charset.StandardCharsets.UTF_8.decode(payload).toString());
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeCodes.add(statusCode);
            peers.remove(peer);
        }
    }
}
