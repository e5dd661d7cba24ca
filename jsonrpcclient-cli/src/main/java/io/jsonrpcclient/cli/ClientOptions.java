package io.jsonrpcclient.cli;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Validation;
import io.jsonrpcclient.cli.internal.Durations;
import io.jsonrpcclient.cli.internal.Endpoints;
import io.jsonrpcclient.cli.internal.ExchangeLog;
import io.jsonrpcclient.cli.internal.HeaderArgs;
import io.jsonrpcclient.cli.internal.IdStyle;
import io.jsonrpcclient.cli.internal.StreamEndpoints;
import io.jsonrpcclient.cli.internal.UsageException;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.stream.Framing;
import io.jsonrpcclient.stream.StdioTransport;
import io.jsonrpcclient.stream.TcpTransport;
import io.jsonrpcclient.transport.DuplexConnection;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.Transport;
import io.jsonrpcclient.websocket.WebSocketTransport;
import io.jsonrpcclient.zeromq.ZeroMqTransport;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to a server shares, and the one place that turns them
 * into a {@link JsonRpcClient} over the library's public API.
 */
final class ClientOptions {

    /**
     * Numbers exactly as on the wire, both ways: {@code 0.1} stays 0.1 and {@code 1.50} stays 1.50
     * in results printed back (ParamParser reads params so too). Immutable, so shared.
     */
    private static final JsonRpcCodec EXACT_CODEC = JsonRpcCodec.newBuilder().exactNumbers(true).build();

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Sends an HTTP header; repeatable.")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD",
            description = "Uses HTTP basic authentication.")
    private String user;

    @Option(names = "--bearer", paramLabel = "TOKEN", defaultValue = "${env:JSONRPC_BEARER}",
            description = "Sends 'Authorization: Bearer TOKEN'. Defaults to $JSONRPC_BEARER, which, unlike an"
                    + " argument, other users of the machine cannot see.")
    private String bearer;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trusts only the CA certificates in this PEM file (host names are still checked).")
    private Path caCertificates;

    @Option(names = {"-k", "--insecure"},
            description = "Skips TLS certificate and host name checks. For local experiments only.")
    private boolean insecure;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.class,
            description = "Gives up after this long, e.g. 500ms, 2s, 1m. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Option(names = "--id", paramLabel = "STYLE", defaultValue = "decimal", converter = IdStyle.Converter.class,
            description = "Request ids: decimal (1, 2, 3 ...), hex, uuid or random. Default: ${DEFAULT-VALUE}.")
    private IdStyle idStyle;

    @Option(names = "--lenient",
            description = "Accepts JSON-RPC 1.0 habits in replies, such as a missing \"jsonrpc\" member"
                    + " or \"error\": null beside a result.")
    private boolean lenient;

    @Option(names = "--no-validate",
            description = "Checks nothing in replies beyond reading a result or an error.")
    private boolean noValidate;

    @Option(names = "--framing", paramLabel = "FRAMING",
            description = "How messages are cut on tcp://, tls:// and stdio: connections: newline,"
                    + " content-length (LSP) or stream (JSON values back to back)."
                    + " Default: newline, and content-length for stdio:.")
    private String framing;

    @Option(names = "--zmq-socket", paramLabel = "TYPE",
            converter = io.jsonrpcclient.cli.internal.ZmqSocketConverter.class,
            description = "The ZeroMQ socket for zmq+tcp:// URLs: req (one call at a time, answers from any server;"
                    + " the default) or dealer (many calls in flight, matched by id).")
    private ZeroMqTransport.SocketType zmqSocket;

    @Option(names = {"-v", "--verbose"},
            description = "Logs the request and the response on stderr, with secrets shown as ***.")
    private boolean verbose;

    @Option(names = "--debug", description = "Prints stack traces with errors.")
    private boolean debug;

    /**
     * {@return the options as picocli sets them when none is given on the command line} For a plain
     * {@code call}, which {@link Main} runs without picocli (start-up time); keep in step with the
     * annotations' defaults ({@code PlainCallTest} compares the two).
     */
    static ClientOptions defaults() {
        var options = new ClientOptions();
        options.bearer = System.getenv("JSONRPC_BEARER");
        options.timeout = Duration.ofSeconds(30);
        options.idStyle = IdStyle.DECIMAL;
        return options;
    }

    /** {@return true if {@code -v} was given} */
    boolean verbose() {
        return verbose;
    }

    /**
     * Builds the client these options describe.
     *
     * @param url the URL as typed
     * @return the connection; the caller closes it
     * @throws UsageException if the URL or the options are wrong
     */
    Connection connect(String url) {
        if (Endpoints.isZeroMq(url)) {
            return connectZeroMq(url);
        }
        if (zmqSocket != null) {
            throw new UsageException("--zmq-socket applies to zmq+tcp:// and zmq+ipc:// URLs only");
        }
        if (StreamEndpoints.isStream(url)) {
            return connectStream(url.strip());
        }
        if (framing != null) {
            throw new UsageException("--framing applies to tcp://, tls:// and stdio: URLs only");
        }
        URI uri = Endpoints.parse(url);
        Validation validation = validation();
        if (Endpoints.isWebSocket(uri)) {
            return connectWebSocket(uri, validation);
        }
        try {
            HttpTransport transport = httpTransport(uri);
            Connection connection = open(transport, validation, null);
            ExchangeLog.headers(connection.client().endpoint(), transport.defaults().headers());
            return connection;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // The library checks header names, certificates and the like; to the user these are
            // mistakes on the command line, not failures of the tool.
            throw new UsageException(e.getMessage(), e);
        }
    }

    private HttpTransport httpTransport(URI uri) {
        HttpTransport.Builder builder = HttpTransport.newBuilder(uri);
        // The library's default engine for HTTP/1.1 speaks it over a socket itself: no TLS context
        // built for plain HTTP, no selector thread, which is most of a cold start (docs/BENCHMARKS.md).
        builder.connectTimeout(connectTimeout(HttpTransport.DEFAULT_CONNECT_TIMEOUT));
        headersAndAuth().headers().forEach(builder::header);
        trustedCaFile().ifPresent(builder::trustCertificates);
        if (insecure) {
            builder.insecureSkipTlsVerification();
        }
        return builder.build();
    }

    private Connection connectWebSocket(URI uri, Validation validation) {
        try {
            WebSocketTransport.Builder builder = WebSocketTransport.newBuilder(uri)
                    .connectTimeout(connectTimeout(WebSocketTransport.DEFAULT_CONNECT_TIMEOUT))
                    .callOptions(headersAndAuth());
            trustedCaFile().ifPresent(builder::trustCertificates);
            if (insecure) {
                builder.insecureSkipTlsVerification();
            }
            DuplexTransport transport = builder.build();
            return open(transport, validation, transport);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** A TCP, TLS or child-process connection: its own few options, none of HTTP's. */
    private Connection connectStream(String url) {
        var parseResult = command.commandLine().getParseResult();
        for (String httpOnly : List.of("--header", "--user", "--bearer")) {
            if (parseResult.hasMatchedOption(httpOnly)) {
                throw new UsageException(httpOnly + " applies to HTTP and WebSocket URLs only");
            }
        }
        Validation validation = validation();
        Framing chosen = StreamEndpoints.framing(framing, url);
        DuplexConnection connection;
        try {
            if (StreamEndpoints.isStdio(url)) {
                if (caCertificates != null || insecure) {
                    throw new UsageException("--cacert and --insecure apply to https://, wss:// and tls:// URLs only");
                }
                connection = StdioTransport.newBuilder(StreamEndpoints.command(url)).framing(chosen).connection();
            } else {
                var address = StreamEndpoints.address(url);
                var builder = TcpTransport.newBuilder(address.host(), address.port())
                        .framing(chosen)
                        .connectTimeout(connectTimeout(TcpTransport.DEFAULT_CONNECT_TIMEOUT));
                if ((caCertificates != null || insecure) && !address.tls()) {
                    throw new UsageException("--cacert and --insecure need TLS: use tls://HOST:PORT");
                }
                Optional<Path> caFile = trustedCaFile();
                if (caFile.isPresent()) {
                    builder.trustCertificates(caFile.get());
                } else if (insecure) {
                    builder.insecureSkipTlsVerification();
                } else if (address.tls()) {
                    builder.tls();
                }
                connection = builder.connection();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
        // Connecting (or starting the process) may fail: a TransportException, as a call's would be.
        return open(DuplexTransport.of(connection), validation, null);
    }

    /** A ZeroMQ connection (REQ or DEALER): none of the HTTP, TLS or stream options apply. */
    private Connection connectZeroMq(String url) {
        var parseResult = command.commandLine().getParseResult();
        for (String other : List.of("--header", "--user", "--bearer", "--cacert", "--insecure", "--framing")) {
            if (parseResult.hasMatchedOption(other)) {
                throw new UsageException(other + " does not apply to ZeroMQ URLs");
            }
        }
        String endpoint = Endpoints.zeroMqEndpoint(url);
        Validation validation = validation();
        try {
            var transport = ZeroMqTransport.newBuilder(endpoint)
                    .socketType(zmqSocket != null ? zmqSocket : ZeroMqTransport.SocketType.REQ)
                    .connectTimeout(connectTimeout(ZeroMqTransport.DEFAULT_CONNECT_TIMEOUT))
                    .build();
            return open(transport, validation, null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The one place a client is built, whatever the transport. */
    private Connection open(Transport transport, Validation validation, DuplexTransport duplex) {
        IdGenerator ids = idStyle.newGenerator();
        JsonRpcClient client = JsonRpcClient.newBuilder(transport)
                .codec(EXACT_CODEC)
                .idGenerator(ids)
                .timeout(timeout)
                .validation(validation)
                .build();
        return new Connection(client, ids, duplex);
    }

    /** {@return the library's connect timeout, cut to --timeout when that is shorter} */
    private Duration connectTimeout(Duration libraryDefault) {
        // A short --timeout should also cut a connect attempt short.
        return timeout.compareTo(libraryDefault) < 0 ? timeout : libraryDefault;
    }

    /** {@return -H, -u and --bearer as headers (HTTP requests, WebSocket handshakes)} */
    private CallOptions headersAndAuth() {
        CallOptions.Builder options = CallOptions.newBuilder();
        for (String header : headers) {
            Map.Entry<String, String> h = HeaderArgs.header(header);
            options.header(h.getKey(), h.getValue());
        }
        String token = bearer == null || bearer.isBlank() ? null : bearer.strip();
        if (user != null) {
            if (token != null && command.commandLine().getParseResult().hasMatchedOption("--bearer")) {
                throw new UsageException("choose -u or --bearer, not both: each sets the Authorization header");
            }
            // An explicit -u beats a token that only came from the environment.
            token = null;
            Map.Entry<String, String> credentials = HeaderArgs.credentials(user);
            options.basicAuth(credentials.getKey(), credentials.getValue());
        }
        if (token != null) {
            options.bearerToken(token);
        }
        return options.build();
    }

    /** {@return the --cacert file, checked to be readable; refuses it beside --insecure} */
    private Optional<Path> trustedCaFile() {
        if (caCertificates != null && insecure) {
            throw new UsageException("choose --cacert or --insecure, not both");
        }
        if (caCertificates != null && !Files.isReadable(caCertificates)) {
            throw new UsageException("cannot read the --cacert file " + caCertificates);
        }
        return Optional.ofNullable(caCertificates);
    }

    private Validation validation() {
        if (lenient && noValidate) {
            throw new UsageException("choose --lenient or --no-validate, not both");
        }
        return noValidate ? Validation.OFF : lenient ? Validation.LENIENT : Validation.STRICT;
    }
}
