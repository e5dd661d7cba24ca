package io.jsonrpcclient.websocket;

import io.jsonrpcclient.TransportException;

/**
 * The WebSocket was closed with a close frame, by the server or because a message broke a limit; calls
 * in flight fail with it. {@link #statusCode()} is the close code (RFC 6455 section 7.4: 1000 normal,
 * 1001 going away, 1009 message too big, 1011 server error ...), {@link #reason()} the close reason.
 * <pre>{@code
 * catch (WebSocketClosedException e) {
 *     System.err.println("closed " + e.closeCode() + " " + e.closeReason());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class WebSocketClosedException extends TransportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail      what happened
     * @param closeCode   the close code
     * @param closeReason the close reason, possibly empty
     */
    public WebSocketClosedException(String detail, int closeCode, String closeReason) {
        this(detail, closeCode, closeReason, null, null);
    }

    private WebSocketClosedException(String detail, int closeCode, String closeReason, String endpoint,
            String method) {
        super(detail, closeCode, closeReason, null, endpoint, method, null);
    }

    /** {@return the close code} */
    public int closeCode() {
        return statusCode().orElse(0);
    }

    /** {@return the close reason, possibly empty} */
    public String closeReason() {
        return reason().orElse("");
    }

    @Override
    public WebSocketClosedException withContext(String endpoint, String method) {
        return copyTrace(new WebSocketClosedException(detail(), closeCode(), closeReason(), endpoint, method));
    }
}
