package io.jsonrpcclient;

import java.util.Optional;

/**
 * The base of every exception this library throws: unchecked, so one {@code catch} handles them all.
 *
 * <p>The subclasses say what went wrong: {@link ErrorResponseException} (the server answered
 * with an error object), {@link ParseResponseException} (the reply was not JSON),
 * {@link InvalidResponseException} (JSON, but not a valid JSON-RPC response),
 * {@link NoResponseException} (a reply was due and none came), {@link TransportException}
 * (connect, I/O or HTTP status failures) and its {@link RequestTimeoutException}.
 * Once a client has handled the exception, its message names the endpoint and the method.
 * <pre>{@code
 * try {
 *     client.request("add", 1, 2);
 * } catch (ErrorResponseException e) {
 *     log.warn("server said {}: {}", e.code(), e.message());
 * } catch (JsonRpcClientException e) {
 *     log.warn("call failed: {}", e.getMessage());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class JsonRpcClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    private final String endpoint;
    private final String method;

    /**
     * Creates an exception with no endpoint or method yet.
     *
     * @param detail what went wrong
     * @param cause  the underlying cause, or null
     */
    public JsonRpcClientException(String detail, Throwable cause) {
        this(detail, null, null, cause);
    }

    /**
     * Creates an exception.
     *
     * @param detail   what went wrong
     * @param endpoint where the call went, or null
     * @param method   the method called (or a description such as {@code batch of 3}), or null
     * @param cause    the underlying cause, or null
     */
    public JsonRpcClientException(String detail, String endpoint, String method, Throwable cause) {
        super(compose(detail, endpoint, method), cause);
        this.detail = detail;
        this.endpoint = endpoint;
        this.method = method;
    }

    private static String compose(String detail, String endpoint, String method) {
        if (endpoint == null && method == null) {
            return detail;
        }
        var text = new StringBuilder(detail).append(" [");
        if (method != null) {
            text.append("method ").append(method);
        }
        if (endpoint != null) {
            text.append(method != null ? ", " : "").append("endpoint ").append(endpoint);
        }
        return text.append(']').toString();
    }

    /** {@return what went wrong, without the endpoint and method} */
    public String detail() {
        return detail;
    }

    /** {@return the endpoint the call went to, when known} */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** {@return the method called, when known} */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /**
     * Returns a copy of this exception that names the endpoint and method, keeping its type,
     * fields, cause and stack trace. Subclasses override it to keep their own fields.
     *
     * @param endpoint the endpoint
     * @param method   the method
     * @return the copy
     */
    public JsonRpcClientException withContext(String endpoint, String method) {
        return copyTrace(new JsonRpcClientException(detail, endpoint, method, getCause()));
    }

    /**
     * Copies this exception's stack trace onto a copy made by {@link #withContext}.
     *
     * @param copy the copy
     * @param <E>  its type
     * @return the copy
     */
    protected final <E extends JsonRpcClientException> E copyTrace(E copy) {
        copy.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }
}
