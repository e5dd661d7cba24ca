package io.jsonrpcclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * @since 0.1
 */
public final class BatchBuilder {

    private final IdGenerator ids;
    private final List<Call> calls = new ArrayList<>();

    BatchBuilder(IdGenerator ids) {
        this.ids = ids;
    }

    /** {@return a builder taking ids from the given generator} */
    public static BatchBuilder using(IdGenerator ids) {
        return new BatchBuilder(Objects.requireNonNull(ids, "ids"));
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
     * Builds the batch.
     *
     * @return the batch
     * @throws IllegalArgumentException if nothing was added, or two requests share an id
     */
    public Batch build() {
        return new Batch(calls);
    }
}
