package io.jsonrpcclient;

import java.util.Objects;

/**
 * A call that expects a response, carrying the id the response must echo.
 *
 * <p>Usually the client builds requests and takes ids from its {@link IdGenerator}; build one
 * yourself to choose the id, or to use the pure codec without a client:
 * <pre>{@code
 * Request r = Request.of("subtract", Params.of(42, 23), Id.of(1));
 * }</pre>
 *
 * @param method the method name, not null (names starting with {@code rpc.} are reserved by the
 *               spec for the server, but are allowed: some servers use them)
 * @param params the parameters, not null
 * @param id     the id, not null; {@link Id#NULL} is allowed but discouraged by the spec
 * @since 0.1
 */
public record Request(String method, Params params, Id id) implements Call {

    /** Validates the components. */
    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(id, "id");
    }

    /** {@return a request} */
    public static Request of(String method, Params params, Id id) {
        return new Request(method, params, id);
    }
}
