package io.jsonrpcclient.internal;

/**
 * Cuts the bytes read from a stream into whole messages. It is fed chunks as they arrive, of any
 * size: a message split across chunks is kept until its end arrives, several messages in one chunk
 * are all delivered. A reader keeps at most its limit of bytes for one message. Not thread-safe: one
 * reader thread feeds it.
 */
public interface FrameReader {

    /**
     * Reads one chunk.
     *
     * @param chunk  the bytes; not kept after the call
     * @param offset where the chunk's bytes start
     * @param length how many bytes there are
     * @param sink   receives every whole message, and every run of bytes that is dropped
     * @throws FramingException if the stream cannot be cut into messages any more; the connection is then unusable
     */
    void feed(byte[] chunk, int offset, int length, Sink sink) throws FramingException;

    /** {@return how many bytes of an unfinished message are kept, waiting for the rest} */
    int buffered();

    /** Where a reader puts what it found. Called on the feeding thread, during {@link #feed}. */
    interface Sink {

        /**
         * One whole message.
         *
         * @param message its bytes; the sink owns the array
         */
        void message(byte[] message);

        /**
         * Bytes that are not a message and were skipped, such as a line of log text on a newline-framed stream.
         *
         * @param excerpt the start of the skipped bytes (at most {@link JsonValueScanner#EXCERPT_BYTES})
         * @param length  how many bytes were skipped
         * @param why     why they were skipped
         */
        void dropped(byte[] excerpt, long length, String why);
    }
}
