package io.jsonrpcclient.cli;

import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.cli.internal.JsonPrinter;
import io.jsonrpcclient.cli.internal.ParamParser;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jsonrpc call URL METHOD [PARAM...]}: sends one request and prints its result alone, as
 * pretty JSON, so the output can go straight into {@code jq} or a file.
 */
@Command(name = "call",
        header = "Calls a method and prints its result as JSON.",
        description = {
            "",
            "Prints the result alone on stdout, as pretty JSON (with --raw, the whole response object). If"
                    + " the server answers with an error, prints 'error CODE: MESSAGE' and the error's data on"
                    + " stderr and exits 1.",
        },
        footer = {
            "Examples:",
            "  jsonrpc call http://127.0.0.1:8545/ add 1 2          # params [1,2]",
            "  jsonrpc call http://127.0.0.1:8545/ cat name=Yoko    # params {\"name\":\"Yoko\"}",
            "  jsonrpc call http://127.0.0.1:8545/ find limit:=10 'tags:=[\"a\"]'",
            "  jsonrpc call --timeout 2s -H 'X-Trace: 7' https://node.example/rpc status",
            "",
            "Exit codes: 0 result, 1 JSON-RPC error, 2 usage error, 3 invalid response,",
            "            4 transport failure.",
        })
final class CallCommand extends ClientCommand {

    @Parameters(index = "1", paramLabel = "METHOD", description = "The method to call.")
    private String method;

    @Parameters(index = "2..*", paramLabel = "PARAM",
            description = "name=value (a named string), name:=json (a named JSON value) or a bare word"
                    + " (positional: JSON when it parses, else a string). Named and positional params cannot"
                    + " be mixed; no params means no \"params\" member.")
    private List<String> params = new ArrayList<>();

    @Option(names = "--raw", description = "Prints the whole response object instead of the result.")
    private boolean raw;

    CallCommand(Terminal terminal) {
        super(terminal);
    }

    /**
     * {@return the command as picocli would set it up for {@code call URL METHOD PARAM...} without options}
     *
     * @param terminal the streams
     * @param args     URL, METHOD and the params
     */
    static CallCommand plain(Terminal terminal, List<String> args) {
        var command = new CallCommand(terminal);
        command.plain(args.get(0));
        command.method = args.get(1);
        command.params = new ArrayList<>(args.subList(2, args.size()));
        return command;
    }

    @Override
    int run() {
        Params parsed = ParamParser.parse(params);
        try (Connection connection = connect()) {
            Request request = Request.of(method, parsed, connection.ids().next());
            Response response = connection.client().send(request);
            if (raw) {
                terminal().out().println(JsonPrinter.pretty(JsonPrinter.toJson(response)));
            }
            if (response instanceof Response.Failure failure) {
                throw new ErrorResponseException(failure).withContext(connection.client().endpoint(), method);
            }
            if (!raw) {
                terminal().out().println(JsonPrinter.pretty(((Response.Success) response).result()));
            }
            return ExitCodes.OK;
        }
    }
}
