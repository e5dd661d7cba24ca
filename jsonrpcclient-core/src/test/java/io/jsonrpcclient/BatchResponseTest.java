package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchResponseTest {

    private static final JsonRpcCodec STRICT = JsonRpcCodec.standard();
    private static final JsonRpcCodec LENIENT = JsonRpcCodec.newBuilder().validation(Validation.LENIENT).build();
    private static final JsonRpcCodec OFF = JsonRpcCodec.newBuilder().validation(Validation.OFF).build();

    private static final Request A = Request.of("a", Params.none(), Id.of(1));
    private static final Request B = Request.of("b", Params.none(), Id.of("two"));
    private static final Request C = Request.of("c", Params.none(), Id.of(3));
    private static final Notification N = Notification.of("n", Params.none());
    private static final Batch BATCH = Batch.of(A, N, B, C);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String ok(String id, int result) {
        return "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":" + id + "}";
    }

    private static String err(String id, int code) {
        return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"m" + code + "\"},\"id\":" + id + "}";
    }

    private static String array(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    private static BatchResponse decode(JsonRpcCodec codec, Batch batch, String body) {
        Reply reply = codec.decodeReply(batch, bytes(body));
        assertThat(reply).isInstanceOf(BatchResponse.class);
        return (BatchResponse) reply;
    }

    private static Violation violation(JsonRpcCodec codec, Batch batch, String body) {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> codec.decodeReply(batch, bytes(body)));
        assertThat(e).as("an InvalidResponseException for %s", body).isNotNull();
        return e.violation();
    }

    @Test
    void matchesResponsesToRequestsWhateverOrderTheServerAnswersIn() {
        BatchResponse replies = decode(STRICT, BATCH, array(ok("3", 30), ok("\"two\"", 20), ok("1", 10)));

        assertThat(replies.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of("two"), Id.of(3));
        assertThat(replies.result(Id.of(1))).isEqualTo(IntNode.valueOf(10));
        assertThat(replies.result(Id.of("two"))).isEqualTo(IntNode.valueOf(20));
        assertThat(replies.result(Id.of(3))).isEqualTo(IntNode.valueOf(30));
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.size()).isEqualTo(3);
    }

    @Test
    void notificationsGetNoResponse() {
        BatchResponse replies = decode(STRICT, BATCH, array(ok("1", 1), ok("\"two\"", 2), ok("3", 3)));

        assertThat(replies.all()).hasSize(3);
        assertThat(replies.all()).extracting(Response::id).doesNotContain(Id.NULL);
    }

    @Test
    void refusesAResponseWithAnIdNoRequestHad() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> STRICT.decodeReply(BATCH,
                bytes(array(ok("1", 1), ok("\"two\"", 2), ok("3", 3), ok("4", 4)))));

        assertThat(e.violation()).isEqualTo(Violation.UNKNOWN_ID);
        assertThat(e.getMessage()).contains("response[3]").contains("\"id\": 4");
    }

    @Test
    void refusesAResponseWithAnIdOfTheWrongType() {
        assertThat(violation(STRICT, BATCH, array(ok("1", 1), ok("\"two\"", 2), ok("\"3\"", 3))))
                .isEqualTo(Violation.UNKNOWN_ID);
    }

    @Test
    void refusesTwoResponsesToTheSameRequest() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> STRICT.decodeReply(BATCH,
                bytes(array(ok("1", 1), ok("\"two\"", 2), err("1", -1), ok("3", 3)))));

        assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_ID);
        assertThat(e.getMessage()).contains("response[2]").contains("\"id\": 1");
    }

    @Test
    void refusesAReplyThatLeavesARequestUnanswered() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> STRICT.decodeReply(BATCH, bytes(array(ok("1", 1), ok("3", 3)))));

        assertThat(e.violation()).isEqualTo(Violation.MISSING_ID);
        assertThat(e.getMessage()).contains("\"two\"");
    }

    @Test
    void refusesAnEmptyArrayForABatchWithRequests() {
        assertThat(violation(STRICT, BATCH, "[]")).isEqualTo(Violation.MISSING_ID);
    }

    @Test
    void aNullIdErrorMayStandInForOneUnansweredRequest() {
        BatchResponse replies = decode(STRICT, BATCH, array(ok("1", 1), err("null", -32600), ok("3", 3)));

        assertThat(replies.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of(3));
        assertThat(replies.unmatched()).containsExactly(
                new Response.Failure(Id.NULL, ErrorObject.of(-32600, "m-32600")));
        assertThat(replies.get(Id.of("two"))).isEmpty();
    }

    @Test
    void oneNullIdErrorCannotStandInForTwoUnansweredRequests() {
        assertThat(violation(STRICT, BATCH, array(ok("1", 1), err("null", -32600))))
                .isEqualTo(Violation.MISSING_ID);
    }

    @Test
    void aNullIdSuccessIsAnUnknownId() {
        assertThat(violation(STRICT, BATCH, array(ok("1", 1), ok("\"two\"", 2), ok("3", 3), ok("null", 0))))
                .isEqualTo(Violation.UNKNOWN_ID);
    }

    @Test
    void anEntryThatIsNotAnObjectIsNamedByPosition() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class,
                () -> STRICT.decodeReply(BATCH, bytes(array(ok("1", 1), "7", ok("3", 3)))));

        assertThat(e.violation()).isEqualTo(Violation.NOT_AN_OBJECT);
        assertThat(e.getMessage()).contains("response[1]");
    }

    @Test
    void anInvalidEntryIsNamedByPosition() {
        InvalidResponseException e = catchThrowableOfType(InvalidResponseException.class, () -> STRICT.decodeReply(BATCH,
                bytes(array(ok("1", 1), "{\"jsonrpc\":\"2.0\",\"id\":\"two\"}", ok("3", 3)))));

        assertThat(e.violation()).isEqualTo(Violation.NO_RESULT_OR_ERROR);
        assertThat(e.getMessage()).contains("response[1]");
    }

    @Test
    void aSingleErrorObjectAnsweringTheWholeBatchIsRaised() {
        assertThatThrownBy(() -> STRICT.decodeReply(BATCH, bytes(err("null", -32700))))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-32700);
                    assertThat(e.message()).isEqualTo("m-32700");
                });
    }

    @Test
    void aSingleSuccessAnsweringABatchIsTheWrongShape() {
        assertThat(violation(STRICT, BATCH, ok("1", 1))).isEqualTo(Violation.SHAPE);
    }

    @Test
    void anEmptyBodyForABatchWithRequestsIsNoResponse() {
        assertThatThrownBy(() -> STRICT.decodeReply(BATCH, new byte[0]))
                .isInstanceOf(NoResponseException.class)
                .hasMessageContaining("batch of 3 requests");
    }

    @Test
    void aBatchOfNotificationsExpectsNothing() {
        Batch notifications = Batch.of(N, Notification.of("m", Params.of(1)));

        assertThat(STRICT.decodeReply(notifications, new byte[0])).isEqualTo(Reply.None.INSTANCE);
        assertThat(STRICT.decodeReply(notifications, bytes("[]"))).isEqualTo(Reply.None.INSTANCE);
    }

    @Test
    void anErrorAnsweringABatchOfNotificationsIsRaised() {
        Batch notifications = Batch.of(N, Notification.of("m", Params.of(1)));

        assertThatThrownBy(() -> STRICT.decodeReply(notifications, bytes(array(err("null", -32600)))))
                .isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void strictDoesNotMatchAStringIdToAnIntegerRequestButLenientDoes() {
        String body = array(ok("\"1\"", 1), ok("\"two\"", 2), ok("3", 3));

        assertThat(violation(STRICT, BATCH, body)).isEqualTo(Violation.UNKNOWN_ID);
        assertThat(decode(LENIENT, BATCH, body).result(Id.of(1))).isEqualTo(IntNode.valueOf(1));
    }

    @Test
    void lenientMatchesIdsWrittenAsDecimals() {
        BatchResponse replies = decode(LENIENT, BATCH,
                array("{\"result\":1,\"error\":null,\"id\":1.0}", "{\"result\":2,\"id\":\"two\"}", "{\"result\":3,\"id\":3}"));

        assertThat(replies.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of("two"), Id.of(3));
    }

    @Test
    void offKeepsStrangersAndDuplicatesApartAndToleratesGaps() {
        BatchResponse replies = decode(OFF, BATCH, array(ok("1", 1), ok("1", 11), ok("99", 99)));

        assertThat(replies.responses()).containsExactly(new Response.Success(Id.of(1), IntNode.valueOf(1)));
        assertThat(replies.unmatched()).extracting(Response::id).containsExactly(Id.of(1), Id.of(99));
    }

    // --- the BatchResponse value

    private static BatchResponse sample() {
        Map<Id, Response> matched = new LinkedHashMap<>();
        matched.put(Id.of(1), new Response.Success(Id.of(1), IntNode.valueOf(10)));
        matched.put(Id.of(2), new Response.Failure(Id.of(2), ErrorObject.of(-1, "first error")));
        matched.put(Id.of(3), new Response.Failure(Id.of(3), ErrorObject.of(-2, "second error")));
        return BatchResponse.of(matched, List.of(new Response.Failure(Id.NULL, ErrorObject.of(-32600, "stranger"))));
    }

    @Test
    void resultThrowsTheErrorOfAFailedRequest() {
        assertThatThrownBy(() -> sample().result(Id.of(2)))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.code()).isEqualTo(-1);
                    assertThat(e.response().id()).isEqualTo(Id.of(2));
                });
    }

    @Test
    void resultOfAnIdWithoutResponseIsNoSuchElement() {
        assertThatThrownBy(() -> sample().result(Id.of(42)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("42");
    }

    @Test
    void allListsMatchedResponsesThenUnmatchedOnes() {
        assertThat(sample().all()).extracting(Response::id).containsExactly(Id.of(1), Id.of(2), Id.of(3), Id.NULL);
        assertThat(sample().size()).isEqualTo(4);
        assertThat(sample().isEmpty()).isFalse();
    }

    @Test
    void orThrowRaisesTheFirstErrorInRequestOrder() {
        assertThat(sample().hasErrors()).isTrue();
        assertThatThrownBy(() -> sample().orThrow())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.message()).isEqualTo("first error"));
    }

    @Test
    void orThrowReturnsTheBatchWhenNothingFailed() {
        BatchResponse fine = BatchResponse.of(Map.of(Id.of(1), new Response.Success(Id.of(1), IntNode.valueOf(1))),
                List.of());

        assertThat(fine.hasErrors()).isFalse();
        assertThat(fine.orThrow()).isSameAs(fine);
    }

    @Test
    void anUnmatchedErrorCountsAsAnError() {
        BatchResponse strangerOnly = BatchResponse.of(Map.of(),
                List.of(new Response.Failure(Id.NULL, ErrorObject.of(-32600, "stranger"))));

        assertThat(strangerOnly.hasErrors()).isTrue();
        assertThatThrownBy(strangerOnly::orThrow).isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void emptyHasNoResponses() {
        assertThat(BatchResponse.empty().isEmpty()).isTrue();
        assertThat(BatchResponse.empty().size()).isZero();
        assertThat(BatchResponse.of(Map.of(), List.of())).isSameAs(BatchResponse.empty());
    }

    @Test
    void isAnImmutableCopyOfWhatItWasGiven() {
        Map<Id, Response> matched = new LinkedHashMap<>();
        matched.put(Id.of(1), new Response.Success(Id.of(1), IntNode.valueOf(1)));
        BatchResponse replies = BatchResponse.of(matched, List.of());
        matched.put(Id.of(2), new Response.Success(Id.of(2), IntNode.valueOf(2)));

        assertThat(replies.size()).isEqualTo(1);
        assertThatThrownBy(() -> replies.responses().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> replies.unmatched().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLargeBatchIsLookedUpByIdAndEqualsTheSameResponsesGivenAsAMap() {
        var calls = new Call[40];
        var body = new StringBuilder("[");
        Map<Id, Response> expected = new LinkedHashMap<>();
        for (int i = 0; i < calls.length; i++) {
            // Ids that do not increase, answered in reverse, so both the set and the index are exercised.
            Id id = i % 2 == 0 ? Id.of(1000 - i) : Id.of("s" + i);
            calls[i] = Request.of("m", Params.none(), id);
            expected.put(id, new Response.Success(id, IntNode.valueOf(i)));
        }
        for (int i = calls.length - 1; i >= 0; i--) {
            body.append(ok(((Request) calls[i]).id().toJson(), i)).append(i > 0 ? "," : "]");
        }

        BatchResponse replies = decode(STRICT, new Batch(List.of(calls)), body.toString());

        assertThat(replies.responses()).containsExactlyElementsOf(expected.values());
        for (Map.Entry<Id, Response> e : expected.entrySet()) {
            assertThat(replies.get(e.getKey())).contains(e.getValue());
        }
        assertThat(replies.get(Id.of(1))).isEmpty();
        assertThat(replies).isEqualTo(BatchResponse.of(expected, List.of()))
                .hasSameHashCodeAs(BatchResponse.of(expected, List.of()));
    }

    @Test
    void aGapInTheAnswersKeepsTheOthersInRequestOrder() {
        BatchResponse replies = decode(OFF, BATCH, array(ok("3", 30), ok("1", 10)));

        assertThat(replies.responses()).extracting(Response::id).containsExactly(Id.of(1), Id.of(3));
        assertThat(replies.get(B.id())).isEmpty();
        assertThat(replies.result(C.id()).intValue()).isEqualTo(30);
    }

    @Test
    void batchResponsesAreEqualByContent() {
        assertThat(sample()).isEqualTo(sample()).hasSameHashCodeAs(sample());
        assertThat(sample()).isNotEqualTo(BatchResponse.empty());
        assertThat(sample().toString()).contains("first error").contains("stranger");
    }

    @Test
    void aBatchAnsweredInOrderIsLookedUpByTheRequestsIdsWhateverItsSize() {
        for (int n : new int[] {3, 20}) {
            var calls = new java.util.ArrayList<Call>();
            var entries = new java.util.ArrayList<String>();
            for (int k = 0; k < n; k++) {
                Id id = k % 2 == 0 ? Id.of(k) : Id.of("s" + k);
                calls.add(Request.of("m", Params.none(), id));
                calls.add(N);
                entries.add(ok(id.toJson(), 100 + k));
            }
            BatchResponse replies = decode(STRICT, new Batch(calls), array(entries.toArray(new String[0])));

            assertThat(replies.size()).isEqualTo(n);
            for (int k = 0; k < n; k++) {
                Id id = k % 2 == 0 ? Id.of(k) : Id.of("s" + k);
                assertThat(replies.result(id)).as("n=%d, id %s", n, id).isEqualTo(IntNode.valueOf(100 + k));
                assertThat(replies.responses().get(k).id()).isEqualTo(id);
            }
            assertThat(replies.get(Id.of("stranger"))).isEmpty();
            assertThat(replies.get(Id.of(n + 1))).isEmpty();
            assertThat(replies).isEqualTo(decode(LENIENT, new Batch(calls), array(entries.toArray(new String[0]))));
            // The same responses in a map the caller built (ids copied, not read from the requests).
            var byId = new LinkedHashMap<Id, Response>();
            replies.responses().forEach(r -> byId.put(r.id(), r));
            assertThat(BatchResponse.of(byId, List.of())).isEqualTo(replies).hasSameHashCodeAs(replies);
        }
    }
}
