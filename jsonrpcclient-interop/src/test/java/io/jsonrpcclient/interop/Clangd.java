package io.jsonrpcclient.interop;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.stream.Framing;
import io.jsonrpcclient.stream.StdioTransport;
import io.jsonrpcclient.transport.DuplexTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@code clangd} language server for each test, over its stdin and stdout
 * ({@link StdioTransport}, {@code Content-Length} framing), in a workspace of its own under
 * {@code target/interop/clangd/} holding {@code main.c} and a {@code compile_commands.json}. An LSP
 * session runs one way only (initialize, ..., shutdown, exit), hence one process per test. Stopped
 * after each test even when it fails: closing the client closes clangd's stdin (clangd exits on end of
 * input, so it also dies with this JVM), then the process is destroyed, and killed after 5 s.
 * <pre>{@code
 * @RegisterExtension
 * final Clangd clangd = new Clangd();
 * }</pre>
 */
final class Clangd implements BeforeEachCallback, AfterEachCallback {

    static final String INSTALL = "Install it with `apt-get install clangd` (Debian/Ubuntu).";

    /** A C file with one error: {@code x} is not declared. */
    static final String MAIN_C = "int main(void) {\n    return x;\n}\n";

    private static String version;

    private Path clangd;
    private Path workspace;
    private DuplexTransport transport;
    private WireTap wire;
    private JsonRpcClient client;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        clangd = Peers.require("clangd", INSTALL);
        if (version == null) {
            version = versionOf(clangd);
        }
        workspace = Files.createTempDirectory(Peers.workDir("clangd"), context.getRequiredTestMethod().getName() + "-")
                .toRealPath();
        Files.writeString(workspace.resolve("main.c"), MAIN_C, StandardCharsets.UTF_8);
        Files.writeString(workspace.resolve("compile_commands.json"),
                "[{\"directory\":\"" + workspace + "\",\"file\":\"" + workspace.resolve("main.c")
                        + "\",\"arguments\":[\"cc\",\"-c\",\"main.c\"]}]\n",
                StandardCharsets.UTF_8);
        transport = StdioTransport.newBuilder(clangd.toString(), "--log=error")
                .directory(workspace)
                .framing(Framing.CONTENT_LENGTH)
                .stopTimeout(Duration.ofSeconds(5))
                .build();
        wire = new WireTap(transport);
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** {@return the duplex transport to this test's clangd, for its listeners} */
    DuplexTransport transport() {
        return transport;
    }

    /** {@return the client over it (through a {@link WireTap})} */
    JsonRpcClient client() {
        return client;
    }

    /** {@return what went over the wire} */
    WireTap wire() {
        return wire;
    }

    /** {@return this test's workspace folder} */
    Path workspace() {
        return workspace;
    }

    /** {@return the {@code file://} URI of a file in the workspace} */
    String uri(String file) {
        return workspace.resolve(file).toUri().toString();
    }

    /** {@return clangd's version, e.g. {@code 14.0.6}} */
    String version() {
        return version;
    }

    private static String versionOf(Path clangd) throws IOException {
        Process p = new ProcessBuilder(clangd.toString(), "--version").redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("clangd --version did not finish in 10 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("clangd version (\\d+\\.\\d+\\.\\d+)").matcher(out);
        if (!m.find()) {
            throw new AssertionError("clangd --version printed no version: " + out);
        }
        return m.group(1);
    }
}
