package io.jsonrpcclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.internal.AutoBatcher;
import io.jsonrpcclient.internal.CallbackThreads;
import io.jsonrpcclient.internal.Deadlines;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.ExchangeLogger;
import io.jsonrpcclient.internal.Futures;
import io.jsonrpcclient.internal.ProxyHandler;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JSON-RPC 2.0 client: builds requests, sends them over a {@link Transport}, checks the replies
 * and returns results or throws precise exceptions. Immutable and thread-safe: build one per
 * server and share it; ids stay unique across threads.
 * <pre>{@code
 * try (JsonRpcClient client = JsonRpcClient.http("http://127.0.0.1:8080/")) {
 *     int sum = client.request(Integer.class, "add", 1, 2);                  // positional params
 *     JsonNode hi = client.request("cat", Params.named(Map.of("name", "Yoko"))); // named params
 *     client.notify("log", "hello");                                         // no reply expected
 *     BatchResponse both = client.send(client.batch()
 *             .request("add", 1, 2)
 *             .request("add", 3, 4)
 *             .build());
 *     CompletableFuture<Integer> later = client.requestAsync(Integer.class, "add", 5, 6);
 *     Calculator calculator = client.proxy(Calculator.class);              // calculator.add(1, 2)
 * }
 * }</pre>
 *
 * <p>Calls that return a result ({@code request}) throw {@link ErrorResponseException} when the server
 * answers with an error; calls that return {@link Response} values ({@code send}) hand errors back
 * as {@link Response.Failure}. Every call waits at most its timeout (default 30 s). All failures
 * are {@link JsonRpcClientException}s whose messages name the endpoint and the method, unless an
 * {@link ErrorMapper} turns error responses into the caller's own exceptions.
 *
 * <h2>Async calls</h2>
 * Every call has a twin ending in {@code Async} that returns at once with a {@link CompletableFuture};
 * the blocking methods are these same calls, waited for. No thread waits while a call is in flight.
 * <ul>
 *   <li>A future fails with the same exception the blocking call throws, itself, so
 *       {@code exceptionally}, {@code handle} and {@code whenComplete} on the returned future see an
 *       {@link ErrorResponseException} or a {@link TransportException} directly. As everywhere in
 *       the JDK, stages derived from it see that exception wrapped in a {@link CompletionException},
 *       {@code join()} throws it wrapped in a {@code CompletionException} and {@code get()} in an
 *       {@link ExecutionException}.</li>
 *   <li>Mistakes found before anything is sent (an empty batch, parameters Jackson cannot write)
 *       are thrown by the async method itself as {@link IllegalArgumentException}, as
 *       {@code HttpClient.sendAsync} does.</li>
 *   <li>The call's timeout applies: past it, the future fails with {@link RequestTimeoutException}.
 *       {@code future.cancel(true)} abandons the call: the transport aborts the exchange and
 *       releases its connection, and a late reply is dropped.</li>
 *   <li>Futures complete, and the functions chained on them run, on the
 *       {@linkplain Builder#callbackExecutor(Executor) callback executor}, never on a transport's
 *       I/O thread unless asked for with {@code callbackExecutor(Runnable::run)}.</li>
 * </ul>
 * <pre>{@code
 * client.requestAsync(Integer.class, "add", 1, 2)
 *         .thenAccept(sum -> System.out.println("sum " + sum))
 *         .exceptionally(failure -> { log.warn("add failed", failure.getCause()); return null; });
 * }</pre>
 *
 * <h2>Automatic batching</h2>
 * Off by default. With {@link Builder#autoBatch(Duration, int)}, single calls made within a short
 * window of one another, from any threads, go to the server as one batch, and each caller still
 * gets its own result or its own error; see that method for the rules.
 * <pre>{@code
 * JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(uri))
 *         .autoBatch(Duration.ofMillis(2), 64)
 *         .build();
 * // 64 threads calling client.request(Integer.class, "add", 1, 2) at once make a few HTTP requests, not 64
 * }</pre>
 *
 * @since 0.1
 */
public final class JsonRpcClient implements AutoCloseable {

    /** The default time a call may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Transport transport;
    private final JsonRpcCodec codec;
    private final IdGenerator ids;
    private final Duration timeout;
    private final CallOptions options;
    private final ExchangeLogger log;
    private final Executor callbacks;
    private final ErrorMapper errorMapper;
    private final boolean ownsTransport;
    private final BiFunction<Message, byte[], Reply> decoder;
    /** Null when automatic batching is off. */
    private final AutoBatcher batcher;
    /** Where this client's calls wait to be batched; null when they go alone. */
    private final AutoBatcher.Lane lane;
    private final boolean ownsBatcher;

    /**
     * Creates a client. With {@code batcher} null and a {@code window}, it starts its own batcher
     * (and closes it); a view made by {@link #with} passes its parent's, which it does not close.
     */
    private JsonRpcClient(Transport transport, JsonRpcCodec codec, IdGenerator ids, Duration timeout,
            CallOptions options, ExchangeLogger log, Executor callbacks, ErrorMapper errorMapper,
            boolean ownsTransport, AutoBatcher batcher, Duration window, int maxBatchSize) {
        this.transport = transport;
        this.codec = codec;
        this.ids = ids;
        this.timeout = timeout;
        this.options = options;
        this.log = log;
        this.callbacks = callbacks;
        this.errorMapper = errorMapper;
        this.ownsTransport = ownsTransport;
        this.decoder = codec::decodeReply;
        this.ownsBatcher = batcher == null && window != null;
        this.batcher = ownsBatcher ? new AutoBatcher(window, maxBatchSize, codec, this::sendForBatcher, callbacks) : batcher;
        // Calls whose exchanges would differ (a header, a timeout) must not share a batch; a view's
        // lane is fixed, so it is worked out once here rather than per call.
        this.lane = this.batcher != null && !options.sendAlone()
                ? new AutoBatcher.Lane(options, options.timeout().orElse(timeout)) : null;
    }

    /**
     * Returns a client for an HTTP(S) URL with every default.
     *
     * @param url the server's URL, e.g. {@code http://127.0.0.1:8545/}
     * @return the client
     */
    public static JsonRpcClient http(String url) {
        return newBuilder(HttpTransport.of(URI.create(url))).build();
    }

    /**
     * Returns a builder over a transport. The client closes the transport when it is closed.
     *
     * @param transport the transport
     * @return the builder
     */
    public static Builder newBuilder(Transport transport) {
        return new Builder(transport);
    }

    /**
     * Returns a builder holding this client's settings and transport, to derive a variant.
     * The variant shares the transport and the id sequence, and does not close the transport.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        var b = new Builder(transport);
        b.codec = codec;
        b.ids = ids;
        b.timeout = timeout;
        b.options = options;
        b.requestFormat = log.requestFormat();
        b.responseFormat = log.responseFormat();
        b.callbacks = callbacks;
        b.errorMapper = errorMapper;
        b.derived = true;
        if (batcher != null) {
            b.batchWindow = batcher.window();
            b.maxBatchSize = batcher.maxSize();
        }
        return b;
    }

    /**
     * Returns a view of this client whose calls use the given options merged over this client's
     * (the given ones win). The view shares the transport and the ids, and closing it does nothing.
     * <pre>{@code
     * client.with(CallOptions.newBuilder().timeout(Duration.ofSeconds(2)).build()).request("ping");
     * }</pre>
     *
     * @param overrides the options
     * @return the view
     */
    public JsonRpcClient with(CallOptions overrides) {
        Objects.requireNonNull(overrides, "overrides");
        return new JsonRpcClient(transport, codec, ids, timeout, options.mergedWith(overrides), log, callbacks,
                errorMapper, false, batcher, null, 0);
    }

    /** {@return where calls go} */
    public String endpoint() {
        return transport.endpoint();
    }

    /** {@return the codec, for binding results and data to Java types} */
    public JsonRpcCodec codec() {
        return codec;
    }

    /** {@return the default time a call may take} */
    public Duration timeout() {
        return options.timeout().orElse(timeout);
    }

    /**
     * Returns a batch builder whose requests take ids from this client's generator, and which can
     * send itself and hand out {@linkplain BatchBuilder#call(Class, String, Object...) typed
     * handles} to each call's result.
     *
     * @return the builder
     */
    public BatchBuilder batch() {
        return new BatchBuilder(ids, this);
    }

    /**
     * Returns an implementation of an interface whose methods call the server: the method's name
     * is the JSON-RPC method, its arguments the positional params, its return type the result's.
     * <pre>{@code
     * interface Calculator {
     *     int add(int a, int b);                                   // "add", [a, b]
     *     @JsonRpcMethod("pets.find") List<Pet> find(@JsonRpcParam("owner") String owner);
     *     CompletableFuture<Pet> adopt(int petId);                 // async
     *     @JsonRpcNotification void log(String line);              // a notification
     *     default int twice(int a) { return add(a, a); }           // runs here
     * }
     * Calculator calculator = client.proxy(Calculator.class);
     * int three = calculator.add(1, 2);
     * }</pre>
     *
     * <p>See {@link JsonRpcMethod}, {@link JsonRpcParam} and {@link JsonRpcNotification}. Results
     * are bound by the codec, so generic types ({@code List<Pet>}, {@code Map<String, Pet>}),
     * records and {@code JsonNode} work; an {@code Optional<T>} result is empty for JSON null, and
     * a method returning {@code CompletableFuture<T>} (or {@code CompletionStage<T>}) is async. A
     * method whose only parameter is a {@link Params} sends it as it is. Proxied calls throw the
     * exceptions direct calls throw. {@code equals} and {@code hashCode} are those of the proxy
     * object (identity), {@code toString} names the interface and the endpoint, and default
     * methods run in the proxy. The proxy is thread-safe and uses this client's settings; make it
     * once and keep it.
     *
     * @param api the interface
     * @param <T> its type
     * @return the proxy
     * @throws IllegalArgumentException if {@code api} is not an interface or a method cannot be called
     *         this way (the message names the method and why)
     */
    public <T> T proxy(Class<T> api) {
        Objects.requireNonNull(api, "api");
        ProxyHandler handler = ProxyHandler.of(api, new ClientRemoteCalls(this));
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
    }

    // ---------------------------------------------------------------- requests returning results

    /**
     * Calls a method with positional parameters and returns its result as JSON.
     *
     * @param method the method
     * @param params the positional parameters (none for a call without params)
     * @return the result; JSON null is {@code NullNode}
     * @throws ErrorResponseException if the server answered with an error
     * @throws JsonRpcClientException for every other failure (see the subclasses)
     */
    public JsonNode request(String method, Object... params) {
        return request(method, positional(params));
    }

    /**
     * Calls a method and returns its result as JSON.
     *
     * @param method the method
     * @param params the parameters
     * @return the result; JSON null is {@code NullNode}
     * @throws ErrorResponseException if the server answered with an error
     * @throws JsonRpcClientException for every other failure
     */
    public JsonNode request(String method, Params params) {
        return await(startRequest(method, params, Function.identity(), true), method);
    }

    /**
     * Calls a method with positional parameters and binds its result to a class.
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the result; null for JSON null
     * @throws ErrorResponseException   if the server answered with an error
     * @throws InvalidResponseException if the result does not fit the type
     * @throws JsonRpcClientException   for every other failure
     */
    public <T> T request(Class<T> resultType, String method, Object... params) {
        return request(resultType, method, positional(params));
    }

    /**
     * Calls a method and binds its result to a class.
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the result; null for JSON null
     */
    public <T> T request(Class<T> resultType, String method, Params params) {
        return await(startRequest(method, params, binder(codec.typeOf(resultType)), true), method);
    }

    /**
     * Calls a method with positional parameters and binds its result to a generic type,
     * e.g. {@code new TypeReference<List<String>>() {}}.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the result; null for JSON null
     */
    public <T> T request(TypeReference<T> resultType, String method, Object... params) {
        return request(resultType, method, positional(params));
    }

    /**
     * Calls a method and binds its result to a generic type.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the result; null for JSON null
     */
    public <T> T request(TypeReference<T> resultType, String method, Params params) {
        return await(startRequest(method, params, binder(codec.typeOf(resultType.getType())), true), method);
    }

    // ---------------------------------------------------------------- async requests returning results

    /**
     * Calls a method with positional parameters without waiting; see {@link #request(String, Object...)}.
     *
     * @param method the method
     * @param params the positional parameters
     * @return the result as JSON, or a failure as {@link #request(String, Object...)} throws it
     * @throws IllegalArgumentException if the params cannot be written as JSON (nothing is sent)
     */
    public CompletableFuture<JsonNode> requestAsync(String method, Object... params) {
        return requestAsync(method, positional(params));
    }

    /**
     * Calls a method without waiting; see {@link #request(String, Params)}.
     *
     * @param method the method
     * @param params the parameters
     * @return the result as JSON, or a failure
     */
    public CompletableFuture<JsonNode> requestAsync(String method, Params params) {
        return startRequest(method, params, Function.identity(), false);
    }

    /**
     * Calls a method with positional parameters without waiting, and binds its result to a class.
     * <pre>{@code
     * CompletableFuture<Integer> sum = client.requestAsync(Integer.class, "add", 1, 2);
     * }</pre>
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the result (null for JSON null), or a failure
     */
    public <T> CompletableFuture<T> requestAsync(Class<T> resultType, String method, Object... params) {
        return requestAsync(resultType, method, positional(params));
    }

    /**
     * Calls a method without waiting, and binds its result to a class.
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the result (null for JSON null), or a failure
     */
    public <T> CompletableFuture<T> requestAsync(Class<T> resultType, String method, Params params) {
        return startRequest(method, params, binder(codec.typeOf(resultType)), false);
    }

    /**
     * Calls a method with positional parameters without waiting, and binds its result to a
     * generic type.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the result (null for JSON null), or a failure
     */
    public <T> CompletableFuture<T> requestAsync(TypeReference<T> resultType, String method, Object... params) {
        return requestAsync(resultType, method, positional(params));
    }

    /**
     * Calls a method without waiting, and binds its result to a generic type.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the result (null for JSON null), or a failure
     */
    public <T> CompletableFuture<T> requestAsync(TypeReference<T> resultType, String method, Params params) {
        return startRequest(method, params, binder(codec.typeOf(resultType.getType())), false);
    }

    // ---------------------------------------------------------------- notifications

    /**
     * Sends a notification with positional parameters; the server sends no reply.
     *
     * @param method the method
     * @param params the positional parameters
     * @throws JsonRpcClientException if it could not be delivered, or the server refused it with an error
     */
    public void notify(String method, Object... params) {
        notify(method, positional(params));
    }

    /**
     * Sends a notification.
     *
     * @param method the method
     * @param params the parameters
     */
    public void notify(String method, Params params) {
        await(startNotification(method, params, true), method);
    }

    /**
     * Sends a notification with positional parameters without waiting.
     *
     * @param method the method
     * @param params the positional parameters
     * @return completes with null once the message was delivered, or fails as {@link #notify(String, Object...)} throws
     */
    public CompletableFuture<Void> notifyAsync(String method, Object... params) {
        return notifyAsync(method, positional(params));
    }

    /**
     * Sends a notification without waiting.
     *
     * @param method the method
     * @param params the parameters
     * @return completes with null once the message was delivered, or a failure
     */
    public CompletableFuture<Void> notifyAsync(String method, Params params) {
        return startNotification(method, params, false);
    }

    // ---------------------------------------------------------------- messages returning values

    /**
     * Sends a request and returns its response, an error being a value rather than an exception.
     *
     * @param request the request, with its id
     * @return the response, whose id matches the request's (or is null for a server that could not read it)
     */
    public Response send(Request request) {
        return await(startSend(request, JsonRpcClient::asResponse, true), request);
    }

    /**
     * Sends a notification.
     *
     * @param notification the notification
     */
    public void send(Notification notification) {
        await(startSend(notification, reply -> null, true), notification);
    }

    /**
     * Sends a batch and returns its responses matched to its requests.
     * A batch of notifications only returns an empty {@link BatchResponse}.
     *
     * @param batch the batch
     * @return the responses
     * @throws ErrorResponseException if the server refused the whole batch with a single error
     */
    public BatchResponse send(Batch batch) {
        return await(startSend(batch, JsonRpcClient::asBatchResponse, true), batch);
    }

    /**
     * Sends any message and returns what came back.
     *
     * @param message the message
     * @return a {@link Response}, a {@link BatchResponse}, or {@link Reply.None}
     */
    public Reply send(Message message) {
        Objects.requireNonNull(message, "message");
        return await(startSend(message, replyTo(message), true), message);
    }

    /**
     * Sends request text as it is (one request, one notification or a batch) and returns the
     * parsed reply, checked against the ids in the text. Python jsonrpcclient's {@code send(str)}.
     *
     * @param json the message text
     * @return what came back
     * @throws IllegalArgumentException if the text is not a JSON-RPC request, notification or batch
     */
    public Reply send(String json) {
        Message message = codec.parseMessage(json);
        return await(start(message, json.getBytes(StandardCharsets.UTF_8), Function.identity(), true), message);
    }

    // ---------------------------------------------------------------- async messages returning values

    /**
     * Sends a request without waiting; its error, if any, is a {@link Response.Failure} value.
     *
     * @param request the request, with its id
     * @return the response, or a failure as {@link #send(Request)} throws it
     */
    public CompletableFuture<Response> sendAsync(Request request) {
        return startSend(request, JsonRpcClient::asResponse, false);
    }

    /**
     * Sends a notification without waiting.
     *
     * @param notification the notification
     * @return completes with null once the message was delivered, or a failure
     */
    public CompletableFuture<Void> sendAsync(Notification notification) {
        return startSend(notification, reply -> null, false);
    }

    /**
     * Sends a batch without waiting. For typed results per call, see {@link BatchBuilder#sendAsync()}.
     * <pre>{@code
     * client.sendAsync(batch).thenAccept(replies -> replies.responses().forEach(System.out::println));
     * }</pre>
     *
     * @param batch the batch
     * @return the responses, or a failure (an {@link ErrorResponseException} for a batch refused whole)
     */
    public CompletableFuture<BatchResponse> sendAsync(Batch batch) {
        return startSend(batch, JsonRpcClient::asBatchResponse, false);
    }

    /**
     * Sends any message without waiting.
     *
     * @param message the message
     * @return a {@link Response}, a {@link BatchResponse} or {@link Reply.None}, or a failure
     */
    public CompletableFuture<Reply> sendAsync(Message message) {
        Objects.requireNonNull(message, "message");
        return startSend(message, replyTo(message), false);
    }

    /**
     * Sends request text as it is without waiting; see {@link #send(String)}.
     *
     * @param json the message text
     * @return what came back, or a failure
     * @throws IllegalArgumentException if the text is not a JSON-RPC request, notification or batch
     */
    public CompletableFuture<Reply> sendAsync(String json) {
        Message message = codec.parseMessage(json);
        return start(message, json.getBytes(StandardCharsets.UTF_8), Function.identity(), false);
    }

    // ---------------------------------------------------------------- for BatchBuilder, BatchCall and proxies

    /** Starts a request whose result goes through {@code result}; blocking callers then {@link #await} it. */
    <T> CompletableFuture<T> startRequest(String method, Params params, Function<JsonNode, T> result,
            boolean blocking) {
        Request request = Request.of(method, params, ids.next());
        if (lane == null && result instanceof Binder<T> binder && binder.type.getRawClass() == byte[].class) {
            // Bound by the codec alone, which may bind from the body itself: a large base64 result
            // is decoded into its byte[] without the tree's String of the whole text.
            BiFunction<Message, byte[], Reply> forType = (sent, body) -> codec.decodeReplyFor(request, body, binder.type);
            return start(request, encode(request), reply -> binder.apply(resultOf(reply)), blocking, forType);
        }
        return startCall(request, reply -> result.apply(resultOf(reply)), blocking);
    }

    /** Starts a notification; the future completes with null once it was delivered. */
    CompletableFuture<Void> startNotification(String method, Params params, boolean blocking) {
        return startCall(Notification.of(method, params), reply -> null, blocking);
    }

    /** Starts a batch; the future completes with its responses. */
    CompletableFuture<BatchResponse> startBatch(Batch batch, boolean blocking) {
        return startSend(batch, JsonRpcClient::asBatchResponse, blocking);
    }

    /** {@return a function binding a result to the type, failing with InvalidResponseException} */
    <T> Function<JsonNode, T> binder(JavaType type) {
        return new Binder<>(codec, type);
    }

    /** Binds a result to a type with the codec; {@link #startRequest} knows it by its class. */
    private record Binder<T>(JsonRpcCodec codec, JavaType type) implements Function<JsonNode, T> {
        @Override
        public T apply(JsonNode result) {
            return codec.bind(result, type);
        }
    }

    /**
     * Waits for a call started with {@code blocking} set, as the blocking methods do.
     *
     * @param call        the call
     * @param description the method, or {@code batch of N}, for exceptions
     * @return its value
     */
    <R> R await(CompletableFuture<R> call, String description) {
        Duration callTimeout = timeout();
        try {
            // The future is already bounded by the timeout; the extra second only guards a transport bug.
            long waitMillis = callTimeout.toMillis() + 1000;
            if (call instanceof BlockingCall<R> blocking) {
                // The outcome (decoding, binding, the error mapper) runs here, on the caller's thread,
                // whichever thread brought the reply.
                blocking.completion.get(waitMillis, TimeUnit.MILLISECONDS).run();
            }
            return call.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Already the exception to raise: the endpoint and method are in it, the mapper applied.
            Throwable failure = e.getCause();
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw failure(failure, description);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw failure(new RequestTimeoutException(callTimeout, e), description);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(new JsonRpcClientException("interrupted while waiting for the reply", e), description);
        }
    }

    /**
     * Turns anything a call failed with into the exception its caller sees: a
     * {@link JsonRpcClientException} naming the endpoint and the method, passed through the
     * {@link ErrorMapper} when it is an error response.
     */
    RuntimeException failure(Throwable error, String description) {
        JsonRpcClientException failure = asClientException(error, timeout())
                .withContext(transport.endpoint(), description);
        if (errorMapper == null || !(failure instanceof ErrorResponseException response)) {
            return failure;
        }
        RuntimeException mapped;
        try {
            mapped = errorMapper.map(response);
        } catch (RuntimeException thrown) {
            mapped = thrown;
        }
        return mapped != null ? mapped : failure;
    }

    // ---------------------------------------------------------------- the exchange: one path for every call

    private <R> R await(CompletableFuture<R> call, Message message) {
        return await(call, Exchange.describe(message));
    }

    private <R> CompletableFuture<R> startSend(Message message, Function<Reply, R> finish, boolean blocking) {
        return start(message, encode(message), finish, blocking);
    }

    private byte[] encode(Message message) {
        try {
            return codec.encode(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Exchange.describe(message) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a call whose id this client chose (or a notification): with automatic batching on, it
     * waits in its lane's window to be sent with others; otherwise, or once the batcher is closed,
     * it goes alone. Explicit messages ({@code send(...)}) always go as they are.
     */
    private <R> CompletableFuture<R> startCall(Call message, Function<Reply, R> finish, boolean blocking) {
        if (lane == null) {
            return startSend(message, finish, blocking);
        }
        byte[] body = encode(message);
        AutoBatcher.Pending pending = batcher.add(lane, message, body, blocking);
        if (pending == null) {
            return start(message, body, finish, blocking);
        }
        Duration callTimeout = lane.timeout();
        return follow(pending, callTimeout, blocking, Exchange.describe(message), (reply, error) -> {
            if (error != null) {
                throw asClientException(error, callTimeout);
            }
            return finish.apply(reply);
        });
    }

    /**
     * Sends what the batcher put together (a batch, or one call) as one exchange, logged as such;
     * the reply is decoded as {@link #start} decodes it, on the callback executor when an async call
     * waits on it. Never throws: a transport that refuses the exchange fails the future.
     */
    private CompletableFuture<Reply> sendForBatcher(Message message, byte[] body, AutoBatcher.Lane batchLane,
            boolean async, BiFunction<Message, byte[], Reply> batchDecoder) {
        var reply = new CompletableFuture<Reply>();
        Duration exchangeTimeout = batchLane.timeout();
        CompletableFuture<TransportResponse> sent;
        try {
            log.request(transport.endpoint(), body);
            sent = transport.exchange(new Exchange(message, body, batchLane.options(), exchangeTimeout,
                    codec.maxResponseBytes()));
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
            return reply;
        }
        Deadlines.orTimeout(sent, exchangeTimeout).whenComplete((response, error) -> {
            Runnable decode = () -> {
                try {
                    reply.complete(checked(message, response, error, exchangeTimeout, batchDecoder));
                } catch (Throwable e) {
                    reply.completeExceptionally(e);
                }
            };
            try {
                if (async) {
                    runOn(callbacks, decode);
                } else {
                    // Only blocking callers wait, each parked on its own future: completing here runs
                    // no user code on the transport's thread and saves a hop between threads.
                    decode.run();
                }
            } catch (RejectedExecutionException e) {
                reply.completeExceptionally(
                        new JsonRpcClientException("the callback executor refused to complete the call", e));
            }
        });
        reply.whenComplete((value, error) -> {
            if (error != null) {
                sent.cancel(true);  // every call of the batch ended without it: abort the exchange
            }
        });
        return reply;
    }

    /**
     * Hands the message to the transport and returns a future that this client completes itself,
     * with {@code finish} applied to the checked reply, or with the exception the caller should see
     * (not wrapped in a {@code CompletionException}, as a dependent stage would be).
     */
    private <R> CompletableFuture<R> start(Message message, byte[] body, Function<Reply, R> finish,
            boolean blocking) {
        return start(message, body, finish, blocking, decoder);
    }

    private <R> CompletableFuture<R> start(Message message, byte[] body, Function<Reply, R> finish,
            boolean blocking, BiFunction<Message, byte[], Reply> replyDecoder) {
        Duration callTimeout = timeout();
        var exchange = new Exchange(message, body, options, callTimeout, codec.maxResponseBytes(), blocking);
        log.request(transport.endpoint(), body);
        CompletableFuture<TransportResponse> sent = handOver(exchange);
        return follow(sent, callTimeout, blocking, Exchange.describe(message),
                (response, error) -> finish.apply(checked(message, response, error, callTimeout, replyDecoder)));
    }

    /**
     * Returns the caller's future for a call whose outcome {@code source} brings: bounded by the
     * timeout, completed by this client on the right executor with what {@code outcome} makes of
     * the source's value or failure.
     */
    private <S, R> CompletableFuture<R> follow(CompletableFuture<S> source, Duration callTimeout, boolean blocking,
            String description, BiFunction<S, Throwable, R> outcome) {
        CompletableFuture<R> call;
        Executor completer;
        if (blocking) {
            var waited = new BlockingCall<R>();
            call = waited;
            completer = waited;
        } else {
            call = new CompletableFuture<>();
            completer = callbacks;
        }
        // A transport that did the exchange on this thread (a blocking caller, a blocking engine)
        // returns a finished future, which needs no timer; a pending one gets a Deadlines entry,
        // which unlike orTimeout costs no wake-up of a timer thread per call.
        Deadlines.orTimeout(source, callTimeout).whenComplete((value, error) ->
                complete(call, completer, () -> outcome.apply(value, error), description));
        // A call that ends without its reply (cancelled by the caller, timed out) abandons the
        // exchange, so the transport can abort it and free the connection it holds (a batched call
        // leaves its window, or its batch once no other call waits on it).
        call.whenComplete((value, error) -> {
            if (error != null) {
                source.cancel(true);
            }
        });
        return call;
    }

    private CompletableFuture<TransportResponse> handOver(Exchange exchange) {
        try {
            return transport.exchange(exchange);
        } catch (IllegalArgumentException | IllegalStateException usage) {
            throw usage;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <R> void complete(CompletableFuture<R> call, Executor completer, Supplier<R> outcome,
            String description) {
        Runnable completion = () -> {
            try {
                call.complete(outcome.get());
            } catch (Throwable e) {
                // Whatever happens, the call ends: a future left pending would hang its caller.
                call.completeExceptionally(shaped(e, description));
            }
        };
        try {
            runOn(completer, completion);
        } catch (RejectedExecutionException e) {
            // A shut-down executor must not leave the caller waiting forever.
            call.completeExceptionally(failure(
                    new JsonRpcClientException("the callback executor refused to complete the call", e), description));
        }
    }

    /**
     * Runs the task on the executor, or here when the executor is the shared pool and the transport
     * already handed its completion to this thread of it: no second hop.
     *
     * @throws RejectedExecutionException if the executor refuses the task
     */
    private static void runOn(Executor executor, Runnable task) {
        if (executor == CallbackThreads.shared() && CallbackThreads.claimHandOver()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** {@return the failure the caller sees; an Error (even one from the mapper) passes as it is} */
    private Throwable shaped(Throwable error, String description) {
        if (!(error instanceof RuntimeException)) {
            return error;
        }
        try {
            return failure(error, description);
        } catch (Error mapperFailed) {
            return mapperFailed;
        }
    }

    private Reply checked(Message message, TransportResponse response, Throwable error, Duration callTimeout,
            BiFunction<Message, byte[], Reply> replyDecoder) {
        if (error != null) {
            throw asClientException(error, callTimeout);
        }
        log.response(transport.endpoint(), response.body(), response.attributes());
        return decode(message, response, replyDecoder);
    }

    private Reply decode(Message message, TransportResponse response, BiFunction<Message, byte[], Reply> replyDecoder) {
        Reply reply;
        try {
            reply = replyDecoder.apply(message, response.body());
        } catch (ParseResponseException | InvalidResponseException | NoResponseException e) {
            if (response.failure().isPresent()) {
                TransportException failure = response.failure().get();
                failure.addSuppressed(e);
                throw failure;
            }
            throw e;
        }
        boolean noJsonRpcReply = reply == Reply.None.INSTANCE
                || (reply instanceof BatchResponse b && b.isEmpty());
        if (noJsonRpcReply && response.failure().isPresent()) {
            throw response.failure().get();
        }
        return reply;
    }

    private static JsonRpcClientException asClientException(Throwable error, Duration callTimeout) {
        Throwable t = Futures.cause(error);
        if (t instanceof JsonRpcClientException e) {
            return e;
        }
        if (t instanceof TimeoutException) {
            return new RequestTimeoutException(callTimeout, t);
        }
        if (t instanceof CancellationException) {
            return new JsonRpcClientException("the call was cancelled", t);
        }
        return new TransportException("the transport failed: " + t, t);
    }

    private static Function<Reply, Reply> replyTo(Message message) {
        return message instanceof Batch ? JsonRpcClient::asBatchResponse : Function.identity();
    }

    private static Response asResponse(Reply reply) {
        return (Response) reply;
    }

    private static BatchResponse asBatchResponse(Reply reply) {
        return reply instanceof BatchResponse responses ? responses : BatchResponse.empty();
    }

    private static JsonNode resultOf(Reply reply) {
        if (reply instanceof Response.Failure failure) {
            throw new ErrorResponseException(failure);
        }
        return ((Response.Success) reply).result();
    }

    private static Params positional(Object[] params) {
        return params == null || params.length == 0 ? Params.none() : Params.of(params);
    }

    /**
     * Closes the transport, unless this client is a view made by {@link #with} or {@link #toBuilder}.
     * With {@linkplain Builder#autoBatch(Duration, int) automatic batching}, calls still waiting in a
     * window are sent first (their futures then end as calls in flight do when the transport closes),
     * and later calls go alone; a view made by {@code with} leaves its parent's batching alone.
     */
    @Override
    public void close() {
        if (ownsBatcher) {
            batcher.close();
        }
        if (ownsTransport) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "JsonRpcClient[" + transport.endpoint() + "]";
    }

    /** Builds a {@link JsonRpcClient}. Not thread-safe. */
    public static final class Builder {
        private final Transport transport;
        private JsonRpcCodec codec = JsonRpcCodec.standard();
        private IdGenerator ids;
        private Duration timeout = DEFAULT_TIMEOUT;
        private CallOptions options = CallOptions.none();
        private String requestFormat = ExchangeLogger.DEFAULT_REQUEST_FORMAT;
        private String responseFormat = ExchangeLogger.DEFAULT_RESPONSE_FORMAT;
        private Executor callbacks;
        private ErrorMapper errorMapper;
        private boolean derived;
        private Duration batchWindow;
        private int maxBatchSize;

        private Builder(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /**
         * Sets the codec (mapper, validation, limits).
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(JsonRpcCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Sets how strictly replies are checked, keeping the codec's other settings.
         *
         * @param validation the mode
         * @return this builder
         */
        public Builder validation(Validation validation) {
            this.codec = codec.toBuilder().validation(validation).build();
            return this;
        }

        /**
         * Turns validation off ({@code false}) or back to strict ({@code true}).
         * Python jsonrpcclient's {@code validate_against_schema}.
         *
         * @param validate whether to check replies
         * @return this builder
         */
        public Builder validate(boolean validate) {
            return validation(validate ? Validation.STRICT : Validation.OFF);
        }

        /**
         * Sets where request ids come from; {@link IdGenerators#decimal()} (1, 2, 3 …) by default.
         *
         * @param ids the generator
         * @return this builder
         */
        public Builder idGenerator(IdGenerator ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /**
         * Sets how long a call may take, reply included (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.requirePositive(timeout, "timeout");
            return this;
        }

        /**
         * Sets options for every call, such as headers.
         *
         * @param options the options
         * @return this builder
         */
        public Builder callOptions(CallOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Sets the text of request log entries; placeholders: {@code {endpoint}}, {@code {message}}.
         *
         * @param format e.g. {@code "{endpoint} --> {message}"}
         * @return this builder
         */
        public Builder requestLogFormat(String format) {
            this.requestFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets the text of response log entries; placeholders: {@code {endpoint}}, {@code {message}},
         * and the transport's details ({@code {http_code}}, {@code {http_reason}}, {@code {http_headers}}).
         *
         * @param format e.g. {@code "{endpoint} <-- {message} ({http_code} {http_reason})"}
         * @return this builder
         */
        public Builder responseLogFormat(String format) {
            this.responseFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets where async calls complete: the executor that decodes their replies, completes their
         * futures and so runs the functions chained on them. The default is a pool of daemon threads
         * named {@code jsonrpcclient-callback-N}, shared by all clients, that grows when callbacks
         * block and shrinks when idle. Pass your own to bound or instrument it, or
         * {@code Runnable::run} to complete on the transport's own I/O thread (one hop fewer, but a
         * slow callback then holds up the transport). Blocking calls do not use it. The client
         * never shuts it down.
         * <pre>{@code
         * ExecutorService callbacks = Executors.newFixedThreadPool(4);
         * JsonRpcClient client = JsonRpcClient.newBuilder(transport).callbackExecutor(callbacks).build();
         * }</pre>
         *
         * @param executor the executor; a call whose completion it rejects fails with a {@link JsonRpcClientException}
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbacks = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets how error responses become exceptions; by default each is an {@link ErrorResponseException}.
         *
         * @param mapper the mapper
         * @return this builder
         * @see ErrorMapper
         */
        public Builder errorMapper(ErrorMapper mapper) {
            this.errorMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Turns on automatic batching: single calls ({@code request}, {@code notify}, their async
         * twins and proxy calls) made within {@code window} of the first waiting one, from any
         * threads, are sent as one JSON-RPC batch, and each caller gets its own result or error.
         * Off by default; a zero {@code window} turns it off again (in a {@link JsonRpcClient#toBuilder()}).
         * <pre>{@code
         * JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(uri))
         *         .autoBatch(Duration.ofMillis(2), 100)      // wait up to 2 ms, send at most 100 at once
         *         .build();
         * CompletableFuture<Integer> a = client.requestAsync(Integer.class, "add", 1, 2);
         * CompletableFuture<Integer> b = client.requestAsync(Integer.class, "add", 3, 4);
         * // one HTTP request: [{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}, {... "id":2}]
         * }</pre>
         *
         * <p>The rules:
         * <ul>
         *   <li>The first call of a window waits at most {@code window}; a window holding
         *       {@code maxBatchSize} calls is sent at once. A window with one call sends it as a plain
         *       call, not a batch of one. The wait is added to each call's latency, so choose a window
         *       short next to a round trip's time (a millisecond or two over a network).</li>
         *   <li>Each caller gets exactly its own outcome: its result, or its own error response as
         *       {@link ErrorResponseException}. A transport failure, a reply that is not a valid batch
         *       reply, or a batch refused with a single error fails every call of that batch. A reply
         *       that leaves out a call fails that call alone, with {@link NoResponseException} (or the
         *       server's error with a null id, when it sent one).</li>
         *   <li>Each call keeps its own timeout, counted from when it was made, and its own
         *       cancellation: a call cancelled or timed out before its window is sent is left out of
         *       the batch; after, its result is dropped, and once every call of a batch has ended the
         *       exchange is aborted.</li>
         *   <li>Only calls whose exchanges would be the same share a batch: a view made by
         *       {@link JsonRpcClient#with(CallOptions)} with other headers or another timeout batches
         *       its calls apart. {@link CallOptions.Builder#sendAlone()} makes a view whose calls are
         *       never batched. {@code send(...)} of an explicit message and {@link BatchBuilder}
         *       batches always go as they are.</li>
         *   <li>{@link JsonRpcClient#close()} sends the calls still waiting before it closes the
         *       transport, so no future is left pending; later calls go alone.</li>
         *   <li>The windows' timers share one daemon thread for the whole JVM; a window whose timer
         *       fires is sent from the shared callback pool, because a blocking HTTP engine sends on the
         *       calling thread.</li>
         * </ul>
         *
         * <p>Leave it off for servers that do not take batches (JSON-RPC 1.0 servers, some gateways
         * and load balancers that route by the body's {@code method}), for servers that answer a
         * batch only once its slowest call is done when calls must not wait for one another, and on
         * transports that serialise replies anyway. Works over every transport, HTTP and duplex.
         *
         * @param window       how long the first call of a batch waits for others; zero turns batching off
         * @param maxBatchSize the most calls in one batch, at least 2
         * @return this builder
         * @throws IllegalArgumentException if {@code window} is negative or {@code maxBatchSize} is below 2
         */
        public Builder autoBatch(Duration window, int maxBatchSize) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("window must not be negative, was " + window);
            }
            if (maxBatchSize < 2) {
                throw new IllegalArgumentException("maxBatchSize must be at least 2, was " + maxBatchSize);
            }
            this.batchWindow = window.isZero() ? null : window;
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** {@return the client} */
        public JsonRpcClient build() {
            return new JsonRpcClient(transport, codec, ids != null ? ids : IdGenerators.decimal(), timeout,
                    options, new ExchangeLogger(requestFormat, responseFormat),
                    callbacks != null ? callbacks : CallbackThreads.shared(), errorMapper, !derived,
                    null, batchWindow, maxBatchSize);
        }
    }

    /**
     * The future of a blocking call, and the executor of its completion: the completion is not run by
     * the thread that brings the reply (a connection's reader, a timer) but handed to the caller, who
     * runs it in {@link #await}. So a transport may complete a blocking exchange on its own thread
     * without the client's decoding or the user's error mapper running there.
     */
    private static final class BlockingCall<R> extends CompletableFuture<R> implements Executor {
        final CompletableFuture<Runnable> completion = new CompletableFuture<>();

        @Override
        public void execute(Runnable task) {
            completion.complete(task);
        }
    }
}
