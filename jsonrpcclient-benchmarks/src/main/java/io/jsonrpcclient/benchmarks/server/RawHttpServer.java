package io.jsonrpcclient.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 with keep-alive on blocking sockets, a thread per connection, TCP_NODELAY, one write per
 * reply. It reads {@code Content-Length} and chunked bodies, answers {@code Expect: 100-continue},
 * and closes when the client asks. Nothing else of HTTP: it serves only these benchmarks.
 * {@link #startTls} serves the same over TLS, each connection's handshake on its own thread.
 */
final class RawHttpServer implements LoopbackServer {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLong answered = new AtomicLong();
    private final ConnectionThreads threads = ConnectionThreads.bind("raw-http", this::serve);
    /** The server's TLS context, or null for plain HTTP. */
    private final SSLContext tls;

    private RawHttpServer(SSLContext tls) {
        this.tls = tls;
    }

    static RawHttpServer start() {
        return startTls(null);
    }

    /**
     * Starts the server over TLS.
     *
     * @param serverContext the server's TLS context (its key and certificate), or null for plain HTTP
     * @return the started server, its URI {@code https://} when over TLS
     */
    static RawHttpServer startTls(SSLContext serverContext) {
        var server = new RawHttpServer(serverContext);
        server.threads.start();
        return server;
    }

    @Override
    public URI uri() {
        return URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port() + "/");
    }

    @Override
    public int port() {
        return threads.port();
    }

    @Override
    public long answered() {
        return answered.get();
    }

    private void serve(Socket accepted) throws IOException {
        try (Socket socket = tls == null ? accepted : serverSide(accepted);
                InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            var reader = new Reader(in);
            while (!threads.isClosed()) {
                if (!reader.readHead()) {
                    return;
                }
                if (reader.expectContinue) {
                    out.write(CONTINUE);
                    out.flush();
                }
                byte[] body = reader.readBody();
                byte[] reply = Replies.replyTo(body, reader.bodyLength);
                out.write(response(reply, reader.close));
                out.flush();
                answered.incrementAndGet();
                if (reader.close) {
                    return;
                }
            }
        }
    }

    private SSLSocket serverSide(Socket accepted) throws IOException {
        var ssl = (SSLSocket) tls.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
        ssl.setUseClientMode(false);
        return ssl;
    }

    /** {@return the HTTP/1.1 response carrying {@code body}: 200 with it, or 204 when it is empty} */
    static byte[] response(byte[] body, boolean close) {
        String head = body.length == 0
                ? "HTTP/1.1 204 No Content\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    @Override
    public void close() {
        threads.close();
    }

    /** Reads requests off one connection, buffered. */
    private static final class Reader {
        private final InputStream in;
        private byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;
        private long contentLength;
        private boolean chunked;
        private boolean close;
        private boolean expectContinue;
        private byte[] body = new byte[8 * 1024];
        private int bodyLength;

        Reader(InputStream in) {
            this.in = in;
        }

        /** {@return false at a clean end of stream before a request} */
        boolean readHead() throws IOException {
            String requestLine = line();
            if (requestLine == null) {
                return false;
            }
            var head = new RequestHead(requestLine);
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                head.header(header);
            }
            if (header == null) {
                throw new IOException("end of stream inside the request head");
            }
            contentLength = head.contentLength;
            chunked = head.chunked;
            close = head.close;
            expectContinue = head.expectContinue;
            return true;
        }

        byte[] readBody() throws IOException {
            bodyLength = 0;
            if (chunked) {
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new IOException("end of stream inside a chunked body");
                    }
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        String trailer;
                        while ((trailer = line()) != null && !trailer.isEmpty()) {
                            // trailers ignored
                        }
                        return body;
                    }
                    take(n);
                    line();
                }
            }
            take(Math.toIntExact(contentLength));
            return body;
        }

        private void take(int n) throws IOException {
            if (body.length < bodyLength + n) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
            }
            while (n > 0) {
                if (pos == limit && !fill()) {
                    throw new IOException("end of stream inside a body");
                }
                int k = Math.min(n, limit - pos);
                System.arraycopy(buf, pos, body, bodyLength, k);
                pos += k;
                bodyLength += k;
                n -= k;
            }
        }

        /** {@return the next line without its CRLF, or null at end of stream} */
        private String line() throws IOException {
            var sb = new StringBuilder(64);
            while (true) {
                if (pos == limit && !fill()) {
                    return sb.length() == 0 ? null : sb.toString();
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) (b & 0xff));
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }
}
