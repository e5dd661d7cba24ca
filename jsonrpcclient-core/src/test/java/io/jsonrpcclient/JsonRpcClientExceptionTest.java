package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonRpcClientExceptionTest {

    private static final String ENDPOINT = "http://localhost:8545/rpc";

    @Test
    void withoutContextTheMessageIsTheDetailAlone() {
        var e = new JsonRpcClientException("it broke", null);

        assertThat(e.getMessage()).isEqualTo("it broke");
        assertThat(e.endpoint()).isEmpty();
        assertThat(e.method()).isEmpty();
    }

    @Test
    void withContextAddsMethodAndEndpointToTheMessage() {
        var cause = new IOException("reset");
        JsonRpcClientException e = new JsonRpcClientException("it broke", cause).withContext(ENDPOINT, "eth_call");

        assertThat(e.getMessage()).isEqualTo("it broke [method eth_call, endpoint " + ENDPOINT + "]");
        assertThat(e.detail()).isEqualTo("it broke");
        assertThat(e.endpoint()).contains(ENDPOINT);
        assertThat(e.method()).contains("eth_call");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void withContextNamesWhicheverOfMethodAndEndpointIsKnown() {
        assertThat(new JsonRpcClientException("x", null).withContext(ENDPOINT, null).getMessage())
                .isEqualTo("x [endpoint " + ENDPOINT + "]");
        assertThat(new JsonRpcClientException("x", null).withContext(null, "m").getMessage())
                .isEqualTo("x [method m]");
    }

    @Test
    void withContextKeepsTheStackTraceAndSuppressedExceptions() {
        var original = new JsonRpcClientException("x", null);
        original.addSuppressed(new IllegalStateException("also"));

        JsonRpcClientException copy = original.withContext(ENDPOINT, "m");

        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getSuppressed()).hasSize(1);
        assertThat(copy.getSuppressed()[0]).hasMessage("also");
    }

    @Test
    void invalidResponseKeepsItsTypeAndViolation() {
        var original = new InvalidResponseException(Violation.ID_MISMATCH, "response has \"id\": 2, expected 1");

        JsonRpcClientException copy = original.withContext(ENDPOINT, "add");

        assertThat(copy).isInstanceOfSatisfying(InvalidResponseException.class, e -> {
            assertThat(e.violation()).isEqualTo(Violation.ID_MISMATCH);
            assertThat(e.getMessage()).isEqualTo("invalid response (ID_MISMATCH): response has \"id\": 2, expected 1"
                    + " [method add, endpoint " + ENDPOINT + "]");
        });
    }

    @Test
    void invalidResponseContextIsNotAddedTwiceToTheDetail() {
        var original = new InvalidResponseException(Violation.SHAPE, "d");

        JsonRpcClientException twice = original.withContext("e1", "m1").withContext("e2", "m2");

        assertThat(twice.getMessage()).isEqualTo("invalid response (SHAPE): d [method m2, endpoint e2]");
    }

    @Test
    void parseResponseKeepsItsTypeAndExcerpt() {
        var cause = new IOException("unexpected token");
        var original = new ParseResponseException("the reply is not valid JSON", "<html>", cause);

        JsonRpcClientException copy = original.withContext(ENDPOINT, "m");

        assertThat(copy).isInstanceOfSatisfying(ParseResponseException.class, e -> {
            assertThat(e.excerpt()).isEqualTo("<html>");
            assertThat(e.getCause()).isSameAs(cause);
            assertThat(e.getMessage()).contains("not valid JSON").contains("[method m, endpoint " + ENDPOINT + "]");
        });
    }

    @Test
    void errorResponseKeepsItsTypeCodeMessageDataAndResponse() {
        var failure = new Response.Failure(Id.of(7), new ErrorObject(-32602, "Invalid params", TextNode.valueOf("x")));
        var original = new ErrorResponseException(failure);

        JsonRpcClientException copy = original.withContext(ENDPOINT, "subtract");

        assertThat(original.getMessage()).isEqualTo("error -32602: Invalid params");
        assertThat(copy).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.code()).isEqualTo(-32602);
            assertThat(e.message()).isEqualTo("Invalid params");
            assertThat(e.data()).isEqualTo(TextNode.valueOf("x"));
            assertThat(e.response()).isSameAs(failure);
            assertThat(e.error()).isEqualTo(failure.error());
            assertThat(e.getMessage())
                    .isEqualTo("error -32602: Invalid params [method subtract, endpoint " + ENDPOINT + "]");
        });
    }

    @Test
    void noResponseKeepsItsType() {
        JsonRpcClientException copy = new NoResponseException("the reply is empty").withContext(ENDPOINT, "m");

        assertThat(copy).isInstanceOf(NoResponseException.class);
        assertThat(copy.detail()).isEqualTo("the reply is empty");
    }

    @Test
    void transportKeepsItsTypeStatusReasonAndBody() {
        var original = new TransportException(503, "Service Unavailable", "try later");

        JsonRpcClientException copy = original.withContext(ENDPOINT, "m");

        assertThat(original.getMessage()).isEqualTo("HTTP 503 Service Unavailable: try later");
        assertThat(copy).isInstanceOfSatisfying(TransportException.class, e -> {
            assertThat(e.statusCode()).hasValue(503);
            assertThat(e.reason()).contains("Service Unavailable");
            assertThat(e.bodyExcerpt()).contains("try later");
            assertThat(e.getMessage()).isEqualTo("HTTP 503 Service Unavailable: try later [method m, endpoint "
                    + ENDPOINT + "]");
        });
    }

    @Test
    void aTransportStatusWithoutBodyLeavesTheColonOut() {
        assertThat(new TransportException(404, "Not Found", "").getMessage()).isEqualTo("HTTP 404 Not Found");
    }

    @Test
    void anIoTransportFailureHasNoStatus() {
        var e = new TransportException("connection refused", new IOException("refused"));

        assertThat(e.statusCode()).isEmpty();
        assertThat(e.reason()).isEmpty();
        assertThat(e.bodyExcerpt()).isEmpty();
    }

    @Test
    void timeoutKeepsItsTypeAndTimeout() {
        var original = new RequestTimeoutException(Duration.ofMillis(1500), null);

        JsonRpcClientException copy = original.withContext(ENDPOINT, "slow");

        assertThat(original.getMessage()).isEqualTo("no reply within 1500ms");
        assertThat(new RequestTimeoutException(Duration.ofSeconds(2), null).getMessage())
                .isEqualTo("no reply within 2s");
        assertThat(copy).isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(e.getMessage()).isEqualTo("no reply within 1500ms [method slow, endpoint " + ENDPOINT + "]");
        });
    }

    @Test
    void everyExceptionIsAJsonRpcClientExceptionAndUnchecked() {
        assertThat(new Object[] {
                new InvalidResponseException(Violation.SHAPE, "d"),
                new ParseResponseException("d", "e", null),
                new ErrorResponseException(new Response.Failure(Id.NULL, ErrorObject.of(1, "m"))),
                new NoResponseException("d"),
                new TransportException("d", null),
                new RequestTimeoutException(Duration.ofSeconds(1), null)})
                .allSatisfy(e -> assertThat(e).isInstanceOf(JsonRpcClientException.class)
                        .isInstanceOf(RuntimeException.class));
    }
}
