package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationModesTest {

    private static final JsonRpcCodec STRICT = JsonRpcCodec.standard();
    private static final JsonRpcCodec LENIENT = JsonRpcCodec.newBuilder().validation(Validation.LENIENT).build();
    private static final JsonRpcCodec OFF = JsonRpcCodec.newBuilder().validation(Validation.OFF).build();
    private static final Request ONE = Request.of("getblockcount", Params.none(), Id.of(1));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Violation violation(JsonRpcCodec codec, Message sent, String body) {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> codec.decodeReply(sent, bytes(body)));
        assertThat(e).as("an InvalidResponseException for %s", body).isNotNull();
        return e.violation();
    }

    // --- a missing or different "jsonrpc"

    @Test
    void strictRefusesAResponseWithoutJsonrpc() {
        assertThat(violation(STRICT, ONE, "{\"result\":3,\"id\":1}")).isEqualTo(Violation.JSONRPC_VERSION);
    }

    @Test
    void lenientAcceptsAResponseWithoutJsonrpc() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"result\":3,\"id\":1}")))
                .isEqualTo(new Response.Success(Id.of(1), IntNode.valueOf(3)));
    }

    @Test
    void lenientAcceptsAnotherJsonrpcVersion() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"jsonrpc\":\"1.0\",\"result\":3,\"id\":1}")))
                .isInstanceOf(Response.Success.class);
    }

    // --- JSON-RPC 1.0 style "both members, one null"

    @Test
    void strictRefusesErrorNullBesideAResult() {
        assertThat(violation(STRICT, ONE, "{\"jsonrpc\":\"2.0\",\"result\":3,\"error\":null,\"id\":1}"))
                .isEqualTo(Violation.RESULT_AND_ERROR);
    }

    @Test
    void lenientReadsErrorNullBesideAResultAsASuccessTheWayBitcoinCoreSendsIt() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"result\":812345,\"error\":null,\"id\":1}")))
                .isEqualTo(new Response.Success(Id.of(1), IntNode.valueOf(812345)));
    }

    @Test
    void lenientReadsErrorNullBesideANullResultAsANullSuccess() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"result\":null,\"error\":null,\"id\":1}")))
                .isEqualTo(new Response.Success(Id.of(1), NullNode.getInstance()));
    }

    @Test
    void strictRefusesResultNullBesideAnError() {
        assertThat(violation(STRICT, ONE,
                "{\"jsonrpc\":\"2.0\",\"result\":null,\"error\":{\"code\":-1,\"message\":\"m\"},\"id\":1}"))
                .isEqualTo(Violation.RESULT_AND_ERROR);
    }

    @Test
    void lenientReadsResultNullBesideAnErrorAsAFailure() {
        Reply reply = LENIENT.decodeReply(ONE,
                bytes("{\"result\":null,\"error\":{\"code\":-8,\"message\":\"Block height out of range\"},\"id\":1}"));

        assertThat(reply).isEqualTo(new Response.Failure(Id.of(1), ErrorObject.of(-8, "Block height out of range")));
    }

    @Test
    void lenientStillRefusesAResultBesideARealError() {
        assertThat(violation(LENIENT, ONE, "{\"result\":3,\"error\":{\"code\":-1,\"message\":\"m\"},\"id\":1}"))
                .isEqualTo(Violation.RESULT_AND_ERROR);
    }

    @Test
    void lenientStillRefusesAResponseWithNeitherResultNorError() {
        assertThat(violation(LENIENT, ONE, "{\"id\":1}")).isEqualTo(Violation.NO_RESULT_OR_ERROR);
    }

    @Test
    void lenientAcceptsANullErrorMessageAsEmptyButStrictDoesNot() {
        String body = "{\"error\":{\"code\":-1,\"message\":null},\"id\":1}";

        assertThat(LENIENT.decodeReply(ONE, bytes(body)))
                .isEqualTo(new Response.Failure(Id.of(1), ErrorObject.of(-1, "")));
        assertThat(violation(STRICT, ONE, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":null},\"id\":1}"))
                .isEqualTo(Violation.ERROR_OBJECT);
    }

    @Test
    void lenientStillRefusesAnErrorThatIsNotAnObject() {
        assertThat(violation(LENIENT, ONE, "{\"error\":\"boom\",\"id\":1}")).isEqualTo(Violation.ERROR_OBJECT);
    }

    // --- integral ids written as decimals

    @Test
    void strictRefusesAnIdWrittenAsOnePointZero() {
        assertThat(violation(STRICT, ONE, "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1.0}")).isEqualTo(Violation.ID_TYPE);
    }

    @Test
    void lenientMatchesAnIdWrittenAsOnePointZeroToTheRequestsIdOne() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"result\":3,\"id\":1.0}")))
                .isEqualTo(new Response.Success(Id.of(1), IntNode.valueOf(3)));
    }

    @Test
    void lenientAcceptsAnErrorCodeWrittenAsADecimal() {
        Reply reply = LENIENT.decodeReply(ONE, bytes("{\"error\":{\"code\":-32601.0,\"message\":\"m\"},\"id\":1}"));

        assertThat(((Response.Failure) reply).error().code()).isEqualTo(-32601);
    }

    @Test
    void lenientStillRefusesAFractionalId() {
        assertThat(violation(LENIENT, ONE, "{\"result\":3,\"id\":1.5}")).isEqualTo(Violation.ID_TYPE);
    }

    @Test
    void lenientStillRefusesAMissingId() {
        assertThat(violation(LENIENT, ONE, "{\"result\":3}")).isEqualTo(Violation.ID_TYPE);
    }

    @Test
    void lenientStillChecksThatTheIdMatches() {
        assertThat(violation(LENIENT, ONE, "{\"result\":3,\"id\":2}")).isEqualTo(Violation.ID_MISMATCH);
    }

    @Test
    void lenientMatchesAStringIdToTheIntegerOfTheSameDigits() {
        assertThat(LENIENT.decodeReply(ONE, bytes("{\"result\":3,\"id\":\"1\"}"))).isInstanceOf(Response.Success.class);
    }

    // --- a one-element array for a single request

    @Test
    void strictRefusesAOneElementArrayForASingleRequest() {
        assertThat(violation(STRICT, ONE, "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]")).isEqualTo(Violation.SHAPE);
    }

    @Test
    void lenientUnwrapsAOneElementArrayForASingleRequest() {
        assertThat(LENIENT.decodeReply(ONE, bytes("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]")))
                .isEqualTo(new Response.Success(Id.of(1), IntNode.valueOf(3)));
    }

    @Test
    void lenientRefusesALongerArrayForASingleRequest() {
        assertThat(violation(LENIENT, ONE,
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":1}]"))
                .isEqualTo(Violation.SHAPE);
        assertThat(violation(LENIENT, ONE, "[]")).isEqualTo(Violation.SHAPE);
    }

    @Test
    void lenientChecksTheUnwrappedResponsesId() {
        assertThat(violation(LENIENT, ONE, "[{\"result\":3,\"id\":7}]")).isEqualTo(Violation.ID_MISMATCH);
    }

    // --- OFF

    @Test
    void offReadsAResultWhateverElseIsMissing() {
        assertThat(OFF.decodeReply(ONE, bytes("{\"result\":\"x\"}")))
                .isEqualTo(new Response.Success(Id.NULL, TextNode.valueOf("x")));
    }

    @Test
    void offReadsAMissingResultAsJsonNull() {
        assertThat(OFF.decodeReply(ONE, bytes("{}"))).isEqualTo(new Response.Success(Id.NULL, NullNode.getInstance()));
    }

    @Test
    void offDoesNotCheckTheId() {
        assertThat(OFF.decodeReply(ONE, bytes("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":99}")))
                .isEqualTo(new Response.Success(Id.of(99), IntNode.valueOf(3)));
        assertThat(((Response) OFF.decodeReply(ONE, bytes("{\"result\":3,\"id\":{\"odd\":true}}"))).id()).isEqualTo(Id.NULL);
    }

    @Test
    void offPrefersTheErrorWhenBothArePresent() {
        Reply reply = OFF.decodeReply(ONE, bytes("{\"result\":3,\"error\":{\"code\":5,\"message\":\"m\"},\"id\":1}"));

        assertThat(reply).isEqualTo(new Response.Failure(Id.of(1), ErrorObject.of(5, "m")));
    }

    @Test
    void offReadsAnErrorOfAnyShapeAsAnInternalErrorCarryingItsText() {
        Reply text = OFF.decodeReply(ONE, bytes("{\"error\":\"boom\",\"id\":1}"));
        Reply badCode = OFF.decodeReply(ONE, bytes("{\"error\":{\"code\":\"E42\",\"message\":\"m\"},\"id\":1}"));

        assertThat(text).isInstanceOfSatisfying(Response.Failure.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorObject.INTERNAL_ERROR);
            assertThat(f.error().message()).isEqualTo("\"boom\"");
        });
        assertThat(((Response.Failure) badCode).error().code()).isEqualTo(ErrorObject.INTERNAL_ERROR);
        assertThat(((Response.Failure) badCode).error().message()).isEqualTo("m");
    }

    @Test
    void offStillRefusesTextThatIsNotJson() {
        assertThatThrownBy(() -> OFF.decodeReply(ONE, bytes("not json"))).isInstanceOf(ParseResponseException.class);
    }

    @Test
    void offStillRefusesJsonThatIsNotAnObject() {
        assertThat(violation(OFF, ONE, "\"text\"")).isEqualTo(Violation.NOT_AN_OBJECT);
        assertThat(violation(OFF, ONE, "[1]")).isEqualTo(Violation.NOT_AN_OBJECT);
    }

    @Test
    void offStillEnforcesTheLimits() {
        JsonRpcCodec off = OFF.toBuilder().maxNestingDepth(5).build();

        assertThat(violation(off, ONE, "{\"result\":[[[[[[1]]]]]]}")).isEqualTo(Violation.LIMIT_EXCEEDED);
    }

    // --- numbers too large for a double

    @Test
    void anIdOrCodeThatOverflowsADoubleIsAnInvalidResponseInEveryMode() {
        // 1e400 reads as an infinite double; no mode may let a raw NumberFormatException escape.
        assertThat(violation(STRICT, ONE, "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1e400}"))
                .isEqualTo(Violation.ID_TYPE);
        assertThat(violation(LENIENT, ONE, "{\"result\":1,\"id\":1e400}")).isEqualTo(Violation.ID_TYPE);
        assertThat(violation(LENIENT, ONE, "{\"error\":{\"code\":-1e400,\"message\":\"m\"},\"id\":1}"))
                .isEqualTo(Violation.ERROR_OBJECT);
    }

    @Test
    void offReadsAnIdOrCodeThatOverflowsADoubleAsUnreadable() {
        assertThat(((Response) OFF.decodeReply(ONE, bytes("{\"result\":1,\"id\":1e400}"))).id()).isEqualTo(Id.NULL);
        assertThat(((Response.Failure) OFF.decodeReply(ONE,
                bytes("{\"error\":{\"code\":1e400,\"message\":\"m\"},\"id\":1}"))).error().code())
                .isEqualTo(ErrorObject.INTERNAL_ERROR);
    }

    @Test
    void aNotificationsErrorReplyWithAnOverflowingCodeIsRaisedAsAnInternalError() {
        Notification log = Notification.of("log", Params.none());

        assertThatThrownBy(() -> STRICT.decodeReply(log,
                bytes("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1e400,\"message\":\"m\"},\"id\":null}")))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorObject.INTERNAL_ERROR));
    }

    @Test
    void aHugeExponentInAnIdIsRefusedQuicklyWhenTheMapperReadsBigDecimals() {
        // With USE_BIG_DECIMAL_FOR_FLOATS, 1e10000000 is an exact BigDecimal; checking that it is
        // integral must not expand it into a ten-million-digit BigInteger (a 15-byte denial of service).
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (Validation mode : new Validation[] {Validation.LENIENT, Validation.OFF}) {
            JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(decimals).validation(mode).build();
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                try {
                    codec.decodeReply(ONE, bytes("{\"result\":1,\"id\":1e10000000}"));
                } catch (InvalidResponseException expected) {
                    assertThat(expected.violation()).isIn(Violation.ID_TYPE, Violation.ID_MISMATCH);
                }
            }, mode.name());
        }
    }

    @Test
    void everyModeAcceptsAValidResponse() {
        String body = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";
        for (JsonRpcCodec codec : new JsonRpcCodec[] {STRICT, LENIENT, OFF}) {
            assertThat(codec.decodeReply(ONE, bytes(body))).as(codec.validation().name())
                    .isEqualTo(new Response.Success(Id.of(1), IntNode.valueOf(3)));
        }
    }
}
