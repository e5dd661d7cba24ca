package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.Batch;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Message;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.http.LogCapture;
import io.jsonrpcclient.transport.Exchange;
import io.jsonrpcclient.transport.FakeConnection;
import io.jsonrpcclient.transport.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The multiplexer over an in-memory connection on which the test plays the server. */
class MultiplexerTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final long WAIT_SECONDS = 5;

    private FakeConnection connection = new FakeConnection();
    private final List<String> unmatched = new CopyOnWriteArrayList<>();
    private Multiplexer multiplexer = new Multiplexer(connection, 100, null,
            message -> unmatched.add(new String(message, StandardCharsets.UTF_8)), Map.of("via", "fake"));

    @AfterEach
    void close() {
        multiplexer.close();
    }

    /** Replaces the multiplexer (and its connection) with one made with other settings. */
    private void remake(int maxPending, java.util.concurrent.Executor callbacks) {
        multiplexer.close();
        connection = new FakeConnection();
        multiplexer = new Multiplexer(connection, maxPending, callbacks, null, Map.of());
    }

    private static Request request(long id) {
        return Request.of("add", Params.of(id, 1), Id.of(id));
    }

    private static Exchange exchange(Message message, Duration timeout) {
        return new Exchange(message, CODEC.encode(message), CallOptions.none(), timeout, Long.MAX_VALUE);
    }

    private CompletableFuture<TransportResponse> send(Message message) {
        return multiplexer.exchange(exchange(message, LONG));
    }

    private static String bodyOf(CompletableFuture<TransportResponse> future) throws Exception {
        return new String(future.get(WAIT_SECONDS, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8);
    }

    private static Throwable failureOf(CompletableFuture<TransportResponse> future) throws Exception {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the exchange succeeded");
    }

    /** Waits until no exchange is in flight; every wait in a test is bounded. */
    private void awaitNothingInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (multiplexer.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(multiplexer.pending()).isZero();
    }

    private static String reply(long id, int result) {
        return "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":" + id + "}";
    }

    // ---------------------------------------------------------------- matching

    @Test
    void repliesThatComeInAnyOrderEachReachTheCallWithTheirId() throws Exception {
        var one = send(request(1));
        var two = send(request(2));
        var three = send(request(3));
        assertThat(connection.takeSent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,1],\"id\":1}");

        connection.deliver(reply(3, 4));
        connection.deliver(reply(1, 2));
        connection.deliver(reply(2, 3));

        assertThat(bodyOf(one)).isEqualTo(reply(1, 2));
        assertThat(bodyOf(two)).isEqualTo(reply(2, 3));
        assertThat(bodyOf(three)).isEqualTo(reply(3, 4));
        assertThat(one.get().attributes()).containsExactly(Map.entry("via", "fake"));
        awaitNothingInFlight();
        assertThat(unmatched).isEmpty();
    }

    @Test
    void theIdIsFoundWhereverItStandsAndIdsInsideResultsAreIgnored() throws Exception {
        var call = send(Request.of("get", Params.none(), Id.of("abc")));
        var other = send(request(7));

        String reply = "{\"result\":{\"id\":7,\"items\":[{\"id\":\"abc\"}]},\"jsonrpc\":\"2.0\",\"id\":\"abc\"}";
        connection.deliver(reply);

        assertThat(bodyOf(call)).isEqualTo(reply);
        assertThat(other).isNotDone();
    }

    @Test
    void aBatchReplyIsMatchedAsAWholeWhicheverOfItsIdsComesFirst() throws Exception {
        Batch batch = Batch.of(request(10), Notification.of("log", Params.of("x")), request(11));
        var batchCall = send(batch);
        var single = send(request(12));

        String replyToBatch = "[" + reply(11, 12) + "," + reply(10, 11) + "]";
        connection.deliver(replyToBatch);

        assertThat(bodyOf(batchCall)).isEqualTo(replyToBatch);
        assertThat(single).isNotDone();
        connection.deliver(reply(12, 13));
        assertThat(bodyOf(single)).isEqualTo(reply(12, 13));
        awaitNothingInFlight();
    }

    @Test
    void aBatchReplyWithAnErrorForAnUnreadableRequestIsStillMatchedByItsOtherIds() throws Exception {
        var batchCall = send(Batch.of(request(1), request(2)));
        var single = send(request(3));

        String replyToBatch = "[{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null},"
                + reply(2, 3) + "]";
        connection.deliver(replyToBatch);

        assertThat(bodyOf(batchCall)).isEqualTo(replyToBatch);
        assertThat(single).isNotDone();
    }

    @Test
    void aReplyWhoseIdHasAnotherTypeStillReachesItsCallSoTheCodecCanJudgeIt() throws Exception {
        var call = send(request(5));
        var other = send(request(6));

        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":\"5\"}");
        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":6.0}");

        assertThat(bodyOf(call)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":\"5\"}");
        assertThat(bodyOf(other)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":6.0}");
    }

    @Test
    void aSecondCallWithAnIdAlreadyInFlightIsRefusedAndTheFirstIsUnharmed() throws Exception {
        var first = send(request(1));

        assertThatThrownBy(() -> send(Batch.of(request(9), request(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a call with id 1 is already waiting for its reply on fake://server: ids must be unique"
                        + " among calls in flight");

        assertThat(multiplexer.pending()).isEqualTo(1);
        connection.deliver(reply(1, 2));
        assertThat(bodyOf(first)).isEqualTo(reply(1, 2));
        // The refused batch left no trace: id 9 is free.
        var nine = send(request(9));
        connection.deliver(reply(9, 10));
        assertThat(bodyOf(nine)).isEqualTo(reply(9, 10));
    }

    @Test
    void aSecondCopyOfAReplyFindsNoCallAndGoesToTheListener() throws Exception {
        var call = send(request(1));

        connection.deliver(reply(1, 2));
        connection.deliver(reply(1, 2));

        assertThat(bodyOf(call)).isEqualTo(reply(1, 2));
        assertThat(unmatched).containsExactly(reply(1, 2));
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aNotificationEndsWithAnEmptyBodyOnceItIsSent() throws Exception {
        var notification = send(Notification.of("log", Params.of("hello")));

        assertThat(bodyOf(notification)).isEmpty();
        assertThat(connection.takeSent()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"hello\"]}");
        awaitNothingInFlight();
    }

    @Test
    void aBatchOfNotificationsOnlyEndsOnceItIsSent() throws Exception {
        var batch = send(Batch.of(Notification.of("a", Params.none()), Notification.of("b", Params.none())));

        assertThat(bodyOf(batch)).isEmpty();
        awaitNothingInFlight();
    }

    @Test
    void anEmptyMessageAsAZeroMqServerSendsForANotificationIsIgnored() throws Exception {
        var call = send(request(1));

        connection.deliver("");
        connection.deliver("  \n");
        connection.deliver("[]");

        assertThat(call).isNotDone();
        assertThat(unmatched).isEmpty();
        connection.deliver(reply(1, 2));
        assertThat(bodyOf(call)).isEqualTo(reply(1, 2));
    }

    // ---------------------------------------------------------------- what matches no call

    @Test
    void requestsAndNotificationsFromTheServerGoToTheListenerEvenWithAnIdOfACallInFlight() throws Exception {
        var call = send(request(1));

        String serverRequest = "{\"jsonrpc\":\"2.0\",\"method\":\"workspace/configuration\",\"id\":1}";
        String serverNotification = "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"result\":1}}";
        String serverBatch = "[{\"jsonrpc\":\"2.0\",\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"id\":1}]";
        connection.deliver(serverRequest);
        connection.deliver(serverNotification);
        connection.deliver(serverBatch);

        assertThat(unmatched).containsExactly(serverRequest, serverNotification, serverBatch);
        assertThat(call).isNotDone();
        connection.deliver(reply(1, 2));
        assertThat(bodyOf(call)).isEqualTo(reply(1, 2));
    }

    @Test
    void withoutAListenerUnmatchedMessagesAreDroppedQuietly() throws Exception {
        remake(10, null);
        var call = send(request(1));

        connection.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"note\"}");
        connection.deliver(reply(99, 0));

        connection.deliver(reply(1, 2));
        assertThat(bodyOf(call)).isEqualTo(reply(1, 2));
    }

    @Test
    void aMalformedMessageWithSeveralCallsInFlightIsLoggedAndDroppedAndTheCallsStillGetTheirReplies()
            throws Exception {
        var one = send(request(1));
        var two = send(request(2));

        try (LogCapture logs = LogCapture.start()) {
            connection.deliver("this is not json");
            connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":");
            connection.deliver("42");

            assertThat(logs.events("io.jsonrpcclient.connection"))
                    .extracting(LogCapture.Event::level, LogCapture.Event::message)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Level.WARN, "fake://server sent a message that is not"
                                    + " JSON-RPC, with 2 calls in flight: dropped: this is not json"),
                            org.assertj.core.groups.Tuple.tuple(Level.WARN, "fake://server sent a message that is not"
                                    + " JSON-RPC, with 2 calls in flight: dropped: {\"jsonrpc\":\"2.0\",\"result\":"),
                            org.assertj.core.groups.Tuple.tuple(Level.WARN, "fake://server sent a message that is not"
                                    + " JSON-RPC, with 2 calls in flight: dropped: 42"));
        }
        assertThat(unmatched).isEmpty();
        connection.deliver(reply(2, 3));
        connection.deliver(reply(1, 2));
        assertThat(bodyOf(one)).isEqualTo(reply(1, 2));
        assertThat(bodyOf(two)).isEqualTo(reply(2, 3));
    }

    @Test
    void aMalformedMessageWithOneCallInFlightIsThatCallsReplySoTheCodecReportsIt() throws Exception {
        var call = send(request(1));

        connection.deliver("this is not json");

        assertThat(bodyOf(call)).isEqualTo("this is not json");
    }

    @Test
    void anErrorWithANullIdReachesTheOnlyCallInFlightButNoneOfSeveral() throws Exception {
        String couldNotRead = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}";
        var one = send(request(1));
        var two = send(request(2));

        connection.deliver(couldNotRead);

        assertThat(unmatched).containsExactly(couldNotRead);
        assertThat(one).isNotDone();
        connection.deliver(reply(2, 3));
        assertThat(bodyOf(two)).isEqualTo(reply(2, 3));

        connection.deliver(couldNotRead);

        assertThat(bodyOf(one)).isEqualTo(couldNotRead);
    }

    @Test
    void aReplyWithoutAnIdReachesARequestThatWasSentWithTheNullId() throws Exception {
        var nullId = send(Request.of("odd", Params.none(), Id.NULL));
        var other = send(request(1));

        connection.deliver("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":null}");

        assertThat(bodyOf(nullId)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":null}");
        assertThat(other).isNotDone();
    }

    // ---------------------------------------------------------------- ends: timeout, cancel, loss, close

    @Test
    void aCallThatTimesOutLeavesTheTableAndItsLateReplyGoesToTheListener() throws Exception {
        var call = multiplexer.exchange(exchange(request(1), Duration.ofMillis(100)));

        assertThat(failureOf(call)).isInstanceOfSatisfying(RequestTimeoutException.class,
                e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100)));
        awaitNothingInFlight();

        connection.deliver(reply(1, 2));
        assertThat(unmatched).containsExactly(reply(1, 2));
    }

    @Test
    void aCancelledCallLeavesTheTableAndItsMessageIsWithdrawnIfNotSentYet() throws Exception {
        connection.holdSends();
        var call = send(request(1));

        call.cancel(true);

        assertThat(multiplexer.pending()).isZero();
        assertThat(connection.sends()).hasSize(1);
        assertThat(connection.sends().get(0)).isCancelled();
        assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
        // The id is free again.
        var again = send(request(1));
        assertThat(again).isNotDone();
    }

    @Test
    void aLostConnectionFailsEveryCallInFlightAtOnceAndLaterCallsWork() throws Exception {
        var one = send(request(1));
        var batch = send(Batch.of(request(2), request(3)));

        connection.drop("the connection to fake://server was lost before the reply came");

        for (var call : List.of(one, batch)) {
            assertThat(failureOf(call)).isExactlyInstanceOf(TransportException.class)
                    .hasMessage("the connection to fake://server was lost before the reply came");
        }
        awaitNothingInFlight();
        var later = send(request(1));
        connection.deliver(reply(1, 5));
        assertThat(bodyOf(later)).isEqualTo(reply(1, 5));
    }

    @Test
    void callsPastTheLimitFailAtOnceAndTheLimitFreesUpAsCallsEnd() throws Exception {
        remake(2, null);
        var one = send(request(1));
        send(request(2));

        var refused = send(request(3));

        assertThat(failureOf(refused)).isExactlyInstanceOf(TransportException.class)
                .hasMessage("too many calls in flight on fake://server: the limit is 2; wait for replies, or raise"
                        + " the limit (maxPendingCalls)");
        connection.deliver(reply(1, 2));
        assertThat(bodyOf(one)).isEqualTo(reply(1, 2));
        awaitPending(1);
        var accepted = send(request(3));
        connection.deliver(reply(3, 4));
        assertThat(bodyOf(accepted)).isEqualTo(reply(3, 4));
    }

    private void awaitPending(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (multiplexer.pending() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(multiplexer.pending()).isEqualTo(n);
    }

    @Test
    void aFailedSendFailsItsCallWithTheConnectionsReason() throws Exception {
        connection.failSends(new TransportException("could not connect to fake://server within 10 ms", null));

        var call = send(request(1));

        assertThat(failureOf(call)).isExactlyInstanceOf(TransportException.class)
                .hasMessage("could not connect to fake://server within 10 ms");
        awaitNothingInFlight();
    }

    @Test
    void closingFailsTheCallsInFlightClosesTheConnectionAndRefusesNewCalls() throws Exception {
        var call = send(request(1));

        multiplexer.close();
        multiplexer.close();

        assertThat(failureOf(call)).isExactlyInstanceOf(TransportException.class)
                .hasMessage("the transport to fake://server was closed with the call in flight");
        assertThat(connection.isClosed()).isTrue();
        assertThat(failureOf(send(request(2)))).isExactlyInstanceOf(TransportException.class)
                .hasMessage("the transport to fake://server is closed");
    }

    // ---------------------------------------------------------------- threads

    @Test
    void callsCompleteOnTheCallbackExecutorNeverOnTheConnectionsThread() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(task -> new Thread(task, "callbacks-under-test"));
        try {
            remake(10, callbacks);
            var call = send(request(1));
            var ranOn = call.thenApply(response -> Thread.currentThread().getName());

            connection.deliver(reply(1, 2));

            assertThat(ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("callbacks-under-test");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void theReplyToACallerThatWaitsIsHandedOverOnTheConnectionsThreadAndStillLeavesTheTable() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(task -> new Thread(task, "callbacks-under-test"));
        try {
            remake(10, callbacks);
            Request request = request(1);
            var call = multiplexer.exchange(new Exchange(request, CODEC.encode(request), CallOptions.none(), LONG,
                    Long.MAX_VALUE, true));
            var ranOn = new CompletableFuture<String>();
            call.whenComplete((response, error) -> ranOn.complete(Thread.currentThread().getName()));

            connection.deliver(reply(1, 2)); // on this thread, standing in for the connection's reader

            // Only the blocked caller waits on it (the client decodes on the caller's own thread), so the
            // executor is not needed to wake it.
            assertThat(ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Thread.currentThread().getName());
            assertThat(bodyOf(call)).isEqualTo(reply(1, 2));
            assertThat(multiplexer.pending()).isZero();
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void theConnectionIsStartedOnceWhenTheMultiplexerIsMade() {
        assertThat(connection.starts()).isEqualTo(1);
        assertThat(multiplexer.endpoint()).isEqualTo("fake://server");
        assertThat(multiplexer.maxPending()).isEqualTo(100);
    }
}
