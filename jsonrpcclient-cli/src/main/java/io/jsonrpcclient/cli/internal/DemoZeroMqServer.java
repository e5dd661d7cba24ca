package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.testing.MethodHandler;
import io.jsonrpcclient.testing.internal.JsonRpcDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The demo's ZeroMQ server: the {@link DemoMethods} on a ROUTER socket on {@code 127.0.0.1}, answered by
 * the testing module's JSON-RPC dispatcher, so it behaves like the demo's HTTP server. A ROUTER answers
 * REQ and DEALER clients alike; each request runs on a pool thread, so a call to {@code sleep} holds up
 * no other, and replies go back as they are ready (out of order, for DEALER clients). Notifications
 * get an empty reply, as the Python jsonrpcserver's ZeroMQ examples send, which a REQ client needs.
 */
public final class DemoZeroMqServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final ZMQ.Context context = ZMQ.context(1);
    private final ZMQ.Socket socket;
    private final JsonRpcDispatcher dispatcher;
    private final ExecutorService workers;
    private final Queue<byte[][]> replies = new ConcurrentLinkedQueue<>();
    private final Pipe wakeup;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String endpoint;
    private volatile boolean running = true;

    private DemoZeroMqServer(int port) {
        Map<String, MethodHandler> methods = new ConcurrentHashMap<>();
        DemoMethods.registerOn(methods::put);
        this.dispatcher = new JsonRpcDispatcher(methods::get);
        this.socket = context.socket(SocketType.ROUTER);
        socket.setLinger(0);
        ZMQException refused = null;
        boolean bound = false;
        try {
            bound = socket.bind("tcp://127.0.0.1:" + (port == 0 ? "*" : Integer.toString(port)));
        } catch (ZMQException e) {
            refused = e;
        }
        if (!bound) {
            socket.close();
            context.term();
            throw new IllegalStateException("cannot serve ZeroMQ on 127.0.0.1:" + port
                    + (refused != null ? ": " + refused.getMessage() : ""), refused);
        }
        try {
            this.wakeup = Pipe.open();
            wakeup.source().configureBlocking(false);
            wakeup.sink().configureBlocking(false);
        } catch (IOException e) {
            socket.close();
            context.term();
            throw new UncheckedIOException(e);
        }
        this.endpoint = socket.getLastEndpoint();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread worker = new Thread(task, "jsonrpc-demo-zmq-worker");
            worker.setDaemon(true);
            return worker;
        });
        this.thread = new Thread(this::serve, "jsonrpc-demo-zmq-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts the server.
     *
     * @param port the port, or 0 for any free one
     * @return the running server
     * @throws IllegalStateException if the port cannot be bound
     */
    public static DemoZeroMqServer start(int port) {
        return new DemoZeroMqServer(port);
    }

    /** {@return the ZeroMQ endpoint, e.g. {@code tcp://127.0.0.1:5555}} */
    public String endpoint() {
        return endpoint;
    }

    /** {@return the URL the {@code jsonrpc} tool takes, e.g. {@code zmq+tcp://127.0.0.1:5555}} */
    public String url() {
        return "zmq+" + endpoint;
    }

    private void serve() {
        Selector selector = context.selector();
        try {
            while (running) {
                ZMQ.PollItem[] items = {
                    new ZMQ.PollItem(socket, ZMQ.Poller.POLLIN),
                    new ZMQ.PollItem(wakeup.source(), ZMQ.Poller.POLLIN),
                };
                ZMQ.poll(selector, items, 200);
                drainWakeup();
                byte[][] reply;
                while ((reply = replies.poll()) != null) {
                    socket.send(reply[0], ZMQ.SNDMORE);
                    socket.send(EMPTY, ZMQ.SNDMORE);
                    socket.send(reply[1], 0);
                }
                byte[] identity;
                while (running && (identity = socket.recv(ZMQ.DONTWAIT)) != null) {
                    byte[] body = null;
                    while (socket.hasReceiveMore()) {
                        body = socket.recv(0);
                    }
                    if (body != null) {
                        byte[] from = identity;
                        byte[] request = body;
                        workers.execute(() -> answer(from, request));
                    }
                }
            }
        } catch (ZMQException | UncheckedIOException e) {
            if (running) {
                throw e;
            }
        } finally {
            context.close(selector);
            socket.close();
            context.term();
            stopped.countDown();
        }
    }

    private void answer(byte[] identity, byte[] request) {
        Optional<JsonNode> response = dispatcher.dispatch(request);
        byte[] reply;
        try {
            reply = response.isPresent() ? JSON.writeValueAsBytes(response.get()) : EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replies.add(new byte[][] {identity, reply});
        try {
            wakeup.sink().write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException closed) {
            // The server is stopping; the reply goes nowhere.
        }
    }

    private void drainWakeup() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try {
            while (wakeup.source().read(buffer) > 0) {
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops at once; calls in flight are cut off. Waits at most 5 s. */
    @Override
    public void close() {
        running = false;
        workers.shutdownNow();
        try {
            stopped.await(5, TimeUnit.SECONDS);
            wakeup.sink().close();
            wakeup.source().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
