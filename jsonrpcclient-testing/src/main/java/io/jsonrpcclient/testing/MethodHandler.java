package io.jsonrpcclient.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers one JSON-RPC method on a {@link MockJsonRpcServer}.
 *
 * <pre>{@code
 * server.method("echo", params -> params);
 * server.method("fail", params -> { throw new MethodError(-32000, "nope"); });
 * }</pre>
 *
 * <p>Handlers may be called concurrently from several server threads.
 */
@FunctionalInterface
public interface MethodHandler {

    /**
     * Computes the result of one call.
     *
     * @param params the request's {@code "params"} member as sent: an {@code ArrayNode}, an
     *     {@code ObjectNode}, or a {@code MissingNode} when the member is absent; never null
     * @return the {@code "result"}; a Java {@code null} is answered as JSON {@code null}
     * @throws MethodError to answer with that JSON-RPC error object
     * @throws Exception anything else is answered as {@code -32603 Internal error} carrying the
     *     exception's message
     */
    JsonNode handle(JsonNode params) throws Exception;
}
