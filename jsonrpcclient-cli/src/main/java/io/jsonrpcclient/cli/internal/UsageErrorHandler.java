package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.cli.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error in two short lines instead of picocli's full help page, which would bury
 * the one line that matters:
 * <pre>
 * jsonrpc call: Missing required parameter: 'METHOD'
 * Try 'jsonrpc call --help' for more information.
 * </pre>
 * Exit code 2.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(qualifiedName(commandLine) + ": " + message(ex));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        return tryHelp(commandLine);
    }

    private static String message(ParameterException ex) {
        CommandLine commandLine = ex.getCommandLine();
        // "Unmatched argument at index 0: 'cal'" says little when the word was meant as a command.
        if (ex instanceof UnmatchedArgumentException unmatched && !commandLine.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", commandLine.getSubcommands().keySet());
        }
        return ex.getMessage();
    }

    /**
     * Reports a usage error found after parsing, by a command itself.
     *
     * @param commandLine the command that found it
     * @param message     what is wrong
     * @return the usage exit code
     */
    static int report(CommandLine commandLine, String message) {
        commandLine.getErr().println(qualifiedName(commandLine) + ": " + message);
        return tryHelp(commandLine);
    }

    private static int tryHelp(CommandLine commandLine) {
        commandLine.getErr().println("Try '" + qualifiedName(commandLine) + " --help' for more information.");
        commandLine.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static String qualifiedName(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }
}
