package io.jsonrpcclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Objects;

/**
 * The {@code error} member of a failed response: a code, a message and optional data.
 *
 * <p>The spec's reserved codes are named here ({@link #PARSE_ERROR} … {@link #INTERNAL_ERROR});
 * codes from -32000 to -32099 are server-defined errors.
 * <pre>{@code
 * if (failure.error().code() == ErrorObject.METHOD_NOT_FOUND) { ... }
 * }</pre>
 *
 * @param code    the error code
 * @param message the short description, not null
 * @param data    extra information from the server, kept as JSON;
 *                {@link MissingNode} when the member was absent, never null
 * @since 0.1
 */
public record ErrorObject(int code, String message, JsonNode data) {

    /** Invalid JSON was received by the server. */
    public static final int PARSE_ERROR = -32700;
    /** The JSON sent is not a valid request object. */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist or is not available. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid method parameters. */
    public static final int INVALID_PARAMS = -32602;
    /** Internal JSON-RPC error. */
    public static final int INTERNAL_ERROR = -32603;

    /** Validates the components; a null {@code data} becomes {@link MissingNode}. */
    public ErrorObject {
        Objects.requireNonNull(message, "message");
        data = data == null ? MissingNode.getInstance() : data;
    }

    /** {@return an error object without data} */
    public static ErrorObject of(int code, String message) {
        return new ErrorObject(code, message, MissingNode.getInstance());
    }

    /** {@return true if the server sent a {@code data} member (possibly JSON null)} */
    public boolean hasData() {
        return !data.isMissingNode();
    }

    /** {@return {@code code: message}, with the data as JSON when present} */
    @Override
    public String toString() {
        return code + ": " + message + (hasData() ? " " + data : "");
    }
}
