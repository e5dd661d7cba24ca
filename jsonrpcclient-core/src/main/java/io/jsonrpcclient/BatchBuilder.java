package io.jsonrpcclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.jsonrpcclient.transport.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a {@link Batch}, giving each request the next id of an {@link IdGenerator} unless the
 * request carries its own. Get one from {@link JsonRpcClient#batch()} or {@link #using(IdGenerator)}.
 * <pre>{@code
 * Batch batch = client.batch()
 *         .request("sum", 1, 2, 4)
 *         .notification("notify_hello", 7)
 *         .request("get_data")
 *         .build();
 * BatchResponse replies = client.send(batch);
 * JsonNode sum = replies.result(batch.requests().get(0).id());
 * }</pre>
 *
 * <p>A builder from {@link JsonRpcClient#batch()} also keeps each call's type: {@code call(...)}
 * adds a request and returns a {@link BatchCall} handle, {@link #send()} or {@link #sendAsync()}
 * sends the batch, and then each handle yields its own typed result or throws its own error.
 * <pre>{@code
 * BatchBuilder batch = client.batch();
 * BatchCall<Integer> sum = batch.call(Integer.class, "sum", 1, 2, 4);
 * BatchCall<List<Pet>> pets = batch.call(new TypeReference<List<Pet>>() {}, "pets", "Yoko");
 * batch.send();                      // one HTTP exchange
 * int seven = sum.get();             // 7
 * List<Pet> found = pets.get();      // or ErrorResponseException, for this call alone
 * }</pre>
 *
 * <p>Not thread-safe: build on one thread. A builder is sent at most once.
 *
 * @since 0.1
 */
public final class BatchBuilder {

    private final IdGenerator ids;
    private final JsonRpcClient client;
    private final List<Call> calls = new ArrayList<>();
    private final List<BatchCall<?>> handles = new ArrayList<>();
    private boolean sent;

    BatchBuilder(IdGenerator ids, JsonRpcClient client) {
        this.ids = ids;
        this.client = client;
    }

    /** {@return a builder taking ids from the given generator; it builds batches but cannot send them} */
    public static BatchBuilder using(IdGenerator ids) {
        return new BatchBuilder(Objects.requireNonNull(ids, "ids"), null);
    }

    /** Adds a request with positional parameters and the next id. @return this builder */
    public BatchBuilder request(String method, Object... params) {
        return request(method, params.length == 0 ? Params.none() : Params.of(params));
    }

    /** Adds a request with the next id. @return this builder */
    public BatchBuilder request(String method, Params params) {
        calls.add(Request.of(method, params, ids.next()));
        return this;
    }

    /** Adds a complete call (a request keeps its own id). @return this builder */
    public BatchBuilder add(Call call) {
        calls.add(Objects.requireNonNull(call, "call"));
        return this;
    }

    /** Adds a notification with positional parameters. @return this builder */
    public BatchBuilder notification(String method, Object... params) {
        return notification(method, params.length == 0 ? Params.none() : Params.of(params));
    }

    /** Adds a notification. @return this builder */
    public BatchBuilder notification(String method, Params params) {
        calls.add(Notification.of(method, params));
        return this;
    }

    /**
     * Adds a request with positional parameters and the next id, and returns the handle to its
     * result bound to a class.
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the handle, which yields the result once the batch is sent
     * @throws IllegalStateException if this builder has no client or was already sent
     */
    public <T> BatchCall<T> call(Class<T> resultType, String method, Object... params) {
        return call(resultType, method, params.length == 0 ? Params.none() : Params.of(params));
    }

    /**
     * Adds a request with the next id, and returns the handle to its result bound to a class.
     *
     * @param resultType the class of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the handle
     * @throws IllegalStateException if this builder has no client or was already sent
     */
    public <T> BatchCall<T> call(Class<T> resultType, String method, Params params) {
        Objects.requireNonNull(resultType, "resultType");
        return addTyped(method, params, sender("add a typed call").codec().typeOf(resultType));
    }

    /**
     * Adds a request with positional parameters and the next id, and returns the handle to its
     * result bound to a generic type, e.g. {@code new TypeReference<List<Pet>>() {}}.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the positional parameters
     * @param <T>        the result type
     * @return the handle
     * @throws IllegalStateException if this builder has no client or was already sent
     */
    public <T> BatchCall<T> call(TypeReference<T> resultType, String method, Object... params) {
        return call(resultType, method, params.length == 0 ? Params.none() : Params.of(params));
    }

    /**
     * Adds a request with the next id, and returns the handle to its result bound to a generic type.
     *
     * @param resultType the type of the result
     * @param method     the method
     * @param params     the parameters
     * @param <T>        the result type
     * @return the handle
     * @throws IllegalStateException if this builder has no client or was already sent
     */
    public <T> BatchCall<T> call(TypeReference<T> resultType, String method, Params params) {
        Objects.requireNonNull(resultType, "resultType");
        return addTyped(method, params, sender("add a typed call").codec().typeOf(resultType.getType()));
    }

    private <T> BatchCall<T> addTyped(String method, Params params, JavaType resultType) {
        Request request = Request.of(method, params, ids.next());
        var handle = new BatchCall<T>(request, resultType, client);
        calls.add(request);
        handles.add(handle);
        return handle;
    }

    /**
     * Builds the batch.
     *
     * @return the batch
     * @throws IllegalArgumentException if nothing was added, or two requests share an id
     */
    public Batch build() {
        return new Batch(calls);
    }

    /**
     * Sends the batch with the client that made this builder, waits for the responses and fills
     * every {@link BatchCall} handle. An error answering one call is that call's handle's to
     * throw; this method throws only when the batch as a whole failed (a transport failure, an
     * invalid reply, a batch refused with a single error), and then every handle throws the same.
     *
     * @return the responses, as {@link JsonRpcClient#send(Batch)} returns them
     * @throws IllegalArgumentException if nothing was added, or two requests share an id
     * @throws IllegalStateException    if this builder has no client or was already sent
     * @throws JsonRpcClientException   if the batch as a whole failed
     */
    public BatchResponse send() {
        Batch batch = build();
        JsonRpcClient sender = sender("send");
        CompletableFuture<BatchResponse> replies = dispatch(sender, batch, true);
        return sender.await(replies, Exchange.describe(batch));
    }

    /**
     * Sends the batch without waiting. Every handle is filled before the returned future
     * completes, so the functions chained on it can read them.
     * <pre>{@code
     * BatchBuilder batch = client.batch();
     * BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
     * batch.sendAsync().thenRun(() -> System.out.println("sum " + sum.get()));
     * }</pre>
     *
     * @return the responses, or the failure of the batch as a whole
     * @throws IllegalArgumentException if nothing was added, or two requests share an id
     * @throws IllegalStateException    if this builder has no client or was already sent
     */
    public CompletableFuture<BatchResponse> sendAsync() {
        Batch batch = build();
        return dispatch(sender("send"), batch, false);
    }

    private CompletableFuture<BatchResponse> dispatch(JsonRpcClient sender, Batch batch, boolean blocking) {
        CompletableFuture<BatchResponse> replies = sender.startBatch(batch, blocking);
        sent = true;
        // The handles read the future when asked, so attaching them after the start is safe: none
        // of them can be read before this method returns.
        for (BatchCall<?> handle : handles) {
            handle.attach(replies);
        }
        return replies;
    }

    private JsonRpcClient sender(String action) {
        if (client == null) {
            throw new IllegalStateException("cannot " + action + ": this builder was made by BatchBuilder.using(ids)"
                    + " and has no client; get one from JsonRpcClient.batch(), or build() the batch and pass it"
                    + " to JsonRpcClient.send(batch)");
        }
        if (sent) {
            throw new IllegalStateException("cannot " + action + ": this batch was already sent;"
                    + " start a new one with client.batch()");
        }
        return client;
    }
}
