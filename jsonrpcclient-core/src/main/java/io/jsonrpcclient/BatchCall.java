package io.jsonrpcclient;

import com.fasterxml.jackson.databind.JavaType;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One request in a batch, and the handle to its typed result: returned by
 * {@link BatchBuilder#call(Class, String, Object...)}, read once the batch was sent with
 * {@link BatchBuilder#send()} or {@link BatchBuilder#sendAsync()}. Each handle stands alone: an
 * error answering one call is thrown by that call's handle only, and the others still yield their
 * results.
 * <pre>{@code
 * BatchBuilder batch = client.batch();
 * BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
 * BatchCall<Pet> missing = batch.call(Pet.class, "pet", 404);
 * batch.send();
 * sum.get();                         // 3
 * try {
 *     missing.get();
 * } catch (ErrorResponseException e) { // only this call failed
 *     System.err.println(e.code() + " " + e.message());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #get()} binds the result the first time it is called and then returns the
 * same value (or throws the same exception) every time.
 *
 * @param <T> the result type
 * @since 0.1
 */
public final class BatchCall<T> {

    private final Request request;
    private final JavaType resultType;
    private final JsonRpcClient client;
    private volatile CompletableFuture<BatchResponse> replies;
    private Outcome<T> outcome;

    BatchCall(Request request, JavaType resultType, JsonRpcClient client) {
        this.request = request;
        this.resultType = resultType;
        this.client = client;
    }

    /** {@return the request this handle answers for, with its id} */
    public Request request() {
        return request;
    }

    /** {@return true once the batch was answered, or failed: {@link #get()} no longer throws IllegalStateException} */
    public boolean isDone() {
        CompletableFuture<BatchResponse> batch = replies;
        return batch != null && batch.isDone();
    }

    /**
     * Returns the result of this call, bound to its type.
     *
     * @return the result; null for JSON null
     * @throws ErrorResponseException   if the server answered this call with an error (or the client's
     *                                  {@link ErrorMapper}'s exception for it)
     * @throws InvalidResponseException if the result does not fit the type
     * @throws NoResponseException      if the reply had no response for this call (only possible when
     *                                  validation is not strict)
     * @throws JsonRpcClientException   the batch's own failure, if the batch as a whole failed
     * @throws CancellationException    if the batch's future was cancelled
     * @throws IllegalStateException    if the batch has not been sent, or its reply has not come yet
     */
    public T get() {
        CompletableFuture<BatchResponse> batch = replies;
        if (batch == null) {
            throw new IllegalStateException(describe() + " has not been sent: call send() or sendAsync() on the"
                    + " BatchBuilder that returned this handle first (a batch passed to JsonRpcClient.send(batch)"
                    + " does not fill handles)");
        }
        if (!batch.isDone()) {
            throw new IllegalStateException(describe() + " is still in flight: read it once the future"
                    + " returned by sendAsync() has completed");
        }
        return outcome(batch).get();
    }

    void attach(CompletableFuture<BatchResponse> batch) {
        this.replies = batch;
    }

    private synchronized Outcome<T> outcome(CompletableFuture<BatchResponse> batch) {
        if (outcome == null) {
            outcome = resolve(batch);
        }
        return outcome;
    }

    private Outcome<T> resolve(CompletableFuture<BatchResponse> batch) {
        BatchResponse responses;
        try {
            responses = batch.join();
        } catch (CompletionException e) {
            // The batch failed as a whole; the client already put the endpoint and method in it.
            Throwable failure = e.getCause();
            if (failure instanceof Error error) {
                throw error;
            }
            return Outcome.failed((RuntimeException) failure);
        } catch (CancellationException e) {
            return Outcome.failed(e);
        }
        Optional<Response> response = responses.get(request.id());
        if (response.isEmpty()) {
            return Outcome.failed(client.failure(missing(responses), request.method()));
        }
        if (response.get() instanceof Response.Failure failure) {
            return Outcome.failed(client.failure(new ErrorResponseException(failure), request.method()));
        }
        try {
            T value = client.<T>binder(resultType).apply(((Response.Success) response.get()).result());
            return Outcome.of(value);
        } catch (RuntimeException e) {
            return Outcome.failed(client.failure(e, request.method()));
        }
    }

    /**
     * A reply without this call's response passed validation only if it was lenient; an error the
     * server could not tie to an id (an entry it could not read) is then the best explanation.
     */
    private RuntimeException missing(BatchResponse responses) {
        for (Response unread : responses.unmatched()) {
            if (unread instanceof Response.Failure failure) {
                return new ErrorResponseException(failure);
            }
        }
        return new NoResponseException("the batch reply has no response with id " + request.id());
    }

    private String describe() {
        return "the call " + request.method() + " (id " + request.id() + ") of a batch";
    }

    @Override
    public String toString() {
        return "BatchCall[" + request.method() + ", id " + request.id() + (isDone() ? ", done]" : ", pending]");
    }

    /** A result, or the exception to throw instead; fixed once read. */
    private record Outcome<T>(T value, RuntimeException failure) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(RuntimeException failure) {
            return new Outcome<>(null, failure);
        }

        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
