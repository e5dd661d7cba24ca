package io.jsonrpcclient.internal;

/**
 * The WebSocket frame opcodes (RFC 6455 §5.2) the client reads and writes, named once for the frame
 * reader, the frame writer and the connection.
 *
 * <pre>{@code
 * writer.frame(WebSocketOpcodes.TEXT, json);   // one whole message in one frame
 * }</pre>
 */
final class WebSocketOpcodes {

    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    private WebSocketOpcodes() {
    }
}
