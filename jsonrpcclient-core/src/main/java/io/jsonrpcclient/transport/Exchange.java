package io.jsonrpcclient.transport;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.Message;
import java.time.Duration;
import java.util.Objects;

/**
 * One message on its way out: the message as a value (so a transport can see whether a reply
 * is due, and which ids it carries), its encoded bytes, and the call's settings.
 * <pre>{@code
 * public CompletableFuture<TransportResponse> exchange(Exchange exchange) {
 *     socket.write(exchange.body());
 *     return exchange.expectsReply() ? readReply(exchange.timeout()) : noReply();
 * }
 * }</pre>
 *
 * @param message          the message
 * @param body             its UTF-8 JSON; transports must not modify the array
 * @param options          the call's headers and timeout, merged over the client's
 * @param timeout          how long the exchange may take
 * @param maxResponseBytes the largest reply to accept; a transport stops reading past it
 * @param callerWaits      true when the caller's thread does nothing but wait for this exchange's
 *                         future (a blocking call), so a transport may run the exchange on that
 *                         thread instead of handing the reply to another one; false for async
 *                         calls, whose thread must not be held. Only a hint: a transport may ignore it.
 * @since 0.1
 */
public record Exchange(Message message, byte[] body, CallOptions options, Duration timeout, long maxResponseBytes,
        boolean callerWaits) {

    /** Validates the components. */
    public Exchange {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * An exchange for a caller that does not wait on it ({@code callerWaits} false).
     *
     * @param message          the message
     * @param body             its UTF-8 JSON
     * @param options          the call's headers and timeout
     * @param timeout          how long the exchange may take
     * @param maxResponseBytes the largest reply to accept
     */
    public Exchange(Message message, byte[] body, CallOptions options, Duration timeout, long maxResponseBytes) {
        this(message, body, options, timeout, maxResponseBytes, false);
    }

    /** {@return true if the message holds at least one request, so a reply is due} */
    public boolean expectsReply() {
        if (message instanceof io.jsonrpcclient.Request) {
            return true;
        }
        return message instanceof io.jsonrpcclient.Batch batch && !batch.onlyNotifications();
    }

    /** {@return the method name, or {@code batch of N} for a batch: for messages and logs} */
    public String description() {
        return describe(message);
    }

    /** {@return a short description of a message: its method, or {@code batch of N}} */
    public static String describe(Message message) {
        if (message instanceof io.jsonrpcclient.Call call) {
            return call.method();
        }
        int n = ((io.jsonrpcclient.Batch) message).calls().size();
        return "batch of " + n;
    }
}
