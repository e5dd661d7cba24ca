package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.transport.DuplexTransport;
import io.jsonrpcclient.transport.Registration;
import io.jsonrpcclient.websocket.WebSocketTransport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against aria2's JSON-RPC over WebSocket ({@code ws://127.0.0.1:PORT/jsonrpc}, the same
 * daemon and flags as {@link Aria2IT}): calls, and the {@code aria2.onDownload*} notifications aria2
 * pushes to every WebSocket client. Quirks in docs/INTEROP.md.
 */
class Aria2WebSocketIT {

    @RegisterExtension
    static final Aria2Daemon aria2 = new Aria2Daemon();

    private static final Duration EVENTS_WITHIN = Duration.ofSeconds(20);

    /** One notification as it arrived. */
    record Event(String method, JsonNode params) {
    }

    private DuplexTransport ws;
    private WireTap wire;
    private JsonRpcClient client;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Registration> registrations = new ArrayList<>();

    @BeforeEach
    void connect() {
        ws = WebSocketTransport.newBuilder(aria2.webSocketUri()).connectTimeout(Duration.ofSeconds(5)).build();
        wire = new WireTap(ws);
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
        // On the connection's own thread (it only appends), so the list keeps the exact order of arrival.
        for (String method : List.of("aria2.onDownloadStart", "aria2.onDownloadComplete", "aria2.onDownloadError")) {
            registrations.add(ws.onNotification(method, (m, params) -> events.add(new Event(m, params)), Runnable::run));
        }
    }

    @AfterEach
    void disconnect() {
        registrations.forEach(Registration::close);
        client.close();
    }

    @Test
    void getVersionWithTheSecretIsAnsweredOverTheWebSocketWithTheExactSameReplyAsOverHttp() {
        JsonNode version = client.request("aria2.getVersion", aria2.token());

        assertThat(version.get("version").asText()).isEqualTo(aria2.version());
        assertThat(wire.last().sent()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"aria2.getVersion\",\"params\":[\"" + aria2.token() + "\"],\"id\":1}");
        assertThat(wire.last().received()).startsWith("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"enabledFeatures\":[");
    }

