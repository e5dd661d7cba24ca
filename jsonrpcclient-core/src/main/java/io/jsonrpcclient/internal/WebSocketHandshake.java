package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The client's side of the WebSocket opening handshake (RFC 6455 §4.1) on a connected socket: an HTTP/1.1
 * {@code GET} with {@code Upgrade: websocket}, a random {@code Sec-WebSocket-Key}, version 13, the offered
 * subprotocols and the configured headers; then the server's answer must be {@code 101} with
 * {@code Upgrade}/{@code Connection} and the {@code Sec-WebSocket-Accept} computed from our key, and no
 * extension or subprotocol we did not offer. Any other status is a refusal naming the HTTP status.
 *
 * <p>The answer's head is read through the frame reader, so bytes the server sends right after it stay
 * in the reader's buffer. The head may be at most 16 KiB and must come before the deadline.
 *
 * <pre>{@code
 * var reader = new WebSocketFrameReader(socket.getInputStream(), maxMessageBytes, () -> { });
 * new WebSocketHandshake(settings, "ws://127.0.0.1:8546/").perform(socket, reader, deadline);
 * reader.readFrames(handler);
 * }</pre>
 */
final class WebSocketHandshake {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;
    private static final SecureRandom NONCES = new SecureRandom();

    /** Headers the handshake itself sets; a user's copy would contradict it. */
    private static final Set<String> RESTRICTED = Set.of("host", "upgrade", "connection", "content-length",
            "transfer-encoding", "expect", "sec-websocket-key", "sec-websocket-version", "sec-websocket-accept",
            "sec-websocket-extensions", "sec-websocket-protocol");

    private final SocketWebSocketConnection.Settings settings;
    private final String endpoint;

    /**
     * Creates the handshake of one connection.
     *
     * @param settings the connection's settings (URI, headers, subprotocols)
     * @param endpoint the URI as messages name it
     */
    WebSocketHandshake(SocketWebSocketConnection.Settings settings, String endpoint) {
        this.settings = settings;
        this.endpoint = endpoint;
    }

    /**
     * Refuses handshake headers that the WebSocket handshake sets itself, as the JDK's WebSocket does.
     *
     * @param headers the headers
     * @throws IllegalArgumentException naming the first such header
     */
    static void checkHeaders(Map<String, String> headers) {
        for (String name : headers.keySet()) {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the WebSocket handshake sets " + name + " itself");
            }
        }
    }

    /**
     * Sends the Upgrade request and checks the server's 101 answer; bytes after its head stay in {@code in}.
     *
     * @param socket   the connected (and for {@code wss}, TLS) socket; its read timeout is set to the deadline
     * @param in       the frame reader over the socket's input
     * @param deadline a {@link System#nanoTime} by which the answer's head must have come
     * @throws IOException        if the socket fails, ends, or the deadline passes
     * @throws TransportException if the server refuses or answers wrongly, saying why
     */
    void perform(Socket socket, WebSocketFrameReader in, long deadline) throws IOException {
        URI uri = settings.uri();
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        var request = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost());
        if (uri.getPort() != -1 && uri.getPort() != (WebSocketConnector.isSecure(uri) ? 443 : 80)) {
            request.append(':').append(uri.getPort());
        }
        request.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(key)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        if (!settings.subprotocols().isEmpty()) {
            request.append("Sec-WebSocket-Protocol: ").append(String.join(", ", settings.subprotocols())).append("\r\n");
        }
        settings.headers().forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();

        WebSocketConnector.requireTimeLeft(deadline);  // the caller's deadline entry bounds the reads
        int[] budget = {MAX_HANDSHAKE_BYTES};
        String status = readLine(in, budget);
        String[] parts = status.split(" ", 3);
        int code = -1;
        if (parts.length >= 2 && parts[0].startsWith("HTTP/1.")) {
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException notANumber) {
                code = -1;
            }
        }
        if (code < 0) {
            throw failed("the server did not answer with HTTP/1.1 but with '"
                    + JsonText.excerpt(status.getBytes(StandardCharsets.ISO_8859_1), 80) + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw failed("the server sent a malformed header line");
            }
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (code != 101) {
            String reason = HttpReasons.of(code);
            throw new TransportException("the WebSocket handshake with " + endpoint + " was refused: HTTP " + code
                    + (reason.isEmpty() ? "" : " " + reason), null);
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))) {
            throw failed("the server's 101 answer has no 'Upgrade: websocket'");
        }
        if (!hasToken(headers.getOrDefault("connection", ""), "upgrade")) {
            throw failed("the server's 101 answer has no 'Connection: Upgrade'");
        }
        String accept = headers.get("sec-websocket-accept");
        if (accept == null || !accept.equals(acceptFor(key))) {
            throw failed("the server's Sec-WebSocket-Accept " + (accept == null ? "is missing"
                    : "'" + accept + "' does not answer our key") + " (not a WebSocket server, or a proxy in the way)");
        }
        String extensions = headers.get("sec-websocket-extensions");
        if (extensions != null && !extensions.isBlank()) {
            throw failed("the server chose extensions we did not offer: " + extensions);
        }
        String protocol = headers.get("sec-websocket-protocol");
        if (protocol != null && !settings.subprotocols().contains(protocol)) {
            throw failed("the server chose a subprotocol we did not offer: " + protocol);
        }
    }

    /** Reads a header line (Latin-1, without its CR LF), within the handshake's byte budget. */
    private String readLine(WebSocketFrameReader in, int[] budget) throws IOException {
        var line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server ended the connection during the WebSocket handshake");
            }
            if (--budget[0] < 0) {
                throw failed("the server's answer head is over " + MAX_HANDSHAKE_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private TransportException failed(String why) {
        return new TransportException("the WebSocket handshake with " + endpoint + " failed: " + why, null);
    }

    private static boolean hasToken(String list, String token) {
        for (String part : list.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the {@code Sec-WebSocket-Accept} value a server must send for this key (RFC 6455 §4.2.2)}
     *
     * @param key the {@code Sec-WebSocket-Key} sent
     */
    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
