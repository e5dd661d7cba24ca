package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.ParseResponseException;
import io.jsonrpcclient.cli.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into the {@linkplain ExitCodes exit code contract} and one clear line
 * on stderr (plus the error's data, for a JSON-RPC error). The library's messages already name the
 * endpoint and the method, so they are printed as they are; stack traces only with {@code --debug}.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

    /** The option that asks for stack traces. */
    public static final String DEBUG_OPTION = "--debug";

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = report(ex, commandLine, err);
        if (debugRequested(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static int report(Exception ex, CommandLine commandLine, PrintWriter err) {
        if (ex instanceof UsageException) {
            return UsageErrorHandler.report(commandLine, ex.getMessage());
        }
        if (ex instanceof IllegalArgumentException) {
            // The library's way of saying an input (a header, a param value) cannot be sent at all:
            // something the user typed, so a usage error rather than a failed exchange.
            return UsageErrorHandler.report(commandLine, oneLine(ex.getMessage()));
        }
        if (ex instanceof ErrorResponseException error) {
            err.println("error " + error.code() + ": " + oneLine(error.message()));
            if (error.error().hasData()) {
                err.println(JsonPrinter.pretty(error.data()));
            }
            return ExitCodes.ERROR_RESPONSE;
        }
        if (ex instanceof ParseResponseException || ex instanceof InvalidResponseException
                || ex instanceof NoResponseException) {
            err.println("jsonrpc: " + oneLine(ex.getMessage()));
            return ExitCodes.INVALID_RESPONSE;
        }
        if (ex instanceof JsonRpcClientException) {
            // TransportException and its RequestTimeoutException, and the base class's own cases
            // (an interrupted or cancelled call): the message never got an answer.
            err.println("jsonrpc: " + oneLine(ex.getMessage()));
            return ExitCodes.TRANSPORT;
        }
        err.println("jsonrpc: internal error: " + oneLine(String.valueOf(ex))
                + " (this is a bug; run with --debug for details)");
        return ExitCodes.INTERNAL_ERROR;
    }

    private static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
