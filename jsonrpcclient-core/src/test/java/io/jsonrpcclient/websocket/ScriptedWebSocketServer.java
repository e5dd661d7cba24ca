package io.jsonrpcclient.websocket;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on a plain {@link ServerSocket} (127.0.0.1) that plays a script byte by byte, for the
 * cases a real server never produces: a wrong {@code Sec-WebSocket-Accept}, masked or malformed frames,
 * fragments interleaved with pings. It reads each connection's handshake request, then runs the script.
 */
final class ScriptedWebSocketServer implements AutoCloseable {

    /** What the server does with one connection once it has read the handshake request. */
    interface Script {
        void run(Connection connection) throws Exception;
    }

    /** One accepted connection. */
    static final class Connection {
        final Map<String, String> requestHeaders;
        final String requestLine;
        final InputStream in;
        final OutputStream out;

        Connection(String requestLine, Map<String, String> requestHeaders, InputStream in, OutputStream out) {
            this.requestLine = requestLine;
            this.requestHeaders = requestHeaders;
            this.in = in;
            this.out = out;
        }

        /** Answers the handshake correctly. */
        void accept() throws IOException {
            answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptFor(requestHeaders.get("sec-websocket-key")) + "\r\n\r\n");
        }

        void answer(String head) throws IOException {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends one unmasked server frame with the given first byte (FIN, RSV, opcode). */
        void frame(int firstByte, String payload) throws IOException {
            frame(firstByte, payload.getBytes(StandardCharsets.UTF_8), null);
        }

        /** Sends one frame, masked with {@code mask} when it is given (which a server must not do). */
        void frame(int firstByte, byte[] payload, byte[] mask) throws IOException {
            var frame = new ByteArrayOutputStream();
            frame.write(firstByte);
            int maskBit = mask == null ? 0 : 0x80;
            if (payload.length < 126) {
                frame.write(maskBit | payload.length);
            } else if (payload.length <= 0xFFFF) {
                frame.write(maskBit | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
            }
            if (mask != null) {
                frame.write(mask, 0, 4);
            }
            for (int i = 0; i < payload.length; i++) {
                frame.write(mask == null ? payload[i] : payload[i] ^ mask[i & 3]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Reads one client frame, which must be masked, and returns it unmasked. */
        Frame read() throws IOException {
            int b0 = need();
            int b1 = need();
            if ((b1 & 0x80) == 0) {
                throw new AssertionError("the client sent an unmasked frame");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (need() << 8) | need();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | need();
                }
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                throw new EOFException();
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        }

        private int need() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the client closed the connection");
            }
            return b;
        }
    }

    /** A client frame, unmasked. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    final BlockingQueue<Connection> handshakes = new LinkedBlockingQueue<>();

    ScriptedWebSocketServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread t = new Thread(() -> serve(socket, script), "scripted-ws");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "scripted-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket, Script script) {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String requestLine = line(in);
            Map<String, String> headers = new HashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            var connection = new Connection(requestLine, headers, in, socket.getOutputStream());
            handshakes.add(connection);
            script.run(connection);
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static String acceptFor(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/rpc?x=1");
    }

    Connection handshake() throws InterruptedException {
        Connection c = handshakes.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no handshake within 5 s");
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
