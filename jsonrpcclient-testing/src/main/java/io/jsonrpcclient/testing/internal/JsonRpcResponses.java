package io.jsonrpcclient.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds JSON-RPC 2.0 response objects.
 *
 * <pre>{@code
 * JsonRpcResponses.success(IntNode.valueOf(1), TextNode.valueOf("ok"));
 * // {"jsonrpc":"2.0","result":"ok","id":1}
 * JsonRpcResponses.error(NullNode.getInstance(), -32700, "Parse error", MissingNode.getInstance());
 * // {"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}
 * }</pre>
 */
public final class JsonRpcResponses {

    /** Invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** The JSON sent is not a valid Request object. */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Internal JSON-RPC error; here: the handler threw something other than a MethodError. */
    public static final int INTERNAL_ERROR = -32603;

    private JsonRpcResponses() {}

    /** @return a result response; a Java {@code null} or missing result becomes JSON {@code null} */
    public static ObjectNode success(JsonNode id, JsonNode result) {
        ObjectNode response = Json.nodes().objectNode();
        response.put("jsonrpc", "2.0");
        response.set("result", result == null || result.isMissingNode() ? NullNode.getInstance() : result);
        response.set("id", id);
        return response;
    }

    /** @return an error response; {@code data} is left out when it is null or a MissingNode */
    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode error = Json.nodes().objectNode();
        error.put("code", code);
        error.put("message", message);
        if (data != null && !data.isMissingNode()) {
            error.set("data", data);
        }
        ObjectNode response = Json.nodes().objectNode();
        response.put("jsonrpc", "2.0");
        response.set("error", error);
        response.set("id", id);
        return response;
    }

    /** @return the {@code -32700 Parse error} response, whose id is always null */
    public static ObjectNode parseError() {
        return error(NullNode.getInstance(), PARSE_ERROR, "Parse error", null);
    }

    /** @return a {@code -32600 Invalid Request} response */
    public static ObjectNode invalidRequest(JsonNode id) {
        return error(id, INVALID_REQUEST, "Invalid Request", null);
    }
}
