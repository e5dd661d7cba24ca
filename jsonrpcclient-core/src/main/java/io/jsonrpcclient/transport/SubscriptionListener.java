package io.jsonrpcclient.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives the events of one {@link Subscription}, one at a time and in order, on the subscription's
 * executor.
 * <pre>{@code
 * SubscriptionListener heads = new SubscriptionListener() {
 *     public void onEvent(JsonNode head) { System.out.println(head.get("number")); }
 *     public void onMissedEvents() { resyncFromLatestBlock(); }
 *     public void onClosed(Subscription.CloseReason reason) { System.out.println("closed: " + reason); }
 * };
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SubscriptionListener {

    /**
     * One event: what the subscription's payload extractor took from a notification (by default its
     * {@code params.result}). An exception thrown here is logged and does not stop later events.
     *
     * @param payload the event
     */
    void onEvent(JsonNode payload);

    /**
     * The connection was lost and restored, and the subscription was made again: events sent in between
     * may have been missed. Called before the first event of the new subscription. The default does nothing.
     */
    default void onMissedEvents() {
    }

    /**
     * The subscription ended; no event follows. The default does nothing.
     *
     * @param reason why
     */
    default void onClosed(Subscription.CloseReason reason) {
    }
}
