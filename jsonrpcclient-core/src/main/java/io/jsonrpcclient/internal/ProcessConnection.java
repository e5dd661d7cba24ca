package io.jsonrpcclient.internal;

import io.jsonrpcclient.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process spoken to over its stdin and stdout. {@link #start} starts it; its stderr is logged
 * line by line at INFO on {@code io.jsonrpcclient.stdio.stderr}; its exit (its stdout ending) is the
 * loss of the connection, reported with the exit code. Closing stops it: stdin is closed, then the
 * process is asked to end ({@link Process#destroy()}), and killed ({@link Process#destroyForcibly()})
 * if it has not ended within the stop timeout; every wait is bounded.
 */
public final class ProcessConnection extends StreamConnection {

    private static final Logger STDERR = LoggerFactory.getLogger("io.jsonrpcclient.stdio.stderr");
    /** The longest stderr line logged whole; longer ones are logged in pieces. */
    private static final int MAX_LINE_BYTES = 8192;
    /** How long the end of stdout waits for the exit code. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);
    /** How long a killed process is given to disappear. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final ProcessBuilder builder;
    private final Duration stopTimeout;
    private volatile Process process;

    /**
     * Creates the connection; nothing is started before {@link #start}.
     *
     * @param endpoint    the command as shown, e.g. {@code stdio:my-server --stdio}
     * @param builder     the process to start; its stdin, stdout and stderr must be pipes
     * @param stopTimeout how long the process has to end when asked, before it is killed
     * @param frames      cuts inbound bytes into messages
     * @param writer      frames outbound messages
     */
    public ProcessConnection(String endpoint, ProcessBuilder builder, Duration stopTimeout, FrameReader frames,
            FrameWriter writer) {
        super(endpoint, frames, writer);
        this.builder = builder;
        this.stopTimeout = stopTimeout;
    }

    /** {@return the process, or null before it was started} */
    public Process process() {
        return process;
    }

    @Override
    protected Streams open() {
        Process started;
        try {
            started = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new TransportException("could not start " + endpoint() + ": " + e.getMessage(), e);
        }
        process = started;
        Thread stderr = new Thread(() -> pumpStderr(started.getErrorStream()),
                "jsonrpcclient-stdio-" + started.pid() + "-stderr");
        stderr.setDaemon(true);
        stderr.start();
        return new Streams(started.getInputStream(), started.getOutputStream());
    }

    private static void pumpStderr(InputStream err) {
        var line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (err) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        logLine(line);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE_BYTES) {
                            logLine(line);
                        }
                    }
                }
            }
        } catch (IOException ended) {
            // the process is gone
        }
        if (line.size() > 0) {
            logLine(line);
        }
    }

    private static void logLine(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        STDERR.info("{}", text);
    }

    @Override
    protected void release() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        boolean interrupted = false;
        try {
            try {
                p.getOutputStream().close(); // many servers end on the end of their input
            } catch (IOException ignored) {
                // already broken
            }
            p.destroy();
            try {
                if (p.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            LOG.warn("{} did not end within {} ms of being asked to: killed", endpoint(), stopTimeout.toMillis());
            p.destroyForcibly();
            try {
                if (!p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} (pid {}) is still running after being killed", endpoint(), p.pid());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected TransportException endOfStream() {
        Process p = process;
        try {
            if (p.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return new TransportException(endpoint() + " exited with code " + p.exitValue(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new TransportException(endpoint() + " closed its stdout", null);
    }

    @Override
    protected String threadName() {
        Process p = process;
        return "stdio-" + (p == null ? "?" : String.valueOf(p.pid()));
    }
}
