package io.jsonrpcclient.internal;

import java.io.IOException;

/**
 * The bytes on a stream cannot be cut into messages any more (a malformed {@code Content-Length}
 * header, a message over the size limit): the connection is unusable and must be failed.
 */
public final class FramingException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for the calls that fail
     */
    public FramingException(String message) {
        super(message);
    }
}
