package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CLI cold start: each operation starts a new process and waits for it to end. {@code javaVersion}
 * is the floor, a bare {@code java -version}; {@code oursCall} is {@code ./jsonrpc call URL add 1 2}
 * (the launcher as users run it, with its JVM options and class-data archive) against a loopback
 * server in the benchmark's JVM, its output checked. Both use the JDK running the benchmark. The
 * target is on medians (JMH's p50 in single-shot mode): {@code oursCall} ≤ 2× {@code javaVersion}.
 * Runs from the repository root (as {@code bench} does) or with {@code -Djsonrpc.root=DIR}; needs
 * {@code jsonrpcclient-cli/target/jsonrpc.jar} built.
 * <pre>
 * jsonrpcclient-benchmarks/bench jmh CliStartBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 21, batchSize = 1)
@Fork(1)
public class CliStartBenchmark {

    /** The server and the commands. */
    @State(Scope.Benchmark)
    public static class Commands {
        LoopbackServer server;
        List<String> version;
        List<String> call;
        Path root;

        @Setup(Level.Trial)
        public void start() {
            root = Path.of(System.getProperty("jsonrpc.root", ".")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("jsonrpcclient-cli/target/jsonrpc.jar"))) {
                throw new IllegalStateException("build the CLI first (jsonrpcclient-cli/target/jsonrpc.jar under "
                        + root + ")");
            }
            server = LoopbackServer.raw();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            version = List.of(java, "-version");
            call = List.of(root.resolve("jsonrpc").toString(), "call", server.uri().toString(), "add", "1", "2");
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }

        String run(List<String> command) throws IOException, InterruptedException {
            // Output to a file, so a process that hangs cannot hold up the read: the wait is bounded.
            Path log = Files.createTempFile("cli-start", ".log");
            try {
                var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .directory(root.toFile());
                builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
                Process p = builder.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(command + " did not end within 60 s");
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(command + " exited with " + p.exitValue() + ": " + out);
                }
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    @Benchmark
    public String javaVersion(Commands commands) throws Exception {
        return commands.run(commands.version);
    }

    @Benchmark
    public String oursCall(Commands commands) throws Exception {
        String out = commands.run(commands.call);
        if (!out.strip().equals("3")) {
            throw new IllegalStateException("unexpected output: " + out);
        }
        return out;
    }
}
