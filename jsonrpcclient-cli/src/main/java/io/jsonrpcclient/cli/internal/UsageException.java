package io.jsonrpcclient.cli.internal;

/**
 * The command line asked for something that cannot be done (bad params, a bad URL, conflicting
 * options). Reported as a usage error, exit code 2, like picocli's own parse errors.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line saying what is wrong and, where it helps, what to do instead
     */
    public UsageException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that revealed the mistake.
     *
     * @param message one line saying what is wrong
     * @param cause   the underlying failure, shown with {@code --debug}
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
