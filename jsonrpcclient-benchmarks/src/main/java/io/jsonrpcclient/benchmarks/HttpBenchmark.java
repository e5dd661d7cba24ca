package io.jsonrpcclient.benchmarks;

import com.github.arteam.simplejsonrpc.client.JsonRpcClient;
import com.googlecode.jsonrpc4j.JsonRpcHttpClient;
import com.thetransactioncompany.jsonrpc2.JSONRPC2Request;
import com.thetransactioncompany.jsonrpc2.JSONRPC2Response;
import com.thetransactioncompany.jsonrpc2.client.JSONRPC2Session;
import io.jsonrpcclient.benchmarks.engines.ApacheAsyncEngine;
import io.jsonrpcclient.benchmarks.engines.ApacheClassicEngine;
import io.jsonrpcclient.benchmarks.engines.JettyEngine;
import io.jsonrpcclient.benchmarks.engines.OkHttpEngine;
import io.jsonrpcclient.benchmarks.server.LoopbackServer;
import io.jsonrpcclient.http.HttpEngine;
import io.jsonrpcclient.http.HttpEngines;
import io.jsonrpcclient.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 2: one blocking JSON-RPC call {@code add(1, 2)} → 3 over HTTP/1.1 to a loopback
 * server, per operation. Subclasses fix the thread count ({@link Http1Thread}, {@link Http8Threads});
 * clients are shared by all threads, as an application shares one. Each contender gets its own
 * server in its own fork; {@code -p server=nio} swaps the hand-written thread-per-connection
 * server for a hand-written event loop, {@code -p server=jdk} for the JDK's, to see what the server
 * makes of the figures. Failed calls are counted ({@link Failures}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class HttpBenchmark {

    /** The loopback server, one per trial. */
    @State(Scope.Benchmark)
    public static class Server {
        @Param({"raw"})
        public String server;
        public LoopbackServer instance;
        public URI uri;

        @Setup(Level.Trial)
        public void start() {
            instance = LoopbackServer.of(server);
            uri = instance.uri();
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.println("server answered " + instance.answered() + " requests");
            Failures.report();
            instance.close();
        }
    }

    /** Our client over one engine. */
    public abstract static class Ours {
        public io.jsonrpcclient.JsonRpcClient client;

        abstract Supplier<HttpEngine> engine();

        @Setup(Level.Trial)
        public void start(Server server) {
            Supplier<HttpEngine> engine = engine();
            HttpTransport.Builder transport = HttpTransport.newBuilder(server.uri);
            if (engine != null) {
                transport.engine(engine.get());
            }
            client = io.jsonrpcclient.JsonRpcClient.newBuilder(transport.build()).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.close();
        }

        Integer call() {
            return client.request(Integer.class, "add", 1, 2);
        }
    }

    /** The default engine, which for this {@code http://} loopback URL is the socket engine (the name is historical). */
    @State(Scope.Benchmark)
    public static class OursJdk extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return null;  // the default
        }
    }

    /**
     * The default engine as it was before {@code callerWaits} and the pooled async path: every call,
     * blocking or async, through {@code sendAsync} (the caller's wait hidden from the engine).
     */
    @State(Scope.Benchmark)
    public static class OursJdkSendAsync extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return () -> {
                HttpEngine jdk = new io.jsonrpcclient.internal.JdkHttpEngine(java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                        .build(), true, null);
                return new HttpEngine() {
                    @Override
                    public java.util.concurrent.CompletableFuture<Response> post(Request r) {
                        return jdk.post(new Request(r.uri(), r.headers(), r.body(), r.timeout(), r.maxResponseBytes(), false));
                    }

                    @Override
                    public void close() {
                        jdk.close();
                    }
                };
            };
        }
    }

    @State(Scope.Benchmark)
    public static class OursUrlConnection extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return HttpEngines::urlConnection;
        }
    }

    @State(Scope.Benchmark)
    public static class OursSocket extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return HttpEngines::socket;
        }
    }

    /** The socket engine with HTTP/1.1 pipelining for async calls: 4 connections, up to 16 calls on each. */
    @State(Scope.Benchmark)
    public static class OursSocketPipelined extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return () -> HttpEngines.socketPipelining(HttpAsyncBenchmark.PIPELINED_CONNECTIONS, HttpAsyncBenchmark.PIPELINE_DEPTH);
        }
    }

    @State(Scope.Benchmark)
    public static class OursApacheClassic extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return ApacheClassicEngine::new;
        }
    }

    @State(Scope.Benchmark)
    public static class OursApacheAsync extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return ApacheAsyncEngine::new;
        }
    }

    @State(Scope.Benchmark)
    public static class OursJetty extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return JettyEngine::new;
        }
    }

    @State(Scope.Benchmark)
    public static class OursOkHttp extends Ours {
        @Override
        Supplier<HttpEngine> engine() {
            return OkHttpEngine::new;
        }
    }

    /** The raw JDK clients and the peers. */
    @State(Scope.Benchmark)
    public static class Raw {
        public HttpClient jdk;
        public URL url;
        public URI uri;

        @Setup(Level.Trial)
        public void start(Server server) throws IOException {
            uri = server.uri;
            url = server.uri.toURL();
            jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    /** A socket per thread, kept alive: the reference no HTTP client can beat. */
    @State(Scope.Thread)
    public static class RawSocket {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private byte[] request;
        private final byte[] buf = new byte[8192];

        @Setup(Level.Trial)
        public void start(Server server) throws IOException {
            socket = new Socket(LoopbackServer.LOOPBACK, server.uri.getPort());
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            request = RawHttp1.request(server.uri.getPort());
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            socket.close();
        }

        /** Sends the request, reads the reply; returns its length. */
        int call() throws IOException {
            out.write(request);
            out.flush();
            int n = 0;
            int end = -1;
            while (end < 0 || n < end) {
                if (n == buf.length) {
                    // A reply this large is not the benchmark's: fail rather than spin on zero-byte reads.
                    throw new IOException("reply larger than " + buf.length + " bytes");
                }
                int k = in.read(buf, n, buf.length - n);
                if (k < 0) {
                    throw new IOException("the server closed the connection");
                }
                n += k;
                if (end < 0) {
                    end = RawHttp1.replyEnd(buf, n);
                }
            }
            if (n > end) {
                throw new IOException("more bytes than one reply: the connection is out of step");
            }
            return end;
        }
    }

    @State(Scope.Benchmark)
    public static class Jsonrpc4j {
        public JsonRpcHttpClient client;

        @Setup(Level.Trial)
        public void start(Server server) throws IOException {
            client = new JsonRpcHttpClient(server.uri.toURL());
        }
    }

    @State(Scope.Benchmark)
    public static class Jsonrpc2 {
        public JSONRPC2Session session;
        public final AtomicLong ids = new AtomicLong();

        @Setup(Level.Trial)
        public void start(Server server) throws IOException {
            session = new JSONRPC2Session(server.uri.toURL());
        }
    }

    /** simple-json-rpc has no transport of its own: it is given one on java.net.http, as its docs suggest. */
    @State(Scope.Benchmark)
    public static class SimpleJsonRpc {
        public JsonRpcClient client;
        public final AtomicLong ids = new AtomicLong();

        @Setup(Level.Trial)
        public void start(Server server) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = server.uri;
            client = new JsonRpcClient(text -> {
                try {
                    return http.send(HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            });
        }
    }

    // ---------------------------------------------------------------- ours, one per engine

    @Benchmark
    public Integer oursJdk(OursJdk ours, Failures failures) {
        return failures.call("oursJdk", ours::call);
    }

    @Benchmark
    public Integer oursJdkSendAsync(OursJdkSendAsync ours, Failures failures) {
        return failures.call("oursJdkSendAsync", ours::call);
    }

    @Benchmark
    public Integer oursUrlConnection(OursUrlConnection ours, Failures failures) {
        return failures.call("oursUrlConnection", ours::call);
    }

    @Benchmark
    public Integer oursSocket(OursSocket ours, Failures failures) {
        return failures.call("oursSocket", ours::call);
    }

    @Benchmark
    public Integer oursApacheClassic(OursApacheClassic ours, Failures failures) {
        return failures.call("oursApacheClassic", ours::call);
    }

    @Benchmark
    public Integer oursApacheAsync(OursApacheAsync ours, Failures failures) {
        return failures.call("oursApacheAsync", ours::call);
    }

    @Benchmark
    public Integer oursJetty(OursJetty ours, Failures failures) {
        return failures.call("oursJetty", ours::call);
    }

    @Benchmark
    public Integer oursOkHttp(OursOkHttp ours, Failures failures) {
        return failures.call("oursOkHttp", ours::call);
    }

    // ---------------------------------------------------------------- the limit: no JSON-RPC, fixed bytes

    /** A raw socket per thread, HTTP/1.1 keep-alive written by hand: the reference. */
    @Benchmark
    public int rawSocket(RawSocket socket, Failures failures) {
        return failures.callInt("rawSocket", socket::call);
    }

    /**
     * HttpURLConnection posting the fixed request bytes, reading the reply bytes. Buffered, as its
     * callers mostly use it: in fixed-length streaming mode the JDK writes headers and body
     * separately, and without TCP_NODELAY the body waits for a delayed ACK (ten times slower).
     */
    @Benchmark
    public int rawUrlConnection(Raw raw, Failures failures) {
        try {
            var c = (HttpURLConnection) raw.url.openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Accept", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(Payloads.REQUEST_BYTES);
            }
            try (InputStream in = c.getInputStream()) {
                return in.readAllBytes().length;
            }
        } catch (IOException e) {
            failures.record("rawUrlConnection", e);
            return -1;
        }
    }

    /** java.net.http posting the fixed request bytes, reading the reply bytes. */
    @Benchmark
    public int rawJdkHttp(Raw raw, Failures failures) {
        try {
            HttpRequest request = HttpRequest.newBuilder(raw.uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.REQUEST_BYTES))
                    .build();
            return raw.jdk.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        } catch (IOException e) {
            failures.record("rawJdkHttp", e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ---------------------------------------------------------------- the peers

    @Benchmark
    public Integer jsonrpc4j(Jsonrpc4j peer, Failures failures) {
        return failures.call("jsonrpc4j", () -> peer.client.invoke("add", new Object[] {1, 2}, Integer.class));
    }

    @Benchmark
    public Object jsonrpc2Client(Jsonrpc2 peer, Failures failures) {
        return failures.call("jsonrpc2Client", () -> {
            JSONRPC2Response r = peer.session.send(
                    new JSONRPC2Request("add", Arrays.<Object>asList(1, 2), peer.ids.incrementAndGet()));
            if (!r.indicatesSuccess()) {
                throw new IllegalStateException(r.getError().toString());
            }
            return r.getResult();
        });
    }

    @Benchmark
    public Integer simpleJsonRpc(SimpleJsonRpc peer, Failures failures) {
        return failures.call("simpleJsonRpc", () -> peer.client.createRequest().method("add")
                .id(peer.ids.incrementAndGet()).params(1, 2).returnAs(Integer.class).execute());
    }
}
