package io.jsonrpcclient.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes one message to a stream with its framing. Implementations are stateless. */
@FunctionalInterface
public interface FrameWriter {

    /**
     * Writes the message's frame; the caller flushes.
     *
     * @param out  the stream
     * @param body the message's UTF-8 JSON; not modified
     * @throws IOException if the stream fails
     */
    void write(OutputStream out, byte[] body) throws IOException;

    /**
     * {@return a writer of newline-delimited JSON: the message, then {@code \n}} A newline inside the
     * message can only be insignificant whitespace (JSON strings hold no raw control characters), so
     * it is written as a space and the frame stays one line.
     */
    static FrameWriter newline() {
        return (out, body) -> {
            byte[] line = body;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == '\n' || body[i] == '\r') {
                    if (line == body) {
                        line = body.clone();
                    }
                    line[i] = ' ';
                }
            }
            out.write(line);
            out.write('\n');
        };
    }

    /** {@return a writer of {@code Content-Length: N\r\n\r\n} followed by the message} */
    static FrameWriter contentLength() {
        return (out, body) -> {
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        };
    }

    /** {@return a writer of the bare message, with no delimiter, for peers that read concatenated JSON} */
    static FrameWriter concatenated() {
        return OutputStream::write;
    }
}
