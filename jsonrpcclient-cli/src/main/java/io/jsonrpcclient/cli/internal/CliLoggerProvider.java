package io.jsonrpcclient.cli.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The tool's SLF4J backend, found by {@code ServiceLoader}. It exists instead of slf4j-simple for
 * two reasons: slf4j-simple prints every SLF4J 2 key-value pair in front of the message, so each of
 * the library's log lines would show the endpoint and body twice; and it fixes a logger's level when
 * the logger is created, while {@code -v} (and the demo, for a single call) must switch the
 * library's loggers on and off at run time. See {@link ExchangeLog}.
 */
public final class CliLoggerProvider implements SLF4JServiceProvider {

    /**
     * Names this backend to SLF4J for the whole JVM, unless its options name one: SLF4J otherwise
     * finds it by a {@code ServiceLoader} scan of the class path, some 4 ms of a 170 ms cold call.
     * For the tool's own processes only.
     * <pre>{@code
     * CliLoggerProvider.nameForSlf4j();   // first thing in main
     * }</pre>
     */
    public static void nameForSlf4j() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", CliLoggerProvider.class.getName());
            // Else SLF4J reports the named provider on standard error, into the tool's output.
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }


    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory loggerFactory = name -> loggers.computeIfAbsent(name, CliLogger::new);
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    /** Creates the provider; called by {@code ServiceLoader}. */
    public CliLoggerProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to set up: loggers are made on demand and read the switch on every call.
    }
}
