package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.NoResponseException;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Reply;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import io.jsonrpcclient.http.HttpTransport;
import io.jsonrpcclient.interop.Ledger.Point;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against jsonrpc4j (1.7), the most used Java JSON-RPC library, serving over HTTP the
 * way its servlet does. Its error {@code data} names exception classes; the client keeps it as
 * data and never loads a class.
 */
class Jsonrpc4jIT {

    @RegisterExtension
    static final Jsonrpc4jServer jsonrpc4j = new Jsonrpc4jServer(
            new Ledger.Impl(RemoteOnlyException.create("account 42 is frozen")), Ledger.class, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireTap wire;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        wire = new WireTap(HttpTransport.of(jsonrpc4j.uri()));
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
        try (JsonRpcClient reset = JsonRpcClient.http(jsonrpc4j.uri().toString())) {
            reset.request("logged"); // forget what earlier tests logged
        }
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    // ---------------------------------------------------------------- params and results

    @Test
    void positionalParamsGetAResultFollowedByANewline() {
        int sum = client.request(Integer.class, "add", 1, 2);

        assertThat(sum).isEqualTo(3);
        assertThat(wire.last().sent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(wire.last().received()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":3}\n");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void namedParamsAreMatchedToJsonRpcParamAnnotations() {
        var params = new LinkedHashMap<String, Object>();
        params.put("subtrahend", 23);
        params.put("minuend", 42);

        assertThat(client.request(Integer.class, "subtract", Params.named(params))).isEqualTo(19);
    }

    @Test
    void objectsGoInAsParamsAndComeBackBoundToARecord() {
        Point moved = client.request(Point.class, "translate",
                Params.named(Map.of("point", new Point(1, 2), "dx", 10, "dy", 20)));

        assertThat(moved).isEqualTo(new Point(11, 22));
    }

    // ---------------------------------------------------------------- errors and their data

    @Test
    void anUnhandledExceptionIsMinus32001WithItsTypeNameAndMessageAsDataOverHttp500() throws Exception {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("divide", 1, 0));

        assertThat(e.code()).isEqualTo(-32001);
        assertThat(e.message()).isEqualTo("/ by zero");
        assertThat(e.data()).isEqualTo(JSON.readTree(
                "{\"exceptionTypeName\":\"java.lang.ArithmeticException\",\"message\":\"/ by zero\"}"));
        assertThat(e.getCause()).isNull();
        assertThat(wire.last().status()).isEqualTo(500);
    }

    @Test
    void anExceptionWhoseClassOnlyTheServerHasArrivesAsPlainDataAndNoClassIsLoaded() {
        assertThatThrownBy(() -> Class.forName(RemoteOnlyException.NAME))
                .as("the test class path must not have the server's exception class")
                .isInstanceOf(ClassNotFoundException.class);

        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("freeze", "42"));

        assertThat(e.code()).isEqualTo(-32001);
        assertThat(e.message()).isEqualTo("account 42 is frozen");
        assertThat(e.data()).isInstanceOf(ObjectNode.class);
        assertThat(e.data().get("exceptionTypeName").asText()).isEqualTo(RemoteOnlyException.NAME);
        assertThat(e.data().get("message").asText()).isEqualTo("account 42 is frozen");
        assertThat(e.getCause()).isNull();
        assertThat(e.getSuppressed()).isEmpty();
    }

    @Test
    void aDeclaredJsonRpcErrorGetsItsOwnCodeAndTheDeclaredExceptionsNameAsData() throws Exception {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("withdraw", 25));

        assertThat(e.code()).isEqualTo(-32010);
        assertThat(e.message()).isEqualTo("balance 10 is less than 25");
        assertThat(e.data()).isEqualTo(JSON.readTree("{\"exceptionTypeName\":\""
                + Ledger.InsufficientFundsException.class.getName() + "\",\"message\":\"balance 10 is less than 25\"}"));
        assertThat(wire.last().status()).isEqualTo(500);
    }

