package io.jsonrpcclient;

/**
 * How strictly replies are checked against the JSON-RPC 2.0 response rules.
 * <pre>{@code
 * JsonRpcClient bitcoin = JsonRpcClient.newBuilder(transport).validation(Validation.LENIENT).build();
 * }</pre>
 *
 * @since 0.1
 */
public enum Validation {
    /**
     * Every rule (the default): {@code "jsonrpc": "2.0"}; exactly one of {@code result} and
     * {@code error}; an error object with an integer code and a string message; an id that is
     * a string, an integer or null and equals the request's (an error with a null id is the server
     * saying it could not read the request, and is delivered as that error); a batch reply
     * answers every request once and names no other id.
     */
    STRICT,
    /**
     * Accepts JSON-RPC 1.0 habits, as Bitcoin Core and other older servers send them: the
     * {@code jsonrpc} member may be missing or different, {@code "error": null} may sit beside a
     * result and {@code "result": null} beside an error, and integral ids may be written as
     * {@code 1.0}. Ids are still matched.
     */
    LENIENT,
    /**
     * No rule checks: the reply must be JSON from which a result or an error can be read,
     * and nothing more. A missing result reads as JSON null; batch replies are matched by
     * id where possible.
     */
    OFF
}
