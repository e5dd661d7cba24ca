package io.jsonrpcclient.benchmarks.server;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A loopback JSON-RPC server on a JeroMQ REP socket bound to 127.0.0.1, one thread: each request
 * gets the {@code add} reply for its id(s) (an empty message for a notification, as REP servers
 * answer one). REQ clients and DEALER clients (whose messages carry the empty delimiter a REQ adds)
 * are answered alike; a DEALER's pipelined calls queue at the socket and are answered in turn.
 * <pre>{@code
 * try (var server = ZeroMqServer.start()) { String endpoint = server.endpoint(); ... }
 * }</pre>
 */
public final class ZeroMqServer implements AutoCloseable {

    private final ZContext context = new ZContext(1);
    private final String endpoint;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long answered;

    private ZeroMqServer() {
        ZMQ.Socket socket = context.createSocket(SocketType.REP);
        socket.setReceiveTimeOut(100);  // to notice close()
        socket.setLinger(0);
        if (!socket.bind("tcp://127.0.0.1:*")) {
            throw new IllegalStateException("cannot bind a REP socket on 127.0.0.1");
        }
        endpoint = socket.getLastEndpoint();
        thread = new Thread(() -> serve(socket), "bench-zmq-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@return a started server} */
    public static ZeroMqServer start() {
        return new ZeroMqServer();
    }

    /** {@return the tcp:// endpoint it is bound to} */
    public String endpoint() {
        return endpoint;
    }

    /** {@return how many requests it answered} */
    public long answered() {
        return answered;
    }

    private void serve(ZMQ.Socket socket) {
        long n = 0;
        while (running) {
            byte[] request = socket.recv(0);
            if (request == null) {
                answered = n;
                continue;  // timed out: check whether to stop
            }
            byte[] reply = Replies.replyTo(request, request.length);
            n++;
            socket.send(reply, 0);
        }
        answered = n;
        socket.close();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
