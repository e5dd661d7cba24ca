package io.jsonrpcclient.cli;

import io.jsonrpcclient.cli.internal.DemoHttpServer;
import io.jsonrpcclient.cli.internal.DemoMethods;
import io.jsonrpcclient.cli.internal.DemoTour;
import io.jsonrpcclient.cli.internal.Durations;
import io.jsonrpcclient.cli.internal.UsageException;
import io.jsonrpcclient.cli.internal.VersionProvider;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jsonrpc demo}: runs the {@link DemoTour} against an embedded loopback server, or with
 * {@code --serve} keeps a demo server running for the user to try the other commands against.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        header = "Shows every feature against an embedded JSON-RPC server.",
        description = {
            "",
            "Starts a JSON-RPC 2.0 server on 127.0.0.1 and walks through requests with positional and named"
                    + " params, notifications, batches, error and invalid responses, timeouts, id generators,"
                    + " logging and raw messages. With --serve, keeps the server running instead, to try the"
                    + " other commands against it.",
            "",
            "Methods: " + DemoMethods.SUMMARY + ".",
        },
        optionListHeading = "%nOptions:%n",
        footerHeading = "%n",
        footer = {
            "Examples:",
            "  jsonrpc demo",
            "  jsonrpc demo --serve --port 8545",
        })
final class DemoCommand implements Callable<Integer> {

    private static final int MAX_PORT = 65_535;
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final Terminal terminal;

    @Option(names = "--serve", description = "Keeps the demo server running until Ctrl-C and prints commands to try.")
    private boolean serve;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The port to serve on with --serve; 0 (the default) takes any free port.")
    private int port;

    @Option(names = "--zmq-port", paramLabel = "PORT", defaultValue = "0",
            description = "The port of the ZeroMQ endpoint served beside HTTP with --serve; 0 (the default) takes"
                    + " any free port.")
    private int zmqPort;

    // For tests and scripts: serve for a while, then stop, instead of waiting for Ctrl-C.
    @Option(names = "--serve-for", paramLabel = "DURATION", hidden = true, converter = Durations.class)
    private Duration serveFor;

    DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > MAX_PORT) {
            throw new UsageException("--port must be between 0 and " + MAX_PORT + ", was " + port);
        }
        if (!serve && (port != 0 || serveFor != null)) {
            throw new UsageException("--port and --serve-for only apply with --serve");
        }
        if (zmqPort < 0 || zmqPort > MAX_PORT) {
            throw new UsageException("--zmq-port must be between 0 and " + MAX_PORT + ", was " + zmqPort);
        }
        if (!serve && zmqPort != 0) {
            throw new UsageException("--zmq-port only applies with --serve");
        }
        // The JDK server sends headers and body in separate packets; without TCP_NODELAY every
        // other reply waits ~40 ms for a delayed ACK. Read once, when the first server is made.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        return serve ? serve() : tour();
    }

    private int tour() {
        try (MockJsonRpcServer server = MockJsonRpcServer.start()) {
            DemoMethods.registerOn(server::method);
            new DemoTour(server, terminal.out()).run();
        }
        return ExitCodes.OK;
    }

    private int serve() {
        DemoHttpServer server;
        try {
            server = DemoHttpServer.start(port);
        } catch (IOException e) {
            throw new UsageException("cannot serve on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (choose another --port, or 0 for any free one)", e);
        }
        io.jsonrpcclient.cli.internal.DemoZeroMqServer zmq;
        try {
            zmq = io.jsonrpcclient.cli.internal.DemoZeroMqServer.start(zmqPort);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            server.close();
            throw new UsageException(e.getMessage() + " (choose another --zmq-port, or 0 for any free one)", e);
        }
        try (server; zmq) {
            printBanner(server.uri().toString(), zmq.url());
            waitUntilStopped(server);
        }
        return ExitCodes.OK;
    }

    private void printBanner(String url, String zmqUrl) {
        PrintWriter out = terminal.out();
        out.println("jsonrpc demo server listening on " + url);
        out.println("methods: " + DemoMethods.SUMMARY);
        out.println();
        out.println("Try, from another terminal:");
        out.println("  jsonrpc call " + url + " add 1 2 3");
        out.println("  jsonrpc call " + url + " cat name=Yoko");
        out.println("  jsonrpc call " + url + " echo limit:=10 'tags:=[\"a\",\"b\"]'");
        out.println("  jsonrpc notify " + url + " echo hello");
        out.println("  jsonrpc send " + url + " '[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":2}]'");
        out.println("  jsonrpc call " + url + " fail                      # exit code 1");
        out.println("  jsonrpc call --timeout 500ms " + url + " sleep 2   # exit code 4");
        out.println("  jsonrpc call -v --bearer s3cret " + url + " echo password=hunter2");
        out.println();
        out.println("The same methods over ZeroMQ on " + zmqUrl + " (REQ and DEALER clients alike):");
        out.println("  jsonrpc call " + zmqUrl + " add 1 2 3");
        out.println("  jsonrpc call --zmq-socket dealer " + zmqUrl + " sleep 1");
        out.println();
        out.println(serveFor == null ? "Stop with Ctrl-C." : "Stopping in " + Durations.format(serveFor) + ".");
        out.flush();
    }

    private void waitUntilStopped(DemoHttpServer server) {
        try {
            if (serveFor != null) {
                Thread.sleep(serveFor.toMillis());
                return;
            }
            // Ctrl-C ends the JVM, not this wait: the hook is what closes the server and says so.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                terminal.err().println("jsonrpc demo server stopped");
                terminal.err().flush();
            }, "jsonrpc-demo-shutdown"));
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
