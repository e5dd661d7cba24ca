package io.jsonrpcclient;

import java.util.Objects;

/**
 * A call without an id: the server does not answer it.
 * <pre>{@code
 * Notification n = Notification.of("update", Params.of(1, 2, 3, 4, 5));
 * }</pre>
 *
 * @param method the method name, not null
 * @param params the parameters, not null
 * @since 0.1
 */
public record Notification(String method, Params params) implements Call {

    /** Validates the components. */
    public Notification {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
    }

    /** {@return a notification} */
    public static Notification of(String method, Params params) {
        return new Notification(method, params);
    }
}
