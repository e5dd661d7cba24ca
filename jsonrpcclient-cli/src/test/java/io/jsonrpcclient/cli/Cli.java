package io.jsonrpcclient.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code jsonrpc} in-process with captured streams, as a test would run it in a shell. */
final class Cli {

    private Cli() {
    }

    /** What one run left behind: its exit code and everything it printed. */
    record Result(int exitCode, String out, String err) {
    }

    /** A run in progress, whose output can be read while it goes on. */
    record Running(Thread thread, StringWriter out, StringWriter err, int[] exitCode) {
    }

    static Result run(String... args) {
        return runWithStdin("", args);
    }

    static Result runWithStdin(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(terminal(stdin, out, err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Starts a run on a daemon thread, for commands that keep going (demo --serve). */
    static Running start(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int[] exitCode = {-1};
        Thread thread = new Thread(() -> exitCode[0] = Main.run(terminal("", out, err), args), "cli-under-test");
        thread.setDaemon(true);
        thread.start();
        return new Running(thread, out, err, exitCode);
    }

    private static Terminal terminal(String stdin, StringWriter out, StringWriter err) {
        return new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
