package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile or broken replies over real HTTP: huge, endless, deeply nested, or holding giant
 * strings. Each fails as a clear {@link InvalidResponseException}, quickly, without reading
 * everything, and never as a {@code StackOverflowError} or an {@code OutOfMemoryError}.
 */
@Timeout(30)
class HttpLimitsTest {

    private static final long ONE_MB = 1024 * 1024;
    private static final Duration HANG = Duration.ofSeconds(10);

    private MockJsonRpcServer server;
    private String url;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        url = server.uri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonRpcClient client(java.net.URI uri, JsonRpcCodec codec) {
        return JsonRpcClient.newBuilder(HttpTransport.of(uri)).codec(codec).timeout(Duration.ofSeconds(20)).build();
    }

    private static JsonRpcCodec maxBytes(long bytes) {
        return JsonRpcCodec.newBuilder().maxResponseBytes(bytes).build();
    }

    @Test
    void aStreamedBodyOverTheSizeLimitIsTooLarge() {
        server.enqueue(MockReply.stream(10 * ONE_MB, (byte) ' '));
        try (JsonRpcClient client = client(server.uri(), maxBytes(ONE_MB))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE);
                        assertThat(e.getMessage()).isEqualTo("invalid response (TOO_LARGE): the reply is larger than"
                                + " the maximum of 1048576 bytes [method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void anEndlessBodyIsCutOffAtTheLimitAndItsConnectionClosed() throws Exception {
        long cap = 2L * 1024 * ONE_MB;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Boolean> clientHungUp = new CompletableFuture<>();
        try (RawHttpServer endless = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] data = new byte[64 * 1024];
            Arrays.fill(data, (byte) ' ');
            byte[] chunk = concat(Integer.toHexString(data.length) + "\r\n", data, "\r\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try {
                while (written.get() < cap && System.nanoTime() < deadline) {
                    connection.write(chunk);
                    written.addAndGet(data.length);
                }
                clientHungUp.complete(false);
            } catch (IOException hungUp) {
                clientHungUp.complete(true);
            }
        }); JsonRpcClient client = client(endless.uri(), maxBytes(ONE_MB))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);

            assertThat(clientHungUp.get(25, TimeUnit.SECONDS)).as("the client closed the connection").isTrue();
            // Socket buffers hold a few megabytes at most; nothing near the whole body was ever sent.
            assertThat(written.get()).isLessThan(256 * ONE_MB);
        }
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeReadingTheBody() {
        try (RawHttpServer huge = RawHttpServer.start(connection -> {
            connection.readRequest();
            // Announces ten gigabytes, then sends nothing: only the header can end this call quickly.
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n");
            connection.hold();
        }); JsonRpcClient client = client(huge.uri(), maxBytes(ONE_MB))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE);
                        assertThat(e.getMessage()).isEqualTo("invalid response (TOO_LARGE): the reply is larger than"
                                + " the maximum of 1048576 bytes (10737418240 bytes) [method add, endpoint "
                                + huge.uri() + "]");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        }
    }

    @Test
    void aFixedLengthBodyOverTheLimitFromTheMockServerIsTooLarge() {
        server.enqueue(MockReply.json(" ".repeat((int) (2 * ONE_MB)) + "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}"));
        try (JsonRpcClient client = client(server.uri(), maxBytes(ONE_MB))) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE);
                        assertThat(e.getMessage()).contains("(" + (2 * ONE_MB + 35) + " bytes)");
                    });
        }
    }

    @Test
    void aBodyExactlyAtTheLimitIsAcceptedAndOneByteMoreIsNot() {
        String reply = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}";
        int size = reply.getBytes(StandardCharsets.UTF_8).length;
        server.enqueue(MockReply.json(reply));
        server.enqueue(MockReply.json(reply + " "));
        try (JsonRpcClient exact = client(server.uri(), maxBytes(size));
                JsonRpcClient again = client(server.uri(), maxBytes(size))) {
            assertThat(exact.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThatThrownBy(() -> again.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE));
        }
    }

    @Test
    void aDeeplyNestedResultExceedsTheNestingLimitWithoutAStackOverflow() {
        int depth = 100_000;
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":" + "[".repeat(depth) + "]".repeat(depth)
                + ",\"id\":1}"));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).startsWith("invalid response (LIMIT_EXCEEDED): ")
                                .contains("nesting depth")
                                .contains(String.valueOf(JsonRpcCodec.DEFAULT_MAX_NESTING_DEPTH))
                                .endsWith("[method add, endpoint " + url + "]");
                    });
        }
    }

    @Test
    void anUnclosedDeepNestingAlsoExceedsTheLimit() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + "[".repeat(100_000)));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED));
        }
    }

    @Test
    void aDeeplyNestedErrorDataOrUnknownMemberExceedsTheLimitToo() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"m\",\"data\":"
                + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "},\"id\":1}"));
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":1,\"x\":" + "[".repeat(50_000)
                + "]".repeat(50_000) + ",\"id\":1}"));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED));
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED));
        }
    }

    @Test
    void aNestingWithinTheConfiguredDepthIsAccepted() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":" + "[".repeat(40) + "]".repeat(40)
                + ",\"id\":1}"));
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":" + "[".repeat(60) + "]".repeat(60)
                + ",\"id\":2}"));
        JsonRpcCodec shallow = JsonRpcCodec.newBuilder().maxNestingDepth(50).build();
        try (JsonRpcClient client = client(server.uri(), shallow)) {
            assertThat(client.request("add", 1, 2).isArray()).isTrue();
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED));
        }
    }

    @Test
    void aStringOverTheMaximumLengthExceedsTheLimit() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":\"" + "x".repeat(5000) + "\",\"id\":1}"));
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":\"" + "x".repeat(1000) + "\",\"id\":2}"));
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().maxStringLength(1000).build();
        try (JsonRpcClient client = client(server.uri(), codec)) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).startsWith("invalid response (LIMIT_EXCEEDED): ")
                                .contains("String value length")
                                .contains("1000")
                                .endsWith("[method add, endpoint " + url + "]");
                    });
            assertThat(client.request(String.class, "add", 1, 2)).hasSize(1000);
        }
    }

    private static byte[] concat(String head, byte[] data, String tail) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + data.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(data, 0, all, h.length, data.length);
        System.arraycopy(t, 0, all, h.length + data.length, t.length);
        return all;
    }
}
