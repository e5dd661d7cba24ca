package io.jsonrpcclient.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MethodHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers a JSON-RPC 2.0 request body (single call or batch) by calling registered
 * {@link MethodHandler}s, following the specification's rules for errors and notifications.
 *
 * <pre>{@code
 * JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(Map.of("ping", p -> TextNode.valueOf("pong"))::get);
 * dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":7}".getBytes(UTF_8));
 * // Optional[{"jsonrpc":"2.0","result":"pong","id":7}]
 * }</pre>
 */
public final class JsonRpcDispatcher {

    private final Function<String, MethodHandler> methods;

    /** @param methods finds the handler for a method name, or returns {@code null} if there is none */
    public JsonRpcDispatcher(Function<String, MethodHandler> methods) {
        this.methods = methods;
    }

    /**
     * @return the response (an object, or an array for a batch), or empty when nothing must be
     *     answered because the body held only notifications
     */
    public Optional<JsonNode> dispatch(byte[] body) {
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (IOException notJson) {
            return Optional.of(JsonRpcResponses.parseError());
        }
        return message.isArray() ? dispatchBatch((ArrayNode) message) : dispatchOne(message);
    }

    private Optional<JsonNode> dispatchBatch(ArrayNode batch) {
        if (batch.isEmpty()) {
            // The spec answers an empty batch with one error object, not an array.
            return Optional.of(JsonRpcResponses.invalidRequest(NullNode.getInstance()));
        }
        ArrayNode responses = Json.nodes().arrayNode();
        for (JsonNode call : batch) {
            dispatchOne(call).ifPresent(responses::add);
        }
        return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
    }

    private Optional<JsonNode> dispatchOne(JsonNode call) {
        if (!call.isObject()) {
            return Optional.of(JsonRpcResponses.invalidRequest(NullNode.getInstance()));
        }
        JsonNode id = call.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            // An id of the wrong type cannot be echoed, so the error carries null.
            return Optional.of(JsonRpcResponses.invalidRequest(NullNode.getInstance()));
        }
        // A request without an id is a notification, but only a well-formed one may go unanswered.
        JsonNode replyId = id == null ? NullNode.getInstance() : id;
        JsonNode version = call.get("jsonrpc");
        JsonNode method = call.get("method");
        JsonNode params = call.path("params");
        boolean wellFormed = version != null
                && "2.0".equals(version.textValue())
                && method != null
                && method.isTextual()
                && (params.isMissingNode() || params.isContainerNode());
        if (!wellFormed) {
            return Optional.of(JsonRpcResponses.invalidRequest(replyId));
        }
        JsonNode response = invoke(replyId, method.textValue(), params);
        return id == null ? Optional.empty() : Optional.of(response);
    }

    private JsonNode invoke(JsonNode id, String name, JsonNode params) {
        MethodHandler handler = methods.apply(name);
        if (handler == null) {
            return JsonRpcResponses.error(id, JsonRpcResponses.METHOD_NOT_FOUND, "Method not found", null);
        }
        try {
            return JsonRpcResponses.success(id, handler.handle(params));
        } catch (MethodError e) {
            return JsonRpcResponses.error(id, e.code(), e.getMessage(), e.data());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonRpcResponses.error(id, JsonRpcResponses.INTERNAL_ERROR, "interrupted", null);
        } catch (Exception e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            return JsonRpcResponses.error(id, JsonRpcResponses.INTERNAL_ERROR, message, null);
        }
    }
}
