package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples of section 7 of the JSON-RPC 2.0 specification
 * (https://www.jsonrpc.org/specification#examples). The client side ({@code -->}) is encoded with
 * the codec and compared byte for byte, where the client could have produced it; the server side
 * ({@code <--}) is decoded against what was sent.
 */
class SpecificationExamplesTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The spec's text with the whitespace between tokens removed: what a compact writer emits. */
    static String compact(String specText) {
        var out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < specText.length(); i++) {
            char c = specText.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(specText.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertEncodes(Message message, String specText) {
        assertThat(new String(CODEC.encode(message), StandardCharsets.UTF_8)).isEqualTo(compact(specText));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // --- rpc call with positional parameters

    @Test
    void encodesSubtract42And23AndReadsResult19() throws Exception {
        Request sent = Request.of("subtract", Params.of(42, 23), Id.of(1));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}");

        Reply reply = CODEC.decodeReply(sent, bytes("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}"));

        assertThat(reply).isEqualTo(new Response.Success(Id.of(1), json("19")));
    }

    @Test
    void encodesSubtract23And42AndReadsResultMinus19() throws Exception {
        Request sent = Request.of("subtract", Params.of(23, 42), Id.of(2));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [23, 42], \"id\": 2}");

        Reply reply = CODEC.decodeReply(sent, bytes("{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}"));

        assertThat(reply).isInstanceOfSatisfying(Response.Success.class, ok -> {
            assertThat(ok.id()).isEqualTo(Id.of(2));
            assertThat(ok.result().intValue()).isEqualTo(-19);
        });
    }

    // --- rpc call with named parameters

    @Test
    void encodesSubtrahendBeforeMinuendInTheOrderGiven() throws Exception {
        Request sent = Request.of("subtract", Params.named(ordered("subtrahend", 23, "minuend", 42)), Id.of(3));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", "
                + "\"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}");

        Reply reply = CODEC.decodeReply(sent, bytes("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}"));

        assertThat(reply).isEqualTo(new Response.Success(Id.of(3), json("19")));
    }

    @Test
    void encodesMinuendBeforeSubtrahendInTheOrderGiven() throws Exception {
        Request sent = Request.of("subtract", Params.named(ordered("minuend", 42, "subtrahend", 23)), Id.of(4));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", "
                + "\"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}");

        Reply reply = CODEC.decodeReply(sent, bytes("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}"));

        assertThat(reply).isEqualTo(new Response.Success(Id.of(4), json("19")));
    }

    // --- a Notification

    @Test
    void encodesUpdateWithFiveParametersAndExpectsNoReply() {
        Notification sent = Notification.of("update", Params.of(1, 2, 3, 4, 5));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}");

        assertThat(CODEC.decodeReply(sent, new byte[0])).isEqualTo(Reply.None.INSTANCE);
    }

    @Test
    void encodesFoobarWithoutParamsAndExpectsNoReply() {
        Notification sent = Notification.of("foobar", Params.none());
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}");

        assertThat(CODEC.decodeReply(sent, new byte[0])).isEqualTo(Reply.None.INSTANCE);
    }

    // --- rpc call of non-existent method

    @Test
    void encodesFoobarWithStringIdAndReadsMethodNotFound() {
        Request sent = Request.of("foobar", Params.none(), Id.of("1"));
        assertEncodes(sent, "{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}");

        Reply reply = CODEC.decodeReply(sent, bytes(
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"1\"}"));

        assertThat(reply).isEqualTo(new Response.Failure(Id.of("1"),
                ErrorObject.of(ErrorObject.METHOD_NOT_FOUND, "Method not found")));
    }

    // --- rpc call with invalid JSON

    @Test
    void readsTheNullIdParseErrorAsTheFailureOfTheRequest() {
        // The client cannot write invalid JSON; whatever request the server failed to read,
        // its null-id parse error is that request's answer.
        Request sent = Request.of("foobar", Params.none(), Id.of(1));

        Reply reply = CODEC.decodeReply(sent, bytes(
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}"));

        assertThat(reply).isInstanceOfSatisfying(Response.Failure.class, failure -> {
            assertThat(failure.id()).isEqualTo(Id.NULL);
            assertThat(failure.error().code()).isEqualTo(ErrorObject.PARSE_ERROR);
            assertThat(failure.error().message()).isEqualTo("Parse error");
            assertThat(failure.error().hasData()).isFalse();
        });
    }

    @Test
    void invalidJsonIsRefusedWhenReadAsAMessage() {
        assertThatThrownBy(() -> CODEC.parseMessage(
                "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    // --- rpc call with invalid Request object

    @Test
    void theModelCannotExpressANumericMethodOrStringParams() {
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"method\"");
    }

    @Test
    void readsTheInvalidRequestErrorToAMessageWithoutIdAsARefusal() {
        // The sent object had no id, so it was a notification: the error is the server refusing it.
        Notification sent = Notification.of("1", Params.none());

        assertThatThrownBy(() -> CODEC.decodeReply(sent, bytes(
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}")))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorObject.INVALID_REQUEST);
                    assertThat(e.message()).isEqualTo("Invalid Request");
                    assertThat(e.response().id()).isEqualTo(Id.NULL);
                });
    }

    // --- rpc call Batch, invalid JSON

    @Test
    void aSingleParseErrorAnsweringABatchIsRaised() {
        Batch sent = Batch.of(
                Request.of("sum", Params.of(1, 2, 4), Id.of("1")),
                Notification.of("notify_hello", Params.of(7)));

        assertThatThrownBy(() -> CODEC.decodeReply(sent, bytes(
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}")))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorObject.PARSE_ERROR);
                    assertThat(e.message()).isEqualTo("Parse error");
                });
    }

    // --- rpc call with an empty Array

    @Test
    void theClientRefusesToBuildAnEmptyBatch() {
        assertThatThrownBy(Batch::of).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
        assertThatThrownBy(() -> CODEC.parseMessage("[]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
    }

    @Test
    void theServersSingleInvalidRequestErrorReadsAsAFailureWithNullId() {
        Response response = CODEC.decodeResponse(
                "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");

        assertThat(response).isEqualTo(new Response.Failure(Id.NULL,
                ErrorObject.of(ErrorObject.INVALID_REQUEST, "Invalid Request")));
    }

    // --- rpc call with an invalid Batch (but not empty)

    @Test
    void theClientCannotExpressABatchOfNumbers() {
        assertThatThrownBy(() -> CODEC.parseMessage("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message[0]");
    }

    @Test
    void theNullIdErrorToAnInvalidBatchGoesToUnmatched() {
        Batch sent = Batch.of(Request.of("sum", Params.of(1, 2, 4), Id.of(1)));

        Reply reply = CODEC.decodeReply(sent, bytes("[\n"
                + "  {\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}\n"
                + "]"));

        assertThat(reply).isInstanceOfSatisfying(BatchResponse.class, batch -> {
            assertThat(batch.responses()).isEmpty();
            assertThat(batch.unmatched()).containsExactly(new Response.Failure(Id.NULL,
                    ErrorObject.of(ErrorObject.INVALID_REQUEST, "Invalid Request")));
            assertThat(batch.get(Id.of(1))).isEmpty();
            assertThat(batch.hasErrors()).isTrue();
        });
    }

    // --- rpc call with invalid Batch

    @Test
    void threeNullIdErrorsAllGoToUnmatchedInArrivalOrder() {
        Batch sent = Batch.of(Request.of("a", Params.none(), Id.of(1)), Request.of("b", Params.none(), Id.of(2)),
                Request.of("c", Params.none(), Id.of(3)));
        String error = "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}";

        Reply reply = CODEC.decodeReply(sent, bytes("[" + error + ",\n" + error + ",\n" + error + "]"));

        assertThat(reply).isInstanceOfSatisfying(BatchResponse.class, batch -> {
            assertThat(batch.responses()).isEmpty();
            assertThat(batch.unmatched()).hasSize(3).allSatisfy(r -> {
                assertThat(r.id()).isEqualTo(Id.NULL);
                assertThat(((Response.Failure) r).error().code()).isEqualTo(ErrorObject.INVALID_REQUEST);
            });
            assertThat(batch.size()).isEqualTo(3);
        });
    }

    // --- rpc call Batch

    private static final Batch CALL_BATCH = Batch.of(
            Request.of("sum", Params.of(1, 2, 4), Id.of("1")),
            Notification.of("notify_hello", Params.of(7)),
            Request.of("subtract", Params.of(42, 23), Id.of("2")),
            // {"foo": "boo"} cannot be built: it is no call.
            Request.of("foo.get", Params.named(ordered("name", "myself")), Id.of("5")),
            Request.of("get_data", Params.none(), Id.of("9")));

    private static final String CALL_BATCH_REPLY = """
            [
                {"jsonrpc": "2.0", "result": 7, "id": "1"},
                {"jsonrpc": "2.0", "result": 19, "id": "2"},
                {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},
                {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
            ]""";

    @Test
    void encodesEveryCallOfTheRpcCallBatchTheClientCanExpressInOrder() {
        assertEncodes(CALL_BATCH, """
                [
                    {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                    {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                    {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
                    {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
                ]""");
    }

    @Test
    void matchesResponsesByIdInRequestOrderAndKeepsTheNullIdErrorApart() throws Exception {
        Reply decoded = CODEC.decodeReply(CALL_BATCH, bytes(CALL_BATCH_REPLY));

        assertThat(decoded).isInstanceOfSatisfying(BatchResponse.class, batch -> {
            assertThat(batch.responses()).extracting(Response::id)
                    .containsExactly(Id.of("1"), Id.of("2"), Id.of("5"), Id.of("9"));
            assertThat(batch.result(Id.of("1"))).isEqualTo(JSON.valueToTree(7));
            assertThat(batch.result(Id.of("2"))).isEqualTo(JSON.valueToTree(19));
            assertThatThrownBy(() -> batch.result(Id.of("5")))
                    .isInstanceOfSatisfying(ErrorResponseException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorObject.METHOD_NOT_FOUND));
            assertThat(batch.unmatched()).containsExactly(new Response.Failure(Id.NULL,
                    ErrorObject.of(ErrorObject.INVALID_REQUEST, "Invalid Request")));
            assertThat(batch.size()).isEqualTo(5);
        });
        assertThat(((BatchResponse) decoded).result(Id.of("9"))).isEqualTo(json("[\"hello\", 5]"));
    }

    @Test
    void matchesTheSameWayWhenTheServerAnswersInAnotherOrder() {
        String shuffled = """
                [
                    {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"},
                    {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                    {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},
                    {"jsonrpc": "2.0", "result": 19, "id": "2"},
                    {"jsonrpc": "2.0", "result": 7, "id": "1"}
                ]""";

        assertThat(CODEC.decodeReply(CALL_BATCH, bytes(shuffled))).isEqualTo(CODEC.decodeReply(CALL_BATCH, bytes(CALL_BATCH_REPLY)));
    }

    // --- rpc call Batch (all notifications)

    @Test
    void encodesAnAllNotificationBatchAndReadsNothingBackAsNone() {
        Batch sent = Batch.of(Notification.of("notify_sum", Params.of(1, 2, 4)),
                Notification.of("notify_hello", Params.of(7)));
        assertEncodes(sent, """
                [
                    {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
                ]""");

        assertThat(CODEC.decodeReply(sent, new byte[0])).isEqualTo(Reply.None.INSTANCE);
    }

    @Test
    void theCompactHelperKeepsWhitespaceInsideStrings() {
        assertThat(compact("{ \"a b\" : [1, \"c \\\" d\"] }")).isEqualTo("{\"a b\":[1,\"c \\\" d\"]}");
    }
}
