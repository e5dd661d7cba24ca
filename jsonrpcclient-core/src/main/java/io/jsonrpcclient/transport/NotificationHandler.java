package io.jsonrpcclient.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives notifications the server sends on a duplex connection. Registered with
 * {@link DuplexTransport#onNotification(String, NotificationHandler)}; a handler runs on its
 * executor, one notification at a time, in the order they arrived.
 * <pre>{@code
 * transport.onNotification("aria2.onDownloadComplete", (method, params) -> done(params.get(0).get("gid")));
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface NotificationHandler {

    /**
     * Handles one notification. An exception thrown here is logged and does not stop later ones.
     *
     * @param method the notification's method
     * @param params its params as sent (an array or object), or a {@code MissingNode} when there were none
     */
    void onNotification(String method, JsonNode params);
}
