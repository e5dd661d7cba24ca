package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The members of one response object as read off the wire, before any rule is applied.
 * A null component means the member was absent; JSON null is {@code NullNode}.
 *
 * @param jsonrpc the {@code jsonrpc} member
 * @param id      the {@code id} member
 * @param result  the {@code result} member
 * @param error   the {@code error} member
 */
public record RawResponse(JsonNode jsonrpc, JsonNode id, JsonNode result, JsonNode error) {

    /**
     * Stands for a JSON {@code null} entry in a batch reply (jsonrpc4j leaves one where a notification
     * sat); compared by identity. Only the lenient modes skip it.
     */
    public static final RawResponse JSON_NULL = new RawResponse(null, null, null, null);

}
