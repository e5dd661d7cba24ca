package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRpcCodecDecodeTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Request ADD = Request.of("add", Params.of(1, 2), Id.of(1));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Violation violationOf(Runnable decode) {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, decode::run);
        assertThat(e).as("an InvalidResponseException").isNotNull();
        return e.violation();
    }

    // --- single requests

    @Test
    void readsASuccessForARequest() throws Exception {
        Reply reply = CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":3},\"id\":1}"));

        assertThat(reply).isEqualTo(new Response.Success(Id.of(1), JSON.readTree("{\"sum\":3}")));
    }

    @Test
    void readsAFailureWithItsDataForARequest() throws Exception {
        Reply reply = CODEC.decodeReply(ADD, bytes(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\",\"data\":[\"x\"]},\"id\":1}"));

        assertThat(reply).isInstanceOfSatisfying(Response.Failure.class, failure -> {
            assertThat(failure.error().code()).isEqualTo(ErrorObject.INVALID_PARAMS);
            assertThat(failure.error().message()).isEqualTo("Invalid params");
            assertThat(failure.error().data()).isEqualTo(JSON.createArrayNode().add("x"));
            assertThat(failure.error().hasData()).isTrue();
        });
    }

    @Test
    void aMissingDataMemberIsMissingNodeAndANullOneIsNullNode() {
        Response without = CODEC.decodeResponse("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"m\"},\"id\":1}");
        Response withNull = CODEC.decodeResponse(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"m\",\"data\":null},\"id\":1}");

        assertThat(((Response.Failure) without).error().data()).isSameAs(MissingNode.getInstance());
        assertThat(((Response.Failure) without).error().hasData()).isFalse();
        assertThat(((Response.Failure) withNull).error().data()).isEqualTo(NullNode.getInstance());
        assertThat(((Response.Failure) withNull).error().hasData()).isTrue();
    }

    @Test
    void aNullResultIsNullNodeNotJavaNull() {
        Reply reply = CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}"));

        assertThat(((Response.Success) reply).result()).isEqualTo(NullNode.getInstance());
    }

    @Test
    void keepsLargeIntegersAndDecimalsInResultsExact() {
        Response response = CODEC.decodeResponse(
                "{\"jsonrpc\":\"2.0\",\"result\":[123456789012345678901234567890,0.1],\"id\":1}");

        JsonNode result = ((Response.Success) response).result();
        assertThat(result.get(0).bigIntegerValue()).hasToString("123456789012345678901234567890");
        assertThat(result.get(1).asText()).isEqualTo("0.1");
    }

    @Test
    void refusesAResponseWhoseIdIsNotTheRequestsAndNamesBoth() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}")))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.ID_MISMATCH))
                .hasMessageContaining("\"id\": 2").hasMessageContaining("expected 1");
    }

    @Test
    void strictlyAStringIdDoesNotMatchTheIntegerOfTheSameDigits() {
        assertThat(violationOf(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"1\"}"))))
                .isEqualTo(Violation.ID_MISMATCH);
        Request stringId = Request.of("a", Params.none(), Id.of("1"));
        assertThat(violationOf(() -> CODEC.decodeReply(stringId, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}"))))
                .isEqualTo(Violation.ID_MISMATCH);
    }

    @Test
    void deliversANullIdErrorAsTheFailureOfTheRequest() {
        Reply reply = CODEC.decodeReply(ADD, bytes(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}"));

        assertThat(reply).isEqualTo(new Response.Failure(Id.NULL, ErrorObject.of(ErrorObject.PARSE_ERROR, "Parse error")));
    }

    @Test
    void refusesANullIdSuccessForARequestWithAnId() {
        assertThat(violationOf(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":null}"))))
                .isEqualTo(Violation.ID_MISMATCH);
    }

    @Test
    void acceptsANullIdSuccessForARequestSentWithTheNullId() {
        Request nullId = Request.of("a", Params.none(), Id.NULL);

        assertThat(CODEC.decodeReply(nullId, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":null}")))
                .isInstanceOf(Response.Success.class);
    }

    @Test
    void refusesAnArrayForASingleRequest() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]")))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.SHAPE))
                .hasMessageContaining("array of 1");
    }

    @Test
    void decodeResponseRefusesAnArray() {
        assertThat(violationOf(() -> CODEC.decodeResponse("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]")))
                .isEqualTo(Violation.SHAPE);
    }

    @Test
    void decodeResponseDoesNotCheckTheId() {
        assertThat(CODEC.decodeResponse("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"anything\"}").id())
                .isEqualTo(Id.of("anything"));
    }

    @Test
    void refusesJsonThatIsNeitherObjectNorArray() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("42")))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.NOT_AN_OBJECT))
                .hasMessageContaining("42");
    }

    @Test
    void namesTheBrokenRuleAndWhereInTheMessage() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":\"x\",\"message\":\"m\"},\"id\":1}")))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("ERROR_OBJECT")
                .hasMessageContaining("response.error.code");
    }

    // --- empty replies

    @Test
    void anEmptyBodyForARequestIsNoResponse() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, new byte[0]))
                .isInstanceOf(NoResponseException.class)
                .hasMessageContaining("request 1");
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes(" \r\n\t ")))
                .isInstanceOf(NoResponseException.class);
        assertThatThrownBy(() -> CODEC.decodeResponse(new byte[0])).isInstanceOf(NoResponseException.class);
    }

    @Test
    void aNotificationExpectsNothingAndAnEmptyBodyIsNone() {
        Notification log = Notification.of("log", Params.of("hi"));

        assertThat(CODEC.decodeReply(log, new byte[0])).isEqualTo(Reply.None.INSTANCE);
        assertThat(CODEC.decodeReply(log, bytes("\n"))).isEqualTo(Reply.None.INSTANCE);
    }

    @Test
    void anErrorObjectAnsweringANotificationIsRaised() {
        Notification log = Notification.of("log", Params.of("hi"));

        assertThatThrownBy(() -> CODEC.decodeReply(log, bytes(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":null}")))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorObject.METHOD_NOT_FOUND));
    }

    @Test
    void otherContentAnsweringANotificationIsIgnored() {
        Notification log = Notification.of("log", Params.of("hi"));

        assertThat(CODEC.decodeReply(log, bytes("OK"))).isEqualTo(Reply.None.INSTANCE);
        assertThat(CODEC.decodeReply(log, bytes("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":null}")))
                .isEqualTo(Reply.None.INSTANCE);
    }

    // --- not JSON

    @Test
    void aBodyThatIsNotJsonIsAParseErrorWithAnExcerpt() {
        ParseResponseException e = catchThrowableOfType(ParseResponseException.class,
                () -> CODEC.decodeReply(ADD, bytes("<html><body>502 Bad Gateway</body></html>")));

        assertThat(e).isNotNull();
        assertThat(e.excerpt()).isEqualTo("<html><body>502 Bad Gateway</body></html>");
        assertThat(e.getMessage()).contains("not valid JSON");
    }

    @Test
    void aTruncatedBodyIsAParseError() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":[1,2")))
                .isInstanceOfSatisfying(ParseResponseException.class,
                        e -> assertThat(e.excerpt()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":[1,2"));
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"res")))
                .isInstanceOf(ParseResponseException.class);
        Batch batch = Batch.of(ADD);
        assertThatThrownBy(() -> CODEC.decodeReply(batch, bytes("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},")))
                .isInstanceOf(ParseResponseException.class);
    }

    @Test
    void garbageAfterTheJsonValueIsAParseError() {
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1} trailing")))
                .isInstanceOfSatisfying(ParseResponseException.class,
                        e -> assertThat(e.excerpt()).contains("trailing"));
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes(
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":1}")))
                .isInstanceOf(ParseResponseException.class)
                .hasMessageContaining("more content after");
        assertThatThrownBy(() -> CODEC.decodeReply(ADD, bytes("42 43")))
                .isInstanceOf(ParseResponseException.class);
    }

    @Test
    void trailingWhitespaceIsFine() {
        assertThat(CODEC.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}\r\n  ")))
                .isInstanceOf(Response.Success.class);
    }

    @Test
    void theExcerptOfAHugeBodyIsBounded() {
        String body = "x".repeat(100_000);

        ParseResponseException e = catchThrowableOfType(ParseResponseException.class,
                () -> CODEC.decodeReply(ADD, bytes(body)));

        assertThat(e.excerpt()).hasSizeLessThanOrEqualTo(201).endsWith("…");
        assertThat(e.getMessage()).hasSizeLessThan(1000);
    }

    // --- limits

    @Test
    void deepNestingIsALimitNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(violationOf(() -> CODEC.decodeReply(ADD,
                bytes("{\"jsonrpc\":\"2.0\",\"result\":" + deep + ",\"id\":1}")))).isEqualTo(Violation.LIMIT_EXCEEDED);
        assertThat(violationOf(() -> CODEC.decodeReply(Batch.of(ADD), bytes(deep))))
                .isEqualTo(Violation.LIMIT_EXCEEDED);
        assertThat(violationOf(() -> CODEC.decodeReply(ADD,
                bytes("{\"jsonrpc\":\"2.0\",\"result\":1,\"ignored\":" + deep + ",\"id\":1}"))))
                .isEqualTo(Violation.LIMIT_EXCEEDED);
    }

    @Test
    void deepObjectsInErrorDataAreALimitToo() {
        String deep = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);

        assertThat(violationOf(() -> CODEC.decodeReply(ADD, bytes(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"m\",\"data\":" + deep + "},\"id\":1}"))))
                .isEqualTo(Violation.LIMIT_EXCEEDED);
    }

    @Test
    void nestingUpToTheConfiguredDepthIsAccepted() {
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxNestingDepth(10).build();
        // The response object is level 1, so the result may nest 9 deep.
        String nine = "[".repeat(9) + "]".repeat(9);
        String ten = "[".repeat(10) + "]".repeat(10);

        assertThat(codec.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":" + nine + ",\"id\":1}")))
                .isInstanceOf(Response.Success.class);
        assertThat(violationOf(() -> codec.decodeReply(ADD,
                bytes("{\"jsonrpc\":\"2.0\",\"result\":" + ten + ",\"id\":1}")))).isEqualTo(Violation.LIMIT_EXCEEDED);
    }

    @Test
    void aStringLongerThanTheLimitIsRefused() {
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxStringLength(1000).build();
        String longText = "y".repeat(5000);

        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> codec.decodeReply(ADD,
                bytes("{\"jsonrpc\":\"2.0\",\"result\":\"" + longText + "\",\"id\":1}")));

        assertThat(e).isNotNull();
        assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED);
        assertThat(e.getMessage()).contains("1000");
        assertThat(codec.decodeReply(ADD, bytes("{\"jsonrpc\":\"2.0\",\"result\":\"" + "y".repeat(1000) + "\",\"id\":1}")))
                .isInstanceOf(Response.Success.class);
    }

    @Test
    void aBodyOverTheSizeLimitIsTooLarge() {
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxResponseBytes(64).build();
        byte[] body = bytes("{\"jsonrpc\":\"2.0\",\"result\":\"" + "z".repeat(100) + "\",\"id\":1}");

        assertThatThrownBy(() -> codec.decodeReply(ADD, body))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE))
                .hasMessageContaining("64 bytes").hasMessageContaining("(" + body.length + " bytes)");
        assertThat(violationOf(() -> codec.decodeResponse(body))).isEqualTo(Violation.TOO_LARGE);
        assertThat(violationOf(() -> codec.decodeReply(Notification.of("n", Params.none()), body)))
                .isEqualTo(Violation.TOO_LARGE);
    }

    @Test
    void aBodyExactlyAtTheSizeLimitIsAccepted() {
        byte[] body = bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxResponseBytes(body.length).build();

        assertThat(codec.decodeReply(ADD, body)).isInstanceOf(Response.Success.class);
    }

    @Test
    void theBuilderRefusesLimitsThatCouldNotReadAnyResponse() {
        assertThatThrownBy(() -> JsonRpcCodec.newBuilder().maxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonRpcCodec.newBuilder().maxNestingDepth(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonRpcCodec.newBuilder().maxStringLength(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStandardCodecHasTheDocumentedDefaults() {
        assertThat(CODEC.validation()).isEqualTo(Validation.STRICT);
        assertThat(CODEC.maxResponseBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(CODEC.maxNestingDepth()).isEqualTo(500);
        assertThat(CODEC.maxStringLength()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().validation(Validation.LENIENT).maxResponseBytes(100)
                .maxNestingDepth(7).maxStringLength(9).build();

        JsonRpcCodec copy = codec.toBuilder().build();

        assertThat(copy.validation()).isEqualTo(Validation.LENIENT);
        assertThat(copy.maxResponseBytes()).isEqualTo(100);
        assertThat(copy.maxNestingDepth()).isEqualTo(7);
        assertThat(copy.maxStringLength()).isEqualTo(9);
    }

    // --- binding

    record Point(int x, int y) {
    }

    @Test
    void bindsAResultToAClass() throws Exception {
        assertThat(CODEC.bind(JSON.readTree("{\"x\":1,\"y\":2}"), Point.class)).isEqualTo(new Point(1, 2));
        assertThat(CODEC.bind(JSON.readTree("42"), Integer.class)).isEqualTo(42);
        assertThat(CODEC.bind(JSON.readTree("\"s\""), String.class)).isEqualTo("s");
    }

    @Test
    void bindsAResultToAGenericType() throws Exception {
        List<Point> points = CODEC.bind(JSON.readTree("[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]"),
                new TypeReference<List<Point>>() { });
        Map<String, List<Integer>> map = CODEC.bind(JSON.readTree("{\"a\":[1,2]}"),
                new TypeReference<Map<String, List<Integer>>>() { });

        assertThat(points).containsExactly(new Point(1, 2), new Point(3, 4));
        assertThat(map).containsEntry("a", List.of(1, 2));
    }

    @Test
    void bindsAResultToAJavaType() throws Exception {
        List<String> values = CODEC.bind(JSON.readTree("[\"a\",\"b\"]"),
                CODEC.typeOf(new TypeReference<List<String>>() { }.getType()));

        assertThat(values).containsExactly("a", "b");
    }

    @Test
    void bindsJsonNullToJavaNull() {
        assertThat(CODEC.bind(NullNode.getInstance(), Point.class)).isNull();
    }

    @Test
    void aResultThatDoesNotFitTheTypeIsAResultTypeViolation() throws Exception {
        JsonNode text = JSON.readTree("\"not a number\"");

        assertThatThrownBy(() -> CODEC.bind(text, Integer.class))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.RESULT_TYPE))
                .hasMessageContaining("java.lang.Integer");
        assertThat(violationOf(() -> CODEC.bind(JSON.valueToTree(List.of(1)), Point.class)))
                .isEqualTo(Violation.RESULT_TYPE);
        assertThat(violationOf(() -> CODEC.bind(JSON.valueToTree(Map.of("x", "a")),
                new TypeReference<Map<String, Integer>>() { }))).isEqualTo(Violation.RESULT_TYPE);
    }

    @Test
    void aResultTypeViolationKeepsJacksonsExceptionAsItsCause() throws Exception {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> CODEC.bind(JSON.readTree("[1]"), Point.class));

        assertThat(e.getCause()).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
