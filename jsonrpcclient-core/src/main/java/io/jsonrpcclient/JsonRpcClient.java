package io.jsonrpcclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.internal.Durations;
import io.jsonrpcclient.internal.ExchangeLogger;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.transport.TransportResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * }
 * }</pre>
 *
 * <p>Calls that return a result ({@code request}) throw {@link ErrorResponseException} when the server
 * answers with an error; calls that return {@link Response} values ({@code send}) hand errors back
 * as {@link Response.Failure}. Every call waits at most its timeout (default 30 s). All failures
 * are {@link JsonRpcClientException}s whose messages name the endpoint and the method.
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
    private final boolean ownsTransport;

    private JsonRpcClient(Transport transport, JsonRpcCodec codec, IdGenerator ids, Duration timeout,
            CallOptions options, ExchangeLogger log, boolean ownsTransport) {
        this.transport = transport;
        this.codec = codec;
        this.ids = ids;
        this.timeout = timeout;
        this.options = options;
        this.log = log;
        this.ownsTransport = ownsTransport;
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
        b.derived = true;
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
        return new JsonRpcClient(transport, codec, ids, timeout, options.mergedWith(overrides), log, false);
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

    /** {@return a batch builder whose requests take ids from this client's generator} */
    public BatchBuilder batch() {
        return new BatchBuilder(ids);
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
        Request request = Request.of(method, params, ids.next());
        return resultOf(send(request), request);
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
        return bound(request(method, params), codec.typeOf(resultType), method);
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
        return bound(request(method, params), codec.typeOf(resultType.getType()), method);
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
        send(Notification.of(method, params));
    }

    // ---------------------------------------------------------------- messages returning values

    /**
     * Sends a request and returns its response, an error being a value rather than an exception.
     *
     * @param request the request, with its id
     * @return the response, whose id matches the request's (or is null for a server that could not read it)
     */
    public Response send(Request request) {
        return (Response) exchange(request);
    }

    /**
     * Sends a notification.
     *
     * @param notification the notification
     */
    public void send(Notification notification) {
        exchange(notification);
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
        Reply reply = exchange(batch);
        return reply instanceof BatchResponse responses ? responses : BatchResponse.empty();
    }

    /**
     * Sends any message and returns what came back.
     *
     * @param message the message
     * @return a {@link Response}, a {@link BatchResponse}, or {@link Reply.None}
     */
    public Reply send(Message message) {
        Objects.requireNonNull(message, "message");
        if (message instanceof Batch batch) {
            return batch.onlyNotifications() ? sendBatchOfNotifications(batch) : send(batch);
        }
        return exchange(message);
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
        return call(message, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Reply sendBatchOfNotifications(Batch batch) {
        exchange(batch);
        return BatchResponse.empty();
    }

    // ---------------------------------------------------------------- the exchange

    private Reply exchange(Message message) {
        byte[] body;
        try {
            body = codec.encode(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Exchange.describe(message) + ": " + e.getMessage(), e);
        }
        return call(message, body);
    }

    private Reply call(Message message, byte[] body) {
        Duration callTimeout = timeout();
        CompletableFuture<Reply> future = exchangeAsync(message, body, callTimeout);
        try {
            // The future is already bounded by the timeout; the extra second only guards a transport bug.
            return future.get(callTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw withContext(e.getCause(), message);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw withContext(new RequestTimeoutException(callTimeout, e), message);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw withContext(new JsonRpcClientException("interrupted while waiting for the reply", e), message);
        }
    }

    private CompletableFuture<Reply> exchangeAsync(Message message, byte[] body, Duration callTimeout) {
        var exchange = new Exchange(message, body, options, callTimeout, codec.maxResponseBytes());
        log.request(transport.endpoint(), body);
        CompletableFuture<TransportResponse> sent;
        try {
            sent = transport.exchange(exchange);
        } catch (IllegalArgumentException | IllegalStateException usage) {
            throw usage;
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(asClientException(error, callTimeout));
                    }
                    log.response(transport.endpoint(), response.body(), response.attributes());
                    return decode(message, response);
                });
    }

    private Reply decode(Message message, TransportResponse response) {
        Reply reply;
        try {
            reply = codec.decodeReply(message, response.body());
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
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
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

    private RuntimeException withContext(Throwable error, Message message) {
        JsonRpcClientException e = asClientException(error, timeout());
        return e.withContext(transport.endpoint(), Exchange.describe(message));
    }

    private JsonNode resultOf(Response response, Request request) {
        if (response instanceof Response.Failure failure) {
            throw new ErrorResponseException(failure).withContext(transport.endpoint(), request.method());
        }
        return ((Response.Success) response).result();
    }

    private <T> T bound(JsonNode result, JavaType type, String method) {
        try {
            return codec.bind(result, type);
        } catch (JsonRpcClientException e) {
            throw e.withContext(transport.endpoint(), method);
        }
    }

    private static Params positional(Object[] params) {
        return params == null || params.length == 0 ? Params.none() : Params.of(params);
    }

    /** Closes the transport, unless this client is a view made by {@link #with} or {@link #toBuilder}. */
    @Override
    public void close() {
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
        private boolean derived;

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

        /** {@return the client} */
        public JsonRpcClient build() {
            return new JsonRpcClient(transport, codec, ids != null ? ids : IdGenerators.decimal(), timeout,
                    options, new ExchangeLogger(requestFormat, responseFormat), !derived);
        }
    }
}