    @Test
    void aWrongSecretIsRefusedWithErrorCode1UnauthorizedAndTheConnectionStaysOpen() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.getVersion", "token:not-the-secret"));

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("Unauthorized");
        assertThat(wire.last().received())
                .isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"Unauthorized\"}}");
        assertThat(client.request("aria2.getVersion", aria2.token()).get("version").asText()).isEqualTo(aria2.version());
    }

    @Test
    void aDownloadOfALoopbackUrlIsAnnouncedByOnDownloadStartThenOnDownloadCompleteCarryingItsGid() throws Exception {
        byte[] content = new byte[64 * 1024];
        new Random(4).nextBytes(content);
        try (FileServer files = FileServer.serving(content)) {
            String gid = client.request(String.class, "aria2.addUri", aria2.token(),
                    List.of(files.url("/file.bin").toString()), Map.of("out", "ws-file.bin"));

            List<Event> mine = Peers.awaitValue("aria2.onDownloadComplete for " + gid, EVENTS_WITHIN, () -> {
                List<Event> forGid = eventsFor(gid);
                boolean done = forGid.stream().anyMatch(ev -> !ev.method().equals("aria2.onDownloadStart"));
                return done ? java.util.Optional.of(forGid) : java.util.Optional.empty();
            });

            assertThat(gid).matches("[0-9a-f]{16}");
            assertThat(mine).extracting(Event::method)
                    .containsExactly("aria2.onDownloadStart", "aria2.onDownloadComplete");
            assertThat(mine).extracting(ev -> ev.params().toString())
                    .containsOnly("[{\"gid\":\"" + gid + "\"}]");
            assertThat(Files.readAllBytes(aria2.downloads().resolve("ws-file.bin"))).isEqualTo(content);
        }
    }

    @Test
    void aDownloadThatFailsIsAnnouncedByOnDownloadStartThenOnDownloadError() {
        try (FileServer files = FileServer.serving(new byte[0])) {
            String gid = client.request(String.class, "aria2.addUri", aria2.token(),
                    List.of(files.url("/missing.bin").toString()), Map.of("out", "ws-missing.bin"));

            List<Event> mine = Peers.awaitValue("aria2.onDownloadError for " + gid, EVENTS_WITHIN, () -> {
                List<Event> forGid = eventsFor(gid);
                boolean done = forGid.stream().anyMatch(ev -> !ev.method().equals("aria2.onDownloadStart"));
                return done ? java.util.Optional.of(forGid) : java.util.Optional.empty();
            });

            assertThat(mine).extracting(Event::method)
                    .containsExactly("aria2.onDownloadStart", "aria2.onDownloadError");
            assertThat(mine.get(1).params().toString()).isEqualTo("[{\"gid\":\"" + gid + "\"}]");
        }
    }

    @Test
    void aBatchIsAnsweredInOneMessageWithErrorsAsValues() {
        Batch batch = client.batch()
                .request("aria2.getVersion", aria2.token())
                .request("aria2.tellStatus", aria2.token(), "00000000deadbeef")
                .request("aria2.noSuchThing", aria2.token())
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(3);
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.result(sent.get(0).id()).get("version").asText()).isEqualTo(aria2.version());
        assertThat(failure(replies, sent.get(1))).isEqualTo("1 GID 00000000deadbeef is not found");
        assertThat(failure(replies, sent.get(2))).isEqualTo("1 No such method: aria2.noSuchThing");
        assertThat(wire.last().received()).startsWith("[{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{");
    }

    @Test
    void manyCallsInFlightOnOneConnectionEachGetTheirOwnAnswer() throws Exception {
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(client.requestAsync("aria2.getGlobalStat", aria2.token()));
        }

        for (CompletableFuture<JsonNode> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).get("numActive").isTextual()).isTrue();
        }
        assertThat(wire.all()).hasSize(50);
        Peers.await("no call left in flight", Duration.ofSeconds(2), () -> ws.pendingCalls() == 0);
    }

    @Test
    void aNotificationIsRefusedWithAnErrorThatHasANullIdWhichTheClientDropsAndTheConnectionStaysUsable()
            throws Exception {
        client.notify("aria2.getVersion", aria2.token());
        TimeUnit.MILLISECONDS.sleep(300); // aria2's {"id":null,...,"error":{"code":-32600,...}} arrives, unclaimed

        assertThat(client.request("aria2.getVersion", aria2.token()).get("version").asText()).isEqualTo(aria2.version());
    }

    /**
     * aria2 refuses a notification with an error whose id is null. The multiplexer does not hand such
     * a reply to the call sent right after the notification (a notification went out since the last
     * reply), so that call gets its own result.
     */
    @Test
    void aCallSentRightAfterANotificationGetsItsOwnResultNotAria2sNullIdRefusalOfTheNotification() throws Exception {
        CompletableFuture<Void> notified = client.notifyAsync("aria2.getVersion", aria2.token());
        CompletableFuture<JsonNode> version = client.requestAsync("aria2.getVersion", aria2.token());

        notified.get(10, TimeUnit.SECONDS);
        assertThat(version.get(10, TimeUnit.SECONDS).get("version").asText()).isEqualTo(aria2.version());
    }

    private List<Event> eventsFor(String gid) {
        return events.stream().filter(ev -> ev.params().path(0).path("gid").asText().equals(gid)).toList();
    }

    private static String failure(BatchResponse replies, Request request) {
        Response response = replies.get(request.id()).orElseThrow();
        assertThat(response).isInstanceOf(Response.Failure.class);
        Response.Failure f = (Response.Failure) response;
        return f.error().code() + " " + f.error().message();
    }
}
