package io.jsonrpcclient.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
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
 * Diagnostic, not in the published table: {@link CoreBenchmark}'s work split into its halves
 * (encode, decode, bind), ours beside the Jackson-streaming limit, to see where time and bytes go;
 * and {@link CoreBatchBenchmark}'s batch of 100 split the same way (build, encode, decode), per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class CorePartsBenchmark {

    private final JsonRpcCodec codec = JsonRpcCodec.standard();
    private final JsonFactory factory = new ObjectMapper().getFactory();
    private final Request request = Request.of("add", Params.of(1, 2), Id.of(1));
    private final Response.Success success =
            (Response.Success) JsonRpcCodec.standard().decodeReply(request, Payloads.RESPONSE_BYTES);
    private final Batch batch = Payloads.batchOfAdds(Payloads.BATCH);
    private final byte[] batchResponse = Payloads.batchResponse(Payloads.BATCH);

    @Benchmark
    public byte[] oursEncode() {
        return codec.encode(Request.of("add", Params.of(1, 2), Id.of(1)));
    }

    /** Encodes a request held in a field: nothing of it is a constant the compiler can fold. */
    @Benchmark
    public byte[] oursEncodeHeld() {
        return codec.encode(request);
    }

    /** {@link CoreBenchmark#ours}'s call on a request held in a field: encoded, its reply decoded, no literal to fold. */
    @Benchmark
    public int oursCallHeld(Blackhole bh) {
        bh.consume(codec.encode(request));
        return ((Response.Success) codec.decodeReply(request, Payloads.RESPONSE_BYTES)).result().intValue();
    }

    @Benchmark
    public Reply oursDecode() {
        return codec.decodeReply(request, Payloads.RESPONSE_BYTES);
    }

    @Benchmark
    public Integer oursBind() {
        return codec.bind(success.result(), Integer.class);
    }

    @Benchmark
    public byte[] jacksonStreamingEncode() throws IOException {
        return CoreBenchmark.JacksonStreaming.write(factory, 1);
    }

    @Benchmark
    public int jacksonStreamingDecode() throws IOException {
        return CoreBenchmark.JacksonStreaming.read(factory, Payloads.RESPONSE_BYTES, 1);
    }

    @Benchmark
    @OperationsPerInvocation(Payloads.BATCH)
    public Batch oursBatchBuild() {
        return Payloads.batchOfAdds(Payloads.BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(Payloads.BATCH)
    public byte[] oursBatchEncode() {
        return codec.encode(batch);
    }

    @Benchmark
    @OperationsPerInvocation(Payloads.BATCH)
    public Reply oursBatchDecode() {
        return codec.decodeReply(batch, batchResponse);
    }

    @Benchmark
    public Request oursBuild() {
        return Request.of("add", Params.of(1, 2), Id.of(1));
    }
}
