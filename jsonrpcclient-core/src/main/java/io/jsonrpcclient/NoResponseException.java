package io.jsonrpcclient;

/**
 * A response was due and the server sent none (for example an empty HTTP body for a request).
 * <pre>{@code
 * catch (NoResponseException e) {
 *     // the server may treat the call as a notification; check the method name
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class NoResponseException extends JsonRpcClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param detail what was expected
     */
    public NoResponseException(String detail) {
        super(detail, null);
    }

    private NoResponseException(String detail, String endpoint, String method) {
        super(detail, endpoint, method, null);
    }

    @Override
    public NoResponseException withContext(String endpoint, String method) {
        return copyTrace(new NoResponseException(detail(), endpoint, method));
    }
}
