package io.jsonrpcclient;

/**
 * The reply was JSON but broke a rule of JSON-RPC 2.0 (or a limit), so it cannot be trusted.
 * {@link #violation()} names the rule; the message says where.
 * <pre>{@code
 * catch (InvalidResponseException e) {
 *     if (e.violation() == InvalidResponseException.Violation.ID_MISMATCH) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class InvalidResponseException extends JsonRpcClientException {

    private static final long serialVersionUID = 1L;

    /** The rule a reply broke. */
    public enum Violation {
        /** A response must be a JSON object (a batch reply: an array of them). */
        NOT_AN_OBJECT,
        /** The {@code jsonrpc} member must be exactly {@code "2.0"}. */
        JSONRPC_VERSION,
        /** A response must have a {@code result} or an {@code error}. */
        NO_RESULT_OR_ERROR,
        /** A response must not have both a {@code result} and an {@code error}. */
        RESULT_AND_ERROR,
        /** The {@code error} member must be an object with an integer code and a string message. */
        ERROR_OBJECT,
        /** The {@code id} must be a string, an integer or null, and must be present. */
        ID_TYPE,
        /** The {@code id} must be the request's id. */
        ID_MISMATCH,
        /** A batch must be answered with an array, a single request with an object. */
        SHAPE,
        /** A batch reply named an id that no request in the batch had. */
        UNKNOWN_ID,
        /** A batch reply answered the same id twice. */
        DUPLICATE_ID,
        /** A batch reply left a request unanswered. */
        MISSING_ID,
        /** A reply came for a notification-only exchange where none was due, and it was not JSON-RPC. */
        UNEXPECTED_REPLY,
        /** The reply exceeded the maximum size. */
        TOO_LARGE,
        /** The reply exceeded the maximum nesting depth, string length or number length. */
        LIMIT_EXCEEDED,
        /** The result could not be bound to the type the caller asked for. */
        RESULT_TYPE
    }

    private final Violation violation;
    private final String rawDetail;

    /**
     * Creates the exception.
     *
     * @param violation the rule broken
     * @param detail    what was found and where
     */
    public InvalidResponseException(Violation violation, String detail) {
        this(violation, detail, null, null, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param violation the rule broken
     * @param detail    what was found and where
     * @param cause     the underlying cause
     */
    public InvalidResponseException(Violation violation, String detail, Throwable cause) {
        this(violation, detail, null, null, cause);
    }

    private InvalidResponseException(Violation violation, String detail, String endpoint, String method,
            Throwable cause) {
        super("invalid response (" + violation + "): " + detail, endpoint, method, cause);
        this.violation = violation;
        this.rawDetail = detail;
    }

    /** {@return the rule the reply broke} */
    public Violation violation() {
        return violation;
    }

    @Override
    public InvalidResponseException withContext(String endpoint, String method) {
        return copyTrace(new InvalidResponseException(violation, rawDetail, endpoint, method, getCause()));
    }
}
