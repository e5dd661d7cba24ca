package io.jsonrpcclient.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for one of {@link NioHttp1}'s non-blocking connections: an {@link SSLEngine} in client mode
 * with its buffers, moved along by the selector thread alone. It verifies what the blocking path's
 * {@code SSLSocket} verifies: the certificate chain against the caller's (or the JVM's) trust, and
 * the host name (endpoint identification {@code HTTPS}), with SNI for a host name.
 *
 * <p>{@link #pump} does whatever the engine and the socket allow without waiting: the handshake,
 * then the queued request, encrypted, then the reply, decrypted and handed on record by record, so
 * that at most one record's plaintext is held here. It answers what to wait for next, which may be
 * the handshake's delegated tasks (the certificate checks, a few milliseconds): the caller runs
 * them elsewhere ({@link #runDelegatedTasks}, on {@link #TASKS}), so that they do not hold up the
 * selector's other connections, then pumps again.
 * <pre>{@code
 * var tls = new NioTls(SSLContext.getDefault(), "example.com", 443);
 * tls.begin();
 * tls.send(requestBytes);
 * NioTls.Wait wait = tls.pump(channel, plaintext -> parser.feed(plaintext) == null);
 * }</pre>
 */
final class NioTls {

    /** What the connection waits for after a pump. */
    enum Wait {
        /** Bytes from the server (or its end: see {@link #ended()}). */
        READ,
        /** Room in the socket for the rest of what is to be written. */
        WRITE,
        /** The handshake's delegated tasks, to run ({@link #runDelegatedTasks}) before the next pump. */
        TASKS
    }

    /** Where the handshakes' delegated tasks run: off the selector thread, on cached daemon threads. */
    static final Executor TASKS = CallbackThreads.cachedDaemons("jsonrpcclient-tls-");

    /** Takes plaintext as it is decrypted; answers false once it wants no more for now. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes what it wants of the plaintext (the buffer's remaining bytes).
         *
         * @param plaintext the bytes decrypted so far and not yet taken
         * @return false to stop the pump (the reply is complete, or unwanted bytes came)
         * @throws IOException if the bytes are not a valid reply
         */
        boolean accept(ByteBuffer plaintext) throws IOException;
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Encrypted bytes read and not yet decrypted; in write mode. */
    private ByteBuffer netIn;
    /** Encrypted bytes to write; in read mode. */
    private ByteBuffer netOut;
    /** Decrypted bytes not yet taken; in write mode. */
    private ByteBuffer appIn;
    /** The request still to encrypt, or null. */
    private ByteBuffer appOut;
    private boolean ended;

    /**
     * Makes the engine for one connection.
     *
     * @param context the TLS context: its trust decides which certificates pass
     * @param host    the server's host, checked against its certificate and sent as SNI
     * @param port    the server's port
     */
    NioTls(SSLContext context, String host, int port) {
        engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet).flip();
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Starts the handshake; {@link #pump} carries it out. */
    void begin() throws SSLException {
        engine.beginHandshake();
    }

    /**
     * Queues a request, to be encrypted and written by the next pumps once the handshake is done,
     * after any still queued (pipelined requests leave in order).
     */
    void send(byte[] request) {
        if (appOut == null || !appOut.hasRemaining()) {
            appOut = ByteBuffer.wrap(request);
        } else {
            appOut = ByteBuffer.allocate(appOut.remaining() + request.length).put(appOut).put(request).flip();
        }
    }

    /** {@return true once the server has ended the stream: its close_notify, or the connection's end} */
    boolean ended() {
        return ended;
    }

    /**
     * Moves the engine along as far as the socket allows without waiting: handshake, the queued
     * request, and the decrypted reply to {@code sink}, until it answers false or the socket has
     * nothing more.
     *
     * @param channel the connection, non-blocking
     * @param sink    takes the plaintext as it comes
     * @return what to wait for next
     * @throws IOException if TLS fails (an {@link SSLException}), or the socket does
     */
    Wait pump(SocketChannel channel, Sink sink) throws IOException {
        while (true) {
            if (netOut.hasRemaining()) {
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    readWhileWriting(channel, sink);
                    return Wait.WRITE;
                }
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    return Wait.TASKS;
                }
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap(channel)) {
                        if (ended) {
                            throw new SSLException("the server closed the connection during the TLS handshake");
                        }
                        return Wait.READ;
                    }
                }
                default -> {
                    // Handshake done (FINISHED or NOT_HANDSHAKING): the request, then the reply.
                    if (appOut != null) {
                        if (appOut.hasRemaining()) {
                            wrap(appOut);
                            continue;
                        }
                        appOut = null;
                    }
                    if (!unwrap(channel)) {
                        return Wait.READ;
                    }
                    if (!deliver(sink)) {
                        return Wait.READ;
                    }
                }
            }
        }
    }

    /** Hands the decrypted bytes not yet taken to the sink; {@return false if it wants no more for now} */
    private boolean deliver(Sink sink) throws IOException {
        if (appIn.position() == 0) {
            return true;
        }
        appIn.flip();
        try {
            return sink.accept(appIn);
        } finally {
            appIn.compact();
        }
    }

    /**
     * Takes the reply bytes that came while the socket has no room for more of the requests: a
     * server answering pipelined requests may write replies before it reads on, and if neither side
     * read, both would wait on full socket buffers. Only once the handshake is done.
     */
    private void readWhileWriting(SocketChannel channel, Sink sink) throws IOException {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        if (status != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && status != SSLEngineResult.HandshakeStatus.FINISHED) {
            return;
        }
        while (unwrap(channel) && deliver(sink)) {
            // each decrypted record goes to the sink until it wants no more or none is complete
        }
    }

    /**
     * Sends close_notify if the socket takes it at once; never waits. The caller closes the channel.
     *
     * @param channel the connection
     */
    void closeQuietly(SocketChannel channel) {
        try {
            engine.closeOutbound();
            wrap(NOTHING);
            channel.write(netOut);
        } catch (IOException | RuntimeException ignored) {
            // Closing anyway: close_notify is a courtesy.
        }
    }

    /** Decrypts one record; {@return false if no record could be decrypted (more bytes needed, or the end)} */
    private boolean unwrap(SocketChannel channel) throws IOException {
        while (!ended) {
            SSLEngineResult result;
            netIn.flip();
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    return true;
                }
                case BUFFER_OVERFLOW -> appIn = enlarged(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        netIn = enlarged(netIn, engine.getSession().getPacketBufferSize());
                    }
                    int n = channel.read(netIn);
                    if (n < 0) {
                        ended = true;
                    } else if (n == 0) {
                        return false;
                    }
                }
                case CLOSED -> ended = true;
                default -> throw new IllegalStateException(result.getStatus().name());
            }
        }
        return false;
    }

    private void wrap(ByteBuffer source) throws SSLException {
        netOut.compact();
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(source, netOut);
                switch (result.getStatus()) {
                    case OK -> {
                        return;
                    }
                    case BUFFER_OVERFLOW -> netOut = enlarged(netOut, engine.getSession().getPacketBufferSize());
                    case CLOSED -> {
                        if (engine.isOutboundDone()) {
                            return;  // close_notify wrapped, or nothing more may go
                        }
                        throw new SSLException("the TLS engine is closed");
                    }
                    default -> throw new IllegalStateException(result.getStatus().name());
                }
            }
        } finally {
            netOut.flip();
        }
    }

    /** Runs the handshake's delegated tasks; on any thread, while no pump runs. */
    void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** {@return a buffer in write mode holding what {@code full} (in write mode) holds, with {@code more} bytes of room} */
    private static ByteBuffer enlarged(ByteBuffer full, int more) {
        ByteBuffer bigger = ByteBuffer.allocate(full.position() + more);
        full.flip();
        return bigger.put(full);
    }
}
