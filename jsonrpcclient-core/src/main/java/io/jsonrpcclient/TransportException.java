package io.jsonrpcclient;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The message could not be delivered or its reply could not be received: connection refused
 * or dropped, I/O errors, TLS failures, or an HTTP status whose body was not a JSON-RPC
 * response (then {@link #statusCode()}, {@link #reason()} and {@link #bodyExcerpt()} say more).
 * <pre>{@code
 * catch (TransportException e) {
 *     e.statusCode().ifPresent(code -> System.err.println("HTTP " + code));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class TransportException extends JsonRpcClientException {

    private static final long serialVersionUID = 1L;

    private final Integer statusCode;
    private final String reason;
    private final String bodyExcerpt;

    /**
     * Creates the exception for an I/O failure.
     *
     * @param detail what failed
     * @param cause  the underlying cause, or null
     */
    public TransportException(String detail, Throwable cause) {
        this(detail, null, null, null, null, null, cause);
    }

    /**
     * Creates the exception for a status without a JSON-RPC body.
     *
     * @param statusCode  the status, such as an HTTP status code
     * @param reason      the status's reason phrase
     * @param bodyExcerpt the start of the body, bounded in length (may be empty)
     */
    public TransportException(int statusCode, String reason, String bodyExcerpt) {
        this("HTTP " + statusCode + (reason.isEmpty() ? "" : " " + reason) + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt),
                statusCode, reason, bodyExcerpt, null, null, null);
    }

    /**
     * Creates the exception with every field; for subclasses and {@link #withContext}.
     *
     * @param detail      what failed
     * @param statusCode  the status or null
     * @param reason      the reason or null
     * @param bodyExcerpt the body excerpt or null
     * @param endpoint    the endpoint or null
     * @param method      the method or null
     * @param cause       the cause or null
     */
    protected TransportException(String detail, Integer statusCode, String reason, String bodyExcerpt,
            String endpoint, String method, Throwable cause) {
        super(detail, endpoint, method, cause);
        this.statusCode = statusCode;
        this.reason = reason;
        this.bodyExcerpt = bodyExcerpt;
    }

    /** {@return the status code (HTTP), when the failure was a status} */
    public OptionalInt statusCode() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    /** {@return the status's reason phrase, when the failure was a status} */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** {@return the start of the body that came with the status, bounded in length} */
    public Optional<String> bodyExcerpt() {
        return Optional.ofNullable(bodyExcerpt);
    }

    @Override
    public TransportException withContext(String endpoint, String method) {
        return copyTrace(new TransportException(detail(), statusCode, reason, bodyExcerpt, endpoint, method,
                getCause()));
    }
}
