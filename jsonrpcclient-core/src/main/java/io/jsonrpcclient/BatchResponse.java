package io.jsonrpcclient;

import io.jsonrpcclient.internal.ResponsesById;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The responses to a {@link Batch}, matched to its requests by id whatever order the server
 * answered in. Notifications get no response.
 *
 * <p>{@link #responses()} lists them in the order of the batch's requests. Responses that name no
 * request (errors with a null id: the server could not read that entry) are kept apart in
 * {@link #unmatched()}.
 * <pre>{@code
 * Request sum = Request.of("sum", Params.of(1, 2, 4), Id.of(1));
 * BatchResponse replies = client.send(Batch.of(sum, Notification.of("log", Params.of("hi"))));
 * JsonNode seven = replies.result(sum.id());          // throws ErrorResponseException on an error
 * }</pre>
 *
 * @since 0.1
 */
public final class BatchResponse implements Reply {

    private static final BatchResponse EMPTY = new BatchResponse(ResponsesById.copyOf(Map.of()), List.of());

    private final ResponsesById byId;
    private final List<Response> unmatched;

    private BatchResponse(ResponsesById byId, List<Response> unmatched) {
        this.byId = byId;
        this.unmatched = unmatched;
    }

    /** {@return the reply to a batch of notifications only: no responses} */
    public static BatchResponse empty() {
        return EMPTY;
    }

    /**
     * Creates a batch response.
     *
     * @param matched   responses keyed by the id of the request they answer, in request order
     * @param unmatched responses that answer no known request (null-id errors), in arrival order
     * @return the batch response
     */
    public static BatchResponse of(Map<Id, Response> matched, List<Response> unmatched) {
        Objects.requireNonNull(matched, "matched");
        Objects.requireNonNull(unmatched, "unmatched");
        if (matched.isEmpty() && unmatched.isEmpty()) {
            return EMPTY;
        }
        return new BatchResponse(ResponsesById.copyOf(matched), List.copyOf(unmatched));
    }

    /** {@return the responses matched to requests, in the batch's request order} */
    public List<Response> responses() {
        return byId.responseList();
    }

    /** {@return responses that answer no request of the batch, such as errors with a null id} */
    public List<Response> unmatched() {
        return unmatched;
    }

    /** {@return every response: the matched ones in request order, then the unmatched ones} */
    public List<Response> all() {
        var all = new ArrayList<Response>(byId.size() + unmatched.size());
        all.addAll(byId.values());
        all.addAll(unmatched);
        return all;
    }

    /**
     * Looks up the response to a request.
     *
     * @param id the request's id
     * @return the response, if the server sent one
     */
    public Optional<Response> get(Id id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Returns the result of one request, throwing its error if it failed.
     *
     * @param id the request's id
     * @return the result as JSON
     * @throws ErrorResponseException if the server answered that request with an error
     * @throws java.util.NoSuchElementException if the batch holds no response with that id
     */
    public com.fasterxml.jackson.databind.JsonNode result(Id id) {
        Response response = get(id).orElseThrow(
                () -> new java.util.NoSuchElementException("no response with id " + id));
        if (response instanceof Response.Failure failure) {
            throw new ErrorResponseException(failure);
        }
        return ((Response.Success) response).result();
    }

    /** {@return true if any response, matched or not, is an error} */
    public boolean hasErrors() {
        for (Response r : all()) {
            if (r instanceof Response.Failure) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns this batch response if no entry is an error.
     *
     * @return this
     * @throws ErrorResponseException for the first error, in request order
     */
    public BatchResponse orThrow() {
        for (Response r : all()) {
            if (r instanceof Response.Failure failure) {
                throw new ErrorResponseException(failure);
            }
        }
        return this;
    }

    /** {@return the number of responses, matched and unmatched} */
    public int size() {
        return byId.size() + unmatched.size();
    }

    /** {@return true if there are no responses} */
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchResponse other && byId.equals(other.byId) && unmatched.equals(other.unmatched);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byId, unmatched);
    }

    @Override
    public String toString() {
        return "BatchResponse" + all();
    }
}
