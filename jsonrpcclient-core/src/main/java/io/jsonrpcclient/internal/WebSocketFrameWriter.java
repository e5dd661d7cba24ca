package io.jsonrpcclient.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * Writes client WebSocket frames (RFC 6455 §5.2): each frame is one whole message (FIN set), masked with a
 * fresh key, into one 64 KiB buffer that goes out when it fills or on {@link #flush}, so frames written
 * back to back share system calls.
 *
 * <p>Not thread-safe: {@link SocketWebSocketConnection} calls it under its write lock. {@link #written}
 * may be read from any thread.
 *
 * <pre>{@code
 * var writer = new WebSocketFrameWriter(socket.getOutputStream(), new SecureRandom().nextLong());
 * writer.frame(WebSocketOpcodes.TEXT, json);
 * writer.flush();
 * }</pre>
 */
final class WebSocketFrameWriter {

    private static final int BUFFER = 64 * 1024;
    /** The longest frame header: two bytes, an eight-byte length and a four-byte mask. */
    private static final int MAX_HEADER = 14;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];
    /** Mask keys need not be secret from us, only unpredictable to scripts (§10.3): a fast generator seeded well. */
    private final SplittableRandom masks;
    private final byte[] mask = new byte[4];
    private int count;
    /** Bytes framed so far; written under the write lock, read by senders and the reader. */
    volatile long written;

    /**
     * Creates a writer.
     *
     * @param out      where frames go
     * @param maskSeed the seed of the mask keys, from a {@link java.security.SecureRandom}
     */
    WebSocketFrameWriter(OutputStream out, long maskSeed) {
        this.out = out;
        this.masks = new SplittableRandom(maskSeed);
    }

    /**
     * Frames and masks one whole message into the buffer; it goes out when the buffer fills or on flush.
     *
     * @param opcode  one of {@link WebSocketOpcodes}
     * @param payload the unmasked payload, left unchanged
     * @throws IOException if the socket fails
     */
    void frame(int opcode, byte[] payload) throws IOException {
        int length = payload.length;
        if (buffer.length - count < MAX_HEADER) {
            drain();
        }
        buffer[count++] = (byte) (0x80 | opcode); // FIN: every frame we send is a whole message
        if (length < 126) {
            buffer[count++] = (byte) (0x80 | length);
        } else if (length <= 0xFFFF) {
            buffer[count++] = (byte) (0x80 | 126);
            buffer[count++] = (byte) (length >> 8);
            buffer[count++] = (byte) length;
        } else {
            buffer[count++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[count++] = (byte) ((long) length >> shift);
            }
        }
        written += length + MAX_HEADER;
        int key = masks.nextInt();
        mask[0] = (byte) (key >> 24);
        mask[1] = (byte) (key >> 16);
        mask[2] = (byte) (key >> 8);
        mask[3] = (byte) key;
        System.arraycopy(mask, 0, buffer, count, 4);
        count += 4;
        int done = 0;
        while (done < length) {
            if (count == buffer.length) {
                drain();
            }
            int n = Math.min(length - done, buffer.length - count);
            for (int i = 0; i < n; i++) {
                buffer[count + i] = (byte) (payload[done + i] ^ mask[(done + i) & 3]);
            }
            count += n;
            done += n;
        }
    }

    /** {@return true if a message of this length frames into the buffer without writing to the socket} */
    boolean fits(int length) {
        return buffer.length - count >= MAX_HEADER + length;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }

    /**
     * Writes out what is buffered and flushes the stream.
     *
     * @throws IOException if the socket fails
     */
    void flush() throws IOException {
        drain();
        out.flush();
    }
}
