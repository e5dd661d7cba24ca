package io.jsonrpcclient;

/**
 * The reply was not JSON at all (or not complete JSON), so no response could be read from it.
 * <pre>{@code
 * catch (ParseResponseException e) {
 *     System.err.println("not JSON: " + e.excerpt());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class ParseResponseException extends JsonRpcClientException {

    private static final long serialVersionUID = 1L;

    private final String excerpt;

    /**
     * Creates the exception.
     *
     * @param detail  what the parser said
     * @param excerpt the start of the reply, bounded in length
     * @param cause   the parser's exception
     */
    public ParseResponseException(String detail, String excerpt, Throwable cause) {
        this(detail, excerpt, null, null, cause);
    }

    private ParseResponseException(String detail, String excerpt, String endpoint, String method, Throwable cause) {
        super(detail, endpoint, method, cause);
        this.excerpt = excerpt;
    }

    /** {@return the start of the reply that failed to parse, bounded in length} */
    public String excerpt() {
        return excerpt;
    }

    @Override
    public ParseResponseException withContext(String endpoint, String method) {
        return copyTrace(new ParseResponseException(detail(), excerpt, endpoint, method, getCause()));
    }
}
