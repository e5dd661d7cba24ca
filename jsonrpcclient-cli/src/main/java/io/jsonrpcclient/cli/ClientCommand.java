package io.jsonrpcclient.cli;

import io.jsonrpcclient.cli.internal.ExchangeLog;
import io.jsonrpcclient.cli.internal.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What the commands that talk to a server share: the URL, the {@link ClientOptions}, the
 * {@code -v} log session around the run, and the usage layout.
 */
@Command(mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%n")
abstract class ClientCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    private ClientOptions options;

    @Parameters(index = "0", paramLabel = "URL",
            description = "The server, e.g. http://127.0.0.1:8545/ (http:// is assumed when no scheme is given).")
    private String url;

    ClientCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public final Integer call() {
        ExchangeLog.Session log = options.verbose() ? ExchangeLog.to(terminal.err()) : ExchangeLog.off();
        try {
            return run();
        } finally {
            log.close();
        }
    }

    /**
     * Sets what picocli would for a command line of this URL and no options.
     *
     * @param url the URL as typed
     */
    final void plain(String url) {
        this.url = url;
        this.options = ClientOptions.defaults();
    }

    /**
     * Does the command's work.
     *
     * @return the exit code
     */
    abstract int run();

    /** {@return a client for the URL, configured by the options; the caller closes it} */
    final Connection connect() {
        return options.connect(url);
    }

    /** {@return the streams} */
    final Terminal terminal() {
        return terminal;
    }
}
