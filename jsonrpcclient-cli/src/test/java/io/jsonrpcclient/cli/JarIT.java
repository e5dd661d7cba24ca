package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.cli.internal.DemoTour;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code jsonrpc.jar}, and the launcher script, as real child processes: the way
 * users run the tool, with its own JVM, its own logging setup and the process's real exit code.
 */
class JarIT {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Path JAR = Path.of(System.getProperty("jsonrpc.jar", "target/jsonrpc.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("jsonrpc.launcher", "../jsonrpc"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final String url = server.uri().toString();

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void registerMethods() {
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("echo", params -> params.isMissingNode() ? NullNode.getInstance() : params);
        server.method("fail", params -> {
            throw new MethodError(-32000, "Nothing works");
        });
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void the_jar_calls_a_server_and_prints_the_result_with_exit_code_0() throws Exception {
        Run run = jar(Map.of(), "call", url, "add", "1", "2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).isEqualTo("3\n");
        assertThat(run.err()).isEmpty();
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
    }

    @Test
    void the_process_exits_with_the_contract_codes() throws Exception {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}"));
        assertThat(jar(Map.of(), "call", url, "add", "1", "2").exitCode()).isEqualTo(3);

        Run error = jar(Map.of(), "call", url, "fail");
        assertThat(error.exitCode()).isEqualTo(1);
        assertThat(error.err()).isEqualTo("error -32000: Nothing works\n");

        assertThat(jar(Map.of(), "call", url, "add", "a=1", "2").exitCode()).isEqualTo(2);
        assertThat(jar(Map.of(), "call", "http://127.0.0.1:" + Ports.closedPort() + "/", "add").exitCode())
                .isEqualTo(4);
    }

    @Test
    void verbose_logs_on_stderr_with_the_bearer_token_from_the_environment_masked() throws Exception {
        Run run = jar(Map.of("JSONRPC_BEARER", "s3cret-token"), "call", "-v", url, "echo", "password=hunter2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("\"password\": \"hunter2\"");
        assertThat(run.err()).contains(url + " --> Authorization: ***\n",
                url + " --> {\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"password\":\"***\"},\"id\":1}\n",
                url + " <-- {\"jsonrpc\":\"2.0\",\"result\":{\"password\":\"***\"},\"id\":1} (200 OK)\n");
        assertThat(run.err()).doesNotContain("s3cret-token", "hunter2", "SLF4J");
        assertThat(server.takeRequest().header("Authorization")).contains("Bearer s3cret-token");
    }

    @Test
    void a_plain_call_with_tree_params_and_result_makes_no_object_mapper() throws Exception {
        // Jackson's first ObjectMapper costs a cold call 50-60 ms (its date format, StdDateFormat,
        // loads the JDK's locale data); such a call needs none. The class-load log shows whether
        // one was made: making one loads StdDateFormat.
        Path log = temp.resolve("classes.log");
        Run run = process(Map.of(), JAVA, "-Xlog:class+load=info:file=" + log, "-cp", JAR.toString(),
                "io.jsonrpcclient.cli.Main", "call", url, "echo", "{\"a\":[1,2.50,\"x\",null]}", "true");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).startsWith("[\n  {\n    \"a\": [\n      1,\n      2.5").endsWith("  true\n]\n");
        String classes = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(classes).contains("io.jsonrpcclient.cli.Main ", "io.jsonrpcclient.internal.TreeWriter ")
                .doesNotContain("com.fasterxml.jackson.databind.util.StdDateFormat");
    }

    @Test
    void the_jar_runs_the_demo_to_completion() throws Exception {
        Run run = jar(Map.of(), "demo");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        for (String section : DemoTour.SECTIONS) {
            assertThat(run.out()).contains(section);
        }
        assertThat(run.out()).contains("--> Authorization: ***");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void the_launcher_script_runs_the_jar() throws Exception {
        Run version = process(Map.of("JAVA_HOME", System.getProperty("java.home")), "bash", LAUNCHER.toString(),
                "--version");
        Run call = process(Map.of("JAVA_HOME", System.getProperty("java.home")), "bash", LAUNCHER.toString(),
                "call", url, "add", "20", "22");

        assertThat(version.exitCode()).as(version.err()).isEqualTo(0);
        assertThat(version.out()).startsWith("jsonrpc ");
        assertThat(call.exitCode()).as(call.err()).isEqualTo(0);
        assertThat(call.out()).isEqualTo("42\n");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void the_launcher_keeps_a_class_data_archive_beside_the_jar_and_outlives_a_damaged_or_stale_one()
            throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Path cache = JAR.toAbsolutePath().getParent().resolve("cds");
        emptyCache(cache);
        Run first = launcher(env, "call", url, "add", "1", "2");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(0);
        assertThat(first.out()).isEqualTo("3\n");
        assertThat(first.err()).isEmpty();
        Path archive = onlyArchive(cache);
        Path made = archive.resolveSibling(archive.getFileName() + ".made");
        assertThat(Files.getLastModifiedTime(made)).isEqualTo(Files.getLastModifiedTime(archive));

        // Cut short (a write since it was made): the launcher makes a new one before the call.
        byte[] bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, 100_000));
        Run truncated = launcher(env, "call", url, "add", "2", "3");
        assertThat(truncated.exitCode()).as(truncated.err()).isEqualTo(0);
        assertThat(truncated.out()).isEqualTo("5\n");
        assertThat(truncated.err()).isEmpty();
        assertThat(Files.size(onlyArchive(cache))).isGreaterThan(100_000);

        // Cut short with its old time put back, which the launcher cannot tell: the JVM refuses it
        // (a static archive is checked for truncation) and the tool runs without it.
        FileTime stamp = Files.getLastModifiedTime(archive);
        bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.setLastModifiedTime(archive, stamp);
        Run cut = launcher(env, "call", url, "add", "3", "3");
        assertThat(cut.exitCode()).as(cut.err()).isEqualTo(0);
        assertThat(cut.out()).isEqualTo("6\n");
        assertThat(cut.err()).isEmpty();

        // Damaged in place, same size (a write, so a new time): the launcher makes a new one.
        byte[] flipped = bytes.clone();
        for (int i = flipped.length / 2; i < flipped.length / 2 + 64; i++) {
            flipped[i] = (byte) ~flipped[i];
        }
        Files.write(archive, flipped);
        Run corrupt = launcher(env, "call", url, "add", "4", "5");
        assertThat(corrupt.exitCode()).as(corrupt.err()).isEqualTo(0);
        assertThat(corrupt.out()).isEqualTo("9\n");
        assertThat(corrupt.err()).isEmpty();
        assertThat(Files.readAllBytes(onlyArchive(cache))).isNotEqualTo(flipped);
        stamp = Files.getLastModifiedTime(onlyArchive(cache));

        // Stale: a jar newer than the archive (rebuilt) gets a new one.
        Files.setLastModifiedTime(JAR, FileTime.from(stamp.toInstant().plusMillis(1)));
        Run rebuilt = launcher(env, "call", url, "add", "5", "5");
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isEqualTo(0);
        assertThat(rebuilt.out()).isEqualTo("10\n");
        assertThat(rebuilt.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(onlyArchive(cache))).isGreaterThan(Files.getLastModifiedTime(JAR));
        assertThat(Files.readAllBytes(onlyArchive(cache))).isNotEqualTo(flipped);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void making_an_archive_keeps_only_the_four_newest_in_the_cache() throws Exception {
        Path cache = JAR.toAbsolutePath().getParent().resolve("cds");
        emptyCache(cache);
        Files.createDirectories(cache);
        // Six archives of other jars or JDKs, each a day older than the one before.
        var now = java.time.Instant.now();
        for (int i = 1; i <= 6; i++) {
            Path other = cache.resolve("jsonrpc-" + i + ".jsa");
            Path made = cache.resolve("jsonrpc-" + i + ".jsa.made");
            Files.write(other, new byte[] {1});
            Files.write(made, new byte[0]);
            FileTime when = FileTime.from(now.minus(java.time.Duration.ofDays(i)));
            Files.setLastModifiedTime(other, when);
            Files.setLastModifiedTime(made, when);
        }
        Run run = launcher(Map.of("JAVA_HOME", System.getProperty("java.home")), "call", url, "add", "2", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).isEqualTo("4\n");

        try (var files = Files.list(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            // The new one and the three newest others, each with its stamp; 4, 5 and 6 are gone.
            assertThat(names.stream().filter(n -> n.endsWith(".jsa")).toList()).hasSize(4)
                    .contains("jsonrpc-1.jsa", "jsonrpc-2.jsa", "jsonrpc-3.jsa");
            assertThat(names).doesNotContain("jsonrpc-4.jsa", "jsonrpc-4.jsa.made", "jsonrpc-5.jsa",
                    "jsonrpc-6.jsa", "jsonrpc-6.jsa.made");
        }
        emptyCache(cache);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void with_class_data_sharing_off_the_launcher_makes_no_archive_and_runs_the_tool() throws Exception {
        Path cache = JAR.toAbsolutePath().getParent().resolve("cds");
        emptyCache(cache);
        Run without = launcher(Map.of("JAVA_HOME", System.getProperty("java.home"), "JSONRPC_CDS", "0"),
                "call", url, "add", "3", "4");

        assertThat(without.exitCode()).as(without.err()).isEqualTo(0);
        assertThat(without.out()).isEqualTo("7\n");
        assertThat(without.err()).isEmpty();
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    private Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return process(env, command.toArray(String[]::new));
    }

    /** Archives made by other runs (another JDK, by hand) would be counted too. */
    private static void emptyCache(Path cache) throws IOException {
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static Path onlyArchive(Path cache) throws IOException {
        try (var files = Files.list(cache)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0);
        }
    }

    private Run jar(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return process(env, command.toArray(String[]::new));
    }

    private Run process(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Files.createTempFile(temp, "in", ".txt").toFile()));
        builder.environment().remove("JSONRPC_BEARER");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + PROCESS_TIMEOUT);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
