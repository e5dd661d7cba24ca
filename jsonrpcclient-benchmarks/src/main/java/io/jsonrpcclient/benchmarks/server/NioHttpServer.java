package io.jsonrpcclient.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 with keep-alive on one event loop: a single thread and selector serve every connection,
 * as the servers JSON-RPC clients usually talk to do (geth's and bitcoind's are event loops, not a
 * thread per connection). Each readable connection is read once, every complete request in what
 * came is answered, and the replies go out in one write. It reads {@code Content-Length} and
 * chunked bodies, answers {@code Expect: 100-continue}, and closes when the client asks. Nothing
 * else of HTTP: it serves only these benchmarks.
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.nio()) {
 *     URI uri = server.uri();
 * }
 * }</pre>
 */
final class NioHttpServer implements LoopbackServer {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    private final AtomicLong answered = new AtomicLong();
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread loop;
    private volatile boolean closed;

    private NioHttpServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(LOOPBACK, 0), 128);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        loop = new Thread(this::run, "nio-http");
        loop.setDaemon(true);
    }

    static NioHttpServer start() {
        try {
            var server = new NioHttpServer();
            server.loop.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public long answered() {
        return answered.get();
    }

    private void run() {
        try {
            while (!closed) {
                selector.select();
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        var connection = (Connection) key.attachment();
                        try {
                            connection.ready(key);
                        } catch (IOException | RuntimeException e) {
                            // The client went away or sent what this server does not read: drop it.
                            key.cancel();
                            closeQuietly(key.channel());
                        }
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("nio-http server: select failed: " + e);
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Connection(channel));
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        closeQuietly(listener);
        try {
            loop.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection: the bytes read and not yet answered, and the replies not yet written. */
    private final class Connection {
        private final SocketChannel channel;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private ByteBuffer out = ByteBuffer.allocate(16 * 1024);
        private boolean continueSent;
        private boolean closeAfterWrite;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void ready(SelectionKey key) throws IOException {
            if (key.isWritable()) {
                if (!flush()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
            }
            if (!key.isReadable()) {
                return;
            }
            if (!in.hasRemaining()) {
                in = ByteBuffer.wrap(Arrays.copyOf(in.array(), in.capacity() * 2)).position(in.position());
            }
            int n = channel.read(in);
            if (n < 0) {
                key.cancel();
                channel.close();
                return;
            }
            answerWhatCame();
            if (!flush()) {
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }

        /** Answers every complete request in {@code in}, keeping the start of an incomplete one. */
        private void answerWhatCame() {
            byte[] buf = in.array();
            int start = 0;
            int limit = in.position();
            while (!closeAfterWrite) {
                int used = answerOne(buf, start, limit);
                if (used == 0) {
                    break;
                }
                start += used;
                continueSent = false;
            }
            System.arraycopy(buf, start, buf, 0, limit - start);
            in.position(limit - start);
        }

        /** {@return the bytes the request at {@code start} took, or 0 when it has not all come} */
        private int answerOne(byte[] buf, int start, int limit) {
            int headEnd = indexOf(buf, start, limit, HEAD_END);
            if (headEnd < 0) {
                return 0;
            }
            RequestHead head = null;
            int lineStart = start;
            while (lineStart < headEnd) {
                int lineEnd = indexOf(buf, lineStart, headEnd + 2, CRLF);
                String line = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
                lineStart = lineEnd + 2;
                if (head == null) {
                    head = new RequestHead(line);
                } else {
                    head.header(line);
                }
            }
            boolean expectContinue = head.expectContinue;
            boolean close = head.close;
            int bodyStart = headEnd + 4;
            byte[] body;
            int bodyLength;
            int end;
            if (head.chunked) {
                var chunks = new java.io.ByteArrayOutputStream();
                int p = bodyStart;
                while (true) {
                    int sizeEnd = indexOf(buf, p, limit, CRLF);
                    if (sizeEnd < 0) {
                        return waitForBody(expectContinue);
                    }
                    String size = new String(buf, p, sizeEnd - p, StandardCharsets.ISO_8859_1);
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    p = sizeEnd + 2;
                    if (n == 0) {
                        int trailerEnd = indexOf(buf, p - 2, limit, HEAD_END);
                        if (trailerEnd < 0) {
                            return waitForBody(expectContinue);
                        }
                        end = trailerEnd + 4;
                        break;
                    }
                    if (limit - p < n + 2) {
                        return waitForBody(expectContinue);
                    }
                    chunks.write(buf, p, n);
                    p += n + 2;
                }
                body = chunks.toByteArray();
                bodyLength = body.length;
            } else {
                int length = Math.toIntExact(head.contentLength);
                if (limit - bodyStart < length) {
                    return waitForBody(expectContinue);
                }
                body = Arrays.copyOfRange(buf, bodyStart, bodyStart + length);
                bodyLength = body.length;
                end = bodyStart + length;
            }
            byte[] reply = Replies.replyTo(body, bodyLength);
            append(RawHttpServer.response(reply, close));
            answered.incrementAndGet();
            closeAfterWrite = close;
            return end - start;
        }

        private int waitForBody(boolean expectContinue) {
            if (expectContinue && !continueSent) {
                append(CONTINUE);
                continueSent = true;
            }
            return 0;
        }

        private void append(byte[] bytes) {
            if (out.remaining() < bytes.length) {
                var bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes.length));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.put(bytes);
        }

        /** {@return whether every reply is written; closes the connection after the last if it asked} */
        private boolean flush() throws IOException {
            out.flip();
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    out.compact();
                    return false;
                }
            }
            out.clear();
            if (closeAfterWrite) {
                channel.close();
            }
            return true;
        }
    }

    /** {@return where {@code needle} first starts in {@code haystack[from, limit)}, or -1} */
    private static int indexOf(byte[] haystack, int from, int limit, byte[] needle) {
        return Replies.indexOf(haystack, limit, needle, from);
    }
}
