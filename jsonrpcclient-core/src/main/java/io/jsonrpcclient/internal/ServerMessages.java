package io.jsonrpcclient.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.NotificationHandler;
import io.jsonrpcclient.transport.Registration;
import io.jsonrpcclient.transport.RequestError;
import io.jsonrpcclient.transport.RequestHandler;
import io.jsonrpcclient.transport.Subscription;
import io.jsonrpcclient.transport.SubscriptionListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what a server sends of its own accord on a duplex connection: notifications to their handlers,
 * subscriptions and the catch-all; requests to their handlers (answering {@code -32601} when there is
 * none); and losses and restorations of the connection to connection listeners and subscriptions.
 *
 * <p>{@link #onMessage} and the connection events are called on the connection's thread, in order;
 * every handler runs on its own {@link SerialExecutor}, so each sees its messages one at a time, in order.
 */
public final class ServerMessages {

    private static final Logger LOG = LoggerFactory.getLogger("io.jsonrpcclient.connection");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Notifications kept while a subscribe call's reply is being read. */
    private static final int MAX_EARLY_EVENTS = 1024;

    private final Executor defaultExecutor;
    private volatile String endpoint = "?";
    private volatile Function<byte[], CompletableFuture<Void>> sender;
    private volatile boolean closed;

    private final Map<String, List<Handler<NotificationHandler>>> notifications = new ConcurrentHashMap<>();
    private final List<Handler<NotificationHandler>> catchAll = new CopyOnWriteArrayList<>();
    private final Map<String, Handler<RequestHandler>> requests = new ConcurrentHashMap<>();
    private final List<Handler<ConnectionListener>> connectionListeners = new CopyOnWriteArrayList<>();

    // Subscriptions; guarded by `this`.
    private final Map<String, Map<String, Sub>> live = new HashMap<>();
    private final Map<String, Integer> awaiting = new HashMap<>();
    private final Map<String, ArrayDeque<JsonNode>> early = new HashMap<>();
    private final Set<Sub> subscriptions = ConcurrentHashMap.newKeySet();

    /**
     * Creates the router.
     *
     * @param defaultExecutor where handlers registered without an executor run
     */
    public ServerMessages(Executor defaultExecutor) {
        this.defaultExecutor = Objects.requireNonNull(defaultExecutor, "defaultExecutor");
    }

    /**
     * Wraps a connection so that this router hears of its losses, restorations and closing.
     *
     * @param connection the connection
     * @return the connection to give the multiplexer
     */
    public DuplexConnection observe(DuplexConnection connection) {
        this.endpoint = connection.endpoint();
        this.sender = connection::send;
        return new Observed(connection);
    }

    // ---------------------------------------------------------------- registrations

    /**
     * Registers a notification handler for one method.
     *
     * @param method   the method
     * @param handler  the handler
     * @param executor where it runs, or null for the default
     * @return the registration
     */
    public Registration onNotification(String method, NotificationHandler handler, Executor executor) {
        Objects.requireNonNull(method, "method");
        var h = new Handler<>(Objects.requireNonNull(handler, "handler"), executor(executor));
        List<Handler<NotificationHandler>> list = notifications.computeIfAbsent(method,
                m -> new CopyOnWriteArrayList<>());
        list.add(h);
        return () -> {
            h.active = false;
            list.remove(h);
        };
    }

    /**
     * Registers a handler for every notification no other handler or subscription takes.
     *
     * @param handler  the handler
     * @param executor where it runs, or null for the default
     * @return the registration
     */
    public Registration onAnyNotification(NotificationHandler handler, Executor executor) {
        var h = new Handler<>(Objects.requireNonNull(handler, "handler"), executor(executor));
        catchAll.add(h);
        return () -> {
            h.active = false;
            catchAll.remove(h);
        };
    }

    /**
     * Registers the handler of a method the server calls.
     *
     * @param method   the method
     * @param handler  the handler
     * @param executor where it runs, or null for the default
     * @return the registration
     * @throws IllegalStateException if the method already has a handler
     */
    public Registration onRequest(String method, RequestHandler handler, Executor executor) {
        Objects.requireNonNull(method, "method");
        var h = new Handler<>(Objects.requireNonNull(handler, "handler"), executor(executor));
        if (requests.putIfAbsent(method, h) != null) {
            throw new IllegalStateException("the method " + method + " already has a request handler;"
                    + " close its registration first");
        }
        return () -> {
            h.active = false;
            requests.remove(method, h);
        };
    }

    /**
     * Registers a connection listener.
     *
     * @param listener the listener
     * @param executor where it runs, or null for the default
     * @return the registration
     */
    public Registration onConnectionState(ConnectionListener listener, Executor executor) {
        var h = new Handler<>(Objects.requireNonNull(listener, "listener"), executor(executor));
        connectionListeners.add(h);
        return () -> {
            h.active = false;
            connectionListeners.remove(h);
        };
    }

    private Executor executor(Executor executor) {
        return new SerialExecutor(executor != null ? executor : defaultExecutor);
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Handles a message no call in flight claimed: a notification or request from the server, or a late reply.
     *
     * @param message the message
     */
    public void onMessage(byte[] message) {
        JsonNode tree;
        try {
            tree = JSON.readTree(message);
        } catch (IOException e) {
            LOG.debug("{} sent a message that is not JSON: dropped: {}", endpoint,
                    JsonText.excerpt(message, JsonText.EXCERPT_CHARS));
            return;
        }
        if (tree != null && tree.isArray()) {
            onBatch(tree);
        } else if (tree != null) {
            CompletableFuture<ObjectNode> answer = onObject(tree);
            if (answer != null) {
                answer.thenAccept(this::reply);
            }
        }
    }

    /**
     * A batch from the server (JSON-RPC 2.0 section 6): notifications go to their handlers, requests to
     * theirs (each on its own executor, so different methods run at once), and the replies to the
     * requests go back together in one array once every one is ready, in the order of the requests.
     * A batch of notifications only is not answered.
     */
    private void onBatch(JsonNode batch) {
        var answers = new ArrayList<CompletableFuture<ObjectNode>>();
        for (JsonNode entry : batch) {
            CompletableFuture<ObjectNode> answer = onObject(entry);
            if (answer != null) {
                answers.add(answer);
            }
        }
        if (answers.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            var replies = JSON.createArrayNode();
            for (CompletableFuture<ObjectNode> answer : answers) {
                replies.add(answer.join());
            }
            reply(replies);
        });
    }

    /** {@return the reply to a request, when it is ready; null for anything else} */
    private CompletableFuture<ObjectNode> onObject(JsonNode message) {
        JsonNode method = message.path("method");
        if (!message.isObject() || !method.isTextual()) {
            LOG.debug("{} sent a reply that no call in flight awaits (did it time out?): dropped: {}", endpoint,
                    message);
            return null;
        }
        JsonNode params = message.path("params");
        if (message.has("id")) {
            return onRequest(message.get("id"), method.textValue(), params);
        }
        onNotification(method.textValue(), params);
        return null;
    }

    private void onNotification(String method, JsonNode params) {
        if (toSubscription(method, params)) {
            return;
        }
        List<Handler<NotificationHandler>> handlers = notifications.get(method);
        if (handlers == null || handlers.isEmpty()) {
            handlers = catchAll;
        }
        if (handlers.isEmpty()) {
            LOG.debug("{} sent the notification {}, and no handler takes it: dropped", endpoint, method);
            return;
        }
        for (Handler<NotificationHandler> h : handlers) {
            h.executor.execute(() -> {
                if (h.active) {
                    h.handler.onNotification(method, params);
                }
            });
        }
    }

    /** {@return true if a subscription took the notification, or keeps it until its id is known} */
    private synchronized boolean toSubscription(String method, JsonNode params) {
        Map<String, Sub> byId = live.get(method);
        if (byId != null) {
            for (Sub sub : byId.values()) {
                if (sub.matches(params)) {
                    sub.deliver(params);
                    return true;
                }
            }
        }
        if (awaiting.getOrDefault(method, 0) > 0) {
            ArrayDeque<JsonNode> kept = early.computeIfAbsent(method, m -> new ArrayDeque<>());
            if (kept.size() >= MAX_EARLY_EVENTS) {
                kept.poll();
            }
            kept.add(params);
            return true;
        }
        return false;
    }

    /** {@return the reply to the request, completed once its handler has run} */
    private CompletableFuture<ObjectNode> onRequest(JsonNode id, String method, JsonNode params) {
        Handler<RequestHandler> h = requests.get(method);
        if (h == null) {
            LOG.debug("{} called {}, which has no handler: answered -32601", endpoint, method);
            return CompletableFuture.completedFuture(error(id, ErrorObject.of(ErrorObject.METHOD_NOT_FOUND,
                    "Method not found")));
        }
        var answer = new CompletableFuture<ObjectNode>();
        try {
            h.executor.execute(() -> answer.complete(handle(h, id, method, params)));
        } catch (RuntimeException e) { // the executor refused the task
            LOG.warn("the handler of {} could not run; answered -32603", method, e);
            answer.complete(error(id, ErrorObject.of(ErrorObject.INTERNAL_ERROR, "Internal error")));
        }
        return answer;
    }

    private static ObjectNode handle(Handler<RequestHandler> h, JsonNode id, String method, JsonNode params) {
        try {
            Object result = h.handler.handle(method, params);
            ObjectNode answer = envelope(id);
            answer.set("result", JSON.valueToTree(result));
            return answer;
        } catch (RequestError e) {
            return error(id, e.error());
        } catch (RuntimeException e) {
            LOG.warn("the handler of {} failed; answered -32603", method, e);
            return error(id, ErrorObject.of(ErrorObject.INTERNAL_ERROR, "Internal error"));
        }
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("jsonrpc", "2.0");
        reply.set("id", id);
        return reply;
    }

    private static ObjectNode error(JsonNode id, ErrorObject error) {
        ObjectNode reply = envelope(id);
        ObjectNode e = reply.putObject("error");
        e.put("code", error.code());
        e.put("message", error.message());
        if (error.hasData()) {
            e.set("data", error.data());
        }
        return reply;
    }

    private void reply(JsonNode reply) {
        Function<byte[], CompletableFuture<Void>> send = sender;
        if (send == null || closed) {
            return;
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(reply);
        } catch (IOException e) {
            LOG.warn("could not write the reply to a request from {}", endpoint, e);
            return;
        }
        try {
            send.apply(bytes).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("could not send a reply to {}: {}", endpoint, error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("could not send a reply to {}: {}", endpoint, e.toString());
        }
    }

    // ---------------------------------------------------------------- connection events

    private void onDisconnected(TransportException reason) {
        for (Sub sub : subscriptions) {
            if (sub.spec.resubscribe()) {
                synchronized (this) {
                    sub.unregister();
                }
            } else {
                sub.end(Subscription.CloseReason.CONNECTION_LOST);
            }
        }
        for (Handler<ConnectionListener> h : connectionListeners) {
            h.executor.execute(() -> {
                if (h.active) {
                    h.handler.onDisconnected(reason);
                }
            });
        }
    }

    private void onReconnected() {
        for (Handler<ConnectionListener> h : connectionListeners) {
            h.executor.execute(() -> {
                if (h.active) {
                    h.handler.onReconnected();
                }
            });
        }
        for (Sub sub : subscriptions) {
            if (sub.spec.resubscribe()) {
                sub.resubscribe();
            }
        }
    }

    /** No reconnect will come: subscriptions waiting to be made again end, and listeners hear it. */
    private void onLostForGood(TransportException reason) {
        for (Sub sub : subscriptions) {
            sub.end(Subscription.CloseReason.CONNECTION_LOST);
        }
        for (Handler<ConnectionListener> h : connectionListeners) {
            h.executor.execute(() -> {
                if (h.active) {
                    h.handler.onLostForGood(reason);
                }
            });
        }
    }

    private void onClosed() {
        closed = true;
        for (Sub sub : subscriptions) {
            sub.end(Subscription.CloseReason.TRANSPORT_CLOSED);
        }
    }

    // ---------------------------------------------------------------- subscriptions

    /**
     * What a subscription is made of.
     *
     * @param subscribeMethod    the subscribe call's method
     * @param params             its params
     * @param notificationMethod the method of the event notifications
     * @param unsubscribeMethod  the unsubscribe call's method, or null
     * @param idOf               finds the subscription id in a notification's params
     * @param payloadOf          finds the event in a notification's params
     * @param resubscribe        whether to subscribe again after a reconnect
     * @param executor           where the listener runs, or null for the default
     */
    public record SubscriptionSpec(String subscribeMethod, Params params, String notificationMethod,
            String unsubscribeMethod, Function<JsonNode, JsonNode> idOf, Function<JsonNode, JsonNode> payloadOf,
            boolean resubscribe, Executor executor) {
    }

    /**
     * Makes a subscription with a blocking subscribe call.
     *
     * @param client   the client that calls
     * @param spec     the subscription
     * @param listener its listener
     * @return the open subscription
     */
    public Subscription subscribe(JsonRpcClient client, SubscriptionSpec spec, SubscriptionListener listener) {
        if (!client.endpoint().equals(endpoint)) {
            throw new IllegalArgumentException("the client goes to " + client.endpoint() + ", not to "
                    + endpoint + ": subscribe with a client built over this transport");
        }
        if (closed) {
            throw new TransportException("the transport to " + endpoint + " is closed", null);
        }
        var sub = new Sub(client, spec, listener, executor(spec.executor()));
        synchronized (this) {
            awaiting.merge(spec.notificationMethod(), 1, Integer::sum);
        }
        JsonNode id;
        try {
            id = client.request(spec.subscribeMethod(), spec.params());
        } catch (RuntimeException e) {
            synchronized (this) {
                doneAwaiting(spec.notificationMethod());
            }
            throw e;
        }
        subscriptions.add(sub);
        synchronized (this) {
            sub.register(id);
        }
        return sub;
    }

    /** Called with the lock held. */
    private void doneAwaiting(String method) {
        int left = awaiting.merge(method, -1, Integer::sum);
        if (left <= 0) {
            awaiting.remove(method);
            early.remove(method);
        }
    }

    private static String key(JsonNode id) {
        if (id == null || id.isMissingNode() || id.isNull()) {
            return null;
        }
        return id.isTextual() ? "s:" + id.textValue() : id.toString();
    }

    private final class Sub implements Subscription {
        final JsonRpcClient client;
        final SubscriptionSpec spec;
        final SubscriptionListener listener;
        final Executor executor;
        final AtomicReference<CloseReason> reason = new AtomicReference<>();
        volatile JsonNode id;
        volatile String key;

        Sub(JsonRpcClient client, SubscriptionSpec spec, SubscriptionListener listener, Executor executor) {
            this.client = client;
            this.spec = spec;
            this.listener = listener;
            this.executor = executor;
        }

        boolean matches(JsonNode params) {
            try {
                String k = key(spec.idOf().apply(params));
                return k != null && k.equals(key);
            } catch (RuntimeException e) {
                return false;
            }
        }

        void deliver(JsonNode params) {
            executor.execute(() -> {
                if (reason.get() == null) {
                    listener.onEvent(spec.payloadOf().apply(params));
                }
            });
        }

        /** With the router's lock held: goes live under the id, and takes the events kept for it. */
        void register(JsonNode newId) {
            String method = spec.notificationMethod();
            this.id = newId;
            this.key = key(newId);
            if (reason.get() == null && key != null) {
                live.computeIfAbsent(method, m -> new HashMap<>()).put(key, this);
                ArrayDeque<JsonNode> kept = early.get(method);
                if (kept != null) {
                    for (Iterator<JsonNode> it = kept.iterator(); it.hasNext(); ) {
                        JsonNode params = it.next();
                        if (matches(params)) {
                            it.remove();
                            deliver(params);
                        }
                    }
                }
            }
            doneAwaiting(method);
        }

        /** With the router's lock held: the old id is dead. */
        void unregister() {
            String k = key;
            if (k != null) {
                Map<String, Sub> byId = live.get(spec.notificationMethod());
                if (byId != null) {
                    byId.remove(k, this);
                }
            }
            key = null;
        }

        void resubscribe() {
            if (reason.get() != null) {
                return;
            }
            synchronized (ServerMessages.this) {
                unregister();
                awaiting.merge(spec.notificationMethod(), 1, Integer::sum);
            }
            CompletableFuture<JsonNode> call;
            try {
                call = client.requestAsync(spec.subscribeMethod(), spec.params());
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete((newId, error) -> {
                if (error != null) {
                    LOG.warn("could not subscribe again to {} on {} after reconnecting: {}", spec.subscribeMethod(),
                            endpoint, error.toString());
                    synchronized (ServerMessages.this) {
                        doneAwaiting(spec.notificationMethod());
                    }
                    end(CloseReason.RESUBSCRIBE_FAILED);
                    return;
                }
                executor.execute(() -> {
                    if (reason.get() == null) {
                        listener.onMissedEvents();
                    }
                });
                synchronized (ServerMessages.this) {
                    register(newId);
                }
            });
        }

        /** Ends without unsubscribing; {@return true if this call ended it} */
        boolean end(CloseReason why) {
            if (!reason.compareAndSet(null, why)) {
                return false;
            }
            subscriptions.remove(this);
            synchronized (ServerMessages.this) {
                unregister();
            }
            executor.execute(() -> listener.onClosed(why));
            return true;
        }

        @Override
        public JsonNode id() {
            return id;
        }

        @Override
        public Optional<CloseReason> closeReason() {
            return Optional.ofNullable(reason.get());
        }

        @Override
        public void close() {
            String liveKey = key;
            JsonNode liveId = id;
            if (!end(CloseReason.UNSUBSCRIBED)) {
                return;
            }
            if (spec.unsubscribeMethod() != null && liveKey != null && !closed) {
                try {
                    client.request(spec.unsubscribeMethod(), Params.of(liveId));
                } catch (JsonRpcClientException e) {
                    LOG.debug("{} on {} failed: {}", spec.unsubscribeMethod(), endpoint, e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "Subscription[" + spec.subscribeMethod() + " " + id + (reason.get() == null ? ""
                    : ", closed: " + reason.get()) + "]";
        }
    }

    private static final class Handler<T> {
        final T handler;
        final Executor executor;
        volatile boolean active = true;

        Handler(T handler, Executor executor) {
            this.handler = handler;
            this.executor = executor;
        }
    }

    /** The connection, with this router listening to its events after the multiplexer. */
    private final class Observed implements DuplexConnection {
        private final DuplexConnection connection;

        Observed(DuplexConnection connection) {
            this.connection = connection;
        }

        @Override
        public String endpoint() {
            return connection.endpoint();
        }

        @Override
        public void start(Listener listener) {
            connection.start(new Listener() {
                @Override
                public void onMessage(byte[] message) {
                    listener.onMessage(message);
                }

                @Override
                public void onDisconnected(TransportException reason) {
                    listener.onDisconnected(reason);
                    ServerMessages.this.onDisconnected(reason);
                }

                @Override
                public void onReconnected() {
                    listener.onReconnected();
                    ServerMessages.this.onReconnected();
                }

                @Override
                public void onLostForGood(TransportException reason) {
                    listener.onLostForGood(reason);
                    ServerMessages.this.onLostForGood(reason);
                }
            });
        }

        @Override
        public CompletableFuture<Void> send(byte[] message) {
            return connection.send(message);
        }

        @Override
        public void close() {
            onClosed();
            connection.close();
        }

        @Override
        public String toString() {
            return connection.toString();
        }
    }
}
