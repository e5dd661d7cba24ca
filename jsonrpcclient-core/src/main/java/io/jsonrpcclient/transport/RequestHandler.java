package io.jsonrpcclient.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers a request the server sends on a duplex connection (language servers send them, such as
 * {@code workspace/configuration}). Registered with {@link DuplexTransport#onRequest(String, RequestHandler)}.
 * <pre>{@code
 * transport.onRequest("workspace/configuration", (method, params) -> List.of(Map.of("tabSize", 4)));
 * transport.onRequest("delete", (method, params) -> {
 *     throw new RequestError(ErrorObject.of(-32000, "not allowed"));
 * });
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Computes the result of a request. Runs on the handler's executor.
     *
     * @param method the request's method
     * @param params its params as sent, or a {@code MissingNode} when there were none
     * @return the result, written as JSON with Jackson ({@code null} for JSON null)
     * @throws RequestError to answer with that error object; any other exception is answered with
     *                      {@code -32603 Internal error} and logged
     */
    Object handle(String method, JsonNode params);
}
