package io.jsonrpcclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A response object: a {@link Success} carrying a result, or a {@link Failure} carrying an
 * {@link ErrorObject}. Never both, never neither.
 *
 * <p>Results stay JSON trees until the caller names a type
 * ({@link JsonRpcCodec#bind(JsonNode, Class)}, or the typed {@link JsonRpcClient} calls).
 * <pre>{@code
 * Response response = client.send(request);
 * if (response instanceof Response.Success ok) {
 *     System.out.println(ok.result());
 * } else if (response instanceof Response.Failure failure) {
 *     System.err.println(failure.error());
 * }</pre>
 * }
 *
 * @since 0.1
 */
public sealed interface Response extends Reply permits Response.Success, Response.Failure {

    /** {@return the id the server echoed} */
    Id id();

    /**
     * A successful response.
     *
     * @param id     the id
     * @param result the result, as JSON (JSON null is {@code NullNode}, never Java null)
     */
    record Success(Id id, JsonNode result) implements Response {
        /** Validates the components. */
        public Success {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A failed response.
     *
     * @param id    the id; {@link Id#NULL} when the server could not read the request
     * @param error the error object
     */
    record Failure(Id id, ErrorObject error) implements Response {
        /** Validates the components. */
        public Failure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }
    }
}