    @Test
    void anUnknownMethodIsMinus32601OverHttp404() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("noSuchMethod"));

        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.message()).isEqualTo("method not found");
        assertThat(wire.last().status()).isEqualTo(404);
    }

    @Test
    void theWrongNumberOfParamsIsMinus32602OverHttp500() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("add", 1, 2, 3));

        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.message()).isEqualTo("method parameters invalid");
        assertThat(wire.last().status()).isEqualTo(500);
    }

    @Test
    void paramsThatDoNotBindToTheJavaTypeAreMinus32602NamingTheirIndex() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("translate", Params.named(Map.of("point", "not a point", "dx", 1, "dy", 1))));

        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.message()).isEqualTo("Failed to read method parameter at index 0");
        assertThat(wire.last().status()).isEqualTo(500);
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aNotificationIsAnsweredWith200AndAnEmptyBodyAndReachesTheService() {
        client.notify("log", "hello");

        assertThat(wire.last().status()).isEqualTo(200);
        assertThat(wire.last().received()).isEmpty();
        assertThat(client.request("logged").toString()).isEqualTo("[\"hello\"]");
    }

    @Test
    void aRequestWithANullIdIsTakenForANotificationSoNoResponseComes() {
        assertThatThrownBy(() -> client.send(Request.of("log", Params.of("null id"), Id.NULL)))
                .isInstanceOf(NoResponseException.class);

        assertThat(client.request("logged").toString()).isEqualTo("[\"null id\"]");
    }

    // ---------------------------------------------------------------- batches

    @Test
    void aBatchWithAnErrorInItIsAnsweredInFullOverHttp500() {
        Batch batch = client.batch()
                .request("add", 1, 2)
                .request("divide", 1, 0)
                .request("noSuchMethod")
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(3);
        assertThat(replies.result(sent.get(0).id()).asInt()).isEqualTo(3);
        assertThat(code(replies, sent.get(1))).isEqualTo(-32001);
        assertThat(code(replies, sent.get(2))).isEqualTo(-32601);
        assertThat(wire.last().status()).isEqualTo(500);
    }

    @Test
    void aBatchWithoutErrorsIsAnsweredOverHttp200() {
        Batch batch = client.batch().request("add", 1, 2).request("subtract", 5, 3).build();

        BatchResponse replies = client.send(batch);

        assertThat(replies.result(batch.requests().get(0).id()).asInt()).isEqualTo(3);
        assertThat(replies.result(batch.requests().get(1).id()).asInt()).isEqualTo(2);
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void aNotificationInABatchLeavesANullInTheReplyArrayWhichStrictValidationRefuses() {
        Batch batch = client.batch().request("add", 1, 2).notification("log", "in a batch").build();

        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> client.send(batch));

        assertThat(wire.last().received()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":3},null]\n");
        assertThat(e.violation()).isEqualTo(InvalidResponseException.Violation.NOT_AN_OBJECT);
        assertThat(e.getMessage()).contains("response[1] is not a JSON object");
        assertThat(client.request("logged").toString()).isEqualTo("[\"in a batch\"]");
    }

    /**
     * jsonrpc4j answers a batch that holds notifications with a {@code null} in each notification's
     * place. STRICT refuses that (an entry must be an object); LENIENT skips the placeholders.
     */
    @Test
    void withLenientValidationABatchWithANotificationSkipsJsonrpc4jsNullPlaceholders() {
        try (JsonRpcClient lenient = JsonRpcClient.newBuilder(HttpTransport.of(jsonrpc4j.uri()))
                .validation(Validation.LENIENT).build()) {
            Batch batch = lenient.batch().request("add", 1, 2).notification("log", "in a batch").build();

            BatchResponse replies = lenient.send(batch);

            assertThat(replies.size()).isEqualTo(1);
            assertThat(replies.result(batch.requests().get(0).id()).asInt()).isEqualTo(3);
        }
    }

    @Test
    void aBatchOfNotificationsOnlyGivesAnEmptyBatchResponseThoughTheBodyIsAnArrayOfNulls() {
        Batch batch = client.batch().notification("log", "a").notification("log", "b").build();

        Reply reply = client.send((Message) batch);

        assertThat(reply).isEqualTo(BatchResponse.empty());
        assertThat(wire.last().received()).isEqualTo("[null,null]\n");
        assertThat(client.request("logged").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    // ---------------------------------------------------------------- ids and time

    @Test
    void stringIdsAndLongIdsAreEchoedExactly() {
        Request named = Request.of("add", Params.of(1, 1), Id.of("req-\u00e9-1"));
        Request big = Request.of("add", Params.of(1, 1), Id.of(Long.MAX_VALUE));

        assertThat(client.send(named).id()).isEqualTo(Id.of("req-\u00e9-1"));
        assertThat(client.send(big).id()).isEqualTo(Id.of(Long.MAX_VALUE));
    }

    @Test
    void aSlowMethodTimesOutAndTheServerStaysUsable() {
        JsonRpcClient impatient = client.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.request("sleep", 2000));

        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(client.request(Integer.class, "add", 2, 2)).isEqualTo(4);
    }

    private static int code(BatchResponse replies, Request request) {
        Response response = replies.get(request.id()).orElseThrow();
        assertThat(response).isInstanceOf(Response.Failure.class);
        return ((Response.Failure) response).error().code();
    }
}
