package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typed batches: each call's handle yields its own typed result or throws its own error. */
@Timeout(30)
class TypedBatchTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MockJsonRpcServer server;
    private JsonRpcClient client;
    private String url;
    private final CountDownLatch release = new CountDownLatch(1);

    record Pet(String name, int age) {
    }

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("cat", params -> TextNode.valueOf(params.get("name").asText() + " says meow"));
        server.method("pets", params -> JSON.arrayNode()
                .add(JSON.objectNode().put("name", "Yoko").put("age", 3))
                .add(JSON.objectNode().put("name", "Tom").put("age", 5)));
        server.method("log", params -> null);
        server.method("fail", params -> {
            throw new MethodError(-32000, "The cat knocked it off the table");
        });
        server.method("held", params -> {
            if (!release.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held call");
            }
            return IntNode.valueOf(1);
        });
        url = server.uri().toString();
        client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri())).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.close();
    }

    @Test
    void eachHandleYieldsItsOwnTypedResultAfterOneExchange() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
        BatchCall<String> meow = batch.call(String.class, "cat", Params.named(Map.of("name", "Yoko")));
        BatchCall<List<Pet>> pets = batch.call(new TypeReference<List<Pet>>() { }, "pets");

        BatchResponse replies = batch.send();

        assertThat(sum.get()).isEqualTo(3);
        assertThat(meow.get()).isEqualTo("Yoko says meow");
        assertThat(pets.get()).containsExactly(new Pet("Yoko", 3), new Pet("Tom", 5));
        assertThat(replies.responses()).hasSize(3);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void typedCallsAndPlainCallsGoInOneArrayInTheOrderAdded() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
        batch.notification("log", "between");
        batch.request("add", 5, 5);
        BatchCall<com.fasterxml.jackson.databind.JsonNode> pets = batch.call(
                com.fasterxml.jackson.databind.JsonNode.class, "pets", Params.none());

        batch.send();

        assertThat(server.takeRequest().bodyText()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"between\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[5,5],\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"pets\",\"id\":3}]");
        assertThat(sum.request()).isEqualTo(Request.of("add", Params.of(1, 2), Id.of(1)));
        assertThat(pets.request().id()).isEqualTo(Id.of(3));
        assertThat(pets.get().get(1).get("name").asText()).isEqualTo("Tom");
    }

    @Test
    void aFailedCallThrowsItsOwnErrorAndDoesNotHideTheOthersResults() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> before = batch.call(Integer.class, "add", 1, 2);
        BatchCall<String> failed = batch.call(String.class, "fail");
        BatchCall<Integer> after = batch.call(Integer.class, "add", 3, 4);

        batch.send();

        assertThat(before.get()).isEqualTo(3);
        assertThat(after.get()).isEqualTo(7);
        assertThatThrownBy(failed::get)
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.response().id()).isEqualTo(Id.of(2));
                    assertThat(e.getMessage()).isEqualTo("error -32000: The cat knocked it off the table"
                            + " [method fail, endpoint " + url + "]");
                });
    }

    @Test
    void aResultThatDoesNotFitItsTypeFailsOnlyItsHandle() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> wrong = batch.call(Integer.class, "cat", Params.named(Map.of("name", "Tom")));
        BatchCall<Integer> right = batch.call(Integer.class, "add", 2, 2);

        batch.send();

        assertThat(right.get()).isEqualTo(4);
        assertThatThrownBy(wrong::get)
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.RESULT_TYPE);
                    assertThat(e.getMessage()).endsWith("[method cat, endpoint " + url + "]");
                });
    }

    @Test
    void getReturnsTheSameValueEveryTime() {
        BatchBuilder batch = client.batch();
        BatchCall<List<Pet>> pets = batch.call(new TypeReference<List<Pet>>() { }, "pets");
        batch.send();

        assertThat(pets.get()).isSameAs(pets.get());
    }

    @Test
    void sendAsyncFillsTheHandlesBeforeItsFutureCompletes() throws Exception {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
        BatchCall<String> meow = batch.call(String.class, "cat", Params.named(Map.of("name", "Tom")));

        CompletableFuture<String> seenInCallback = batch.sendAsync()
                .thenApply(replies -> sum.get() + " / " + meow.get());

        assertThat(seenInCallback.get(5, TimeUnit.SECONDS)).isEqualTo("3 / Tom says meow");
    }

    @Test
    void aHandleReadBeforeTheBatchIsSentSaysSo() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);

        assertThat(sum.isDone()).isFalse();
        assertThatThrownBy(sum::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the call add (id 1) of a batch has not been sent: call send() or sendAsync() on the"
                        + " BatchBuilder that returned this handle first (a batch passed to"
                        + " JsonRpcClient.send(batch) does not fill handles)");
    }

    @Test
    void aHandleReadWhileTheBatchIsInFlightSaysSo() throws Exception {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> held = batch.call(Integer.class, "held");
        CompletableFuture<BatchResponse> replies = batch.sendAsync();
        server.takeRequest();

        assertThat(held.isDone()).isFalse();
        assertThatThrownBy(held::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the call held (id 1) of a batch is still in flight: read it once the future returned"
                        + " by sendAsync() has completed");

        release.countDown();
        replies.get(5, TimeUnit.SECONDS);
        assertThat(held.isDone()).isTrue();
        assertThat(held.get()).isEqualTo(1);
    }

    @Test
    void aHandleOfABatchSentThroughTheClientInsteadIsNeverFilled() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);

        client.send(batch.build());

        assertThatThrownBy(sum::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been sent");
    }

    @Test
    void whenTheWholeBatchFailsSendThrowsAndEveryHandleThrowsTheSame() {
        server.enqueue(MockReply.status(502).withBody("<html>Bad Gateway</html>"));
        BatchBuilder batch = client.batch();
        BatchCall<Integer> one = batch.call(Integer.class, "add", 1, 2);
        BatchCall<Integer> two = batch.call(Integer.class, "add", 3, 4);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(batch::send);

        assertThat(thrown).isInstanceOf(TransportException.class)
                .hasMessage("HTTP 502 Bad Gateway: <html>Bad Gateway</html> [method batch of 2, endpoint " + url + "]");
        assertThatThrownBy(one::get).isSameAs(thrown);
        assertThatThrownBy(two::get).isSameAs(thrown);
        assertThat(one.isDone()).isTrue();
    }

    @Test
    void aBatchRefusedWholeWithOneErrorFailsEveryHandleWithThatError() throws Exception {
        server.enqueue(MockReply.json(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}"));
        BatchBuilder batch = client.batch();
        BatchCall<Integer> one = batch.call(Integer.class, "add", 1, 2);

        Throwable failure = batch.sendAsync().handle((replies, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(failure).isInstanceOfSatisfying(ErrorResponseException.class,
                e -> assertThat(e.code()).isEqualTo(-32600));
        assertThatThrownBy(one::get).isSameAs(failure);
    }

    @Test
    void anEntryTheServerCouldNotReadIsExplainedByItsNullIdError() {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}]"));
        BatchBuilder batch = client.batch();
        BatchCall<Integer> read = batch.call(Integer.class, "add", 1, 2);
        BatchCall<Integer> unread = batch.call(Integer.class, "add", 3, 4);

        batch.send();

        assertThat(read.get()).isEqualTo(3);
        assertThatThrownBy(unread::get)
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32600);
                    assertThat(e.getMessage()).endsWith("[method add, endpoint " + url + "]");
                });
    }

    @Test
    void aMissingResponseWithValidationOffIsANoResponseException() {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]"));
        try (JsonRpcClient careless = client.toBuilder().validate(false).build()) {
            BatchBuilder batch = careless.batch();
            BatchCall<Integer> answered = batch.call(Integer.class, "add", 1, 2);
            BatchCall<Integer> forgotten = batch.call(Integer.class, "add", 3, 4);

            batch.send();

            assertThat(answered.get()).isEqualTo(3);
            assertThatThrownBy(forgotten::get)
                    .isInstanceOf(NoResponseException.class)
                    .hasMessage("the batch reply has no response with id 2 [method add, endpoint " + url + "]");
        }
    }

    @Test
    void aCancelledBatchCancelsItsHandles() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> held = batch.call(Integer.class, "held");
        CompletableFuture<BatchResponse> replies = batch.sendAsync();

        replies.cancel(true);

        assertThat(held.isDone()).isTrue();
        assertThatThrownBy(held::get).isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void aBuilderIsSentOnlyOnce() {
        BatchBuilder batch = client.batch();
        batch.call(Integer.class, "add", 1, 2);
        batch.send();

        assertThatThrownBy(batch::send)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot send: this batch was already sent; start a new one with client.batch()");
        assertThatThrownBy(() -> batch.call(Integer.class, "add", 1, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot add a typed call: this batch was already sent");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anEmptyBatchIsRefusedAndTheBuilderStaysUsable() {
        BatchBuilder batch = client.batch();

        assertThatThrownBy(batch::send).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);
        batch.send();
        assertThat(sum.get()).isEqualTo(3);
    }

    @Test
    void aBuilderWithoutAClientBuildsBatchesButRefusesTypedCalls() {
        BatchBuilder detached = BatchBuilder.using(IdGenerators.decimal());

        assertThat(detached.request("add", 1, 2).build().calls()).hasSize(1);
        assertThatThrownBy(() -> detached.call(Integer.class, "add", 1, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot add a typed call: this builder was made by BatchBuilder.using(ids) and has no"
                        + " client; get one from JsonRpcClient.batch(), or build() the batch and pass it to"
                        + " JsonRpcClient.send(batch)");
        assertThatThrownBy(detached::send).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot send: this builder was made by BatchBuilder.using(ids)");
    }

    @Test
    void aHandleDescribesItself() {
        BatchBuilder batch = client.batch();
        BatchCall<Integer> sum = batch.call(Integer.class, "add", 1, 2);

        assertThat(sum).hasToString("BatchCall[add, id 1, pending]");
        batch.send();
        assertThat(sum).hasToString("BatchCall[add, id 1, done]");
    }
}
