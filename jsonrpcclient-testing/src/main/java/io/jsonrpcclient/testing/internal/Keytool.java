package io.jsonrpcclient.testing.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the running JDK's own {@code keytool}, so certificates can be made without Bouncy
 * Castle or internal {@code sun.security} classes.
 *
 * <pre>{@code
 * Keytool.run(dir, "-list", "-keystore", "server.p12", "-storepass", "changeit");
 * }</pre>
 */
public final class Keytool {

    // Generous: a cold JVM start on a loaded CI machine can take seconds, but never minutes.
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Keytool() {}

    /**
     * Runs keytool with {@code arguments} in {@code workDir}, with stdin closed so it can never
     * sit waiting for a prompt.
     *
     * @throws IOException if keytool cannot start, exits non-zero (the message holds its output)
     *     or takes longer than a minute
     */
    public static void run(Path workDir, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(workDir, "keytool-", ".log");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: nobody has to drain it for keytool to make progress.
                .redirectOutput(output.toFile())
                .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + arguments[0] + " did not finish within "
                        + Durations.describe(TIMEOUT));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running keytool");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed with exit code "
                    + process.exitValue() + ": " + Files.readString(output).strip());
        }
        Files.deleteIfExists(output);
    }

    private static Path executable() throws IOException {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (String name : List.of("keytool", "keytool.exe")) {
            if (Files.isExecutable(bin.resolve(name))) {
                return bin.resolve(name);
            }
        }
        throw new IOException("no keytool in " + bin);
    }
}
