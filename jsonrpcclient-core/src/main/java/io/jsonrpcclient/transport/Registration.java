package io.jsonrpcclient.transport;

/**
 * A registered listener or handler; {@link #close()} removes it. Idempotent.
 * <pre>{@code
 * try (Registration r = transport.onNotification("progress", (method, params) -> show(params))) {
 *     client.request("build");
 * }
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes the listener; nothing is delivered to it once this returns, except a delivery already running. */
    @Override
    void close();
}
