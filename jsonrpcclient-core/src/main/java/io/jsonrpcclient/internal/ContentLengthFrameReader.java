package io.jsonrpcclient.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads messages framed with {@code Content-Length} headers, as the Language Server Protocol does:
 * <pre>
 * Content-Length: 52\r\n
 * Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n     (optional)
 * \r\n
 * {"jsonrpc":"2.0","id":1,"result":...}                          (exactly 52 bytes)
 * </pre>
 *
 * <p>Headers are parsed strictly: every line ends in {@code \r\n}; {@code Content-Length} (names are
 * case-insensitive) appears once, as decimal digits, at most the limit; {@code Content-Type} may
 * appear once; nothing else may. Anything else is a {@link FramingException}: once a header is
 * misread, no later byte can be trusted, so the connection must be failed.
 *
 * <p>A body holding several JSON values back to back (a peer that put two messages in one frame) is
 * delivered as those values; any other body is delivered as it is, for the codec to judge. Not
 * thread-safe.
 */
public final class ContentLengthFrameReader implements FrameReader {

    /** The most bytes a header section may take. */
    static final int MAX_HEADER_BYTES = 8192;

    private static final String CONTENT_LENGTH = "content-length";
    private static final String CONTENT_TYPE = "content-type";

    private final long maxBytes;

    private final byte[] header = new byte[MAX_HEADER_BYTES];
    private int headerLength;
    /** The body being read, once its header is complete; null while reading a header. */
    private byte[] body;
    private int bodyLength;

    /**
     * Creates a reader.
     *
     * @param maxBytes the largest body accepted
     */
    public ContentLengthFrameReader(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public int buffered() {
        return body != null ? bodyLength : headerLength;
    }

    @Override
    public void feed(byte[] chunk, int offset, int length, Sink sink) throws FramingException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (body == null) {
                byte b = chunk[i++];
                if (headerLength == MAX_HEADER_BYTES) {
                    throw malformed("the header section is longer than " + MAX_HEADER_BYTES
                            + " bytes without ending in a blank line");
                }
                header[headerLength++] = b;
                if (b == '\n') {
                    if (headerLength < 2 || header[headerLength - 2] != '\r') {
                        throw malformed("a header line ends in \\n without \\r");
                    }
                    if (headerLength >= 4 && header[headerLength - 3] == '\n') {
                        startBody(sink);
                    } else if (headerLength == 2) {
                        throw malformed("a blank line where the Content-Length header should be");
                    }
                }
            } else {
                int n = Math.min(end - i, body.length - bodyLength);
                System.arraycopy(chunk, i, body, bodyLength, n);
                bodyLength += n;
                i += n;
                if (bodyLength == body.length) {
                    finishBody(sink);
                }
            }
        }
    }

    /** Parses the complete header section (ending in CRLF CRLF) and prepares for the body. */
    private void startBody(Sink sink) throws FramingException {
        String text = new String(header, 0, headerLength - 4, StandardCharsets.ISO_8859_1);
        headerLength = 0;
        long length = -1;
        boolean type = false;
        for (String line : text.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).chars().allMatch(c -> c == '-'
                    || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                throw malformed("'" + excerpt(line) + "' is not a header (NAME: VALUE)");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case CONTENT_LENGTH -> {
                    if (length >= 0) {
                        throw malformed("Content-Length appears twice");
                    }
                    length = parseLength(value);
                }
                case CONTENT_TYPE -> {
                    if (type) {
                        throw malformed("Content-Type appears twice");
                    }
                    type = true;
                }
                default -> throw malformed("unexpected header '" + excerpt(line.substring(0, colon))
                        + "' (only Content-Length and Content-Type are allowed)");
            }
        }
        if (length < 0) {
            throw malformed("no Content-Length header");
        }
        body = new byte[(int) length];
        bodyLength = 0;
        if (length == 0) {
            finishBody(sink);
        }
    }

    private long parseLength(String value) throws FramingException {
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("Content-Length '" + excerpt(value) + "' is not a decimal number");
        }
        long length = Long.parseLong(value);
        if (length > maxBytes || length > Integer.MAX_VALUE - 8) {
            throw new FramingException("the server announced a message of " + length
                    + " bytes, larger than the limit of " + maxBytes + " bytes");
        }
        return length;
    }

    private void finishBody(Sink sink) {
        byte[] message = body;
        body = null;
        bodyLength = 0;
        List<byte[]> values = JsonValueScanner.split(message);
        if (values == null) {
            sink.message(message);
        } else {
            values.forEach(sink::message);
        }
    }

    private static FramingException malformed(String what) {
        return new FramingException("malformed Content-Length framing: " + what);
    }

    private static String excerpt(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }

    @Override
    public String toString() {
        return "ContentLengthFrameReader[max " + maxBytes + " bytes]";
    }
}
