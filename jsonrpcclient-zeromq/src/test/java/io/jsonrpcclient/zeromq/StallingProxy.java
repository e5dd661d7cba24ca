package io.jsonrpcclient.zeromq;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real ZeroMQ server whose first connection stalls: it is
 * accepted and held open, but not a byte goes either way, as a connection JeroMQ leaves stuck in its
 * handshake. Every later connection is passed through to the server both ways.
 * <pre>{@code
 * try (var proxy = new StallingProxy(server.port())) {
 *     var transport = ZeroMqTransport.of(proxy.endpoint());   // its first connection stalls
 * }
 * }</pre>
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    StallingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "stalling-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return the endpoint a ZeroMQ client connects to} */
    String endpoint() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /** {@return how many connections the proxy has accepted, the stalled one included} */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                sockets.add(client);
                if (accepted.incrementAndGet() == 1) {
                    continue;  // held open, never read or written
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(server);
                pipe(client, server);
                pipe(server, client);
            }
        } catch (IOException closed) {
            // The proxy was closed.
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // One side closed: the other follows below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "stalling-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }
}
