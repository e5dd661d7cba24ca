package io.jsonrpcclient.cli.internal;

import java.util.Map;

/** Reads the values of {@code -H 'Name: value'} and {@code -u user:password}, as curl does. */
public final class HeaderArgs {

    private HeaderArgs() {
    }

    /**
     * Splits a header argument at its first colon. An empty value ({@code 'X-Empty:'}) is allowed.
     *
     * @param arg e.g. {@code X-Trace-Id: 42}
     * @return the name and the value, both trimmed
     * @throws UsageException if there is no colon or no name
     */
    public static Map.Entry<String, String> header(String arg) {
        int colon = arg.indexOf(':');
        if (colon <= 0 || arg.substring(0, colon).isBlank()) {
            throw new UsageException("-H '" + arg + "': expected 'Name: value'");
        }
        return Map.entry(arg.substring(0, colon).strip(), arg.substring(colon + 1).strip());
    }

    /**
     * Splits {@code user:password} at its first colon, so passwords may hold colons.
     * A lone {@code user} means an empty password.
     *
     * @param arg the argument
     * @return the user and the password
     * @throws UsageException if the user is empty
     */
    public static Map.Entry<String, String> credentials(String arg) {
        int colon = arg.indexOf(':');
        String user = colon < 0 ? arg : arg.substring(0, colon);
        String password = colon < 0 ? "" : arg.substring(colon + 1);
        if (user.isEmpty()) {
            throw new UsageException("-u needs user:password, with a user name before the colon");
        }
        return Map.entry(user, password);
    }
}
