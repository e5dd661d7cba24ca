package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.RequestTimeoutException;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.zeromq.ZeroMqTransport;
import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JeroMQ (through {@link ZeroMqTransport}) against libzmq (Debian's {@code python3-zmq}): our REQ and
 * DEALER sockets against a REP and a ROUTER server in {@code src/test/python/zmq_server.py}. Quirks in
 * docs/INTEROP.md.
 */
class ZeroMqLibzmqIT {

    @RegisterExtension
    static final PythonZmqPeer libzmq = new PythonZmqPeer();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonRpcClient> clients = new ArrayList<>();

    @AfterEach
    void disconnect() {
        clients.forEach(JsonRpcClient::close);
    }

    private JsonRpcClient client(SocketType socket, String server) {
        ZeroMqTransport transport = ZeroMqTransport.newBuilder("tcp://127.0.0.1:" + libzmq.reportedPort(server))
                .socketType(socket)
                .connectTimeout(Duration.ofSeconds(5))
                .linger(Duration.ZERO)
                .build();
        JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(10)).build();
        clients.add(client);
        client.request("received"); // forget what earlier tests recorded
        return client;
    }

    // ---------------------------------------------------------------- REQ

    @Test
    void aReqSocketGetsResultsFromALibzmqRepServerForPositionalAndNamedParams() {
        JsonRpcClient req = client(SocketType.REQ, "rep");

        assertThat(req.request(Integer.class, "add", 1, 2)).isEqualTo(3);
        assertThat(req.request(Integer.class, "subtract", Params.named(Map.of("minuend", 42, "subtrahend", 23))))
                .isEqualTo(19);
    }

    @Test
    void aReqSocketGetsAnApplicationErrorWithItsStructuredData() throws Exception {
        JsonRpcClient req = client(SocketType.REQ, "rep");

        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class, () -> req.request("withdraw", 25));

        assertThat(e.code()).isEqualTo(-32010);
        assertThat(e.message()).isEqualTo("Insufficient funds");
        assertThat(e.data()).isEqualTo(JSON.readTree(
                "{\"balance\":10,\"requested\":25,\"currency\":\"EUR\",\"retryable\":false}"));
    }

    @Test
    void aReqNotificationWaitsForTheRepServersEmptyReplySoTheNextCallFindsTheSocketReady() {
        JsonRpcClient req = client(SocketType.REQ, "rep");

        req.notify("record", "hello");
        req.notify("record", "world");

        assertThat(req.request("received").toString()).isEqualTo("[[\"hello\"],[\"world\"]]");
    }

    @Test
    void aReqBatchWithAnErrorAndANotificationMixedInIsMatchedById() {
        JsonRpcClient req = client(SocketType.REQ, "rep");
        Batch batch = req.batch()
                .request("add", 1, 2)
                .request("noSuchMethod")
                .notification("record", "in a batch")
                .request("add", "x", 1)
                .build();

        BatchResponse replies = req.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(3);
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.result(sent.get(0).id()).asInt()).isEqualTo(3);
        assertThat(error(replies, sent.get(1))).isEqualTo("-32601 Method not found");
        assertThat(error(replies, sent.get(2))).isEqualTo("-32602 add takes two numbers");
        assertThat(req.request("received").toString()).isEqualTo("[[\"in a batch\"]]");
    }

    @Test
    void aReqCallThatTimesOutReplacesItsSocketAndTheNextCallIsAnsweredCorrectly() {
        JsonRpcClient req = client(SocketType.REQ, "rep");
        JsonRpcClient impatient = req.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.request("sleep", 800));

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(tookMs).isBetween(250L, 2500L);
        assertThat(req.request(Integer.class, "add", 1, 1)).isEqualTo(2);
    }

    @Test
    void aReqSocketIsAnsweredByALibzmqRouterServerToo() {
        JsonRpcClient req = client(SocketType.REQ, "router");

        assertThat(req.request(Integer.class, "add", 40, 2)).isEqualTo(42);
    }

    // ---------------------------------------------------------------- DEALER

    @Test
    void aDealerSocketKeepsCallsInFlightOnALibzmqRouterAndRepliesOvertakeEachOther() throws Exception {
        JsonRpcClient dealer = client(SocketType.DEALER, "router");

        CompletableFuture<Integer> slow = dealer.requestAsync(Integer.class, "sleep", 400);
        CompletableFuture<Integer> fast = dealer.requestAsync(Integer.class, "add", 1, 1);

        assertThat(fast.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(slow).isNotDone();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(400);
    }

    @Test
    void manyDealerCallsInFlightAtOnceEachGetTheirOwnAnswerFromTheRouter() throws Exception {
        JsonRpcClient dealer = client(SocketType.DEALER, "router");
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(dealer.requestAsync(Integer.class, "add", i, 1000));
        }

        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1000);
        }
    }

    @Test
    void aDealerSocketIsAnsweredByALibzmqRepServerThroughTheEmptyDelimiterFrame() {
        JsonRpcClient dealer = client(SocketType.DEALER, "rep");

        assertThat(dealer.request(Integer.class, "add", 2, 3)).isEqualTo(5);
        assertThat(dealer.request("echo", "é ☃", 1.5, null).toString()).isEqualTo("[\"é ☃\",1.5,null]");
    }

    @Test
    void theRepServersEmptyReplyToADealerNotificationIsNotTakenForTheAnswerOfTheCallInFlight() throws Exception {
        JsonRpcClient dealer = client(SocketType.DEALER, "rep");

        CompletableFuture<Void> notified = dealer.notifyAsync("record", "before the call");
        CompletableFuture<Integer> sum = dealer.requestAsync(Integer.class, "add", 2, 2);

        notified.get(5, TimeUnit.SECONDS);
        assertThat(sum.get(5, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(dealer.request("received").toString()).isEqualTo("[[\"before the call\"]]");
    }

    @Test
    void aDealerCallThatTimesOutLeavesTheSocketUsableAndItsLateReplyIsDropped() throws Exception {
        JsonRpcClient dealer = client(SocketType.DEALER, "router");
        JsonRpcClient impatient = dealer.with(CallOptions.newBuilder().timeout(Duration.ofMillis(300)).build());

        RequestTimeoutException e = catchThrowableOfType(RequestTimeoutException.class,
                () -> impatient.request("sleep", 600));
        TimeUnit.MILLISECONDS.sleep(500); // the late reply arrives, and no call claims it

        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(dealer.request(Integer.class, "add", 1, 1)).isEqualTo(2);
    }

    private static String error(BatchResponse replies, Request request) {
        Response response = replies.get(request.id()).orElseThrow();
        assertThat(response).isInstanceOf(Response.Failure.class);
        var error = ((Response.Failure) response).error();
        return error.code() + " " + error.message();
    }
}
