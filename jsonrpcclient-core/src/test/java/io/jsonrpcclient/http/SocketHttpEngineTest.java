package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The socket engine ({@link HttpEngines#socket()}): the blocking-engine contract, plus what it does
 * with HTTP/1.1 itself (framing, kept-alive connections a server closes, header checks, async cancel).
 */
class SocketHttpEngineTest extends BlockingEngineContract {

    private static final String OK = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":%s}";

    @Override
    HttpEngine engine() {
        return HttpEngines.socket();
    }

    @Override
    HttpEngine engine(SSLContext sslContext) {
        return HttpEngines.socket(sslContext);
    }

    private static String idOf(RawHttpServer.Request request) {
        return request.bodyText().replaceAll(".*\"id\":(\\d+).*", "$1");
    }

    /**
     * The socket connects without a timeout of its own (it would leave the socket in non-blocking
     * mode), so a connect that hangs is ended by the engine's watchdogs: the connect timeout, or the
     * call's deadline when that comes first. A server whose accept queue is full never answers a
     * SYN, so a connect to it hangs.
     */
    @Test
    void aConnectThatHangsEndsAtTheConnectTimeoutOrAtTheCallsDeadlineIfThatComesFirst() throws Exception {
        try (var full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var queued = new java.util.ArrayList<java.net.Socket>();
            try {
                for (int i = 0; i < 16; i++) {
                    var s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        queued.add(s);
                    } catch (java.net.SocketTimeoutException hangs) {
                        s.close();
                        break;
                    }
                }
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/");
                try (JsonRpcClient slowConnect = JsonRpcClient.newBuilder(HttpTransport.newBuilder(uri)
                        .connectTimeout(Duration.ofMillis(300)).build()).timeout(Duration.ofSeconds(20)).build()) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> slowConnect.request("add", 1, 2))
                            .isInstanceOf(TransportException.class)
                            .hasRootCauseInstanceOf(java.net.SocketException.class)
                            .satisfies(e -> assertThat(e.getCause()).isInstanceOf(
                                    java.net.http.HttpConnectTimeoutException.class));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                }
                try (JsonRpcClient hasty = JsonRpcClient.newBuilder(HttpTransport.newBuilder(uri)
                        .connectTimeout(Duration.ofSeconds(20)).build()).timeout(Duration.ofMillis(300)).build()) {
                    assertThatThrownBy(() -> hasty.request("add", 1, 2))
                            .isInstanceOfSatisfying(io.jsonrpcclient.RequestTimeoutException.class,
                                    e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300)));
                }
            } finally {
                for (var s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedBeforeAnsweringFailsTheCallWhichIsNotSentTwice() throws Exception {
        var requests = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request first = connection.readRequest();
            requests.incrementAndGet();
            connection.respond(200, "OK", "application/json", OK.formatted(idOf(first)));
            connection.readRequest();
            requests.incrementAndGet();
            // Returning closes the connection with the second request unanswered.
        }); JsonRpcClient client = client(raw.uri())) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("kept-alive connection")
                    .hasMessageContaining("may or may not have been processed");
            assertThat(requests).hasValue(2);
            assertThat(raw.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionTheServerClosedIsNotReusedAndTheCallGoesOnANewOne() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request request = connection.readRequest();
            connection.respond(200, "OK", "application/json", OK.formatted(idOf(request)));
            // Returning closes the kept-alive connection, as a server's idle timeout does.
        }); JsonRpcClient client = client(raw.uri())) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            // Past the idle time after which the engine looks before it reuses a connection.
            Thread.sleep(1_300);
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailersAndAn100ContinueBeforeItAreRead() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            String body = OK.formatted(idOf(request));
            String first = body.substring(0, 10);
            String rest = body.substring(10);
            connection.write("HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(first.length()) + ";ext=1\r\n" + first + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n"
                    + "0\r\nX-Trailer: t\r\n\r\n");
        }); JsonRpcClient client = client(raw.uri())) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(raw.connectionCount()).as("a chunked body keeps the connection").isEqualTo(1);
        }
    }

    @Test
    void aLargeBase64ResultIsReadAndBoundToBytesInEveryFraming() throws Exception {
        byte[] bytes = new byte[3 << 20];
        new java.util.Random(9).nextBytes(bytes);
        String text = java.util.Base64.getEncoder().encodeToString(bytes);
        var served = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"result\":\"" + text + "\",\"id\":" + idOf(request) + "}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            switch (served.incrementAndGet()) {
                case 1 -> {  // Content-Length
                    connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n");
                    connection.write(body);
                }
                case 2 -> {  // chunks of odd sizes
                    connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n");
                    for (int at = 0, size = 1; at < body.length; at += size, size = size * 3 + 1) {
                        int n = Math.min(size, body.length - at);
                        connection.write(Integer.toHexString(n) + "\r\n");
                        connection.write(java.util.Arrays.copyOfRange(body, at, at + n));
                        connection.write("\r\n");
                    }
                    connection.write("0\r\n\r\n");
                }
                default -> {  // ended by the connection
                    connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
                    connection.write(body);
                    connection.close();
                    return;
                }
            }
        }); JsonRpcClient client = client(raw.uri())) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.request(byte[].class, "blob")).as("reply %d", i).isEqualTo(bytes);
            }
        }
    }

    @Test
    void bytesPastTheResponseEndItsConnectionRatherThanAnsweringTheNextCall() throws Exception {
        try (RawHttpServer raw = RawHttpServer.serveEach((connection, request) -> {
            String body = OK.formatted(idOf(request));
            // The answer, then in the same write a second one nobody asked for.
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        }); JsonRpcClient client = client(raw.uri())) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(raw.connectionCount()).as("the first connection is not reused").isEqualTo(2);
        }
    }

    @Test
    void aBodyEndedByTheConnectionIsReadAndConnectionCloseIsHonoured() throws Exception {
        var served = new AtomicInteger();
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            RawHttpServer.Request request = connection.readRequest();
            if (served.incrementAndGet() == 1) {
                // No length: the body ends with the connection.
                connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                        + OK.formatted(idOf(request)));
            } else {
                connection.respond(200, "OK", "application/json", OK.formatted(idOf(request)));
            }
        }); JsonRpcClient client = client(raw.uri())) {
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(client.request(Integer.class, "add", 1, 2)).isEqualTo(3);
            assertThat(raw.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedAndNothingIsSent() {
        try (JsonRpcClient client = client(server.uri())) {
            assertThatThrownBy(() -> client.with(CallOptions.newBuilder().header("X-Note", "a\r\nX-Injected: b").build())
                    .request("add", 1, 2))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aMalformedStatusLineIsATransportFailureNamingIt() throws Exception {
        try (RawHttpServer raw = RawHttpServer.start(connection -> {
            connection.readRequest();
            connection.write("SMTP ready\r\n\r\n");
        }); JsonRpcClient client = client(raw.uri())) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not an HTTP/1.x status line");
        }
    }

    @Test
    void cancellingAnAsyncCallClosesItsConnection() throws Exception {
        var hungUp = new CompletableFuture<Boolean>();
        var arrived = new CountDownLatch(1);
        try (RawHttpServer silent = RawHttpServer.start(RawHttpServer.silent(arrived, hungUp, Duration.ofSeconds(10))); JsonRpcClient client = client(silent.uri())) {
            CompletableFuture<Integer> call = client.requestAsync(Integer.class, "add", 1, 2);
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

            call.cancel(true);

            assertThat(hungUp.get(15, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }
}
