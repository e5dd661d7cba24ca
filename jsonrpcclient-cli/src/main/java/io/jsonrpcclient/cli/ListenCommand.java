package io.jsonrpcclient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonrpcclient.JsonRpcClientException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.cli.internal.JsonPrinter;
import io.jsonrpcclient.cli.internal.ParamParser;
import io.jsonrpcclient.cli.internal.UsageException;
import io.jsonrpcclient.transport.ConnectionListener;
import io.jsonrpcclient.transport.DuplexTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jsonrpc listen URL [--subscribe METHOD [PARAM...]] [--count N]}: prints server notifications. */
@Command(name = "listen",
        header = "Prints the notifications a server sends, one JSON object per line.",
        description = {
            "",
            "Connects, optionally makes a subscription call first, then prints every notification the server"
                    + " sends, each on its own line, until interrupted (Ctrl-C) or --count have arrived."
                    + " Needs a connection the server can send on: a ws:// or wss:// URL.",
        },
        footer = {
            "Examples:",
            "  jsonrpc listen ws://127.0.0.1:8546/ --subscribe eth_subscribe newHeads",
            "  jsonrpc listen ws://127.0.0.1:6800/jsonrpc --count 1",
            "",
            "Exit codes: 0 done, 1 the subscription call failed with a JSON-RPC error, 2 usage error,",
            "            3 invalid response, 4 transport failure (the connection was lost).",
        })
final class ListenCommand extends ClientCommand {

    @Option(names = "--subscribe", arity = "1..*", paramLabel = "METHOD [PARAM...]",
            description = "Calls METHOD with the PARAMs (as in 'jsonrpc call') before listening, e.g."
                    + " eth_subscribe newHeads; its result is not printed.")
    private List<String> subscribe = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N",
            description = "Stops after N notifications. Default: listen until interrupted.")
    private Integer count;

    ListenCommand(Terminal terminal) {
        super(terminal);
    }

    @Override
    int run() {
        if (count != null && count < 1) {
            throw new UsageException("--count must be at least 1, was " + count);
        }
        try (Connection connection = connect()) {
            DuplexTransport duplex = connection.duplex();
            if (duplex == null) {
                throw new UsageException("listen needs a connection the server can send on, such as a ws:// URL;"
                        + " over HTTP the server speaks only when asked");
            }
            BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
            duplex.onAnyNotification((method, params) -> inbox.add(line(method, params)));
            duplex.onConnectionState(new ConnectionListener() {
                @Override
                public void onDisconnected(TransportException reason) {
                    inbox.add(reason);
                }
            });
            if (!subscribe.isEmpty()) {
                Params params = ParamParser.parse(subscribe.subList(1, subscribe.size()));
                connection.client().request(subscribe.get(0), params);
            }
            int received = 0;
            while (count == null || received < count) {
                Object next;
                try {
                    next = inbox.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCodes.OK;
                }
                if (next instanceof JsonRpcClientException lost) {
                    throw lost.withContext(connection.client().endpoint(), "listen");
                }
                terminal().out().println(next);
                terminal().out().flush();
                received++;
            }
            return ExitCodes.OK;
        }
    }

    private static String line(String method, JsonNode params) {
        ObjectNode notification = JsonNodeFactory.instance.objectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        if (!params.isMissingNode()) {
            notification.set("params", params);
        }
        return JsonPrinter.compact(notification);
    }
}
