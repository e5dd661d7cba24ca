package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client over HTTP against a real loopback server: what goes on the wire and what comes back. */
class JsonRpcClientHttpTest {

    private MockJsonRpcServer server;
    private JsonRpcClient client;

    record Point(int x, int y) {
    }

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("echo", params -> params);
        client = JsonRpcClient.http(server.uri().toString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    // ---------------------------------------------------------------- requests

    @Test
    void aRequestIsPostedAsExactJsonWithJsonContentType() {
        JsonNode sum = client.request("add", 1, 2);

        assertThat(sum.asInt()).isEqualTo(3);
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/");
        assertThat(recorded.bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(recorded.header("Content-Type")).contains("application/json");
        assertThat(recorded.header("Accept")).contains("application/json");
    }

    @Test
    void aFreshClientNumbersItsRequestsOneTwoThree() {
        client.request("add", 1, 2);
        client.request("add", 3, 4);
        client.request("add", 5, 6);

        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(1));
        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(2));
        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(3));
    }

    @Test
    void aRequestWithoutParamsLeavesTheParamsMemberOut() {
        server.method("ping", params -> TextNode.valueOf("pong"));

        assertThat(client.request(String.class, "ping")).isEqualTo("pong");
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}");
    }

    @Test
    void namedParamsAreSentAsAnObjectInTheMapsOrder() {
        var params = new java.util.LinkedHashMap<String, Object>();
        params.put("b", 2);
        params.put("a", "x");

        JsonNode echoed = client.request("echo", Params.named(params));

        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"b\":2,\"a\":\"x\"},\"id\":1}");
        assertThat(echoed.toString()).isEqualTo("{\"b\":2,\"a\":\"x\"}");
    }

    @Test
    void anExplicitIdWinsAndLeavesTheClientsSequenceAlone() {
        Response response = client.send(Request.of("add", Params.of(1, 2), Id.of(42)));

        assertThat(response).isEqualTo(new Response.Success(Id.of(42), IntNode.valueOf(3)));
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":42}");

        client.request("add", 1, 1);
        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(1));
    }

    @Test
    void aStringIdIsEchoedAndMatched() {
        Response response = client.send(Request.of("add", Params.of(2, 2), Id.of("req-7")));

        assertThat(response.id()).isEqualTo(Id.of("req-7"));
        assertThat(server.takeRequest().json().get("id")).isEqualTo(TextNode.valueOf("req-7"));
    }

    @Test
    void sendingARequestReturnsAnErrorAsAValueNotAnException() {
        Response response = client.send(Request.of("nope", Params.none(), Id.of(5)));

        assertThat(response).isInstanceOf(Response.Failure.class);
        assertThat(((Response.Failure) response).error().code()).isEqualTo(ErrorObject.METHOD_NOT_FOUND);
    }

    @Test
    void nonAsciiTextTravelsAsUtf8BothWays() {
        String text = "héllo ✓ 𝄞 日本";

        assertThat(client.request("echo", text).get(0).asText()).isEqualTo(text);
        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.json().get("params").get(0).asText()).isEqualTo(text);
        // Characters of the basic plane go as raw UTF-8; Jackson escapes the surrogate pair of 𝄞 by default.
        assertThat(recorded.bodyText()).contains("[\"héllo ✓ ").contains(" 日本\"]");
    }

    @Test
    void aLargeRequestAndItsLargeReplyTravelIntact() {
        String big = "z".repeat(3 * 1024 * 1024);

        assertThat(client.request("echo", big).get(0).asText()).isEqualTo(big);
        assertThat(server.takeRequest().body()).hasSize(big.length() + 54);
    }

    // ---------------------------------------------------------------- typed results

    @Test
    void aResultIsBoundToAClass() {
        assertThat(client.request(Integer.class, "add", 20, 22)).isEqualTo(42);
    }

    @Test
    void aResultIsBoundToAGenericTypeReference() {
        server.method("points", params -> JsonNodeFactory.instance.arrayNode()
                .add(JsonNodeFactory.instance.objectNode().put("x", 1).put("y", 2))
                .add(JsonNodeFactory.instance.objectNode().put("x", 3).put("y", 4)));

        List<Point> points = client.request(new TypeReference<List<Point>>() { }, "points");

        assertThat(points).containsExactly(new Point(1, 2), new Point(3, 4));
    }

    @Test
    void aResultIsBoundToARecordAndParamsMayBeRecords() {
        Point echoed = client.request(Point.class, "echo", Params.named(Map.of("x", 5, "y", 6)));
        assertThat(echoed).isEqualTo(new Point(5, 6));

        List<Point> wrapped = client.request(new TypeReference<List<Point>>() { }, "echo", new Point(7, 8));
        assertThat(wrapped).containsExactly(new Point(7, 8));
        server.takeRequest();
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[{\"x\":7,\"y\":8}],\"id\":2}");
    }

    @Test
    void aResultThatDoesNotFitTheTypeIsAnInvalidResponseNamingTheMethod() {
        server.method("word", params -> TextNode.valueOf("not a number"));

        assertThatThrownBy(() -> client.request(Integer.class, "word"))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.RESULT_TYPE);
                    assertThat(e.getMessage()).contains("method word").contains(server.uri().toString());
                });
    }

    @Test
    void aNullResultIsNullNodeOrJavaNull() {
        server.method("nothing", params -> null);

        assertThat(client.request("nothing").isNull()).isTrue();
        assertThat(client.request(String.class, "nothing")).isNull();
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aNotificationIsPostedWithoutAnIdAndReturnsOnNoContent() {
        server.method("log", params -> null);

        client.notify("log", "hello");

        RecordedRequest recorded = server.takeRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"hello\"]}");
        assertThat(recorded.header("Content-Type")).contains("application/json");
    }

    @Test
    void aNotificationDoesNotUseAnId() {
        server.method("log", params -> null);

        client.notify("log", 1);
        client.request("add", 1, 2);

        server.takeRequest();
        assertThat(server.takeRequest().json().get("id")).isEqualTo(IntNode.valueOf(1));
    }

    @Test
    void aNotificationAnsweredWithAnEmptyOkIsFine() {
        server.enqueue(MockReply.empty());

        client.notify("log", "hello");

        assertThat(server.requestCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- batches

    @Test
    void aBatchIsPostedAsOneArrayInOrderAndAnsweredInRequestOrder() {
        Batch batch = client.batch()
                .request("add", 1, 2)
                .notification("echo", "ignored")
                .request("add", 3, 4)
                .build();

        BatchResponse responses = client.send(batch);

        assertThat(server.takeRequest().bodyText()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"ignored\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[3,4],\"id\":2}]");
        assertThat(responses.responses()).containsExactly(
                new Response.Success(Id.of(1), IntNode.valueOf(3)),
                new Response.Success(Id.of(2), IntNode.valueOf(7)));
    }

    @Test
    void aBatchAnsweredInShuffledOrderIsMatchedByIdAndReturnedInRequestOrder() {
        server.enqueue(MockReply.json("["
                + "{\"jsonrpc\":\"2.0\",\"result\":\"third\",\"id\":3},"
                + "{\"jsonrpc\":\"2.0\",\"result\":\"first\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"second failed\"},\"id\":2}]"));
        Batch batch = client.batch().request("a").request("b").request("c").build();

        BatchResponse responses = client.send(batch);

        assertThat(responses.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of(2), Id.of(3));
        assertThat(responses.result(Id.of(1)).asText()).isEqualTo("first");
        assertThat(responses.result(Id.of(3)).asText()).isEqualTo("third");
        assertThat(responses.get(Id.of(2))).get().isInstanceOfSatisfying(Response.Failure.class,
                f -> assertThat(f.error().message()).isEqualTo("second failed"));
        assertThat(responses.hasErrors()).isTrue();
    }

    @Test
    void aBatchOfOnlyNotificationsAnsweredWithAnEmptyOkReturnsAnEmptyBatchResponse() {
        server.enqueue(MockReply.empty());
        Batch batch = client.batch().notification("log", 1).notification("log", 2).build();

        BatchResponse responses = client.send(batch);

        assertThat(responses.isEmpty()).isTrue();
        assertThat(server.takeRequest().bodyText()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[1]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[2]}]");
    }

    @Test
    void aBatchOfOnlyNotificationsAnsweredWithNoContentReturnsAnEmptyBatchResponse() {
        server.enqueue(MockReply.noContent());
        Batch batch = client.batch().notification("log", 1).build();

        assertThat(client.send(batch).isEmpty()).isTrue();
        assertThat((Reply) client.send((Message) client.batch().notification("log", 2).build()))
                .isEqualTo(BatchResponse.empty());
    }

    @Test
    void anEmptyBatchIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.send(client.batch().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
        assertThatThrownBy(() -> client.send("[]"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aBatchRefusedWholeWithOneErrorObjectRaisesIt() {
        server.enqueue(MockReply.json(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}"));

        assertThatThrownBy(() -> client.send(client.batch().request("add", 1, 2).build()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32600);
                    assertThat(e.getMessage()).contains("batch of 1").contains(server.uri().toString());
                });
    }

    // ---------------------------------------------------------------- raw text

    @Test
    void rawRequestTextIsSentByteForByteAndItsReplyCheckedAgainstItsId() {
        String text = "{\"jsonrpc\": \"2.0\", \"method\": \"add\", \"params\": [10, 5], \"id\": \"raw-1\"}";

        Reply reply = client.send(text);

        assertThat(server.takeRequest().bodyText()).isEqualTo(text);
        assertThat(reply).isEqualTo(new Response.Success(Id.of("raw-1"), IntNode.valueOf(15)));
    }

    @Test
    void rawBatchTextReturnsABatchResponse() {
        String text = "[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,1],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[2,2],\"id\":2}]";

        Reply reply = client.send(text);

        assertThat(server.takeRequest().bodyText()).isEqualTo(text);
        assertThat(reply).isInstanceOfSatisfying(BatchResponse.class, b -> {
            assertThat(b.result(Id.of(1)).asInt()).isEqualTo(2);
            assertThat(b.result(Id.of(2)).asInt()).isEqualTo(4);
        });
    }

    @Test
    void rawNotificationTextReturnsNone() {
        server.method("log", params -> null);

        assertThat(client.send("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[1]}"))
                .isEqualTo(Reply.None.INSTANCE);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void rawTextThatIsNotARequestIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.send("{\"hello\":1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.send("not json")).isInstanceOf(IllegalArgumentException.class);

        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aRawRequestAnsweredWithAnotherIdIsAnIdMismatch() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":\"other\"}"));

        assertThatThrownBy(() -> client.send("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,1],\"id\":\"mine\"}"))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.ID_MISMATCH));
    }

    // ---------------------------------------------------------------- threads

    @Test
    @Timeout(60)
    void oneClientServesEightThreadsWithUniqueIdsAndEachCallerGetsItsOwnAnswer() throws Exception {
        int threads = 8;
        int callsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 100_000;
                tasks.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        int sum = client.request(Integer.class, "add", base, i);
                        if (sum != base + i) {
                            throw new AssertionError("thread " + base + " call " + i + " got " + sum);
                        }
                        ok++;
                    }
                    return ok;
                });
            }
            List<Future<Integer>> results = pool.invokeAll(tasks, 50, TimeUnit.SECONDS);
            for (Future<Integer> result : results) {
                assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo(callsPerThread);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < threads * callsPerThread; i++) {
            ids.add(server.takeRequest(Duration.ofSeconds(1)).json().get("id").asLong());
        }
        assertThat(ids).hasSize(threads * callsPerThread);
        assertThat(ids).allMatch(id -> id >= 1 && id <= threads * callsPerThread);
    }
}
