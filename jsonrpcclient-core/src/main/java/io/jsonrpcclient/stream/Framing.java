package io.jsonrpcclient.stream;

import io.jsonrpcclient.internal.ContentLengthFrameReader;
import io.jsonrpcclient.internal.FrameReader;
import io.jsonrpcclient.internal.FrameWriter;
import io.jsonrpcclient.internal.JsonValueScanner;

/**
 * How JSON-RPC messages are cut out of a byte stream (a TCP socket, a child process's stdout).
 * Every framing copes with messages split across reads and several messages in one read, bounds
 * the bytes kept for one message, and delivers JSON values sent back to back in one frame as
 * separate messages.
 * <pre>{@code
 * DuplexTransport lsp = StdioTransport.newBuilder("clangd").framing(Framing.CONTENT_LENGTH).build();
 * DuplexTransport tcp = TcpTransport.newBuilder("127.0.0.1", 4000).framing(Framing.NEWLINE).build();
 * }</pre>
 *
 * @since 0.1
 */
public enum Framing {

    /**
     * One message per line, ended by {@code \n} ({@code \r\n} and blank lines are fine): the usual
     * framing of JSON-RPC over TCP. A line that is not a JSON object or array, such as log text, is
     * logged and dropped without disturbing the messages around it; so is a value still open when its
     * line ends. Values back to back on one line are separate messages. Outbound messages never
     * contain a raw newline.
     */
    NEWLINE,

    /**
     * A {@code Content-Length: N} header, an optional {@code Content-Type} header and a blank line,
     * each line ended by {@code \r\n}, then exactly N bytes: the framing of the Language Server
     * Protocol. Headers are parsed strictly; a malformed header, or a length over the limit, fails the
     * connection with a clear error, since no later byte could be trusted.
     */
    CONTENT_LENGTH,

    /**
     * JSON values with no delimiter at all, back to back or separated by any whitespace, as some
     * servers write them; each object or array is cut out where it closes. Bytes outside a value are
     * logged and skipped up to the next {@code {} or {@code [}. Outbound messages are written bare.
     */
    STREAM;

    FrameReader newReader(long maxBytes) {
        return switch (this) {
            case NEWLINE -> JsonValueScanner.newlineDelimited(maxBytes);
            case CONTENT_LENGTH -> new ContentLengthFrameReader(maxBytes);
            case STREAM -> JsonValueScanner.concatenated(maxBytes);
        };
    }

    FrameWriter writer() {
        return switch (this) {
            case NEWLINE -> FrameWriter.newline();
            case CONTENT_LENGTH -> FrameWriter.contentLength();
            case STREAM -> FrameWriter.concatenated();
        };
    }
}
