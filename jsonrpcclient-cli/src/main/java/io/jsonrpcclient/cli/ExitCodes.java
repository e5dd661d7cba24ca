package io.jsonrpcclient.cli;

/**
 * The exit codes of {@code jsonrpc}: a contract scripts may rely on.
 * <pre>{@code
 * jsonrpc call "$URL" getBalance account=alice
 * case $? in
 *   0) ;;                                # the result is on stdout
 *   1) echo "the server refused" ;;      # error CODE: MESSAGE (and data) on stderr
 *   4) echo "try again later" ;;
 * esac
 * }</pre>
 */
public final class ExitCodes {

    /** A result was printed (or, for a notification, nothing was due). */
    public static final int OK = 0;
    /** The server answered with a JSON-RPC error object. */
    public static final int ERROR_RESPONSE = 1;
    /** The command line was wrong: options, params, URL, or raw JSON given to {@code send}. */
    public static final int USAGE = 2;
    /** The reply was not JSON, not a valid JSON-RPC response, or missing when one was due. */
    public static final int INVALID_RESPONSE = 3;
    /** The message did not get through: connect, I/O, TLS, timeout, or an HTTP status without a JSON-RPC body. */
    public static final int TRANSPORT = 4;
    /** A bug in the tool itself (sysexits' {@code EX_SOFTWARE}); not part of the contract above. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
