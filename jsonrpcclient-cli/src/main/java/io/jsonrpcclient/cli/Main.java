package io.jsonrpcclient.cli;

import io.jsonrpcclient.cli.internal.FailureHandler;
import io.jsonrpcclient.cli.internal.UsageErrorHandler;
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

    private Main() {
    }

    /**
     * Runs the tool on the process's streams and exits with its {@linkplain ExitCodes exit code}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
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
            return commandLine(terminal).execute(args);
        } finally {
            terminal.out().flush();
            terminal.err().flush();
        }
    }

    /**
     * Builds the command tree wired to the given streams, with the tool's error handling.
     *
     * @param terminal the streams
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(Terminal terminal) {
        var commandLine = new CommandLine(new JsonRpcCommand());
        // Subcommands are added as instances, so each gets the terminal without a custom factory.
        commandLine.addSubcommand(new CallCommand(terminal));
        commandLine.addSubcommand(new NotifyCommand(terminal));
        commandLine.addSubcommand(new SendCommand(terminal));
        commandLine.addSubcommand(new ListenCommand(terminal));
        commandLine.addSubcommand(new DemoCommand(terminal));
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        // Settings below apply to the subcommands present at the time of the call, so they come last.
        commandLine.setOut(terminal.out());
        commandLine.setErr(terminal.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }
}
