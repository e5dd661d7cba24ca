package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.internal.Redaction;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch for the library's exchange logs ({@code io.jsonrpcclient.request} and
 * {@code io.jsonrpcclient.response}, at DEBUG) inside this tool: {@link #to(PrintWriter)} turns them
 * on and sends their lines to a writer until the returned session is closed.
 * <pre>{@code
 * try (ExchangeLog.Session log = ExchangeLog.to(terminal.err())) {
 *     client.request("add", 1, 2);   // "http://127.0.0.1:8545/ --> {...}" and "... <-- {...} (200 OK)"
 * }
 * }</pre>
 *
 * <p>The switch is process-wide, as SLF4J loggers are; sessions nest, each restoring the previous
 * state when closed. Lines carry what the library put in them, so secrets are already masked.
 */
public final class ExchangeLog {

    private static final String REQUEST_LOGGER = "io.jsonrpcclient.request";
    private static final String RESPONSE_LOGGER = "io.jsonrpcclient.response";
    // A child of the request logger: switched with it, and filtered with it by real SLF4J backends.
    private static final String HEADERS_LOGGER = REQUEST_LOGGER + ".headers";

    private static final PrintWriter STDERR =
            new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);

    private static volatile PrintWriter target;

    private ExchangeLog() {
    }

    /** An open logging session; closing it restores what was on before. */
    public interface Session extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Turns the exchange logs on, writing to {@code out}.
     *
     * @param out where each log line goes
     * @return the session; close it to turn the logs back off
     */
    public static Session to(PrintWriter out) {
        PrintWriter previous = target;
        target = out;
        return () -> {
            out.flush();
            target = previous;
        };
    }

    /** {@return a session that changes nothing, for runs without {@code -v}} */
    public static Session off() {
        return () -> { };
    }

    /**
     * Logs the headers a call carries, secret values masked, on {@code io.jsonrpcclient.request.headers}.
     * The library's request log shows the body only; this line shows what else went with it.
     *
     * @param endpoint the endpoint, as the library names it
     * @param headers  the headers set on the transport and the call
     */
    public static void headers(String endpoint, Map<String, String> headers) {
        Logger log = LoggerFactory.getLogger(HEADERS_LOGGER);
        if (!log.isDebugEnabled()) {
            return;
        }
        headers.forEach((name, value) ->
                log.debug("{} --> {}: {}", endpoint, name, Redaction.isSecretHeader(name) ? Redaction.MASK : value));
    }

    /** {@return true if the exchange logs are on and the logger is one of them (or a child)} */
    static boolean isOn(String loggerName) {
        return target != null && (isWithin(loggerName, REQUEST_LOGGER) || isWithin(loggerName, RESPONSE_LOGGER));
    }

    /** Writes one debug line of an exchange logger, if a session is open. */
    static void write(String line) {
        PrintWriter out = target;
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }

    /** Writes a warning or error of any logger: to the session's writer if one is open, else stderr. */
    static void warn(String line, Throwable error) {
        PrintWriter out = target != null ? target : STDERR;
        out.println(line);
        if (error != null) {
            error.printStackTrace(out);
        }
        out.flush();
    }

    private static boolean isWithin(String name, String ancestor) {
        return name.equals(ancestor) || name.startsWith(ancestor + ".");
    }
}
