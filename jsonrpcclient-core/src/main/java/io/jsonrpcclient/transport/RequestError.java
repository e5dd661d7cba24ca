package io.jsonrpcclient.transport;

import io.jsonrpcclient.ErrorObject;
import java.util.Objects;

/**
 * Thrown by a {@link RequestHandler} to answer the server's request with an error object.
 * <pre>{@code
 * throw new RequestError(ErrorObject.of(ErrorObject.INVALID_PARAMS, "expected a URI"));
 * }</pre>
 *
 * @since 0.1
 */
public class RequestError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorObject error;

    /**
     * Creates the error.
     *
     * @param error the error object sent back
     */
    public RequestError(ErrorObject error) {
        super(Objects.requireNonNull(error, "error").code() + ": " + error.message());
        this.error = error;
    }

    /** {@return the error object sent back} */
    public ErrorObject error() {
        return error;
    }
}
