package io.jsonrpcclient.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The streams a run of {@code jsonrpc} reads and writes: standard input, standard output for
 * results, standard error for messages and logs. Passing them in, rather than reaching for
 * {@code System.out}, lets tests and embedders run the tool in-process and capture what it prints.
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * StringWriter err = new StringWriter();
 * int exit = Main.run(new Terminal(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err)),
 *         "call", "http://127.0.0.1:8080/", "add", "1", "2");
 * }</pre>
 *
 * @param in  where {@code jsonrpc send -} reads the message
 * @param out where results go; flushed by the tool before it returns
 * @param err where errors and {@code -v} logs go; flushed by the tool before it returns
 */
public record Terminal(InputStream in, PrintWriter out, PrintWriter err) {

    /** Checks the components. */
    public Terminal {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /**
     * {@return the process's own streams, writing UTF-8} JSON is UTF-8 by definition, so results
     * are not left to the platform's default charset, which may not be able to encode them.
     */
    public static Terminal system() {
        return new Terminal(System.in,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }
}
