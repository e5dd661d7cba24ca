package io.jsonrpcclient.cli;

import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.cli.internal.JsonPrinter;
import io.jsonrpcclient.cli.internal.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jsonrpc send URL [JSON | -]}: sends request text as it is (one request, a notification or
 * a batch) and prints the whole reply, checked against the ids it sent.
 */
@Command(name = "send",
        header = "Sends a raw request, notification or batch and prints the response(s).",
        description = {
            "",
            "Prints the response object as pretty JSON, or for a batch the array of response objects in"
                    + " request order, after checking the reply against the message sent, ids included. A"
                    + " batch reply exits 0 even when some entries are errors; a single error response exits 1."
                    + " A notification (or a batch of them) prints nothing.",
        },
        footer = {
            "Examples:",
            "  jsonrpc send http://127.0.0.1:8545/ \\",
            "      '{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}'",
            "  jsonrpc send http://127.0.0.1:8545/ < batch.json",
            "",
            "Exit codes: 0 response(s), 1 JSON-RPC error, 2 usage error (incl. invalid JSON),",
            "            3 invalid response, 4 transport failure.",
        })
final class SendCommand extends ClientCommand {

    @Parameters(index = "1", arity = "0..1", paramLabel = "JSON",
            description = "The message text; '-' or nothing reads it from stdin.")
    private String message;

    SendCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    int run() {
        String text = message == null || message.equals("-") ? readStdin() : message;
        if (text.isBlank()) {
            throw new UsageException("nothing to send: give the JSON text as an argument or on stdin");
        }
        try {
            // Checked here, before anything is sent, so bad input is a usage error and not a failed call.
            JsonRpcCodec.standard().parseMessage(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a JSON-RPC request, notification or batch: " + e.getMessage(), e);
        }
        try (Connection connection = connect()) {
            Reply reply = connection.client().send(text);
            if (reply instanceof BatchResponse batch) {
                terminal().out().println(JsonPrinter.pretty(JsonPrinter.toJson(batch.all())));
            } else if (reply instanceof Response response) {
                terminal().out().println(JsonPrinter.pretty(JsonPrinter.toJson(response)));
                if (response instanceof Response.Failure failure) {
                    throw new ErrorResponseException(failure);
                }
            }
            return ExitCodes.OK;
        }
    }

    private String readStdin() {
        try {
            return new String(terminal().in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("could not read the message from stdin: " + e.getMessage(), e);
        }
    }
}
