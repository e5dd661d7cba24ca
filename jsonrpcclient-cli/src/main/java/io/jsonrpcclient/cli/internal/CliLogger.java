package io.jsonrpcclient.cli.internal;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that prints the bare message: the exchange loggers' DEBUG lines while
 * {@link ExchangeLog} is on, and warnings and errors of any logger always. Key-value pairs are left
 * out on purpose: the library's message template already shows them, for a person to read.
 */
final class CliLogger extends LegacyAbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;

    CliLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return ExchangeLog.isOn(name);
    }

    @Override
    public boolean isInfoEnabled() {
        return ExchangeLog.isOn(name);
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
    public void log(LoggingEvent event) {
        write(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                event.getThrowable());
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
    }

    private void write(Level level, String message, Throwable throwable) {
        if (level == Level.WARN || level == Level.ERROR) {
            ExchangeLog.warn(level + " " + name + ": " + message, throwable);
        } else if (ExchangeLog.isOn(name)) {
            ExchangeLog.write(message);
        }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }
}
