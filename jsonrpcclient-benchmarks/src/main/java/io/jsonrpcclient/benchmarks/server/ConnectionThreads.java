package io.jsonrpcclient.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plumbing the blocking benchmark servers share: a listener on 127.0.0.1, an accept loop on a
 * daemon thread, a daemon thread per connection with TCP_NODELAY, and a close that closes the
 * listener and every open connection (so no worker outlives the benchmark).
 * <pre>{@code
 * var threads = ConnectionThreads.bind("raw-http", socket -> serve(socket));
 * threads.start();
 * int port = threads.port();
 * threads.close();
 * }</pre>
 */
final class ConnectionThreads implements AutoCloseable {

    /** Serves one connection until it ends; the socket is closed when it returns or throws. */
    @FunctionalInterface
    interface Handler {
        /**
         * Serves the connection.
         *
         * @param socket the accepted connection, TCP_NODELAY already set
         * @throws IOException when the client goes away: normal at the end of a benchmark
         */
        void serve(Socket socket) throws IOException;
    }

    private static final int BACKLOG = 128;

    private final String name;
    private final Handler handler;
    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ConnectionThreads(String name, Handler handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.listener = new ServerSocket(0, BACKLOG, LoopbackServer.LOOPBACK);
    }

    /**
     * Binds an ephemeral port of 127.0.0.1; {@link #start()} begins accepting.
     *
     * @param name the thread-name prefix: {@code name-accept} and {@code name-PORT} per connection
     * @param handler what each connection's thread runs
     * @return the bound listener
     */
    static ConnectionThreads bind(String name, Handler handler) {
        try {
            return new ConnectionThreads(name, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the accept thread. A server calls it once it is fully constructed, so that its workers
     * (started from this thread) see its final fields.
     */
    void start() {
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return the listening port} */
    int port() {
        return listener.getLocalPort();
    }

    /** {@return whether {@link #close()} was called: a worker stops at its next request} */
    boolean isClosed() {
        return closed;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                Thread worker = new Thread(() -> serve(socket), name + "-" + socket.getPort());
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(name + " server: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            handler.serve(socket);
        } catch (IOException e) {
            // The client went away: normal at the end of a benchmark.
        } finally {
            connections.remove(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
