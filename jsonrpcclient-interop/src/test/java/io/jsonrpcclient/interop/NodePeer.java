package io.jsonrpcclient.interop;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One of our Node.js peer scripts ({@code src/test/node/*.js}) for one test class: on 127.0.0.1,
 * on a port the OS picks (the script prints {@code listening PORT}), stopped after the class even
 * when tests fail, and by itself when this JVM dies (each script exits when its stdin closes).
 * <pre>{@code
 * @RegisterExtension
 * static final NodePeer jayson = new NodePeer("server.js", "jayson");
 * }</pre>
 */
final class NodePeer implements BeforeAllCallback, AfterAllCallback {

    static final String INSTALL_NODE = "Install Node.js 20+ with npm (`apt-get install nodejs npm`).";

    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

    private final String script;
    private final String npmPackage;
    private PeerProcess process;
    private URI uri;

    /**
     * A peer script.
     *
     * @param script     the script in {@code src/test/node}
     * @param npmPackage the npm package it needs, checked before starting
     */
    NodePeer(String script, String npmPackage) {
        this.script = script;
        this.npmPackage = npmPackage;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path node = Peers.require("node", INSTALL_NODE);
        Path dir = Path.of(System.getProperty("interop.node.dir", "src/test/node")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(npmPackage))) {
            throw new AssertionError(npmPackage + " is not installed in " + dir + ". Run `npm ci --prefix "
                    + dir + "`, or run .ci/run, which installs every peer. See docs/INTEROP.md.");
        }
        Path work = Peers.workDir(npmPackage);
        process = PeerProcess.start("node " + script, List.of(node.toString(), script, "0"), dir,
                work.resolve(script.replace(".js", ".log")));
        int port = Peers.awaitValue(script + " to print its port", READY_WITHIN, () -> {
            Matcher m = LISTENING.matcher(process.output());
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("node " + script + " exited: " + process.logTail());
            }
            return Optional.empty();
        });
        uri = URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.close();
        }
    }

    /** {@return the peer's URL} */
    URI uri() {
        return uri;
    }

    /**
     * Returns another port the script reported before {@code listening PORT}, as {@code LABEL PORT}
     * (server.js reports its raw TCP listener as {@code tcp PORT}).
     *
     * @param label the word before the port
     * @return the port
     */
    int reportedPort(String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " (\\d+)$").matcher(process.output());
        if (!m.find()) {
            throw new AssertionError("node " + script + " reported no `" + label + " PORT`: " + process.logTail());
        }
        return Integer.parseInt(m.group(1));
    }
}
