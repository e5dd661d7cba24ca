package io.jsonrpcclient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Objects;

/**
 * Thrown by a {@link MethodHandler} to answer with a JSON-RPC error object.
 *
 * <pre>{@code
 * server.method("withdraw", params -> {
 *     throw new MethodError(-32000, "Insufficient funds", TextNode.valueOf("balance is 0"));
 * });
 * // answers {"jsonrpc":"2.0","error":{"code":-32000,"message":"Insufficient funds","data":"balance is 0"},"id":...}
 * }</pre>
 */
public final class MethodError extends RuntimeException {

    private final int code;
    private final JsonNode data;

    /**
     * An error without a {@code "data"} member.
     *
     * @param code the JSON-RPC error code
     * @param message the error message; not null, since the spec makes it a required string
     */
    public MethodError(int code, String message) {
        this(code, message, null);
    }

    /**
     * An error with a {@code "data"} member.
     *
     * @param code the JSON-RPC error code
     * @param message the error message; not null
     * @param data the {@code "data"} member; {@code null} (or a {@code MissingNode}) leaves the
     *     member out, while a {@code NullNode} sends {@code "data": null}
     */
    public MethodError(int code, String message, JsonNode data) {
        // No stack trace: this is an expected answer, not a failure, and handlers may throw it often.
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = code;
        this.data = data == null ? MissingNode.getInstance() : data;
    }

    /** @return the JSON-RPC error code */
    public int code() {
        return code;
    }

    /** @return the {@code "data"} member, or a {@code MissingNode} when there is none; never null */
    public JsonNode data() {
        return data;
    }
}
