package io.jsonrpcclient.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Our libzmq peer script ({@code src/test/python/zmq_server.py}, on Debian's {@code python3-zmq}) for
 * one test class: a REP and a ROUTER socket on 127.0.0.1, on ports libzmq picks (the script prints
 * {@code rep PORT}, {@code router PORT}, then {@code listening PORT}), stopped after the class even
 * when tests fail, and by itself when this JVM dies (the script exits when its stdin closes).
 * <pre>{@code
 * @RegisterExtension
 * static final PythonZmqPeer zmq = new PythonZmqPeer();
 * }</pre>
 *
 * <p>The interpreter is the first of {@code /usr/bin/python3} (Debian's, where {@code python3-zmq}
 * installs) and {@code python3} on the PATH that can {@code import zmq}: a pyenv or venv
 * {@code python3} first on the PATH does not see Debian's packages.
 */
final class PythonZmqPeer implements BeforeAllCallback, AfterAllCallback {

    static final String INSTALL = "Install it with `apt-get install python3-zmq` (Debian/Ubuntu).";

    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)$");

    private PeerProcess process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path python = python();
        Path script = Path.of(System.getProperty("interop.python.dir", "src/test/python"), "zmq_server.py")
                .toAbsolutePath();
        Path work = Peers.workDir("zmq");
        process = PeerProcess.start("python3 zmq_server.py", List.of(python.toString(), "-u", script.toString()),
                work, work.resolve("zmq_server.log"));
        Peers.awaitValue("zmq_server.py to print its ports", READY_WITHIN, () -> {
            Matcher m = LISTENING.matcher(process.output());
            if (m.find()) {
                return Optional.of(true);
            }
            if (!process.isAlive()) {
                throw new AssertionError("zmq_server.py exited: " + process.logTail());
            }
            return Optional.empty();
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.close();
        }
    }

    /**
     * Returns a port the script reported, as {@code LABEL PORT}.
     *
     * @param label {@code rep} or {@code router}
     * @return the port
     */
    int reportedPort(String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " (\\d+)$").matcher(process.output());
        if (!m.find()) {
            throw new AssertionError("zmq_server.py reported no `" + label + " PORT`: " + process.logTail());
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@return the versions line the script printed, e.g. {@code libzmq 4.3.4 pyzmq 24.0.1}} */
    String versions() {
        Matcher m = Pattern.compile("(?m)^(libzmq \\S+ pyzmq \\S+)$").matcher(process.output());
        return m.find() ? m.group(1) : "";
    }

    private static Path python() throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/bin/python3");
        if (Files.isExecutable(debian)) {
            candidates.add(debian);
        }
        try {
            candidates.add(Peers.require("python3", INSTALL));
        } catch (AssertionError notOnPath) {
            if (candidates.isEmpty()) {
                throw notOnPath;
            }
        }
        for (Path candidate : candidates) {
            Process p = new ProcessBuilder(candidate.toString(), "-c", "import zmq").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                continue;
            }
            if (p.exitValue() == 0) {
                return candidate;
            }
        }
        throw new AssertionError("no python3 here can `import zmq` (tried " + candidates + "), so the libzmq"
                + " interop peer cannot run. " + INSTALL + " Or run .ci/run, which installs every peer."
                + " See docs/INTEROP.md.");
    }
}
