package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.ReconnectPolicy;
import io.jsonrpcclient.websocket.WebSocketClosedException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-use {@link DuplexConnection} over the JDK's {@link WebSocket}: one text frame (or fragmented
 * message) per JSON-RPC message, sends queued one at a time as the JDK requires, fragments reassembled up
 * to a byte limit (past it the connection is closed with 1009). {@link #start} begins the handshake and
 * {@link #opened()} completes when it succeeds; sends made before then wait. A lost connection stays lost:
 * {@link ReconnectingConnection} dials a new one when a reconnect policy says so.
 */
public final class WebSocketConnection implements DuplexConnection {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    /**
     * The settings of a connection.
     *
     * @param uri             where to connect, without credentials
     * @param httpClient      the client that makes the handshake
     * @param headers         handshake headers
     * @param subprotocols    subprotocols to offer
     * @param connectTimeout  handshake timeout
     * @param maxMessageBytes the largest inbound message
     * @param pingInterval    how often to ping, or null for never
     */
    public record Settings(URI uri, HttpClient httpClient, Map<String, String> headers, List<String> subprotocols,
            Duration connectTimeout, long maxMessageBytes, Duration pingInterval) {
    }

    private final Settings settings;
    private final String endpoint;
    private final CompletableFuture<DuplexConnection> opened = new CompletableFuture<>();

    // Guarded by `this`.
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private boolean sending;
    private WebSocket socket;
    private boolean closed;
    private TransportException dead;
    private ScheduledFuture<?> pinger;

    private DuplexConnection.Listener listener;

    /**
     * Creates the connection; it connects when started.
     *
     * @param settings the settings
     */
    public WebSocketConnection(Settings settings) {
        this.settings = settings;
        this.endpoint = settings.uri().toString();
    }

    /**
     * Returns a dialler of connections with these settings, for {@link ReconnectingConnection}.
     *
     * @param settings the settings
     * @return the dialler: each dial starts a new connection and completes when its handshake does
     */
    public static ReconnectingConnection.Dialer dialer(Settings settings) {
        return listener -> {
            var connection = new WebSocketConnection(settings);
            connection.start(listener);
            return connection.opened();
        };
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /**
     * {@return completes with this connection when the handshake succeeds, or fails with the reason it did
     * not} A failed handshake is reported here only, not to the listener: the connection never was.
     */
    public CompletableFuture<DuplexConnection> opened() {
        return opened;
    }

    @Override
    public void start(Listener listener) {
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            this.listener = listener;
        }
        CompletableFuture<WebSocket> handshake;
        try {
            WebSocket.Builder builder = settings.httpClient().newWebSocketBuilder()
                    .connectTimeout(settings.connectTimeout());
            settings.headers().forEach(builder::header);
            if (!settings.subprotocols().isEmpty()) {
                List<String> rest = settings.subprotocols().subList(1, settings.subprotocols().size());
                builder.subprotocols(settings.subprotocols().get(0), rest.toArray(new String[0]));
            }
            handshake = builder.buildAsync(settings.uri(), new Receiver());
        } catch (RuntimeException e) {
            handshake = CompletableFuture.failedFuture(e);
        }
        handshake.whenComplete((ws, error) -> {
            if (error != null) {
                connectFailed(error);
            } else {
                opened(ws);
            }
        });
    }

    private void opened(WebSocket ws) {
        synchronized (this) {
            if (closed || dead != null) {
                ws.abort();
                return;
            }
            socket = ws;
            if (settings.pingInterval() != null) {
                long every = settings.pingInterval().toNanos();
                pinger = TIMER.scheduleAtFixedRate(this::ping, every, every, TimeUnit.NANOSECONDS);
            }
        }
        opened.complete(this);
        pump();
    }

    private void connectFailed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String detail;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            detail = "the WebSocket handshake with " + endpoint + " was refused: HTTP " + status
                    + (HttpReasons.of(status).isEmpty() ? "" : " " + HttpReasons.of(status));
        } else {
            detail = "could not connect to " + endpoint + ": " + cause;
        }
        TransportException reason = new TransportException(detail, cause);
        List<Outgoing> failed;
        synchronized (this) {
            dead = reason;
            failed = new ArrayList<>(queue);
            queue.clear();
        }
        for (Outgoing o : failed) {
            o.done.completeExceptionally(reason);
        }
        opened.completeExceptionally(reason);
    }

    /** The open socket is gone: fail what waits, then tell the listener, once. */
    private void socketLost(TransportException reason) {
        List<Outgoing> failed;
        synchronized (this) {
            if (closed || dead != null) {
                return;
            }
            dead = reason;
            socket = null;
            failed = new ArrayList<>(queue);
            queue.clear();
            if (pinger != null) {
                pinger.cancel(false);
            }
        }
        for (Outgoing o : failed) {
            o.done.completeExceptionally(reason);
        }
        LOG.debug("{}: {}", endpoint, reason.getMessage());
        synchronized (listener) {
            listener.onDisconnected(reason);
        }
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        var done = new CompletableFuture<Void>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new TransportException("the WebSocket to " + endpoint
                        + " is closed", null));
            }
            if (dead != null) {
                return CompletableFuture.failedFuture(new TransportException(dead.getMessage(), dead.getCause()));
            }
            queue.add(new Outgoing(new String(message, StandardCharsets.UTF_8), done));
        }
        pump();
        return done;
    }

    /** Sends the next queued message unless one is being sent or the socket is not open. */
    private void pump() {
        Outgoing next;
        WebSocket ws;
        synchronized (this) {
            if (sending || socket == null) {
                return;
            }
            do {
                next = queue.poll();
            } while (next != null && next.done.isDone()); // withdrawn (cancelled) before its turn
            if (next == null) {
                return;
            }
            sending = true;
            ws = socket;
        }
        CompletableFuture<WebSocket> sent;
        try {
            sent = ws.sendText(next.text, true);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        Outgoing message = next;
        sent.whenComplete((w, error) -> {
            if (error != null) {
                message.done.completeExceptionally(new TransportException("could not send to " + endpoint + ": "
                        + error, error));
            } else {
                message.done.complete(null);
            }
            synchronized (this) {
                if (socket == ws) {
                    sending = false;
                }
            }
            pump();
        });
    }

    private void ping() {
        WebSocket ws;
        synchronized (this) {
            ws = socket;
        }
        if (ws != null) {
            try {
                ws.sendPing(ByteBuffer.allocate(0));
            } catch (RuntimeException e) {
                LOG.debug("{}: ping not sent: {}", endpoint, e.toString());
            }
        }
    }

    @Override
    public void close() {
        WebSocket ws;
        List<Outgoing> failed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ws = socket;
            socket = null;
            failed = new ArrayList<>(queue);
            queue.clear();
            if (pinger != null) {
                pinger.cancel(false);
            }
        }
        var reason = new TransportException("the WebSocket to " + endpoint + " is closed", null);
        for (Outgoing o : failed) {
            o.done.completeExceptionally(reason);
        }
        opened.completeExceptionally(reason); // if the handshake had not finished
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            } catch (RuntimeException ignored) {
                // already closing
            }
            TIMER.schedule(ws::abort, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + endpoint + "]";
    }

    private record Outgoing(String text, CompletableFuture<Void> done) {
    }

    /** Receives one socket's events; the JDK calls it one event at a time. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private boolean tooBig;

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last && !tooBig && text.length() == 0 && data.length() <= settings.maxMessageBytes()) {
                // A whole message in one part, the usual case: no copy through the builder.
                deliver(data.toString().getBytes(StandardCharsets.UTF_8));
                ws.request(1);
                return null;
            }
            if (!tooBig) {
                if (text.length() + (long) data.length() > settings.maxMessageBytes()) {
                    tooBig(ws);
                } else {
                    text.append(data);
                }
            }
            if (last && !tooBig) {
                byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
                text.setLength(0);
                deliver(message);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (!tooBig) {
                if (binary.size() + (long) data.remaining() > settings.maxMessageBytes()) {
                    tooBig(ws);
                } else {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    binary.writeBytes(chunk);
                }
            }
            if (last && !tooBig) {
                byte[] message = binary.toByteArray();
                binary.reset();
                deliver(message);
            }
            ws.request(1);
            return null;
        }

        private void deliver(byte[] message) {
            synchronized (WebSocketConnection.this) {
                if (closed || dead != null) {
                    return;
                }
            }
            synchronized (listener) {
                listener.onMessage(message);
            }
        }

        private void tooBig(WebSocket ws) {
            tooBig = true;
            text.setLength(0);
            binary.reset();
            String detail = "a message from " + endpoint + " is larger than the limit of "
                    + settings.maxMessageBytes() + " bytes: closed the WebSocket with 1009";
            ws.sendClose(1009, "message too big");
            ws.abort();
            socketLost(new WebSocketClosedException(detail, 1009, "message too big"));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            String detail = "the server closed the WebSocket " + endpoint + ": " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " " + reason);
            socketLost(new WebSocketClosedException(detail, statusCode, reason == null ? "" : reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            socketLost(new TransportException("the WebSocket to " + endpoint + " failed: " + error, error));
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "jsonrpcclient-websocket-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
