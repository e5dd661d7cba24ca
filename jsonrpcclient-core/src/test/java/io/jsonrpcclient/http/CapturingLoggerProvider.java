package io.jsonrpcclient.http;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 binding of the core module's tests (registered in
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}): hands events to open
 * {@link LogCapture}s with their key-value pairs intact, and prints INFO and above to
 * standard error so that unexpected warnings stay visible.
 */
public final class CapturingLoggerProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Creates the provider; SLF4J calls {@link #initialize()}. */
    public CapturingLoggerProvider() {
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
        Map<String, Logger> loggers = new ConcurrentHashMap<>();
        loggerFactory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
    }

    /** A logger that captures; DEBUG and TRACE are on for this library's loggers while a capture is open. */
    static final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        private final boolean ours;

        CapturingLogger(String name) {
            this.name = name;
            this.ours = name.startsWith("io.jsonrpcclient");
        }

        private boolean verbose() {
            return ours && LogCapture.anyOpen();
        }

        @Override
        public boolean isTraceEnabled() {
            return verbose();
        }

        @Override
        public boolean isDebugEnabled() {
            return verbose();
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
            record(level, message, Map.of(), throwable);
        }

        @Override
        public void log(LoggingEvent event) {
            String message = MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray());
            var keyValues = new LinkedHashMap<String, Object>();
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    keyValues.put(pair.key, pair.value);
                }
            }
            record(event.getLevel(), message, keyValues, event.getThrowable());
        }

        private void record(Level level, String message, Map<String, Object> keyValues, Throwable throwable) {
            if (level.toInt() < Level.INFO.toInt() && !verbose()) {
                return;
            }
            LogCapture.publish(new LogCapture.Event(name, level, message, keyValues, throwable));
            if (level.toInt() >= Level.INFO.toInt()) {
                PrintStream err = System.err;
                err.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
                if (throwable != null) {
                    throwable.printStackTrace(err);
                }
            }
        }
    }
}
