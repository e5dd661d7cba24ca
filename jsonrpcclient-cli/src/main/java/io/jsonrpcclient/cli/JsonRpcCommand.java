package io.jsonrpcclient.cli;

import io.jsonrpcclient.cli.internal.VersionProvider;
import picocli.CommandLine.Command;

/**
 * The top-level {@code jsonrpc} command. It does nothing itself: without a subcommand, picocli
 * reports a usage error, since guessing what the user wanted would hide the mistake.
 * <pre>{@code
 * jsonrpc call http://127.0.0.1:8080/ add 1 2     # a subcommand does the work
 * jsonrpc --help                                  # lists them
 * }</pre>
 */
@Command(name = "jsonrpc",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        header = "Talks JSON-RPC 2.0 to a server from the command line.",
        description = {
            "",
            "Params are httpie-style: name=value is a named string, name:=json a named JSON value, and bare"
                    + " words are positional (JSON when they parse, else strings).",
        },
        commandListHeading = "%nCommands:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%n",
        footer = {
            "Examples:",
            "  jsonrpc demo",
            "  jsonrpc call http://127.0.0.1:8545/ add 1 2",
            "  jsonrpc call http://127.0.0.1:8545/ cat name=Yoko",
            "  jsonrpc send http://127.0.0.1:8545/ < batch.json",
            "",
            "Exit codes: 0 ok, 1 the server answered with a JSON-RPC error, 2 usage error,",
            "            3 the reply was not valid JSON-RPC, 4 transport failure.",
            "",
            "Run 'jsonrpc COMMAND --help' for a command's options.",
        })
public final class JsonRpcCommand {
}
