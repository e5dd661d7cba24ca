package io.jsonrpcclient.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;

/**
 * Why an HTTP engine ended an exchange from another thread, and the failure its caller then gets:
 * the deadline passed, the engine was closed, or the caller cancelled. Blocking engines record the
 * first reason before they interrupt the thread or close the socket, and turn the I/O error that
 * follows into this failure, so that the transport reports a timeout as a timeout.
 * <pre>{@code
 * } catch (IOException e) {
 *     Abort why = attempt.reason();          // null: not ended by the engine
 *     return why != null ? why.failure(e) : e;
 * }
 * }</pre>
 */
enum Abort {
    TIMED_OUT,
    CLOSED,
    CANCELLED;

    /** {@return the failure to report, caused by what the interrupted I/O threw} */
    IOException failure(Throwable cause) {
        IOException failure = switch (this) {
            case TIMED_OUT -> new HttpTimeoutException("request timed out");
            case CLOSED -> new InterruptedIOException("the HTTP engine was closed");
            case CANCELLED -> new InterruptedIOException("the call was cancelled");
        };
        failure.initCause(cause);
        return failure;
    }
}
