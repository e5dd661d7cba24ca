package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.benchmarks.server.LineServer;
import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import io.jsonrpcclient.stream.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
 * TCP with newline framing, one connection to a loopback server answering {@code add(1, 2)}:
 * {@code rawSocket} (the limit: write the request line, read the reply line, no JSON),
 * {@code oursSequential} ({@link TcpTransport}, a blocking call at a time) and
 * {@code oursInFlight64} (64 {@code requestAsync} calls in flight from one thread, score per call).
 * <pre>
 * jsonrpcclient-benchmarks/bench jmh TcpBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class TcpBenchmark {

    /** The server, one per trial. */
    @State(Scope.Benchmark)
    public static class Server {
        LineServer instance;

        @Setup(Level.Trial)
        public void start() {
            instance = LineServer.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("server answered " + instance.answered() + " lines");
            Failures.report();
            instance.close();
        }
    }

    /** Our client over {@link TcpTransport} (newline framing, the default). */
    @State(Scope.Benchmark)
    public static class Ours {
        JsonRpcClient client;

        @Setup(Level.Trial)
        public void start(Server server) {
            client = JsonRpcClient.newBuilder(TcpTransport.connect("127.0.0.1", server.instance.port())).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** A plain socket: the request line out, the reply line in. */
    @State(Scope.Benchmark)
    public static class Raw {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] request = Arrays.copyOf(Payloads.REQUEST_BYTES, Payloads.REQUEST_BYTES.length + 1);
        private final byte[] buf = new byte[4096];

        @Setup(Level.Trial)
        public void start(Server server) throws IOException {
            request[request.length - 1] = '\n';
            socket = new Socket(LoopbackServer.LOOPBACK, server.instance.port());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            socket.close();
        }

        int call() throws IOException {
            out.write(request);
            out.flush();
            int n = 0;
            while (true) {
                int k = in.read(buf, n, buf.length - n);
                if (k < 0) {
                    throw new IOException("the server closed the connection");
                }
                n += k;
                if (buf[n - 1] == '\n') {
                    return n;
                }
            }
        }
    }

    @Benchmark
    public int rawSocket(Raw raw, Failures failures) {
        return failures.callInt("rawSocket", raw::call);
    }

    @Benchmark
    public Integer oursSequential(Ours ours, Failures failures) {
        return failures.call("oursSequential", () -> ours.client.request(Integer.class, "add", 1, 2));
    }

    @Benchmark
    @OperationsPerInvocation(WebSocketBenchmark.IN_FLIGHT)
    public int oursInFlight64(Ours ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursInFlight64", WebSocketBenchmark.IN_FLIGHT);
    }
}
