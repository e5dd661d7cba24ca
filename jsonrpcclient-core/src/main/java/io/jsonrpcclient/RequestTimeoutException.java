package io.jsonrpcclient;

import java.time.Duration;

/**
 * No reply came within the call's timeout. The call is abandoned; a late reply is dropped.
 * <pre>{@code
 * catch (RequestTimeoutException e) {
 *     System.err.println("gave up after " + e.timeout());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class RequestTimeoutException extends TransportException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param timeout the timeout that expired
     * @param cause   the underlying cause, or null
     */
    public RequestTimeoutException(Duration timeout, Throwable cause) {
        this(timeout, null, null, cause);
    }

    private RequestTimeoutException(Duration timeout, String endpoint, String method, Throwable cause) {
        super("no reply within " + Durations.format(timeout), null, null, null, endpoint, method, cause);
        this.timeout = timeout;
    }

    /** {@return the timeout that expired} */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public RequestTimeoutException withContext(String endpoint, String method) {
        return copyTrace(new RequestTimeoutException(timeout, endpoint, method, getCause()));
    }

    /** Formats durations the way people write them ({@code 500ms}, {@code 2s}). */
    static final class Durations {
        private Durations() {
        }

        static String format(Duration d) {
            long ms = d.toMillis();
            return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
        }
    }
}
