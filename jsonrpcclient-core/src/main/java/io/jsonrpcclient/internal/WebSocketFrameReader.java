package io.jsonrpcclient.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a server's WebSocket frames (RFC 6455 §5) from one 64 KiB buffer and turns them into events:
 * whole messages (fragments reassembled up to a limit), pings, the server's close, the end of the
 * stream, a message over the limit, or a protocol error naming the fault.
 *
 * <p>A masked frame, RSV bits (no extension is ever agreed), a reserved opcode, a fragmented or long
 * control frame and a continuation out of place are protocol errors. Text is not checked to be UTF-8
 * here; the JSON parser refuses malformed text when it reads the message. The opening handshake reads
 * the server's answer head through {@link #read} first, so bytes after it stay in the buffer.
 *
 * <p>Not thread-safe: one reader thread uses it.
 *
 * <pre>{@code
 * var reader = new WebSocketFrameReader(socket.getInputStream(), 64 << 20, () -> { });
 * reader.readFrames(handler);   // returns after the handler heard a close, the end or an error
 * }</pre>
 */
final class WebSocketFrameReader {

    /**
     * What the frames say. {@link #onMessage} and {@link #onPing} may come many times; after any other
     * event {@link #readFrames} returns.
     */
    interface Handler {

        /** A whole text or binary message. */
        void onMessage(byte[] message);

        /** A ping, to be answered with a pong carrying the same payload. */
        void onPing(byte[] payload);

        /** The server's close frame, with its raw payload (a code and a reason, or nothing). */
        void onClose(byte[] payload);

        /** The stream ended between frames, with no close frame. */
        void onEnd();

        /** A message is over the limit; its payload was not read. */
        void onTooBig();

        /**
         * The server broke the protocol.
         *
         * @param what the fault, as "a masked frame (...)"
         */
        void onProtocolError(String what);
    }

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final long maxMessageBytes;
    private final Runnable onBytes;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;

    /**
     * Creates a reader.
     *
     * @param in              the server's bytes
     * @param maxMessageBytes the largest message, also after reassembly
     * @param onBytes         runs each time bytes arrive from {@code in} (the server is alive and sending)
     */
    WebSocketFrameReader(InputStream in, long maxMessageBytes, Runnable onBytes) {
        this.in = in;
        this.maxMessageBytes = Math.min(maxMessageBytes, Integer.MAX_VALUE - 8); // a message is one array
        this.onBytes = onBytes;
    }

    /**
     * Reads frames and reports them until the server closes, the stream ends, or a message is too big
     * or breaks the protocol.
     *
     * @param handler told what the frames say
     * @throws IOException if reading fails, or the stream ends inside a frame ({@link EOFException})
     */
    void readFrames(Handler handler) throws IOException {
        byte[] partial = null;
        int partialLength = 0;
        int partialOpcode = -1;
        while (true) {
            int b0 = read();
            if (b0 < 0) {
                handler.onEnd();
                return;
            }
            int b1 = need();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (need() << 8) | need();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | need();
                }
                if (length < 0) {
                    handler.onProtocolError("a frame longer than 2^63 bytes");
                    return;
                }
            }
            if ((b0 & 0x70) != 0) {
                handler.onProtocolError("a frame with RSV bits set, though no extension was agreed");
                return;
            }
            if ((b1 & 0x80) != 0) {
                handler.onProtocolError("a masked frame (a server must not mask its frames)");
                return;
            }
            switch (opcode) {
                case WebSocketOpcodes.CLOSE, WebSocketOpcodes.PING, WebSocketOpcodes.PONG -> {
                    // Control frames may come between fragments (§5.4), so they never touch `partial`.
                    if (!fin || length > 125) {
                        handler.onProtocolError("a control frame that is fragmented or longer than 125 bytes");
                        return;
                    }
                    byte[] payload = readFully((int) length);
                    if (opcode == WebSocketOpcodes.PING) {
                        handler.onPing(payload);
                    } else if (opcode == WebSocketOpcodes.CLOSE) {
                        handler.onClose(payload);
                        return;
                    }
                }
                case WebSocketOpcodes.TEXT, WebSocketOpcodes.BINARY, WebSocketOpcodes.CONTINUATION -> {
                    if (opcode == WebSocketOpcodes.CONTINUATION && partialOpcode < 0) {
                        handler.onProtocolError("a continuation frame with no message begun");
                        return;
                    }
                    if (opcode != WebSocketOpcodes.CONTINUATION && partialOpcode >= 0) {
                        handler.onProtocolError("a new message inside a fragmented one");
                        return;
                    }
                    // Checked from the header, before the payload is read: a huge length costs nothing.
                    if (partialLength + length > maxMessageBytes) {
                        handler.onTooBig();
                        return;
                    }
                    if (fin && opcode != WebSocketOpcodes.CONTINUATION) {
                        handler.onMessage(readFully((int) length)); // the usual case: one frame, one copy
                        continue;
                    }
                    if (partial == null) {
                        partial = new byte[(int) Math.min(maxMessageBytes, Math.max(length, 1024))];
                        partialOpcode = opcode;
                    } else if (partial.length < partialLength + length) {
                        long grown = Math.max(partialLength + length, 2L * partial.length);
                        partial = Arrays.copyOf(partial, (int) Math.min(grown, maxMessageBytes));
                    }
                    readFully(partial, partialLength, (int) length);
                    partialLength += (int) length;
                    if (fin) {
                        byte[] message = Arrays.copyOf(partial, partialLength);
                        partial = null;
                        partialLength = 0;
                        partialOpcode = -1;
                        handler.onMessage(message);
                    }
                }
                default -> {
                    handler.onProtocolError("a frame with the reserved opcode " + opcode);
                    return;
                }
            }
        }
    }

    /** {@return the next byte, or -1 at the end of the stream} */
    int read() throws IOException {
        if (position == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return -1;
            }
            onBytes.run();
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xFF;
    }

    /** {@return the next byte} The stream must not end here. */
    private int need() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("the server ended the connection inside a frame");
        }
        return b;
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(bytes, 0, length);
        return bytes;
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        int buffered = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, buffered);
        position += buffered;
        int done = buffered;
        while (done < length) {
            // A long payload is read straight into its array; a short rest through the buffer.
            if (length - done >= buffer.length) {
                int n = in.read(target, offset + done, length - done);
                if (n < 0) {
                    throw new EOFException("the server ended the connection inside a frame");
                }
                done += n;
            } else {
                need();
                position--;
                int n = Math.min(length - done, limit - position);
                System.arraycopy(buffer, position, target, offset + done, n);
                position += n;
                done += n;
            }
        }
    }
}
