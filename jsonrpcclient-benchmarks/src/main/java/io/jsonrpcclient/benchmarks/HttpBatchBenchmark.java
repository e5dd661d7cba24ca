package io.jsonrpcclient.benchmarks;

import com.github.arteam.simplejsonrpc.client.builder.BatchRequestBuilder;
import io.jsonrpcclient.BatchBuilder;
import io.jsonrpcclient.BatchResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 3: 100 calls {@code add(1, 2)} over HTTP from one thread, as one batch or as 100
 * sequential calls. One operation is the 100 calls, so the scores read "batches per second"
 * and compare directly.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class HttpBatchBenchmark {

    private static final byte[] BATCH_REQUEST = Payloads.batchRequest(Payloads.BATCH).getBytes(StandardCharsets.UTF_8);

    private static int sendBatch(io.jsonrpcclient.JsonRpcClient client) {
        BatchBuilder batch = client.batch();
        for (int i = 0; i < Payloads.BATCH; i++) {
            batch.request("add", 1, 2);
        }
        BatchResponse replies = client.send(batch.build());
        if (replies.size() != Payloads.BATCH || replies.hasErrors()) {
            throw new IllegalStateException("bad batch reply");
        }
        return replies.size();
    }

    private static int sequential(io.jsonrpcclient.JsonRpcClient client) {
        int sum = 0;
        for (int i = 0; i < Payloads.BATCH; i++) {
            sum += client.request(Integer.class, "add", 1, 2);
        }
        return sum;
    }

    @Benchmark
    public int oursBatchJdk(HttpBenchmark.OursJdk ours, Failures failures) {
        return failures.callInt("oursBatchJdk", () -> sendBatch(ours.client));
    }

    @Benchmark
    public int oursBatchUrlConnection(HttpBenchmark.OursUrlConnection ours, Failures failures) {
        return failures.callInt("oursBatchUrlConnection", () -> sendBatch(ours.client));
    }

    @Benchmark
    public int oursBatchSocket(HttpBenchmark.OursSocket ours, Failures failures) {
        return failures.callInt("oursBatchSocket", () -> sendBatch(ours.client));
    }

    @Benchmark
    public int oursSequentialSocket(HttpBenchmark.OursSocket ours, Failures failures) {
        return failures.callInt("oursSequentialSocket", () -> sequential(ours.client));
    }

    @Benchmark
    public int oursSequentialJdk(HttpBenchmark.OursJdk ours, Failures failures) {
        return failures.callInt("oursSequentialJdk", () -> sequential(ours.client));
    }

    @Benchmark
    public int oursSequentialUrlConnection(HttpBenchmark.OursUrlConnection ours, Failures failures) {
        return failures.callInt("oursSequentialUrlConnection", () -> sequential(ours.client));
    }

    /** The limit: java.net.http posting the batch's bytes and reading the reply's bytes, no JSON. */
    @Benchmark
    public int rawJdkHttpBatch(HttpBenchmark.Raw raw, Failures failures) {
        try {
            HttpRequest request = HttpRequest.newBuilder(raw.uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BATCH_REQUEST))
                    .build();
            return raw.jdk.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        } catch (IOException e) {
            failures.record("rawJdkHttpBatch", e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Benchmark
    public int simpleJsonRpcBatch(HttpBenchmark.SimpleJsonRpc peer, Failures failures) {
        return failures.callInt("simpleJsonRpcBatch", () -> {
            BatchRequestBuilder<Long, Integer> batch = peer.client.createBatchRequest()
                    .keysType(Long.class).returnType(Integer.class);
            for (int i = 0; i < Payloads.BATCH; i++) {
                batch.add(peer.ids.incrementAndGet(), "add", 1, 2);
            }
            Map<Long, Integer> replies = batch.execute();
            if (replies.size() != Payloads.BATCH) {
                throw new IllegalStateException("bad batch reply");
            }
            return replies.size();
        });
    }
}
