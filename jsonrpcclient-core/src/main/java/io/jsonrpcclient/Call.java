package io.jsonrpcclient;

/**
 * One method invocation: a {@link Request} (expects a response) or a {@link Notification} (does not).
 * A {@link Batch} is a list of calls.
 * <pre>{@code
 * Call c = Notification.of("log", Params.of("hello"));
 * String method = c.method();
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface Call extends Message permits Request, Notification {

    /** {@return the method name} */
    String method();

    /** {@return the parameters} */
    Params params();
}
