package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import io.jsonrpcclient.http.HttpEngines;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Async HTTPS, not a target of the issue: one thread keeps 64 calls {@code add(1, 2)} in flight
 * ({@code requestAsync}) over TLS to the raw loopback server, waits for all, repeats; calls per
 * second. The socket engine drives them from its selector thread through an {@code SSLEngine};
 * {@code java.net.http} ({@code sendAsync}) is the other engine that holds no thread per call.
 * {@link #oursSocket8Threads} is the same engine's blocking path from 8 threads over TLS, what a
 * thread per call costs. Connections are kept alive, so the TLS handshakes happen in the warm-up.
 * <pre>{@code
 * jsonrpcclient-benchmarks/bench jmh 'HttpsAsyncBenchmark'
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@OperationsPerInvocation(HttpAsyncBenchmark.IN_FLIGHT)
public class HttpsAsyncBenchmark {

    /** The socket engine: 64 calls in flight from one thread, over TLS on its selector thread. */
    @Benchmark
    public int oursAsyncSocket(OursSocket ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "httpsOursAsyncSocket", HttpAsyncBenchmark.IN_FLIGHT);
    }

    /** {@code java.net.http} over HTTP/1.1: 64 calls in flight from one thread. */
    @Benchmark
    public int oursAsyncJdk(OursJdk ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "httpsOursAsyncJdk", HttpAsyncBenchmark.IN_FLIGHT);
    }

    /** The socket engine's blocking path from 8 threads over TLS: one call per thread at a time. */
    @Benchmark
    @Threads(8)
    @OperationsPerInvocation(1)
    public Integer oursSocket8Threads(OursSocket ours, Failures failures) {
        return failures.call("httpsOursSocket8Threads", () -> ours.client.request(Integer.class, "add", 1, 2));
    }

    /**
     * The raw server over TLS, with a throwaway self-signed certificate that the clients trust.
     * <pre>{@code
     * URI uri = server.instance.uri();          // https://127.0.0.1:PORT/
     * SSLContext trusting = server.clientContext;
     * }</pre>
     */
    @State(Scope.Benchmark)
    public static class TlsServer {
        private Path dir;
        LoopbackServer instance;
        SSLContext clientContext;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = Files.createTempDirectory("jsonrpcclient-bench-tls");
            SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
            clientContext = certificate.clientContextTrustingIt();
            instance = LoopbackServer.rawTls(certificate.serverContext());
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            System.out.println("server answered " + instance.answered() + " requests");
            Failures.report();
            instance.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Our client on the socket engine, trusting the server's certificate.
     * <pre>{@code
     * CompletableFuture<Integer> three = ours.client.requestAsync(Integer.class, "add", 1, 2);
     * }</pre>
     */
    @State(Scope.Benchmark)
    public static class OursSocket {
        JsonRpcClient client;

        @Setup(Level.Trial)
        public void start(TlsServer server) {
            client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.instance.uri())
                    .engine(HttpEngines.socket(server.clientContext)).build()).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /**
     * Our client on {@code java.net.http} (HTTP/1.1), trusting the server's certificate.
     * <pre>{@code
     * CompletableFuture<Integer> three = ours.client.requestAsync(Integer.class, "add", 1, 2);
     * }</pre>
     */
    @State(Scope.Benchmark)
    public static class OursJdk {
        JsonRpcClient client;

        @Setup(Level.Trial)
        public void start(TlsServer server) {
            HttpClient http = HttpClient.newBuilder().sslContext(server.clientContext)
                    .version(HttpClient.Version.HTTP_1_1).build();
            client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(server.instance.uri()).httpClient(http).build())
                    .build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }
}
