package io.jsonrpcclient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, non-empty list of requests and notifications sent as one JSON array.
 *
 * <p>Request ids must be unique within a batch, so that each response can be matched to
 * its request. Build one from complete calls, or let a client assign ids with
 * {@link JsonRpcClient#batch()}:
 * <pre>{@code
 * Batch batch = Batch.of(
 *         Request.of("sum", Params.of(1, 2, 4), Id.of("1")),
 *         Notification.of("notify_hello", Params.of(7)));
 * }</pre>
 *
 * @param calls the calls in order; an unmodifiable copy
 * @since 0.1
 */
public record Batch(List<Call> calls) implements Message {

    /**
     * Validates and copies the calls.
     *
     * @throws IllegalArgumentException if the batch is empty or two requests share an id
     */
    public Batch {
        Objects.requireNonNull(calls, "calls");
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException(
                    "a batch needs at least one call: the spec makes an empty array an invalid request");
        }
        requireDistinctIds(calls);
    }

    private static void requireDistinctIds(List<Call> calls) {
        // Ids a generator made are increasing numbers, which are distinct without a set of them.
        if (numericIdsIncrease(calls)) {
            return;
        }
        var seen = new HashSet<Id>();
        for (Call call : calls) {
            if (call instanceof Request r && !seen.add(r.id())) {
                throw new IllegalArgumentException("two requests in one batch share the id " + r.id()
                        + ": their responses could not be told apart");
            }
        }
    }

    private static boolean numericIdsIncrease(List<Call> calls) {
        boolean first = true;
        long previous = 0;
        for (Call call : calls) {
            if (call instanceof Request r) {
                if (!(r.id() instanceof Id.NumberId n) || (!first && n.value() <= previous)) {
                    return false;
                }
                previous = n.value();
                first = false;
            }
        }
        return true;
    }

    /** {@return a batch of the given calls} */
    public static Batch of(Call... calls) {
        return new Batch(List.of(calls));
    }

    /** {@return the requests of this batch, in order (the calls that expect a response), unmodifiable} */
    public List<Request> requests() {
        int count = 0;
        for (int i = 0, n = calls.size(); i < n; i++) {
            if (calls.get(i) instanceof Request) {
                count++;
            }
        }
        if (count == calls.size()) {
            // Every call is a request: the immutable list of calls is that list already.
            @SuppressWarnings("unchecked")
            List<Request> all = (List<Request>) (List<?>) calls;
            return all;
        }
        var requests = new ArrayList<Request>(count);
        for (Call call : calls) {
            if (call instanceof Request r) {
                requests.add(r);
            }
        }
        return Collections.unmodifiableList(requests);
    }

    /** {@return true if every call is a notification, so no response is due} */
    public boolean onlyNotifications() {
        for (Call call : calls) {
            if (call instanceof Request) {
                return false;
            }
        }
        return true;
    }
}
