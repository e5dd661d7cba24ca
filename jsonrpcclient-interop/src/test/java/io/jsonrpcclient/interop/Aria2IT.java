package io.jsonrpcclient.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.ErrorResponseException;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Notification;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.http.HttpTransport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against aria2's JSON-RPC interface over HTTP ({@code aria2c --enable-rpc}).
 * aria2's WebSocket side (its {@code aria2.onDownload*} notifications) waits for the WebSocket
 * transport (issue 4). Quirks are written up in docs/INTEROP.md.
 */
class Aria2IT {

    @RegisterExtension
    static final Aria2Daemon aria2 = new Aria2Daemon();

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireTap wire;
    private JsonRpcClient client;

    @BeforeEach
    void connect() {
        wire = new WireTap(HttpTransport.of(aria2.uri()));
        client = JsonRpcClient.newBuilder(wire).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** The fields of aria2.tellStatus asked for by name, bound as a record: aria2 sends numbers as strings. */
    record Status(String gid, String status, String totalLength, String completedLength) {
    }

    // ---------------------------------------------------------------- plain calls

    @Test
    void getVersionWithTheSecretReturnsTheVersionOfTheInstalledAria2c() {
        JsonNode version = client.request("aria2.getVersion", aria2.token());

        assertThat(version.get("version").asText()).isEqualTo(aria2.version());
        assertThat(version.get("enabledFeatures").isArray()).isTrue();
        assertThat(version.get("enabledFeatures")).isNotEmpty().allMatch(JsonNode::isTextual);
        assertThat(wire.last().sent()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"aria2.getVersion\",\"params\":[\"" + aria2.token() + "\"],\"id\":1}");
        assertThat(wire.last().status()).isEqualTo(200);
        assertThat(wire.last().received()).startsWith("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{");
    }

    @Test
    void aWrongSecretIsRefusedWithErrorCode1UnauthorizedOverHttp400() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.getVersion", "token:not-the-secret"));

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("Unauthorized");
        assertThat(e.data().isMissingNode()).isTrue();
        assertThat(e.response().id()).isEqualTo(Id.of(1));
        assertThat(wire.last().status()).isEqualTo(400);
        assertThat(wire.last().received())
                .isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"Unauthorized\"}}");
    }

    @Test
    void aMissingSecretIsRefusedTheSameWayAsAWrongOne() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.getVersion"));

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("Unauthorized");
        assertThat(wire.last().status()).isEqualTo(400);
    }

    @Test
    void anUnknownMethodIsErrorCode1NoSuchMethodRatherThanTheSpecsMethodNotFound() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.noSuchThing", aria2.token()));

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("No such method: aria2.noSuchThing");
        assertThat(wire.last().status()).isEqualTo(400);
    }

    @Test
    void namedParamsAreRefusedAsInvalidParamsOverHttp500() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.getVersion", Params.named(Map.of("secret", aria2.token()))));

        assertThat(e.code()).isEqualTo(-32602);
        assertThat(e.message()).isEqualTo("Invalid params.");
        assertThat(wire.last().status()).isEqualTo(500);
    }

    @Test
    void anUnknownGidIsErrorCode1NamingTheGid() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.request("aria2.tellStatus", aria2.token(), "00000000deadbeef"));

        assertThat(e.code()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("GID 00000000deadbeef is not found");
        assertThat(wire.last().status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- ids

    @Test
    void stringIdsAndIntegerIdsBeyondJavaScriptsSafeRangeAreEchoedExactly() {
        Request named = Request.of("aria2.getVersion", Params.of(aria2.token()), Id.of("req-é-1"));
        Request big = Request.of("aria2.getVersion", Params.of(aria2.token()), Id.of(9_007_199_254_740_993L));
        Request max = Request.of("aria2.getVersion", Params.of(aria2.token()), Id.of(Long.MAX_VALUE));

        assertThat(client.send(named).id()).isEqualTo(Id.of("req-é-1"));
        assertThat(client.send(big).id()).isEqualTo(Id.of(9_007_199_254_740_993L));
        assertThat(client.send(max).id()).isEqualTo(Id.of(Long.MAX_VALUE));
        assertThat(wire.last().received()).startsWith("{\"id\":9223372036854775807,");
    }

    @Test
    void aRequestWithANullIdIsAnsweredAsARequestWithANullId() {
        Response response = client.send(Request.of("aria2.getVersion", Params.of(aria2.token()), Id.NULL));

        assertThat(response).isInstanceOf(Response.Success.class);
        assertThat(response.id()).isEqualTo(Id.NULL);
        assertThat(((Response.Success) response).result().get("version").asText()).isEqualTo(aria2.version());
    }

    // ---------------------------------------------------------------- notifications

    @Test
    void aNotificationIsRefusedAsAnInvalidRequestBecauseAria2NeedsAnId() {
        ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                () -> client.notify("aria2.getVersion", aria2.token()));

        assertThat(e.code()).isEqualTo(-32600);
        assertThat(e.message()).isEqualTo("Invalid Request.");
        assertThat(e.response().id()).isEqualTo(Id.NULL);
        assertThat(wire.last().status()).isEqualTo(400);
        assertThat(wire.last().received())
                .isEqualTo("{\"id\":null,\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request.\"}}");
    }

    // ---------------------------------------------------------------- batches and multicall

    @Test
    void aBatchIsAnsweredInOneHttp200WithEachEntryMatchedByIdAndErrorsAsValues() {
        Batch batch = client.batch()
                .request("aria2.getVersion", aria2.token())
                .request("aria2.getGlobalStat", aria2.token())
                .request("aria2.tellStatus", aria2.token(), "00000000deadbeef")
                .request("aria2.getVersion", "token:not-the-secret")
                .request("aria2.noSuchThing", aria2.token())
                .build();

        BatchResponse replies = client.send(batch);

        List<Request> sent = batch.requests();
        assertThat(replies.size()).isEqualTo(5);
        assertThat(replies.unmatched()).isEmpty();
        assertThat(replies.result(sent.get(0).id()).get("version").asText()).isEqualTo(aria2.version());
        assertThat(replies.result(sent.get(1).id()).get("numActive").asText()).isEqualTo("0");
        assertThat(failure(replies, sent.get(2))).isEqualTo("1 GID 00000000deadbeef is not found");
        assertThat(failure(replies, sent.get(3))).isEqualTo("1 Unauthorized");
        assertThat(failure(replies, sent.get(4))).isEqualTo("1 No such method: aria2.noSuchThing");
        assertThat(wire.last().status()).isEqualTo(200);
    }

    @Test
    void aBatchWithANotificationInItGetsAnInvalidRequestErrorWithANullIdForThatEntry() {
        Request version = Request.of("aria2.getVersion", Params.of(aria2.token()), Id.of(7));
        Batch batch = Batch.of(version, Notification.of("aria2.getVersion", Params.of(aria2.token())));

        BatchResponse replies = client.send(batch);

        assertThat(replies.result(Id.of(7)).get("version").asText()).isEqualTo(aria2.version());
        assertThat(replies.unmatched()).hasSize(1);
        Response.Failure refused = (Response.Failure) replies.unmatched().get(0);
        assertThat(refused.id()).isEqualTo(Id.NULL);
        assertThat(refused.error().code()).isEqualTo(-32600);
        assertThat(refused.error().message()).isEqualTo("Invalid Request.");
    }

    @Test
    void systemMulticallWrapsEachResultInAOneElementArrayAndReturnsEachFaultAsAnObject() throws Exception {
        List<Map<String, Object>> calls = List.of(
                Map.of("methodName", "aria2.getVersion", "params", List.of(aria2.token())),
                Map.of("methodName", "aria2.tellStatus", "params", List.of(aria2.token(), "00000000deadbeef")),
                Map.of("methodName", "aria2.getVersion", "params", List.of("token:not-the-secret")));

        JsonNode results = client.request("system.multicall", calls);

        JsonNode version = client.request("aria2.getVersion", aria2.token());
        assertThat(results).isEqualTo(JSON.readTree("[" + JSON.writeValueAsString(List.of(version)) + ","
                + "{\"code\":1,\"message\":\"GID 00000000deadbeef is not found\"},"
                + "{\"code\":1,\"message\":\"Unauthorized\"}]"));
    }

    // ---------------------------------------------------------------- a real download

    @Test
    void addUriDownloadsALoopbackUrlAndTellStatusReportsItCompleteWithLengthsAsStrings() throws Exception {
        byte[] content = new byte[64 * 1024];
        new Random(6).nextBytes(content);
        try (FileServer files = FileServer.serving(content)) {
            String gid = client.request(String.class, "aria2.addUri", aria2.token(),
                    List.of(files.url("/file.bin").toString()), Map.of("out", "file.bin"));

            assertThat(gid).matches("[0-9a-f]{16}");
            Status done = Peers.awaitValue("aria2 to finish downloading " + gid, Duration.ofSeconds(20), () -> {
                Status status = client.request(Status.class, "aria2.tellStatus", aria2.token(), gid,
                        List.of("gid", "status", "totalLength", "completedLength"));
                assertThat(status.status()).isIn("active", "waiting", "complete");
                return status.status().equals("complete") ? Optional.of(status) : Optional.empty();
            });
            assertThat(done).isEqualTo(new Status(gid, "complete", "65536", "65536"));
            assertThat(Files.readAllBytes(aria2.downloads().resolve("file.bin"))).isEqualTo(content);
            assertThat(files.seen()).extracting(FileServer.Seen::method, FileServer.Seen::path)
                    .containsOnly(tuple("GET", "/file.bin"));
            assertThat(files.seen().get(0).userAgent()).isEqualTo("aria2/" + aria2.version());
        }
    }

    @Test
    void aDownloadThatFailsEndsInStatusErrorWithAria2sOwnErrorCode() {
        try (FileServer files = FileServer.serving(new byte[0])) {
            String gid = client.request(String.class, "aria2.addUri", aria2.token(),
                    List.of(files.url("/missing.bin").toString()), Map.of("out", "missing.bin"));

            JsonNode failed = Peers.awaitValue("aria2 to give up on " + gid, Duration.ofSeconds(20), () -> {
                JsonNode status = client.request("aria2.tellStatus", aria2.token(), gid,
                        List.of("status", "errorCode", "errorMessage"));
                return status.get("status").asText().equals("error") ? Optional.of(status) : Optional.empty();
            });
            assertThat(failed.get("errorCode").asText()).isEqualTo("3");
            assertThat(failed.get("errorMessage").asText()).isEqualTo("Resource not found");
        }
    }

    private static String failure(BatchResponse replies, Request request) {
        Response response = replies.get(request.id()).orElseThrow();
        assertThat(response).isInstanceOf(Response.Failure.class);
        Response.Failure f = (Response.Failure) response;
        return f.error().code() + " " + f.error().message();
    }

}
