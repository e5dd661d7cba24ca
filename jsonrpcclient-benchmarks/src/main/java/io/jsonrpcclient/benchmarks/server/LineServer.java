package io.jsonrpcclient.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback JSON-RPC server over TCP with newline framing, on 127.0.0.1: a thread per connection
 * reads each line and writes the {@code add} reply for its id(s) and a newline. Replies are flushed
 * once no more request bytes are waiting, so pipelined calls share writes, as a real server's
 * buffered output would.
 * <pre>{@code
 * try (var server = LineServer.start()) { int port = server.port(); ... }
 * }</pre>
 */
public final class LineServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicLong answered = new AtomicLong();

    private LineServer() throws IOException {
        socket = new ServerSocket(0, 50, LoopbackServer.LOOPBACK);
        Thread acceptor = new Thread(this::accept, "bench-line-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return a started server} */
    public static LineServer start() {
        try {
            return new LineServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the line server", e);
        }
    }

    /** {@return the port} */
    public int port() {
        return socket.getLocalPort();
    }

    /** {@return how many lines it answered} */
    public long answered() {
        return answered.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connection.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(connection), "bench-line-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream(), 1 << 16);
            OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 1 << 16);
            byte[] line = new byte[1024];
            int n = 0;
            int c;
            while ((c = in.read()) >= 0) {
                if (c != '\n') {
                    if (n == line.length) {
                        line = Arrays.copyOf(line, n * 2);
                    }
                    line[n++] = (byte) c;
                    continue;
                }
                byte[] reply = Replies.replyTo(line, n);
                n = 0;
                if (reply.length > 0) {
                    answered.incrementAndGet();
                    out.write(reply);
                    out.write('\n');
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
