package io.jsonrpcclient.benchmarks.server;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of RFC 6455 on blocking sockets, a thread per connection, TCP_NODELAY: the
 * HTTP/1.1 Upgrade handshake, then masked client frames read from a buffered stream (text messages
 * reassembled from continuation frames, ping answered with pong, close echoed), each text message
 * answered with one unmasked text frame. Replies go into a buffered output that is flushed only when
 * every request read so far is answered, so a burst of pipelined requests costs one write, as a good
 * server's would. Not checked: UTF-8 validity of text (the benchmarks send ASCII) and extensions
 * (none is negotiated). Binary messages are refused with close code 1003.
 */
final class RawWebSocketServer implements WebSocketServer {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_MESSAGE = 1 << 20;
    /** As long as the Jetty server's idle timeout: a read never blocks for ever. */
    private static final int IDLE_MILLIS = Math.toIntExact(Duration.ofMinutes(10).toMillis());

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final AtomicLong answered = new AtomicLong();
    private final ConnectionThreads threads = ConnectionThreads.bind("raw-ws", this::serve);

    private RawWebSocketServer() {
    }

    static RawWebSocketServer start() {
        var server = new RawWebSocketServer();
        server.threads.start();
        return server;
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + threads.port() + "/");
    }

    @Override
    public long answered() {
        return answered.get();
    }

    private void serve(Socket socket) throws IOException {
        socket.setSoTimeout(IDLE_MILLIS);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        var in = new ReadBuffer(socket.getInputStream(), out);
        if (handshake(in, out)) {
            new Connection(in, out).run();
        }
    }

    /** Reads the Upgrade request and answers 101, or 400 and {@code false} when it is not one. */
    private static boolean handshake(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return false;
        }
        boolean upgrade = false;
        boolean connectionUpgrade = false;
        String version = null;
        String key = null;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value.equalsIgnoreCase("websocket");
                case "connection" -> connectionUpgrade = Arrays.stream(value.split(","))
                        .anyMatch(token -> token.trim().equalsIgnoreCase("upgrade"));
                case "sec-websocket-version" -> version = value;
                case "sec-websocket-key" -> key = value;
                default -> {
                    // not needed
                }
            }
        }
        if (header == null) {
            throw new EOFException("end of stream inside the handshake");
        }
        if (!requestLine.startsWith("GET ") || !upgrade || !connectionUpgrade || !"13".equals(version) || key == null) {
            out.write(("HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    /** {@return the {@code Sec-WebSocket-Accept} value for a client's key (RFC 6455 section 4.2.2)} */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** {@return the next line without its CRLF, or null at end of stream before any byte} */
    private static String line(InputStream in) throws IOException {
        var sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new EOFException("end of stream inside a line");
    }

    @Override
    public void close() {
        threads.close();
    }

    /** One upgraded connection: reads frames until a close, answers each text message. */
    private final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] head = new byte[8];
        private final byte[] mask = new byte[4];
        private byte[] payload = new byte[4 * 1024];
        /** The text message being assembled from its frames. */
        private byte[] message = new byte[4 * 1024];
        private int messageLength;
        private boolean inMessage;

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException {
            while (true) {
                readFully(head, 2);
                boolean fin = (head[0] & 0x80) != 0;
                int opcode = head[0] & 0x0F;
                if ((head[0] & 0x70) != 0 || (head[1] & 0x80) == 0) {
                    fail(1002);  // no extension was negotiated, and a client must mask every frame
                    return;
                }
                long length = head[1] & 0x7F;
                if (length == 126) {
                    readFully(head, 2);
                    length = ((head[0] & 0xFF) << 8) | (head[1] & 0xFF);
                } else if (length == 127) {
                    readFully(head, 8);
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | (head[i] & 0xFF);
                    }
                }
                boolean control = (opcode & 0x8) != 0;
                if (control && (!fin || length > 125)) {
                    fail(1002);
                    return;
                }
                if (length < 0 || length > MAX_MESSAGE - (control ? 0 : messageLength)) {
                    fail(1009);
                    return;
                }
                int n = (int) length;
                readFully(mask, 4);
                if (payload.length < n) {
                    payload = new byte[Math.max(n, payload.length * 2)];
                }
                readFully(payload, n);
                for (int i = 0; i < n; i++) {
                    payload[i] ^= mask[i & 3];
                }
                switch (opcode) {
                    case TEXT, CONTINUATION -> {
                        if (inMessage == (opcode == TEXT)) {
                            fail(1002);  // a new message inside one, or a continuation of none
                            return;
                        }
                        append(n);
                        inMessage = !fin;
                        if (fin) {
                            answer();
                        }
                    }
                    case PING -> frame(PONG, payload, n);
                    case PONG -> {
                        // unsolicited: ignored, as RFC 6455 allows
                    }
                    case CLOSE -> {
                        // Echo the status code (not the reason), then end: the server closes the TCP connection.
                        frame(CLOSE, payload, Math.min(n, 2));
                        out.flush();
                        return;
                    }
                    case BINARY -> {
                        fail(1003);
                        return;
                    }
                    default -> {
                        fail(1002);
                        return;
                    }
                }
            }
        }

        private void append(int n) {
            if (message.length < messageLength + n) {
                message = Arrays.copyOf(message, Math.max(messageLength + n, message.length * 2));
            }
            System.arraycopy(payload, 0, message, messageLength, n);
            messageLength += n;
        }

        private void answer() throws IOException {
            byte[] reply = Replies.replyTo(message, messageLength);
            messageLength = 0;
            if (reply.length > 0) {
                answered.incrementAndGet();
                frame(TEXT, reply, reply.length);
            }
        }

        /** Writes one unmasked frame into the buffer, not flushed. */
        private void frame(int opcode, byte[] data, int n) throws IOException {
            out.write(0x80 | opcode);
            if (n < 126) {
                out.write(n);
            } else if (n < 1 << 16) {
                out.write(126);
                out.write(n >>> 8);
                out.write(n);
            } else {
                out.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) ((long) n >>> shift));
                }
            }
            out.write(data, 0, n);
        }

        /** Sends a close frame with this status code; the caller then ends the connection. */
        private void fail(int code) throws IOException {
            frame(CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, 2);
            out.flush();
        }

        private void readFully(byte[] into, int n) throws IOException {
            int done = 0;
            while (done < n) {
                int k = in.read(into, done, n - done);
                if (k < 0) {
                    throw new EOFException("end of stream inside a frame");
                }
                done += k;
            }
        }
    }
}
