package io.jsonrpcclient.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered socket input that flushes the server's replies just before it reads from the socket, that
 * is once every request read so far is answered: as an event-loop server flushes at the end of a read
 * (Netty's {@code channelReadComplete}), so a burst of pipelined requests is answered in one write.
 * Asking the socket instead whether more bytes wait ({@code available()}) costs an {@code ioctl} per
 * message, which profiling showed as the largest CPU cost of a WebSocket server answering 64 pipelined
 * calls.
 * <pre>{@code
 * var out = new BufferedOutputStream(socket.getOutputStream());
 * var in = new ReadBuffer(socket.getInputStream(), out);
 * }</pre>
 */
final class ReadBuffer extends BufferedInputStream {

    private final Flushable replies;

    /**
     * @param in      the socket's input
     * @param replies flushed before each read from the socket
     */
    ReadBuffer(InputStream in, Flushable replies) {
        super(in, 1 << 16);
        this.replies = replies;
    }

    @Override
    public synchronized int read() throws IOException {
        if (pos >= count) {
            replies.flush();
        }
        return super.read();
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (pos >= count) {
            replies.flush();
        }
        return super.read(b, off, len);
    }
}
