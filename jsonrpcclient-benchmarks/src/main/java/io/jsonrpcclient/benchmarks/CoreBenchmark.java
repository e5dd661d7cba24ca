package io.jsonrpcclient.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.arteam.simplejsonrpc.client.JsonRpcClient;
import com.googlecode.jsonrpc4j.JsonRpcClient.RequestListener;
import com.thetransactioncompany.jsonrpc2.JSONRPC2Request;
import com.thetransactioncompany.jsonrpc2.JSONRPC2Response;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 1, the pure core: encode {@code add(1, 2)} to bytes and decode its reply's bytes to the
 * result 3, per call, no I/O. Every contender does the same work, from the method name and the
 * arguments to the int, with its id checked where the library checks it.
 * {@code jacksonStreaming} is the limit: a hand-written generator and parser doing only that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class CoreBenchmark {

    private static final byte[] RESPONSE = Payloads.RESPONSE_BYTES;

    private final JsonRpcCodec codec = JsonRpcCodec.standard();
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();
    private com.googlecode.jsonrpc4j.JsonRpcClient jsonrpc4j;
    private JsonRpcClient simple;

    @Setup
    public void setUp() {
        jsonrpc4j = new com.googlecode.jsonrpc4j.JsonRpcClient(new ObjectMapper());
        jsonrpc4j.setRequestIDGenerator(() -> "1");
        simple = new JsonRpcClient(request -> {
            // The transport sees text; the wire is bytes, as for every other contender.
            byte[] wire = request.getBytes(StandardCharsets.UTF_8);
            if (wire.length == 0) {
                throw new IOException("empty request");
            }
            return new String(RESPONSE, StandardCharsets.UTF_8);
        }, new ObjectMapper());
    }

    /** Ours, through the public codec: the result stays a JSON tree (an {@code IntNode}). */
    @Benchmark
    public int ours(Blackhole bh) {
        Request request = Request.of("add", Params.of(1, 2), Id.of(1));
        bh.consume(codec.encode(request));
        Reply reply = codec.decodeReply(request, RESPONSE);
        return ((Response.Success) reply).result().intValue();
    }

    /** Ours, with the result bound to {@code Integer} as {@code client.request(Integer.class, ...)} does. */
    @Benchmark
    public Integer oursTyped(Blackhole bh) {
        Request request = Request.of("add", Params.of(1, 2), Id.of(1));
        bh.consume(codec.encode(request));
        Reply reply = codec.decodeReply(request, RESPONSE);
        return codec.bind(((Response.Success) reply).result(), Integer.class);
    }

    /** The limit: Jackson's streaming generator and parser by hand. */
    @Benchmark
    public int jacksonStreaming(Blackhole bh) throws IOException {
        bh.consume(JacksonStreaming.write(factory, 1));
        return JacksonStreaming.read(factory, RESPONSE, 1);
    }

    /** Jackson trees both ways. */
    @Benchmark
    public int jacksonTree(Blackhole bh) throws IOException {
        ObjectNode request = mapper.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", "add");
        request.putArray("params").add(1).add(2);
        request.put("id", 1);
        bh.consume(mapper.writeValueAsBytes(request));
        JsonNode reply = mapper.readTree(RESPONSE);
        if (!"2.0".equals(reply.path("jsonrpc").textValue()) || reply.path("id").longValue() != 1
                || reply.has("error")) {
            throw new IllegalStateException("bad reply");
        }
        return reply.get("result").intValue();
    }

    /** jsonrpc2-base (json-smart): text both ways. */
    @Benchmark
    public long jsonrpc2Base(Blackhole bh) throws Exception {
        JSONRPC2Request request = new JSONRPC2Request("add", Arrays.<Object>asList(1, 2), 1L);
        bh.consume(request.toJSONString().getBytes(StandardCharsets.UTF_8));
        JSONRPC2Response reply = JSONRPC2Response.parse(new String(RESPONSE, StandardCharsets.UTF_8));
        if (!reply.indicatesSuccess() || !Long.valueOf(1).equals(reply.getID())) {
            throw new IllegalStateException("bad reply");
        }
        return (Long) reply.getResult();
    }

    /** jsonrpc4j's stream API: writeRequest and readResponse, result bound to Integer. */
    @Benchmark
    public Integer jsonrpc4j(Blackhole bh) throws Throwable {
        var out = new ByteArrayOutputStream(64);
        return jsonrpc4j.invokeAndReadResponse("add", new Object[] {1, 2}, Integer.class, out,
                new ByteArrayInputStream(RESPONSE));
    }

    /** simple-json-rpc's client over an in-memory transport, result bound to Integer. */
    @Benchmark
    public Integer simpleJsonRpc() {
        return simple.createRequest().method("add").id(1).params(1, 2).returnAs(Integer.class).execute();
    }

    /** The hand-written limit, shared with the batch benchmark. */
    static final class JacksonStreaming {
        private JacksonStreaming() {
        }

        /** Writes the request as Jackson's own {@code writeValueAsBytes} does: pooled buffers, released. */
        static byte[] write(JsonFactory factory, long id) throws IOException {
            try (var out = new ByteArrayBuilder(factory._getBufferRecycler())) {
                try (JsonGenerator g = factory.createGenerator(out)) {
                    writeCall(g, id);
                }
                byte[] bytes = out.toByteArray();
                out.release();
                return bytes;
            }
        }

        static void writeCall(JsonGenerator g, long id) throws IOException {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeStringField("method", "add");
            g.writeArrayFieldStart("params");
            g.writeNumber(1);
            g.writeNumber(2);
            g.writeEndArray();
            g.writeNumberField("id", id);
            g.writeEndObject();
        }

        static int read(JsonFactory factory, byte[] body, long id) throws IOException {
            try (JsonParser p = factory.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not an object");
                }
                int result = readResponse(p, id);
                if (p.nextToken() != null) {
                    throw new IOException("trailing content");
                }
                return result;
            }
        }

        /** Reads one response object (the parser on its START_OBJECT), checks it, returns the result. */
        static int readResponse(JsonParser p, long id) throws IOException {
            boolean version = false;
            boolean idSeen = false;
            boolean hasResult = false;
            int result = 0;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "jsonrpc" -> version = t == JsonToken.VALUE_STRING && "2.0".equals(p.getText());
                    case "id" -> idSeen = t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == id;
                    case "result" -> {
                        hasResult = true;
                        result = p.getIntValue();
                    }
                    default -> p.skipChildren();
                }
            }
            if (!version || !idSeen || !hasResult) {
                throw new IOException("bad reply");
            }
            return result;
        }
    }

    @SuppressWarnings("unused")
    private static final List<Class<?>> KEEP = List.of(RequestListener.class);
}
