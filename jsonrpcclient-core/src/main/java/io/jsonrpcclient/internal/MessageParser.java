package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads request text written by hand (the CLI's {@code send}, {@code JsonRpcClient.send(String)})
 * into the message model, so its reply can be checked against it. Problems are the caller's,
 * so they are {@link IllegalArgumentException}s that say what to fix.
 */
public final class MessageParser {

    private final CodecMapper jackson;

    /** Creates a parser on the set-up; its mapper is asked only when a message is parsed. */
    public MessageParser(CodecMapper jackson) {
        this.jackson = jackson;
    }

    /** {@return the message the text holds} */
    public Message parse(String json) {
        JsonNode root;
        try {
            // The text is sent as it is, so a second value after the first would reach the server unchecked.
            root = jackson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the message is empty");
        }
        if (root.isArray()) {
            var calls = new ArrayList<Call>();
            for (int i = 0; i < root.size(); i++) {
                calls.add(call(root.get(i), "message[" + i + "]"));
            }
            return new Batch(calls);
        }
        return call(root, "message");
    }

    private static Call call(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object, found " + node.getNodeType());
        }
        JsonNode version = node.get("jsonrpc");
        if (version != null && !(version.isTextual() && "2.0".equals(version.textValue()))) {
            throw new IllegalArgumentException(where + " has \"jsonrpc\": " + version + ", expected \"2.0\"");
        }
        JsonNode method = node.get("method");
        if (method == null || !method.isTextual()) {
            throw new IllegalArgumentException(where + " needs a string \"method\"");
        }
        Params params = params(node.get("params"), where);
        if (!node.has("id")) {
            return Notification.of(method.textValue(), params);
        }
        Id id = ResponseRules.toId(node.get("id"), false);
        if (id == null) {
            throw new IllegalArgumentException(where + " has \"id\": " + node.get("id")
                    + ", expected a string, an integer or null");
        }
        return Request.of(method.textValue(), params, id);
    }

    private static Params params(JsonNode params, String where) {
        if (params == null) {
            return Params.none();
        }
        if (params.isArray()) {
            var values = new ArrayList<Object>();
            params.forEach(values::add);
            return Params.positional(values);
        }
        if (params.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            params.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
            return Params.named(values);
        }
        throw new IllegalArgumentException(where + " has \"params\": " + params + ", expected an array or an object");
    }
}
