package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.IdGenerators;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.http.HttpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against jayson, Node's most used JSON-RPC server, over HTTP. The script is
 * {@code src/test/node/server.js}. jayson's raw TCP server waits for the TCP transport (issue 4).
 */
class JaysonIT {

    @RegisterExtension
    static final NodePeer jayson = new NodePeer("server.js", "jayson");

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireTap wire;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        wire = new WireTap(HttpTransport.of(jayson.uri()));
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
        try (JsonRpcClient reset = JsonRpcClient.http(jayson.uri().toString())) {
            reset.request("received"); // forget what earlier tests recorded
        }
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    // ---------------------------------------------------------------- params and results

    @Test
    void positionalParamsGetAResultAndTheRepliesAreExactlyWhatJaysonWrites() {
        int sum = client.request(Integer.class, "add", 1, 2);

        assertThat(sum).isEqualTo(3);
        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(wire.last().received()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":3}");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void namedParamsReachTheHandlerAsAnObject() {
        var params = new LinkedHashMap<String, Object>();
        params.put("minuend", 42);
        params.put("subtrahend", 23);

        assertThat(client.request(Integer.class, "subtract", Params.named(params))).isEqualTo(19);
        assertThat(client.request(Integer.class, "subtract", 42, 23)).isEqualTo(19);
        assertThat(client.request(String.class, "greet", Params.named(Map.of("name", "Yoko")))).isEqualTo("Hello, Yoko!");
    }

    @Test
    void nestedUnicodeAndNumericValuesSurviveTheRoundTripUnchanged() throws Exception {
        JsonNode params = JSON.readTree("{\"text\":\"h\u00e9llo \u2603 \ud834\udd1e\",\"list\":[1,2.5,-0.125,true,null],"
                + "\"nested\":{\"a\":{\"b\":[]},\"empty\":\"\"},\"max\":9007199254740991}");
        Map<String, Object> named = JSON.convertValue(params, new TypeReference<Map<String, Object>>() {});

        JsonNode echoed = client.request("echo", Params.named(named));

        assertThat(echoed).isEqualTo(params);
    }

    @Test
    void aCallWithoutParamsLeavesThemOutAndTheHandlerSeesNone() {
        assertThat(client.request("echo").isNull()).isTrue();
        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"id\":1}");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anApplicationErrorCarriesItsCodeMessageAndStructuredDataOverHttp200() throws Exception {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("withdraw", 25));

        assertThat(e.code()).isEqualTo(-32010);
        assertThat(e.message()).isEqualTo("Insufficient funds");
        assertThat(e.data()).isEqualTo(JSON.readTree(
                "{\"balance\":10,\"requested\":25,\"currency\":\"EUR\",\"retryable\":false}"));
        assertThat(e.getMessage()).contains("error -32010: Insufficient funds", "method withdraw", jayson.uri().toString());
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void invalidParamsAreMinus32602WithTheDataTheHandlerGave() throws Exception {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("add", "one", "two"));

        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.message()).isEqualTo("add takes two numbers");
        assertThat(e.data()).isEqualTo(JSON.readTree("{\"got\":[\"one\",\"two\"]}"));
    }

    @Test
    void anUnknownMethodIsTheSpecsMinus32601MethodNotFound() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("noSuchMethod"));

        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.message()).isEqualTo("Method not found");
        assertThat(e.data().isMissingNode()).isTrue();
    }

    @Test
    void aHandlerFailingWithAPlainErrorIsMinus32603InternalErrorWithoutItsMessage() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("crash"));

        assertThat(e.code()).isEqualTo(-32603);
        assertThat(e.message()).isEqualTo("Internal error");
        assertThat(e.data().isMissingNode()).isTrue();
        assertThat(wire.last().received()).doesNotContain("fire");
    }

    @Test
    void aRequestThatIsNotJsonContentTypeIsRefusedWith415AndNoJsonRpcBody() {
        JsonRpcClient plainText = client.with(CallOptions.newBuilder().header("Content-Type", "text/plain").build());

        TransportException e = catchThrowableOfType(TransportException.class, () -> plainText.request("add", 1, 2));

        assertThat(e).isNotInstanceOf(RequestTimeoutException.class);
        assertThat(e.statusCode()).hasValue(415);
        assertThat(e.reason()).contains("Unsupported Media Type");
        assertThat(e.bodyExcerpt()).contains("Unsupported Media Type");
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aNotificationIsAnsweredWith204AndNoBodyAndStillReachesTheHandler() {
        client.notify("record", "hello");

        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"record\",\"params\":[\"hello\"]}");
        assertThat(wire.last().status()).isEqualTo(204);
        assertThat(wire.last().received()).isEmpty();
        assertThat(client.request("received").toString()).isEqualTo("[[\"hello\"]]");
    }

    @Test
    void aRequestWithANullIdIsTakenForANotificationSoNoResponseComes() {
        NoResponseException e = catchThrowableOfType(NoResponseException.class,
                () -> client.send(Request.of("record", Params.of("null id"), Id.NULL)));

        assertThat(e.getMessage()).contains("record");
        assertThat(wire.last().status()).isEqualTo(204);
        assertThat(client.request("received").toString()).isEqualTo("[[\"null id\"]]");
    }

    // ---------------------------------------------------------------- batches

    @Test
    void aBatchWithErrorsMixedInIsMatchedByIdAndTheNotificationGetsNoSlot() throws Exception {
        Batch batch = client.batch()
                .request("add", 1, 2)
                .request("subtract", Params.named(Map.of("minuend", 42, "subtrahend", 23)))
                .request("withdraw", 99)
                .request("noSuchMethod")
                .notification("record", "in a batch")
                .request("add", "x", 1)
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(5);
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.hasErrors()).isTrue();
        assertThat(replies.result(sent.get(0).id()).asInt()).isEqualTo(3);
        assertThat(replies.result(sent.get(1).id()).asInt()).isEqualTo(19);
        assertThat(error(replies, sent.get(2))).isEqualTo(
                "-32010 Insufficient funds {\"balance\":10,\"requested\":99,\"currency\":\"EUR\",\"retryable\":false}");
        assertThat(error(replies, sent.get(3))).isEqualTo("-32601 Method not found ");
        assertThat(error(replies, sent.get(4))).isEqualTo("-32602 add takes two numbers {\"got\":[\"x\",1]}");
        assertThat(wire.last().status()).isEqualTo(200);
        assertThat(client.request("received").toString()).isEqualTo("[[\"in a batch\"]]");
    }

    @Test
    void aBatchOfNotificationsOnlyIsAnsweredWith204AndGivesAnEmptyBatchResponse() {
        Batch batch = client.batch().notification("record", 1).notification("record", 2).build();

        Reply reply = client.send((Message) batch);

        assertThat(reply).isEqualTo(BatchResponse.empty());
        assertThat(wire.last().status()).isEqualTo(204);
        assertThat(client.request("received")).hasSize(2);
    }

    // ---------------------------------------------------------------- ids

    @Test
    void stringIdsFromTheUuidGeneratorAreEchoed() {
        try (JsonRpcClient uuids = JsonRpcClient.newBuilder(HttpTransport.of(jayson.uri()))
                .idGenerator(IdGenerators.uuid()).build()) {
            Request request = Request.of("add", Params.of(2, 2), IdGenerators.uuid().next());

            Response response = uuids.send(request);

            assertThat(response.id()).isEqualTo(request.id());
            assertThat(uuids.request(Integer.class, "add", 20, 22)).isEqualTo(42);
        }
    }

    @Test
    void anIntegerIdBeyond2To53IsRoundedByJavaScriptAndTheClientRefusesTheMismatch() {
        Request request = Request.of("add", Params.of(1, 2), Id.of(9_007_199_254_740_993L));

        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> client.send(request));

        assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.ID_MISMATCH);
        assertThat(wire.last().received()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":9007199254740992,\"result\":3}");
    }

    // ---------------------------------------------------------------- time

    @Test
    void aSlowMethodTimesOutOnTheClientsClockAndTheServerStaysUsable() {
        JsonRpcClient impatient = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.request("sleep", 3000));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(tookMs).isBetween(250L, 2500L);
        assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
    }

    @Test
    void aSlowMethodWithinAPerCallTimeoutCompletes() {
        JsonRpcClient patient = client.with(CallOptions.newBuilder().timeout(Duration.ofSeconds(5)).build());

        assertThat(patient.request(Integer.class, "sleep", 200)).isEqualTo(200);
    }

    @Test
    void oneClientServesManyThreadsAndEveryAnswerGoesToItsCaller() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int a = i;
                futures.add(pool.submit(() -> new int[] {a, client.request(Integer.class, "add", a, 1000)}));
            }
            for (Future<int[]> f : futures) {
                int[] pair = f.get(20, TimeUnit.SECONDS);
                assertThat(pair[1]).isEqualTo(pair[0] + 1000);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String error(BatchResponse replies, Request request) {
        Response response = replies.get(request.id()).orElseThrow();
        assertThat(response).isInstanceOf(Response.Failure.class);
        var error = ((Response.Failure) response).error();
        return error.code() + " " + error.message() + " " + (error.hasData() ? error.data().toString() : "");
    }
}
