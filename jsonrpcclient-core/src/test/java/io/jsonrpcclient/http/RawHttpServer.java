package io.jsonrpcclient.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A bare TCP server on {@code 127.0.0.1} that speaks just enough HTTP/1.1 to misbehave in ways a
 * real server library will not: answer nothing, send headers and stall, send garbage, close
 * mid-body, stream without end. Each accepted connection runs the handler on its own daemon
 * thread. Closing the server closes every connection and releases handlers stuck in
 * {@link Connection#hold()}. {@link #startTls} serves the same over TLS: each connection's
 * handshake runs on the handler's first read or write.
 */
public final class RawHttpServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves one connection.
         *
         * @param connection the connection
         * @throws Exception anything; recorded in {@link #failures()} unless the server is closing
         */
        void handle(Connection connection) throws Exception;
    }

    /** What to do with each request read off a kept-alive connection. */
    @FunctionalInterface
    public interface RequestHandler {
        /**
         * Answers one request (or not); {@link Connection#close()} ends the connection.
         *
         * @param connection the connection the request came on
         * @param request the request
         * @throws Exception anything; recorded in {@link #failures()} unless the server is closing
         */
        void handle(Connection connection, Request request) throws Exception;
    }

    /**
     * {@return a handler that reads the request, counts {@code arrived} down, never answers, and
     * completes {@code hungUp} with whether the client closed the connection within {@code within}}
     */
    public static Handler silent(CountDownLatch arrived, CompletableFuture<Boolean> hungUp, Duration within) {
        return connection -> {
            connection.readRequest();
            arrived.countDown();
            hungUp.complete(connection.awaitClientClose(within));
        };
    }

    /** {@return {@link #silent(CountDownLatch, CompletableFuture, Duration)} with no arrival to count} */
    public static Handler silent(CompletableFuture<Boolean> hungUp, Duration within) {
        return silent(new CountDownLatch(1), hungUp, within);
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    /** The server's TLS context, or null for plain HTTP. */
    private final SSLContext tls;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private RawHttpServer(Handler handler, SSLContext tls) throws IOException {
        this.handler = handler;
        this.tls = tls;
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
        this.acceptor = new Thread(this::acceptLoop, "raw-http-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return a started server whose connections are served by the handler} */
    public static RawHttpServer start(Handler handler) {
        return startTls(null, handler);
    }

    /** {@return a started server whose connections speak TLS with the given context (null: plain), served by the handler} */
    public static RawHttpServer startTls(SSLContext serverContext, Handler handler) {
        try {
            return new RawHttpServer(handler, serverContext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server that reads request after request on each connection, handing each to the
     * handler, until the client closes the connection or the handler {@linkplain Connection#close()
     * closes} it.
     *
     * @param handler what to do with each request
     * @return the started server
     */
    public static RawHttpServer serveEach(RequestHandler handler) {
        return serveEachTls(null, handler);
    }

    /** {@return {@link #serveEach} over TLS with the given server context (null: plain)} */
    public static RawHttpServer serveEachTls(SSLContext serverContext, RequestHandler handler) {
        return startTls(serverContext, connection -> {
            while (true) {
                Request request;
                try {
                    request = connection.readRequest();
                } catch (IOException closed) {
                    return;  // the client (or the handler) ended the connection
                }
                handler.handle(connection, request);
            }
        });
    }

    /** {@return {@code http://127.0.0.1:PORT/}, or {@code https://} for a TLS server} */
    public URI uri() {
        return URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + serverSocket.getLocalPort() + "/");
    }

    /** {@return how many connections were accepted} */
    public int connectionCount() {
        return connections.get();
    }

    /** {@return exceptions handlers threw while the server was open} */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            sockets.add(socket);
            Thread thread = new Thread(() -> serve(socket), "raw-http-conn-" + socket.getPort());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(Socket accepted) {
        try (Socket socket = tls == null ? accepted : serverSide(accepted)) {
            handler.handle(new Connection(socket, closed));
        } catch (Throwable t) {
            if (closed.getCount() > 0) {
                failures.add(t);
            }
        }
    }

    private SSLSocket serverSide(Socket accepted) throws IOException {
        var ssl = (SSLSocket) tls.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
        ssl.setUseClientMode(false);
        return ssl;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
            for (Thread thread : threads) {
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One HTTP request as read off the wire. */
    public record Request(String requestLine, Map<String, String> headers, byte[] body) {
        /** {@return the body as UTF-8} */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One accepted connection. */
    public static final class Connection {
        private final Socket socket;
        // One byte of push-back, to look for a request without reading it (nothingArrivesWithin).
        private final PushbackInputStream in;
        private final OutputStream out;
        private final CountDownLatch serverClosed;

        Connection(Socket socket, CountDownLatch serverClosed) throws IOException {
            this.socket = socket;
            this.in = new PushbackInputStream(socket.getInputStream(), 1);
            this.out = socket.getOutputStream();
            this.serverClosed = serverClosed;
        }

        /**
         * Reads one request: the head up to the blank line, then a {@code Content-Length} body.
         *
         * @return the request
         * @throws IOException if the client closes first
         */
        public Request readRequest() throws IOException {
            var head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the client closed before the end of the request head");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("the client closed inside the request body");
            }
            return new Request(lines[0], headers, body);
        }

        /**
         * Waits for the client to send anything more, without taking it from the stream.
         *
         * @param within how long to wait
         * @return true if nothing came in that time (the connection still open)
         * @throws IOException if the client closed the connection, or it failed
         */
        public boolean nothingArrivesWithin(Duration within) throws IOException {
            socket.setSoTimeout((int) Math.max(1, within.toMillis()));
            try {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the client closed the connection");
                }
                in.unread(b);
                return false;
            } catch (SocketTimeoutException nothing) {
                return true;
            } finally {
                socket.setSoTimeout(0);
            }
        }

        /** Writes text as ISO-8859-1 (for heads) and flushes. */
        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes bytes and flushes. */
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Writes a complete response with a UTF-8 body and a Content-Length. */
        public void respond(int status, String reason, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            write(String.format(Locale.ROOT, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
                    status, reason, contentType, bytes.length));
            write(bytes);
        }

        /**
         * Writes chunks of spaces, as a chunked body without end, until the client hangs up or the
         * time is up (the response head is the caller's to write first).
         *
         * @param chunkSize the size of each chunk
         * @param within how long to keep writing
         * @return true if the client closed (or reset) the connection in time
         */
        public boolean writeChunksUntilHangUp(int chunkSize, Duration within) {
            byte[] data = new byte[chunkSize];
            Arrays.fill(data, (byte) ' ');
            byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + within.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    write(head);
                    write(data);
                    write("\r\n");
                }
                return false;
            } catch (IOException hungUp) {
                return true;
            }
        }

        /** Closes the connection: how a server ends a body that has no length. */
        public void close() throws IOException {
            socket.close();
        }

        /** Blocks until the server is closed: a server that never says another word. */
        public void hold() throws InterruptedException {
            serverClosed.await(60, TimeUnit.SECONDS);
        }

        /**
         * Waits for the client to close its side, reading and discarding anything it sends.
         *
         * @param timeout how long to wait
         * @return true if the client closed (or reset) the connection in time
         */
        public boolean awaitClientClose(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] sink = new byte[8192];
            while (System.nanoTime() < deadline && serverClosed.getCount() > 0) {
                socket.setSoTimeout(100);
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // keep waiting
                } catch (IOException reset) {
                    return true;
                }
            }
            return false;
        }
    }
}
