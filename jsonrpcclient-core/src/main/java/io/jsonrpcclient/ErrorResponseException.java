package io.jsonrpcclient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server answered with a JSON-RPC error object. The same error is available as a value
 * ({@link Response.Failure}) from the calls that return {@link Response}s.
 * <pre>{@code
 * try {
 *     client.request("divide", 1, 0);
 * } catch (ErrorResponseException e) {
 *     System.err.println(e.code() + " " + e.message() + " " + e.data());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class ErrorResponseException extends JsonRpcClientException {

    private static final long serialVersionUID = 1L;

    private final transient Response.Failure failure;

    /**
     * Creates the exception.
     *
     * @param failure the failed response
     */
    public ErrorResponseException(Response.Failure failure) {
        this(failure, null, null);
    }

    private ErrorResponseException(Response.Failure failure, String endpoint, String method) {
        super("error " + failure.error().code() + ": " + failure.error().message(), endpoint, method, null);
        this.failure = failure;
    }

    /** {@return the error code} */
    public int code() {
        return failure.error().code();
    }

    /** {@return the server's error message} */
    public String message() {
        return failure.error().message();
    }

    /** {@return the error's data, {@code MissingNode} when the server sent none} */
    public JsonNode data() {
        return failure.error().data();
    }

    /** {@return the whole error object} */
    public ErrorObject error() {
        return failure.error();
    }

    /** {@return the failed response, with its id} */
    public Response.Failure response() {
        return failure;
    }

    @Override
    public ErrorResponseException withContext(String endpoint, String method) {
        return copyTrace(new ErrorResponseException(failure, endpoint, method));
    }
}
