package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.stream.Framing;
import io.jsonrpcclient.stream.TcpTransport;
import io.jsonrpcclient.transport.DuplexTransport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against jayson's raw TCP server ({@code jayson.server(...).tcp()}), the same methods as
 * {@link JaysonIT} from the same script, over one connection per test. jayson 5 reads and writes one
 * JSON value per {@code \n}-ended line, so the transport uses {@link Framing#NEWLINE} (the TCP default,
 * named here on purpose). Quirks in docs/INTEROP.md.
 */
class JaysonTcpIT {

    @RegisterExtension
    static final NodePeer jayson = new NodePeer("server.js", "jayson");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DuplexTransport tcp;
    private WireTap wire;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        tcp = TcpTransport.newBuilder("127.0.0.1", jayson.reportedPort("tcp"))
                .framing(Framing.NEWLINE)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        wire = new WireTap(tcp);
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
        client.request("received"); // forget what earlier tests recorded
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void positionalParamsGetAResultAndTheLineJaysonWritesIsExactlyTheResponse() {
        int sum = client.request(Integer.class, "add", 1, 2);

        assertThat(sum).isEqualTo(3);
        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":2}");
        assertThat(wire.last().received()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":3}");
        assertThat(wire.last().status()).isEqualTo(-1);
    }

    @Test
    void namedParamsReachTheHandlerAsAnObject() {
        var params = new LinkedHashMap<String, Object>();
        params.put("minuend", 42);
        params.put("subtrahend", 23);

        assertThat(client.request(Integer.class, "subtract", Params.named(params))).isEqualTo(19);
        assertThat(wire.last().sent()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"minuend\":42,\"subtrahend\":23},\"id\":2}");
        assertThat(client.request(String.class, "greet", Params.named(Map.of("name", "Yoko")))).isEqualTo("Hello, Yoko!");
    }

    @Test
    void anApplicationErrorCarriesItsCodeMessageAndStructuredData() throws Exception {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("withdraw", 25));

        assertThat(e.code()).isEqualTo(-32010);
        assertThat(e.message()).isEqualTo("Insufficient funds");
        assertThat(e.data()).isEqualTo(JSON.readTree(
                "{\"balance\":10,\"requested\":25,\"currency\":\"EUR\",\"retryable\":false}"));
        assertThat(e.getMessage()).contains("error -32010: Insufficient funds", "method withdraw");
        assertThat(client.request(Integer.class, "add", 2, 2)).isEqualTo(4);
    }

    @Test
    void anUnknownMethodIsMinus32601AndTheConnectionStaysUsable() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("noSuchMethod"));

        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.message()).isEqualTo("Method not found");
        assertThat(client.request(Integer.class, "add", 20, 22)).isEqualTo(42);
    }

    @Test
    void aNotificationGetsNoLineBackAndStillReachesTheHandler() {
        client.notify("record", "hello");
        client.notify("record", "world");

        assertThat(client.request("received").toString()).isEqualTo("[[\"hello\"],[\"world\"]]");
    }

    @Test
    void aBatchWithAnErrorAndANotificationMixedInIsOneLineEachWayMatchedById() throws Exception {
        Batch batch = client.batch()
                .request("add", 1, 2)
                .request("subtract", Params.named(Map.of("minuend", 42, "subtrahend", 23)))
                .request("withdraw", 99)
                .request("noSuchMethod")
                .notification("record", "in a batch")
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(4);
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.result(sent.get(0).id()).asInt()).isEqualTo(3);
        assertThat(replies.result(sent.get(1).id()).asInt()).isEqualTo(19);
        Response.Failure funds = (Response.Failure) replies.get(sent.get(2).id()).orElseThrow();
        assertThat(funds.error().code()).isEqualTo(-32010);
        assertThat(funds.error().data()).isEqualTo(JSON.readTree(
                "{\"balance\":10,\"requested\":99,\"currency\":\"EUR\",\"retryable\":false}"));
        Response.Failure unknown = (Response.Failure) replies.get(sent.get(3).id()).orElseThrow();
        assertThat(unknown.error().code()).isEqualTo(-32601);
        assertThat(wire.last().received()).startsWith("[{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":3},");
        assertThat(client.request("received").toString()).isEqualTo("[[\"in a batch\"]]");
    }

    @Test
    void repliesComeInTheOrderTheyAreReadyAndEachReachesItsOwnCaller() throws Exception {
        CompletableFuture<Integer> slow = client.requestAsync(Integer.class, "sleep", 400);
        CompletableFuture<Integer> fast = client.requestAsync(Integer.class, "add", 1, 1);

        assertThat(fast.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(slow).isNotDone();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(400);
        assertThat(wire.all()).extracting(WireTap.Exchanged::received).containsSubsequence(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":2}", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":400}");
    }

    @Test
    void aSlowMethodTimesOutItsLateReplyIsDroppedAndTheConnectionStaysUsable() throws Exception {
        JsonRpcClient impatient = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.request("sleep", 700));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(tookMs).isBetween(250L, 2500L);
        TimeUnit.MILLISECONDS.sleep(600); // the late reply {"id":2,"result":700} arrives and is dropped
        assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
        // A call's slot is released just after its future completes, so the count may lag a moment.
        Peers.await("no call left in flight", Duration.ofSeconds(2), () -> tcp.pendingCalls() == 0);
    }

    @Test
    void aRequestWithANullIdIsTakenForANotificationSoNoLineComesBackAndTheCallTimesOut() {
        JsonRpcClient impatient = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.send(Request.of("record", Params.of("null id"), Id.NULL)));

        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(client.request("received").toString()).isEqualTo("[[\"null id\"]]");
    }

    @Test
    void anIntegerIdBeyond2To53ComesBackRoundedSoNoCallMatchesItAndTheCallTimesOut() {
        JsonRpcClient impatient = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        Request request = Request.of("add", Params.of(1, 2), Id.of(9_007_199_254_740_993L));

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class, () -> impatient.send(request));

        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
    }
}
