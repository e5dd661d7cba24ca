package io.jsonrpcclient.interop;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@code aria2c --enable-rpc} daemon for one test class: loopback only, a random secret, a fresh
 * download folder, stopped after the class even when tests fail (and by aria2 itself, through
 * {@code --stop-with-process}, should this JVM die first).
 * <pre>{@code
 * @RegisterExtension
 * static final Aria2Daemon aria2 = new Aria2Daemon();
 * }</pre>
 */
final class Aria2Daemon implements BeforeAllCallback, AfterAllCallback {

    static final String INSTALL = "Install it with `apt-get install aria2` (Debian/Ubuntu) or `brew install aria2`.";

    private static final Duration READY_WITHIN = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 3;

    private PeerProcess process;
    private URI uri;
    private String secret;
    private String version;
    private Path downloads;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path aria2c = Peers.require("aria2c", INSTALL);
        version = versionOf(aria2c);
        secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Path work = Peers.workDir("aria2");
        downloads = Files.createTempDirectory(work, "downloads-");
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = Peers.freePort();
            process = PeerProcess.start("aria2c", command(aria2c, port, work), work,
                    work.resolve("aria2c-" + port + ".log"));
            uri = URI.create("http://127.0.0.1:" + port + "/jsonrpc");
            if (awaitReady()) {
                return;
            }
            failures.add("port " + port + ": " + process.logTail());
            process.close();
            process = null;
        }
        throw new AssertionError("aria2c did not start in " + ATTEMPTS + " attempts: " + failures);
    }

    private List<String> command(Path aria2c, int port, Path work) {
        return List.of(aria2c.toString(),
                "--no-conf=true",
                "--enable-rpc=true",
                "--rpc-listen-all=false",
                "--rpc-listen-port=" + port,
                "--rpc-secret=" + secret,
                "--stop-with-process=" + ProcessHandle.current().pid(),
                "--dir=" + downloads,
                "--disable-ipv6=true",
                "--max-tries=1",
                "--connect-timeout=5",
                "--timeout=5",
                "--file-allocation=none",
                "--auto-save-interval=0",
                "--summary-interval=0",
                "--console-log-level=warn",
                "--log=" + work.resolve("aria2c-" + port + "-debug.log"),
                "--log-level=info");
    }

    /** Polls aria2.getVersion until it answers; false if the daemon died (say, its port was taken). */
    private boolean awaitReady() {
        try (JsonRpcClient probe = JsonRpcClient.newBuilder(HttpTransport.of(uri))
                .timeout(Duration.ofSeconds(1)).build()) {
            return Peers.awaitValue("aria2c to answer on " + uri, READY_WITHIN, () -> {
                if (!process.isAlive()) {
                    return Optional.of(false);
                }
                try {
                    probe.request("aria2.getVersion", token());
                    return Optional.of(true);
                } catch (RuntimeException notYet) {
                    return Optional.empty();
                }
            });
        }
    }

    private static String versionOf(Path aria2c) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(aria2c.toString(), "--version").redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aria2c --version did not finish in 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("aria2 version (\\S+)").matcher(out);
        if (!m.find()) {
            throw new AssertionError("aria2c --version printed no version: " + out);
        }
        return m.group(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.close();
        }
    }

    /** {@return the RPC endpoint, {@code http://127.0.0.1:PORT/jsonrpc}} */
    URI uri() {
        return uri;
    }

    /** {@return the same endpoint over WebSocket, {@code ws://127.0.0.1:PORT/jsonrpc}} */
    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + uri.getPort() + "/jsonrpc");
    }

    /** {@return the first parameter every aria2 method needs: {@code "token:" + secret}} */
    String token() {
        return "token:" + secret;
    }

    /** {@return the version {@code aria2c --version} printed, e.g. {@code 1.36.0}} */
    String version() {
        return version;
    }

    /** {@return the folder aria2 downloads into} */
    Path downloads() {
        return downloads;
    }

    /** {@return the end of aria2's console output} */
    String logTail() {
        return process == null ? "" : process.logTail();
    }
}
