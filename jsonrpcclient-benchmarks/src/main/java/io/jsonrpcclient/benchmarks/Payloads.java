package io.jsonrpcclient.benchmarks;

import io.jsonrpcclient.Batch;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import java.nio.charset.StandardCharsets;

/** The payloads every contender sends and reads: {@code add(1, 2)} and its reply. */
public final class Payloads {

    /** The request, as our codec writes it (id 1). */
    public static final String REQUEST = "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}";
    /** Its reply. */
    public static final String RESPONSE = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";
    /** The reply as bytes. */
    public static final byte[] RESPONSE_BYTES = RESPONSE.getBytes(StandardCharsets.UTF_8);
    /** The request as bytes. */
    public static final byte[] REQUEST_BYTES = REQUEST.getBytes(StandardCharsets.UTF_8);
    /** How many requests a batch holds. */
    public static final int BATCH = 100;

    private Payloads() {
    }

    /** {@return a new batch of n requests {@code add(1, 2)} with ids 1..n: what a caller builds per batch} */
    public static Batch batchOfAdds(int n) {
        var calls = new Call[n];
        for (int i = 0; i < n; i++) {
            calls[i] = Request.of("add", Params.of(1, 2), Id.of(i + 1));
        }
        return Batch.of(calls);
    }

    /** {@return a batch reply answering ids 1..n, in order} */
    public static byte[] batchResponse(int n) {
        var sb = new StringBuilder(n * 40).append('[');
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                sb.append(',');
            }
            sb.append("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":").append(i).append('}');
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@return a batch of n requests add(1, 2) with ids 1..n, as text} */
    public static String batchRequest(int n) {
        var sb = new StringBuilder(n * 60).append('[');
        for (int i = 1; i <= n; i++) {
            if (i > 1) {
                sb.append(',');
            }
            sb.append("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":").append(i).append('}');
        }
        return sb.append(']').toString();
    }
}
