package io.jsonrpcclient.benchmarks.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback JSON-RPC server over TCP with newline framing, on 127.0.0.1: a thread per connection
 * reads each line and writes the {@code add} reply for its id(s) and a newline. Replies are flushed
 * before the next read from the socket ({@link ReadBuffer}), once every line read so far is answered,
 * so pipelined calls share writes, as a real server's buffered output would.
 * <pre>{@code
 * try (var server = LineServer.start()) { int port = server.port(); ... }
 * }</pre>
 */
public final class LineServer implements AutoCloseable {

    private final AtomicLong answered = new AtomicLong();
    private final ConnectionThreads threads = ConnectionThreads.bind("bench-line", this::serve);

    private LineServer() {
    }

    /** {@return a started server} */
    public static LineServer start() {
        var server = new LineServer();
        server.threads.start();
        return server;
    }

    /** {@return the port} */
    public int port() {
        return threads.port();
    }

    /** {@return how many lines it answered} */
    public long answered() {
        return answered.get();
    }

    private void serve(Socket connection) throws IOException {
        OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 1 << 16);
        var in = new ReadBuffer(connection.getInputStream(), out);
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
        }
    }

    @Override
    public void close() {
        threads.close();
    }
}
