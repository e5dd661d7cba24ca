package io.jsonrpcclient.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens the socket a WebSocket runs over: TCP to the URI's host and port (no Nagle, keep-alive), then for
 * {@code wss://} TLS with the certificate verified and the host name checked (endpoint identification
 * {@code HTTPS}), all before a deadline.
 *
 * <p>Each socket is handed to {@code opened} before it blocks, so whoever owns the connection can close it
 * to end a step that takes too long (the deadline) or is no longer wanted ({@code close()}).
 *
 * <pre>{@code
 * Socket s = WebSocketConnector.connect(URI.create("wss://example.com/rpc"), null, deadline,
 *         socket -> this.socket = socket, () -> closed);
 * }</pre>
 */
final class WebSocketConnector {

    private WebSocketConnector() {
    }

    /**
     * Connects, and for {@code wss://} shakes hands with TLS.
     *
     * @param uri        a {@code ws://} or {@code wss://} URI
     * @param sslContext the TLS context, or null for the JDK's default
     * @param deadline   a {@link System#nanoTime} by which both must be done
     * @param opened     told each socket (plain, then TLS) before it is used
     * @param closed     true once the connection was closed, so connecting must stop
     * @return the connected socket, a TLS one for {@code wss://}
     * @throws IOException if connecting or TLS fails, the deadline passes, or the connection was closed
     */
    static Socket connect(URI uri, SSLContext sslContext, long deadline, Consumer<Socket> opened,
            BooleanSupplier closed) throws IOException {
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = port(uri);
        Socket plain = new Socket();
        opened.accept(plain);
        // Checked after publishing the socket: a close() that ran before saw no socket to close.
        if (closed.getAsBoolean()) {
            throw new IOException("closed");
        }
        plain.setTcpNoDelay(true);
        plain.setKeepAlive(true);
        // No socket timeouts (SocketDeadline says why): the connection's deadline entry closes the
        // socket under a connect, a handshake or a head that takes too long.
        requireTimeLeft(deadline);
        plain.connect(new InetSocketAddress(bare, port));
        if (!isSecure(uri)) {
            return plain;
        }
        SSLContext tls = sslContext;
        if (tls == null) {
            try {
                tls = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("TLS is not available", e);
            }
        }
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, bare, port, true);
        opened.accept(secure);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        return secure;
    }

    /** {@return true for {@code wss://}} */
    static boolean isSecure(URI uri) {
        return uri.getScheme().equalsIgnoreCase("wss");
    }

    /** {@return the URI's port, or the scheme's default} */
    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : isSecure(uri) ? 443 : 80;
    }

    /**
     * Checks that the deadline has not passed yet: the steps after it block without socket
     * timeouts, ended by the caller's deadline entry closing the socket.
     *
     * @param deadline a {@link System#nanoTime}
     * @throws SocketTimeoutException if it passed
     */
    static void requireTimeLeft(long deadline) throws SocketTimeoutException {
        if (deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("the connect timeout passed");
        }
    }
}
