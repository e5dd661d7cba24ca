package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The raw async limits' plumbing: non-blocking kept-alive connections to a loopback port, TCP_NODELAY,
 * registered for reading with one selector, each key carrying its connection's index.
 * <pre>{@code
 * try (NioChannels nio = NioChannels.open(port, 4)) {
 *     nio.channels[0].write(request);
 *     nio.awaitReplies(1, i -> readReplies(i));
 * }
 * }</pre>
 */
final class NioChannels implements Closeable {

    /** Reads what connection {@code index} has; returns how many replies that completed. */
    @FunctionalInterface
    interface Reader {
        int read(int index) throws IOException;
    }

    final Selector selector;
    final SocketChannel[] channels;

    private NioChannels(Selector selector, SocketChannel[] channels) {
        this.selector = selector;
        this.channels = channels;
    }

    static NioChannels open(int port, int count) throws IOException {
        var nio = new NioChannels(Selector.open(), new SocketChannel[count]);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(LoopbackServer.LOOPBACK, port));
            nio.channels[i] = channel;
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            channel.register(nio.selector, SelectionKey.OP_READ, i);
        }
        return nio;
    }

    /**
     * Selects until {@code expected} replies are in, as counted by {@code reader}.
     *
     * @return {@code expected}
     * @throws IOException if they are not all in within {@link WebSocketBenchmark#WAIT_SECONDS}
     */
    int awaitReplies(int expected, Reader reader) throws IOException {
        int done = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WebSocketBenchmark.WAIT_SECONDS);
        while (done < expected) {
            if (System.nanoTime() > deadline) {
                throw new IOException((expected - done) + " replies still missing after "
                        + WebSocketBenchmark.WAIT_SECONDS + " s");
            }
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                done += reader.read((Integer) key.attachment());
            }
            selector.selectedKeys().clear();
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
        selector.close();
    }
}
