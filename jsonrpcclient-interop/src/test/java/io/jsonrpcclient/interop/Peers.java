package io.jsonrpcclient.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What every peer needs: finding its program, a free loopback port, bounded waits, work folders. */
final class Peers {

    private Peers() {
    }

    /**
     * Finds a program on the PATH, or fails with how to install it. A missing peer is a failure,
     * never a skip: the suite runs only when asked for ({@code -Pinterop}), and then it must prove
     * interoperability or say why it cannot.
     *
     * @param program     the program's name
     * @param howToGetIt  the install instruction
     * @return its path
     */
    static Path require(String program, String howToGetIt) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(program + " is not on the PATH, so this interop peer cannot run. " + howToGetIt
                + " Or run .ci/run, which installs every peer. See docs/INTEROP.md.");
    }

    /** {@return the folder that the module's tests write into (under target/)} */
    static Path workDir(String peer) {
        Path dir = Path.of(System.getProperty("interop.work.dir", "target/interop"), peer);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Picks a loopback port that was free a moment ago. Another process may take it before the peer
     * binds it; peers that must be given a port are started again on a new one if that happens.
     *
     * @return the port
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls until a condition holds, at most {@code limit}.
     *
     * @param what      what is awaited, for the failure message
     * @param limit     the longest wait
     * @param condition the condition
     */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        awaitValue(what, limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Polls until a value is present, at most {@code limit}.
     *
     * @param what  what is awaited, for the failure message
     * @param limit the longest wait
     * @param probe returns the value once it is there
     * @param <T>   its type
     * @return the value
     */
    static <T> T awaitValue(String what, Duration limit, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + limit.toMillis() + " ms waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
