package io.jsonrpcclient.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Response;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 1b, the pure core on a batch of 100 {@code add(1, 2)} calls: build, encode, decode and
 * match by id. Scores are per call ({@code @OperationsPerInvocation(100)}), to set beside
 * {@link CoreBenchmark}'s single call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
@OperationsPerInvocation(Payloads.BATCH)
public class CoreBatchBenchmark {

    private static final byte[] RESPONSE = Payloads.batchResponse(Payloads.BATCH);

    private final JsonRpcCodec codec = JsonRpcCodec.standard();
    private final JsonFactory factory = new ObjectMapper().getFactory();

    /** Ours: a Batch of 100 requests, encoded, its reply decoded and matched by id. */
    @Benchmark
    public int ours(Blackhole bh) {
        Batch batch = Payloads.batchOfAdds(Payloads.BATCH);
        bh.consume(codec.encode(batch));
        var replies = (BatchResponse) codec.decodeReply(batch, RESPONSE);
        int sum = 0;
        for (Response response : replies.responses()) {
            sum += ((Response.Success) response).result().intValue();
        }
        return sum;
    }

    /** The limit: one generator writing the array, one parser reading it, ids checked in order. */
    @Benchmark
    public int jacksonStreaming(Blackhole bh) throws IOException {
        try (var out = new ByteArrayBuilder(factory._getBufferRecycler())) {
            try (JsonGenerator g = factory.createGenerator(out)) {
                g.writeStartArray();
                for (int i = 1; i <= Payloads.BATCH; i++) {
                    CoreBenchmark.JacksonStreaming.writeCall(g, i);
                }
                g.writeEndArray();
            }
            bh.consume(out.toByteArray());
            out.release();
        }
        int sum = 0;
        try (JsonParser p = factory.createParser(RESPONSE)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            long id = 1;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                sum += CoreBenchmark.JacksonStreaming.readResponse(p, id++);
            }
            if (id != Payloads.BATCH + 1) {
                throw new IOException("missing replies");
            }
        }
        return sum;
    }
}
