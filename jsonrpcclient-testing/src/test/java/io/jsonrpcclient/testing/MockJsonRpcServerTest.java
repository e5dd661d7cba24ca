package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockJsonRpcServerTest {

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final HttpClient client = Http.client();

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void listens_on_127_0_0_1_with_an_ephemeral_port_at_the_root_path() {
        assertThat(server.uri().getScheme()).isEqualTo("http");
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.uri().getPath()).isEqualTo("/");
        assertThat(server.port()).isPositive().isEqualTo(server.uri().getPort());
    }

    @Test
    void serves_scripted_replies_first_in_order_then_dispatches_to_methods() throws Exception {
        server.method("ping", params -> TextNode.valueOf("pong"));
        server.enqueue(MockReply.json("{\"first\":true}")).enqueue(MockReply.status(500));
        String call = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}";

        HttpResponse<String> first = Http.send(client, Http.post(server.uri(), call));
        HttpResponse<String> second = Http.send(client, Http.post(server.uri(), call));
        HttpResponse<String> third = Http.send(client, Http.post(server.uri(), call));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"first\":true}");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.body()).isEmpty();
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"pong\",\"id\":1}");
    }

    @Test
    void records_method_path_query_headers_and_body_of_every_request_in_arrival_order() throws Exception {
        server.enqueue(MockReply.empty());
        HttpRequest scripted = HttpRequest.newBuilder(server.uri().resolve("/rpc/v1?trace=on"))
                .timeout(Http.REQUEST_TIMEOUT)
                .header("X-Trace-Id", "abc")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .POST(HttpRequest.BodyPublishers.ofString("not json at all"))
                .build();
        Http.send(client, scripted);
        Http.send(client, Http.post(server.uri(), "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":2}"));

        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();

        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/rpc/v1?trace=on");
        assertThat(first.header("x-trace-id")).contains("abc");
        assertThat(first.header("X-TRACE-ID")).contains("abc");
        assertThat(first.headers().get("x-multi")).containsExactly("one", "two");
        assertThat(first.header("X-Absent")).isEmpty();
        assertThat(first.bodyText()).isEqualTo("not json at all");
        assertThat(second.path()).isEqualTo("/");
        assertThat(second.header("content-type")).contains("application/json");
        assertThat(second.json().get("id").intValue()).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void counts_requests_whether_or_not_they_were_taken() throws Exception {
        assertThat(server.requestCount()).isZero();

        Http.send(client, Http.post(server.uri(), "{}"));
        Http.send(client, Http.post(server.uri(), "{}"));
        server.takeRequest();

        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void take_request_fails_with_a_clear_message_when_nothing_arrives_in_time() {
        assertThatThrownBy(() -> server.takeRequest(Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("no request within 100ms");
    }

    @Test
    void serves_concurrent_requests_at_the_same_time() throws Exception {
        int parallel = 8;
        CountDownLatch allInside = new CountDownLatch(parallel);
        // Each call only returns once every call is inside a handler: proof they run concurrently.
        server.method("gather", params -> {
            allInside.countDown();
            return allInside.await(5, TimeUnit.SECONDS) ? TextNode.valueOf("together") : TextNode.valueOf("alone");
        });
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int id = 0; id < parallel; id++) {
            String call = "{\"jsonrpc\":\"2.0\",\"method\":\"gather\",\"id\":" + id + "}";
            responses.add(client.sendAsync(Http.post(server.uri(), call), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(10, TimeUnit.SECONDS).body()).contains("\"together\"");
        }
        assertThat(server.requestCount()).isEqualTo(parallel);
    }

    @Test
    void a_delayed_reply_does_not_hold_up_the_next_request() throws Exception {
        server.enqueue(MockReply.json("{\"slow\":true}").withDelay(Duration.ofSeconds(3)));
        server.enqueue(MockReply.json("{\"fast\":true}"));
        CompletableFuture<HttpResponse<String>> slow =
                client.sendAsync(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofString());
        server.takeRequest(); // the slow one has claimed the first reply

        long start = System.nanoTime();
        HttpResponse<String> fast = Http.send(client, Http.post(server.uri(), "{}"));

        assertThat(fast.body()).isEqualTo("{\"fast\":true}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(slow).isNotDone();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"slow\":true}");
    }

    @Test
    void close_is_prompt_even_while_a_reply_is_delayed_for_a_minute_and_the_client_sees_an_io_error()
            throws Exception {
        server.enqueue(MockReply.json("{}").withDelay(Duration.ofMinutes(1)));
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                Http.post(server.uri(), "{}", Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
        server.takeRequest();

        long start = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class);
    }

    @Test
    void close_releases_its_handler_threads() throws Exception {
        server.method("ping", params -> IntNode.valueOf(1));
        Http.send(client, Http.post(server.uri(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}"));
        String prefix = "mock-jsonrpc-server-" + server.port() + "-";
        assertThat(threadsNamed(prefix)).isNotEmpty();

        server.close();

        // A pool's worker is counted out before its thread has quite ended: allow it a moment (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!threadsNamed(prefix).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(threadsNamed(prefix)).isEmpty();
    }

    @Test
    void close_can_be_called_twice_and_then_refuses_connections() throws Exception {
        URI uri = server.uri();
        server.close();
        server.close();

        assertThatThrownBy(() -> Http.send(client, Http.post(uri, "{}")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void answers_clients_that_use_the_default_http_version_too() throws Exception {
        server.method("ping", params -> TextNode.valueOf("pong"));
        HttpClient defaultClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = Http.send(defaultClient,
                Http.post(server.uri(), "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}"));

        assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"pong\",\"id\":1}");
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
                .toList();
    }
}
