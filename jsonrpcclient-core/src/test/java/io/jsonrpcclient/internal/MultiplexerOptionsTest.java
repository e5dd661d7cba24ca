package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.FakeConnection;
import io.jsonrpcclient.transport.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The multiplexer's optional behaviours: waiting when full, and telling the server of abandoned calls. */
class MultiplexerOptionsTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();
    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeConnection connection = new FakeConnection();
    private Multiplexer multiplexer;

    @AfterEach
    void close() {
        if (multiplexer != null) {
            multiplexer.close();
        }
    }

    private static Exchange exchange(Message message, Duration timeout) {
        return new Exchange(message, CODEC.encode(message), CallOptions.none(), timeout, Long.MAX_VALUE);
    }

    private static Request request(long id) {
        return Request.of("add", Params.of(id, 1), Id.of(id));
    }

    private static byte[] cancelFor(Id id) {
        return CODEC.encode(Notification.of("$/cancelRequest", Params.named(Collections.singletonMap("id",
                id instanceof Id.NumberId n ? (Object) n.value() : id.toString()))));
    }

    private static Throwable failureOf(CompletableFuture<TransportResponse> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aCallPastTheLimitWaitsForASlotAndThenGoesOut() throws Exception {
        multiplexer = new Multiplexer(connection, 1, true, null, null, null, Map.of());
        CompletableFuture<TransportResponse> first = multiplexer.exchange(exchange(request(1), LONG));
        CompletableFuture<TransportResponse> second = multiplexer.exchange(exchange(request(2), LONG));

        assertThat(connection.takeSent()).contains("\"id\":1");
        assertThat(second).isNotDone();
        assertThat(connection.sends()).hasSize(1);

        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":1}");
        assertThat(first.get(5, TimeUnit.SECONDS).body()).isNotEmpty();
        assertThat(connection.takeSent()).contains("\"id\":2");
        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}");

        assertThat(new String(second.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}");
    }

    @Test
    void aWaitingCallTimesOutIfNoSlotFreesInTime() throws Exception {
        multiplexer = new Multiplexer(connection, 1, true, null, null, null, Map.of());
        multiplexer.exchange(exchange(request(1), LONG));

        CompletableFuture<TransportResponse> second = multiplexer.exchange(exchange(request(2), Duration.ofMillis(100)));

        assertThat(failureOf(second)).isInstanceOf(RequestTimeoutException.class);
        assertThat(connection.sends()).hasSize(1);
    }

    @Test
    void closingFailsTheCallsWaitingForASlot() throws Exception {
        multiplexer = new Multiplexer(connection, 1, true, null, null, null, Map.of());
        multiplexer.exchange(exchange(request(1), LONG));
        CompletableFuture<TransportResponse> second = multiplexer.exchange(exchange(request(2), LONG));

        multiplexer.close();

        assertThat(failureOf(second)).isInstanceOf(TransportException.class).hasMessageContaining("closed");
    }

    @Test
    void withoutWaitingACallPastTheLimitFailsAtOnce() throws Exception {
        multiplexer = new Multiplexer(connection, 1, false, null, null, null, Map.of());
        multiplexer.exchange(exchange(request(1), LONG));

        CompletableFuture<TransportResponse> second = multiplexer.exchange(exchange(request(2), LONG));

        assertThat(failureOf(second)).isInstanceOf(TransportException.class)
                .hasMessageContaining("too many calls in flight");
    }

    @Test
    void aCancelledCallWhoseRequestHadGoneIsCancelledOnTheServerToo() throws Exception {
        multiplexer = new Multiplexer(connection, 10, false, MultiplexerOptionsTest::cancelFor, null, null, Map.of());
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(7), LONG));
        assertThat(connection.takeSent()).contains("\"id\":7");

        call.cancel(true);

        assertThat(connection.takeSent())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":7}}");
    }

    @Test
    void aTimedOutCallIsCancelledOnTheServerToo() throws Exception {
        multiplexer = new Multiplexer(connection, 10, false, MultiplexerOptionsTest::cancelFor, null, null, Map.of());
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(8), Duration.ofMillis(50)));
        assertThat(connection.takeSent()).contains("\"id\":8");

        assertThat(failureOf(call)).isInstanceOf(RequestTimeoutException.class);

        assertThat(connection.takeSent())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":8}}");
    }

    @Test
    void anAnsweredCallSendsNoCancel() throws Exception {
        multiplexer = new Multiplexer(connection, 10, false, MultiplexerOptionsTest::cancelFor, null, null, Map.of());
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(9), LONG));
        connection.takeSent();

        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":10,\"id\":9}");
        call.get(5, TimeUnit.SECONDS);

        assertThat(connection.sends()).hasSize(1);
    }

    @Test
    void aLostConnectionReachesEveryCallWithItsOwnType() throws Exception {
        multiplexer = new Multiplexer(connection, 10, false, null, null, null, Map.of());
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(1), LONG));
        connection.takeSent();

        connection.drop("gone");

        assertThat(failureOf(call)).isInstanceOf(TransportException.class).hasMessageContaining("gone");
    }

    @Test
    void theDuplexTransportBuilderWiresWaitingAndLspCancellation() throws Exception {
        io.jsonrpcclient.transport.DuplexTransport transport = io.jsonrpcclient.transport.DuplexTransport
                .newBuilder(connection)
                .maxPendingCalls(1)
                .whenFull(io.jsonrpcclient.transport.DuplexTransport.WhenFull.WAIT)
                .cancelNotification("$/cancelRequest")
                .build();
        try {
            CompletableFuture<TransportResponse> first = transport.exchange(exchange(Request.of("slow", Params.none(), Id.of("a")), LONG));
            CompletableFuture<TransportResponse> second = transport.exchange(exchange(request(2), LONG));
            assertThat(connection.takeSent()).contains("\"id\":\"a\"");

            first.cancel(true);

            assertThat(connection.takeSent())
                    .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"a\"}}");
            assertThat(connection.takeSent()).contains("\"id\":2");
            assertThat(second).isNotDone();
        } finally {
            transport.close();
        }
    }

    @Test
    void aNullIdRefusalOfANotificationDoesNotTakeTheReplyOfTheCallSentAfterIt() throws Exception {
        multiplexer = new Multiplexer(connection, 10, null, null, Map.of());
        multiplexer.exchange(exchange(Notification.of("log", Params.of("x")), LONG)).get(5, TimeUnit.SECONDS);
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(1), LONG));
        connection.takeSent();
        connection.takeSent();

        connection.deliver("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request.\"},\"id\":null}");
        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":1}");

        assertThat(new String(call.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":1}");
    }

    @Test
    void withNoNotificationOutstandingTheOnlyCallStillGetsANullIdError() throws Exception {
        multiplexer = new Multiplexer(connection, 10, null, null, Map.of());
        CompletableFuture<TransportResponse> call = multiplexer.exchange(exchange(request(1), LONG));
        connection.takeSent();

        connection.deliver("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}");

        assertThat(new String(call.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8)).contains("-32700");
    }
}
