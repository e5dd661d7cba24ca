package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TCP connection, plain or TLS, carrying framed JSON-RPC messages. It connects (and shakes hands)
 * in {@link #start}, within the connect timeout. With TLS the server's certificate and host name
 * are checked, unless the context is the loud opt-out that trusts everything.
 */
public final class TcpConnection extends StreamConnection {

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final SSLContext tls;
    private volatile Socket socket;

    /**
     * Creates the connection; nothing is opened before {@link #start}.
     *
     * @param host           the host
     * @param port           the port
     * @param connectTimeout how long connecting and the TLS handshake may take
     * @param tls            the TLS context, or null for plain TCP
     * @param frames         cuts inbound bytes into messages
     * @param writer         frames outbound messages
     */
    public TcpConnection(String host, int port, Duration connectTimeout, SSLContext tls, FrameReader frames,
            FrameWriter writer) {
        super((tls == null ? "tcp://" : "tls://") + hostForUrl(host) + ":" + port, frames, writer);
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    protected Streams open() {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            // Connect and handshake without socket timeouts (SocketDeadline says why), within one deadline.
            long deadline = Deadlines.after(connectTimeout);
            SocketDeadline.run(plain, deadline, () -> plain.connect(new InetSocketAddress(host, port)));
            Socket connected = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                SocketDeadline.run(plain, deadline, secure::startHandshake);
                connected = secure;
            }
            socket = connected;
            return new Streams(connected.getInputStream(), connected.getOutputStream());
        } catch (IOException e) {
            closeQuietly(plain);
            throw connectFailure(e);
        }
    }

    private TransportException connectFailure(IOException e) {
        String endpoint = endpoint();
        if (e instanceof UnknownHostException) {
            return new TransportException("could not connect to " + endpoint + ": unknown host", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new TransportException("could not connect to " + endpoint + " in time ("
                    + connectTimeout.toMillis() + " ms)", e);
        }
        if (e instanceof ConnectException) {
            return new TransportException("could not connect to " + endpoint + ": connection refused", e);
        }
        if (e instanceof SSLException) {
            return new TransportException("TLS failed with " + endpoint + ": " + e.getMessage()
                    + " (to trust a private CA, give its PEM file)", e);
        }
        return new TransportException("could not connect to " + endpoint + ": " + e.getMessage(), e);
    }

    @Override
    protected void release() {
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
    }

    @Override
    protected TransportException endOfStream() {
        return new TransportException(endpoint() + " closed the connection", null);
    }

    @Override
    protected String threadName() {
        return (tls == null ? "tcp-" : "tls-") + host + ":" + port;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
