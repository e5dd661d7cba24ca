package io.jsonrpcclient.zeromq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MethodHandler;
import io.jsonrpcclient.testing.internal.JsonRpcDispatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real JeroMQ JSON-RPC server on 127.0.0.1, on a thread of its own: REP (one request at a time) or
 * ROUTER (answers whenever it likes; optionally holds replies and sends them in reverse order, and
 * reverses the responses of a batch).
 *
 * <p>Methods: {@code add(a, b)}, {@code echo(...)}, {@code fail} (error -32000 "Nothing works"), and
 * four that are not JSON-RPC methods but behaviours: {@code garbage} is answered with text that is not
 * JSON, {@code never} is never answered (on REP it holds the socket until the server closes),
 * {@code slow(ms)} is answered after that delay, and {@code notify_me(...)} (ROUTER only) is answered
 * after a notification {@code tick} with the same params. Notifications get an empty reply, as Python
 * jsonrpcserver's ZeroMQ examples send.
 */
final class TestServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, MethodHandler> METHODS = Map.of(
            "add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()),
            "echo", params -> params,
            "fail", params -> {
                throw new MethodError(-32000, "Nothing works");
            });
    private static final JsonRpcDispatcher DISPATCHER = new JsonRpcDispatcher(METHODS::get);

    private final ZContext context;
    private final boolean ownsContext;
    private final ZMQ.Socket socket;
    private final boolean router;
    private final boolean reverse;
    private final String endpoint;
    private final int port;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private TestServer(SocketType type, String bindTo, boolean reverse, ZMQ.Curve.KeyPair curve, ZContext shared) {
        this.router = type == SocketType.ROUTER;
        this.reverse = reverse;
        this.ownsContext = shared == null;
        this.context = shared != null ? shared : new ZContext(1);
        this.socket = context.createSocket(type);
        socket.setLinger(0);
        if (curve != null) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.secretKey));
        }
        if (!socket.bind(bindTo)) {
            throw new IllegalStateException("cannot bind " + bindTo);
        }
        this.endpoint = socket.getLastEndpoint();
        int colon = endpoint.lastIndexOf(':');
        this.port = endpoint.startsWith("tcp://") ? Integer.parseInt(endpoint.substring(colon + 1)) : -1;
        this.thread = new Thread(this::serve, "test-zmq-" + type.name().toLowerCase() + "-server");
        thread.setDaemon(true);
        thread.start();
    }

    static TestServer rep() {
        return new TestServer(SocketType.REP, "tcp://127.0.0.1:*", false, null, null);
    }

    static TestServer rep(int port) {
        return new TestServer(SocketType.REP, "tcp://127.0.0.1:" + port, false, null, null);
    }

    static TestServer rep(String bindTo, ZContext shared) {
        return new TestServer(SocketType.REP, bindTo, false, null, shared);
    }

    static TestServer repWithCurve(ZMQ.Curve.KeyPair serverKeys) {
        return new TestServer(SocketType.REP, "tcp://127.0.0.1:*", false, serverKeys, null);
    }

    static TestServer router() {
        return new TestServer(SocketType.ROUTER, "tcp://127.0.0.1:*", false, null, null);
    }

    static TestServer router(int port) {
        return new TestServer(SocketType.ROUTER, "tcp://127.0.0.1:" + port, false, null, null);
    }

    /** A ROUTER that holds replies while requests keep coming, then sends them newest first. */
    static TestServer routerAnsweringInReverse() {
        return new TestServer(SocketType.ROUTER, "tcp://127.0.0.1:*", true, null, null);
    }

    /** {@return the endpoint a client connects to, e.g. {@code tcp://127.0.0.1:40123}} */
    String endpoint() {
        return endpoint;
    }

    int port() {
        return port;
    }

    /** {@return the next message the server received, waiting at most 10 s} */
    String take() throws InterruptedException {
        String message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("the server received nothing within " + WAIT);
        }
        return message;
    }

    /** {@return every message received so far} */
    List<String> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    private record Held(byte[] identity, byte[] reply, long dueNanos) {
    }

    private void serve() {
        var held = new ArrayList<Held>();
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            boolean stuck = false;
            while (running) {
                if (stuck) {
                    // A REP socket that will not answer can receive nothing more.
                    sleep(TimeUnit.MILLISECONDS.toNanos(20));
                    continue;
                }
                poller.poll(reverse ? 5 : 20);
                boolean got = false;
                if (poller.pollin(0) && !stuck) {
                    byte[] identity = null;
                    if (router) {
                        identity = socket.recv(0);
                        while (socket.hasReceiveMore()) {
                            byte[] frame = socket.recv(0);
                            if (frame.length > 0 || !socket.hasReceiveMore()) {
                                onRequest(identity, frame, held);
                            }
                        }
                    } else {
                        byte[] request = socket.recv(0);
                        stuck = !onRequest(null, request, held);
                    }
                    got = true;
                }
                long now = System.nanoTime();
                if (reverse && got) {
                    continue;
                }
                List<Held> due = new ArrayList<>();
                for (Held h : held) {
                    if (now - h.dueNanos >= 0) {
                        due.add(h);
                    }
                }
                held.removeAll(due);
                if (reverse) {
                    Collections.reverse(due);
                }
                for (Held h : due) {
                    send(h.identity, h.reply);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                e.printStackTrace();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** {@return false if the request must never be answered} */
    private boolean onRequest(byte[] identity, byte[] request, List<Held> held) {
        String text = new String(request, StandardCharsets.UTF_8);
        all.add(text);
        received.add(text);
        long delayNanos = 0;
        byte[] reply;
        JsonNode method = methodOf(text);
        String name = method == null ? "" : method.path("method").asText();
        if (name.equals("never")) {
            return false;
        } else if (name.equals("notify_me") && router) {
            // A notification of the server's own, pushed to this client before the reply.
            held.add(new Held(identity, ("{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":"
                    + method.path("params") + "}").getBytes(StandardCharsets.UTF_8), System.nanoTime()));
            reply = JSON.createObjectNode().put("jsonrpc", "2.0").put("result", "sent")
                    .set("id", method.get("id")).toString().getBytes(StandardCharsets.UTF_8);
        } else if (name.equals("garbage")) {
            reply = "this is not json".getBytes(StandardCharsets.UTF_8);
        } else {
            if (name.equals("slow")) {
                delayNanos = TimeUnit.MILLISECONDS.toNanos(method.path("params").path(0).asLong());
            }
            Optional<JsonNode> answer = DISPATCHER.dispatch(request);
            if (reverse && answer.isPresent() && answer.get().isArray()) {
                var reversed = JSON.createArrayNode();
                answer.get().forEach(entry -> reversed.insert(0, entry));
                answer = Optional.of(reversed);
            }
            try {
                reply = answer.isPresent() ? JSON.writeValueAsBytes(answer.get()) : new byte[0];
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (name.equals("slow")) {
                reply = JSON.createObjectNode().put("jsonrpc", "2.0").put("result", "slept")
                        .set("id", method.get("id")).toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        if (!router) {
            if (delayNanos > 0) {
                sleep(delayNanos);
            }
            socket.send(reply, 0);
            return true;
        }
        held.add(new Held(identity, reply, System.nanoTime() + delayNanos));
        return true;
    }

    private static JsonNode methodOf(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void send(byte[] identity, byte[] reply) {
        socket.send(identity, ZMQ.SNDMORE);
        socket.send(new byte[0], ZMQ.SNDMORE);
        socket.send(reply, 0);
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (!stopped.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the test server did not stop within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        if (ownsContext) {
            context.close();
        }
    }
}
