package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.benchmarks.server.ZeroMqServer;
import io.jsonrpcclient.zeromq.ZeroMqTransport;
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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * ZeroMQ over loopback TCP, to a JeroMQ REP server answering {@code add(1, 2)}: {@code rawReqRep}
 * (the limit: a bare JeroMQ REQ socket sending the request bytes and receiving the reply, no
 * JSON), {@code oursReq} ({@link ZeroMqTransport} with a REQ socket, a blocking call at a time) and
 * {@code oursDealerInFlight64} (a DEALER socket, 64 {@code requestAsync} calls in flight from one
 * thread, score per call). Targets: ours REQ ≥ 0.9× raw REQ/REP; DEALER ≥ 5× our REQ.
 * <pre>
 * jsonrpcclient-benchmarks/bench jmh ZeroMqBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class ZeroMqBenchmark {

    /** The server, one per trial. */
    @State(Scope.Benchmark)
    public static class Server {
        ZeroMqServer instance;

        @Setup(Level.Trial)
        public void start() {
            instance = ZeroMqServer.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("server answered " + instance.answered() + " requests");
            Failures.report();
            instance.close();
        }
    }

    /** Our client over one socket type. */
    public abstract static class Ours {
        JsonRpcClient client;

        abstract ZeroMqTransport.SocketType socketType();

        @Setup(Level.Trial)
        public void start(Server server) {
            client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.instance.endpoint())
                    .socketType(socketType()).build()).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }
    }

    /** Our client over a REQ socket. */
    @State(Scope.Benchmark)
    public static class OursReq extends Ours {
        @Override
        ZeroMqTransport.SocketType socketType() {
            return ZeroMqTransport.SocketType.REQ;
        }
    }

    /** Our client over a DEALER socket. */
    @State(Scope.Benchmark)
    public static class OursDealer extends Ours {
        @Override
        ZeroMqTransport.SocketType socketType() {
            return ZeroMqTransport.SocketType.DEALER;
        }
    }

    /** A bare JeroMQ REQ socket, used by the one benchmark thread only (ZeroMQ sockets are not shared). */
    @State(Scope.Benchmark)
    public static class Raw {
        private ZContext context;
        private ZMQ.Socket socket;

        @Setup(Level.Trial)
        public void start(Server server) {
            context = new ZContext(1);
            socket = context.createSocket(SocketType.REQ);
            socket.setReceiveTimeOut(10_000);
            socket.setLinger(0);
            socket.connect(server.instance.endpoint());
        }

        @TearDown(Level.Trial)
        public void stop() {
            context.close();
        }

        byte[] call() {
            if (!socket.send(Payloads.REQUEST_BYTES, 0)) {
                throw new IllegalStateException("send failed: " + socket.errno());
            }
            byte[] reply = socket.recv(0);
            if (reply == null) {
                throw new IllegalStateException("no reply within 10 s");
            }
            return reply;
        }
    }

    @Benchmark
    public byte[] rawReqRep(Raw raw, Failures failures) {
        return failures.call("rawReqRep", raw::call);
    }

    @Benchmark
    public Integer oursReq(OursReq ours, Failures failures) {
        return failures.call("oursReq", () -> ours.client.request(Integer.class, "add", 1, 2));
    }

    @Benchmark
    @OperationsPerInvocation(WebSocketBenchmark.IN_FLIGHT)
    public int oursDealerInFlight64(OursDealer ours, Failures failures) {
        return WebSocketBenchmark.inFlight(ours.client, failures, "oursDealerInFlight64", WebSocketBenchmark.IN_FLIGHT);
    }
}
