package io.jsonrpcclient;

/**
 * Turns a JSON-RPC error into the caller's own exception, so code that uses the client can catch
 * {@code InsufficientFundsException} rather than inspect error codes. Set one with
 * {@link JsonRpcClient.Builder#errorMapper(ErrorMapper)}; it applies to every
 * {@link ErrorResponseException} the client would throw or fail a future with: direct and proxied
 * calls, sync and async, typed batch handles, and a batch refused as a whole. Errors returned as
 * values ({@link Response.Failure} from {@code send}) are left alone.
 * <pre>{@code
 * JsonRpcClient client = JsonRpcClient.newBuilder(transport)
 *         .errorMapper(e -> switch (e.code()) {
 *             case -32001 -> new InsufficientFundsException(e.data().path("missing").asLong(), e);
 *             case -32002 -> new AccountLockedException(e.message(), e);
 *             default -> null;                                  // keep the ErrorResponseException
 *         })
 *         .build();
 * }</pre>
 *
 * <p>The mapper is the only place exception types are chosen: nothing the server sends ever names a
 * class to load. It runs on the thread that completes the call, so keep it quick and side-effect
 * free. An exception it throws is treated as the one it returns.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ErrorMapper {

    /**
     * Maps an error response to the exception to raise instead.
     *
     * @param error the error, naming the endpoint and the method; pass it as the cause to keep it
     * @return the exception to raise, or {@code null} to raise {@code error} itself
     */
    RuntimeException map(ErrorResponseException error);
}
