package io.jsonrpcclient.cli;

import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.cli.internal.ParamParser;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jsonrpc notify URL METHOD [PARAM...]}: sends a notification, which gets no reply. */
@Command(name = "notify",
        header = "Sends a notification (a call without an id) and prints nothing.",
        description = {
            "",
            "The server sends no reply to a notification, so there is no result to print. Exits 0 once the"
                    + " server has taken it, 1 if it refused it with a JSON-RPC error.",
        },
        footer = {
            "Examples:",
            "  jsonrpc notify http://127.0.0.1:8545/ log level=info 'message=hello there'",
            "  jsonrpc notify http://127.0.0.1:8545/ update 1 2 3",
            "",
            "Exit codes: 0 sent, 1 JSON-RPC error, 2 usage error, 3 invalid response,",
            "            4 transport failure.",
        })
final class NotifyCommand extends ClientCommand {

    @Parameters(index = "1", paramLabel = "METHOD", description = "The method to notify.")
    private String method;

    @Parameters(index = "2..*", paramLabel = "PARAM",
            description = "name=value (a named string), name:=json (a named JSON value) or a bare word"
                    + " (positional: JSON when it parses, else a string). Named and positional params cannot"
                    + " be mixed; no params means no \"params\" member.")
    private List<String> params = new ArrayList<>();

    NotifyCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    int run() {
        Params parsed = ParamParser.parse(params);
        try (Connection connection = connect()) {
            connection.client().send(Notification.of(method, parsed));
            return ExitCodes.OK;
        }
    }
}
