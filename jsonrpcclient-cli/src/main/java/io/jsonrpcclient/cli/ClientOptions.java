package io.jsonrpcclient.cli;

import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Validation;
import io.jsonrpcclient.cli.internal.Durations;
import io.jsonrpcclient.cli.internal.Endpoints;
import io.jsonrpcclient.cli.internal.ExactJson;
import io.jsonrpcclient.cli.internal.ExchangeLog;
import io.jsonrpcclient.cli.internal.HeaderArgs;
import io.jsonrpcclient.cli.internal.IdStyle;
import io.jsonrpcclient.cli.internal.UsageException;
import io.jsonrpcclient.http.HttpTransport;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to a server shares, and the one place that turns them
 * into a {@link JsonRpcClient} over the library's public API.
 */
final class ClientOptions {

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

    @Option(names = {"-v", "--verbose"},
            description = "Logs the request and the response on stderr, with secrets shown as ***.")
    private boolean verbose;

    @Option(names = "--debug", description = "Prints stack traces with errors.")
    private boolean debug;

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
        URI uri = Endpoints.parse(url);
        Validation validation = validation();
        try {
            HttpTransport transport = transport(uri);
            IdGenerator ids = idStyle.newGenerator();
            JsonRpcClient client = JsonRpcClient.newBuilder(transport)
                    .codec(JsonRpcCodec.newBuilder().objectMapper(ExactJson.MAPPER).build())
                    .idGenerator(ids)
                    .timeout(timeout)
                    .validation(validation)
                    .build();
            ExchangeLog.headers(client.endpoint(), transport.defaults().headers());
            return new Connection(client, ids);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // The library checks header names, certificates and the like; to the user these are
            // mistakes on the command line, not failures of the tool.
            throw new UsageException(e.getMessage(), e);
        }
    }

    private HttpTransport transport(URI uri) {
        HttpTransport.Builder builder = HttpTransport.newBuilder(uri)
                // A short --timeout should also cut a connect attempt short.
                .connectTimeout(timeout.compareTo(HttpTransport.DEFAULT_CONNECT_TIMEOUT) < 0
                        ? timeout : HttpTransport.DEFAULT_CONNECT_TIMEOUT);
        for (String header : headers) {
            Map.Entry<String, String> h = HeaderArgs.header(header);
            builder.header(h.getKey(), h.getValue());
        }
        String token = bearer == null || bearer.isBlank() ? null : bearer.strip();
        if (user != null) {
            if (token != null && command.commandLine().getParseResult().hasMatchedOption("--bearer")) {
                throw new UsageException("choose -u or --bearer, not both: each sets the Authorization header");
            }
            // An explicit -u beats a token that only came from the environment.
            token = null;
            Map.Entry<String, String> credentials = HeaderArgs.credentials(user);
            builder.basicAuth(credentials.getKey(), credentials.getValue());
        }
        if (token != null) {
            builder.bearerToken(token);
        }
        if (caCertificates != null && insecure) {
            throw new UsageException("choose --cacert or --insecure, not both");
        }
        if (caCertificates != null) {
            if (!Files.isReadable(caCertificates)) {
                throw new UsageException("cannot read the --cacert file " + caCertificates);
            }
            builder.trustCertificates(caCertificates);
        }
        if (insecure) {
            builder.insecureSkipTlsVerification();
        }
        return builder.build();
    }

    private Validation validation() {
        if (lenient && noValidate) {
            throw new UsageException("choose --lenient or --no-validate, not both");
        }
        return noValidate ? Validation.OFF : lenient ? Validation.LENIENT : Validation.STRICT;
    }
}
