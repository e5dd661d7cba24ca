package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A string result left where it lies in the reply body, for a caller that binds it straight from
 * there: base64 text bound to {@code byte[]} is decoded from the body into the result's array,
 * without the {@code String} a tree would hold (for a 64 MiB result, 64 MiB less at the peak).
 *
 * <p>Never handed to users: it stands in a {@code Success} only between the decoder and
 * {@link ScalarBinder}, and only when the caller asked for it ({@code JsonRpcCodec.decodeResult},
 * a client call bound to {@code byte[]}). It extends {@code TextNode} so that the response rules,
 * which ask only whether a result is there and whether it is null, see a string; its own text is
 * empty, so it must not be read as a tree.
 *
 * <pre>{@code
 * // inside ScalarBinder.bind, for byte[]:
 * if (node instanceof BodyText text) { return bytes(text); }
 * }</pre>
 */
public final class BodyText extends TextNode {

    private static final long serialVersionUID = 1L;

    private final transient byte[] body;
    private final int start;
    private final int length;

    BodyText(byte[] body, int start, int length) {
        super("");
        this.body = body;
        this.start = start;
        this.length = length;
    }

    /** {@return the reply body the text lies in} */
    byte[] body() {
        return body;
    }

    /** {@return where the text starts in the body, just after its opening quote} */
    int start() {
        return start;
    }

    /** {@return the text's length in bytes (plain ASCII, no escapes: one byte a character)} */
    int length() {
        return length;
    }

    @Override
    public String toString() {
        return "BodyText[" + length + " characters at " + start + "]";
    }
}
