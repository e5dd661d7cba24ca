package io.jsonrpcclient.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.internal.ServerMessages;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A server-side subscription made with a subscribe call, whose events come as notifications carrying
 * the subscription's id: Ethereum's {@code eth_subscribe} / {@code eth_subscription} /
 * {@code eth_unsubscribe}, and the same shape in Solana, Substrate and jsonrpsee servers. Made with
 * {@link DuplexTransport#subscription(String, String)}; {@link #close()} unsubscribes.
 * <pre>{@code
 * try (Subscription heads = transport.subscription("eth_subscribe", "eth_subscription")
 *         .params("newHeads")
 *         .unsubscribeMethod("eth_unsubscribe")
 *         .resubscribeOnReconnect(true)
 *         .open(client, head -> System.out.println(head.get("number")))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Notifications that arrive before the subscribe call's reply has been read are kept (up to 1024)
 * and delivered once the id is known, so no early event is lost. Events that are not for a live
 * subscription go to the catch-all notification handler, if any.
 *
 * @since 0.1
 */
public interface Subscription extends AutoCloseable {

    /** Why a subscription ended. */
    enum CloseReason {
        /** {@link #close()} was called. */
        UNSUBSCRIBED,
        /**
         * The connection was lost and the subscription was not to be made again; or it was to be made
         * again, but the connection will not come back (its reconnect policy gave up, or it has none).
         */
        CONNECTION_LOST,
        /** The connection came back but the subscribe call failed. */
        RESUBSCRIBE_FAILED,
        /** The transport was closed. */
        TRANSPORT_CLOSED
    }

    /** {@return the server's id for the subscription; a new one after each resubscribe} */
    JsonNode id();

    /** {@return why the subscription ended, or empty while it is open} */
    Optional<CloseReason> closeReason();

    /**
     * Ends the subscription: stops delivery, then sends the unsubscribe call, if one was configured, and
     * waits for its reply within the client's timeout; a failure of that call is logged, not thrown.
     * Idempotent.
     */
    @Override
    void close();

    /** Configures and opens a {@link Subscription}. Not thread-safe. */
    final class Builder {
        private final ServerMessages router;
        private final String subscribeMethod;
        private final String notificationMethod;
        private Params params = Params.none();
        private String unsubscribeMethod;
        private Function<JsonNode, JsonNode> idOf = params -> params.path("subscription");
        private Function<JsonNode, JsonNode> payloadOf = params -> params.path("result");
        private boolean resubscribe;
        private Executor executor;

        Builder(ServerMessages router, String subscribeMethod, String notificationMethod) {
            this.router = router;
            this.subscribeMethod = Objects.requireNonNull(subscribeMethod, "subscribeMethod");
            this.notificationMethod = Objects.requireNonNull(notificationMethod, "notificationMethod");
        }

        /**
         * Sets the subscribe call's positional params.
         *
         * @param values the values, such as {@code "newHeads"}
         * @return this builder
         */
        public Builder params(Object... values) {
            this.params = Params.of(values);
            return this;
        }

        /**
         * Sets the subscribe call's params.
         *
         * @param params the params
         * @return this builder
         */
        public Builder params(Params params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /**
         * Sets the method {@link Subscription#close()} calls with the subscription's id as its only
         * positional param, such as {@code eth_unsubscribe}. None by default.
         *
         * @param method the method
         * @return this builder
         */
        public Builder unsubscribeMethod(String method) {
            this.unsubscribeMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Sets how the subscription id is found in a notification's params; {@code params.subscription}
         * by default. It is compared with the subscribe call's result.
         *
         * @param idOf from the params to the id ({@code MissingNode} when absent)
         * @return this builder
         */
        public Builder idOf(Function<JsonNode, JsonNode> idOf) {
            this.idOf = Objects.requireNonNull(idOf, "idOf");
            return this;
        }

        /**
         * Sets what of a notification's params is the event; {@code params.result} by default.
         *
         * @param payloadOf from the params to the event
         * @return this builder
         */
        public Builder payloadOf(Function<JsonNode, JsonNode> payloadOf) {
            this.payloadOf = Objects.requireNonNull(payloadOf, "payloadOf");
            return this;
        }

        /**
         * Makes the subscription again, with the same call, after the connection is restored by its
         * reconnect policy, and tells the listener that events may have been missed
         * ({@link SubscriptionListener#onMissedEvents()}). Off by default: a lost connection then ends
         * the subscription with {@link CloseReason#CONNECTION_LOST}. When on, the subscription still ends
         * with {@code CONNECTION_LOST} once the connection will not come back: at the loss itself when
         * the transport has no reconnect policy (stdio never has one), or when the policy gives up.
         *
         * @param resubscribe whether to subscribe again
         * @return this builder
         */
        public Builder resubscribeOnReconnect(boolean resubscribe) {
            this.resubscribe = resubscribe;
            return this;
        }

        /**
         * Sets where the listener runs; by default the shared pool of daemon threads that async calls
         * complete on. Events are delivered one at a time, in order, whatever the executor.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sends the subscribe call with the client (which must be one built over this transport) and
         * returns the open subscription.
         *
         * @param client   the client that sends the subscribe and unsubscribe calls
         * @param listener receives the events
         * @return the subscription
         * @throws io.jsonrpcclient.JsonRpcClientException as {@link JsonRpcClient#request(String, Params)}
         *         throws it, if the subscribe call fails
         * @throws IllegalArgumentException if the client goes to another endpoint
         */
        public Subscription open(JsonRpcClient client, SubscriptionListener listener) {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(listener, "listener");
            return router.subscribe(client, new ServerMessages.SubscriptionSpec(subscribeMethod, params,
                    notificationMethod, unsubscribeMethod, idOf, payloadOf, resubscribe, executor), listener);
        }
    }
}
