package io.jsonrpcclient.cli;

import io.jsonrpcclient.cli.internal.CliLoggerProvider;
import io.jsonrpcclient.cli.internal.FailureHandler;
import io.jsonrpcclient.cli.internal.UsageErrorHandler;
import java.util.List;
import picocli.CommandLine;

/**
 * The entry point of the {@code jsonrpc} command-line tool.
 * <pre>{@code
 * jsonrpc call http://127.0.0.1:8545/ add 1 2
 * }</pre>
 *
 * <p>{@link #run(Terminal, String...)} runs the tool in-process against given streams and returns
 * its exit code instead of exiting, for tests and for embedding.
 */
public final class Main {

    /** The subcommands' names, in the order the usage help lists them. */
    private static final List<String> ALL = List.of("call", "notify", "send", "listen", "demo", "help");

    private Main() {
    }

    /**
     * Runs the tool on the process's streams and exits with its {@linkplain ExitCodes exit code}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // A process of the tool's own; run() leaves an embedding program's settings alone.
        CliLoggerProvider.nameForSlf4j();
        System.exit(run(Terminal.system(), args));
    }

    /**
     * Runs the tool once.
     *
     * @param terminal the streams to use
     * @param args     the command line, without the program name
     * @return the {@linkplain ExitCodes exit code}
     */
    public static int run(Terminal terminal, String... args) {
        try {
            if (isPlainCall(args)) {
                return plainCall(terminal, args);
            }
            return commandLine(terminal, args).execute(args);
        } finally {
            terminal.out().flush();
            terminal.err().flush();
        }
    }

    /**
     * {@return true for {@code call http(s)://... METHOD [PARAM...]} with no option} Such a command
     * line means one thing whatever picocli's rules (no word starts with {@code -}, nor with
     * {@code @}, picocli's argument files), so it runs without picocli, whose set-up is the larger
     * part of a cold start (docs/BENCHMARKS.md). Anything else, and any failure's report, goes
     * through picocli.
     */
    static boolean isPlainCall(String[] args) {
        if (args.length < 3 || !args[0].equals("call")
                || !(args[1].startsWith("http://") || args[1].startsWith("https://"))) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-") || args[i].startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    private static int plainCall(Terminal terminal, String[] args) {
        CallCommand command = CallCommand.plain(terminal, List.of(args).subList(1, args.length));
        try {
            return command.call();
        } catch (Exception e) {
            // Reported exactly as picocli's run would: the same handler, the same parsed command.
            CommandLine commandLine = commandLine(terminal, args);
            CommandLine.ParseResult parsed = commandLine.parseArgs(args);
            return new FailureHandler().handleExecutionException(e, parsed.subcommand().commandSpec().commandLine(),
                    parsed);
        }
    }

    /**
     * Builds the command tree wired to the given streams, with the tool's error handling.
     *
     * @param terminal the streams
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(Terminal terminal) {
        return commandLine(terminal, new String[0]);
    }

    /**
     * The tree for one command line: when the first word names a subcommand, that subcommand alone
     * (picocli reads a command's annotations, by reflection, when it is added: start-up time spent
     * on commands the run does not use); else all of them, so that help, errors and suggestions
     * list them.
     */
    private static CommandLine commandLine(Terminal terminal, String[] args) {
        var commandLine = new CommandLine(new JsonRpcCommand());
        String first = args.length > 0 ? args[0] : "";
        boolean one = !first.equals("help") && ALL.contains(first);
        for (String name : one ? List.of(first) : ALL) {
            // Subcommands are added as instances, so each gets the terminal without a custom factory.
            commandLine.addSubcommand(subcommand(name, terminal));
        }
        // Settings below apply to the subcommands present at the time of the call, so they come last.
        commandLine.setOut(terminal.out());
        commandLine.setErr(terminal.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }

    private static Object subcommand(String name, Terminal terminal) {
        return switch (name) {
            case "call" -> new CallCommand(terminal);
            case "notify" -> new NotifyCommand(terminal);
            case "send" -> new SendCommand(terminal);
            case "listen" -> new ListenCommand(terminal);
            case "demo" -> new DemoCommand(terminal);
            default -> new CommandLine.HelpCommand();
        };
    }
}
