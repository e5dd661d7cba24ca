package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockReplyTest {

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final HttpClient client = Http.client();

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void json_answers_200_with_the_body_and_a_json_content_type() throws Exception {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":\"é\",\"id\":1}"));

        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"é\",\"id\":1}");
    }

    @Test
    void status_answers_that_status_with_an_empty_body_and_the_given_headers() throws Exception {
        server.enqueue(MockReply.status(503).withHeader("Retry-After", "1"));

        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void empty_answers_200_with_content_length_zero() throws Exception {
        server.enqueue(MockReply.empty());

        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).contains("0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void no_content_answers_204() throws Exception {
        server.enqueue(MockReply.noContent());

        HttpResponse<String> response = post();

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void with_body_sends_raw_bytes_and_with_header_overrides_the_content_type_in_any_spelling() throws Exception {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        server.enqueue(MockReply.json("ignored").withBody(latin1).withHeader("content-TYPE", "text/plain"));

        HttpResponse<byte[]> response = client.send(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.body()).isEqualTo(latin1);
        assertThat(response.headers().allValues("content-type")).containsExactly("text/plain");
    }

    @Test
    void with_delay_holds_the_answer_back_long_enough_for_a_client_timeout() {
        server.enqueue(MockReply.json("{}").withDelay(Duration.ofSeconds(3)));

        assertThatThrownBy(() -> Http.send(client, Http.post(server.uri(), "{}", Duration.ofMillis(300))))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void with_delay_answers_after_the_delay() throws Exception {
        server.enqueue(MockReply.json("{\"late\":true}").withDelay(Duration.ofMillis(300)));
        long start = System.nanoTime();

        HttpResponse<String> response = post();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(response.body()).isEqualTo("{\"late\":true}");
    }

    @Test
    void with_disconnect_makes_the_client_fail_with_an_io_error_not_a_hang() throws Exception {
        server.enqueue(MockReply.json("{}").withDisconnect());
        server.enqueue(MockReply.json("{\"alive\":true}"));

        assertThatThrownBy(this::post)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(server.takeRequest().bodyText()).isEqualTo("{}");
        assertThat(post().body()).isEqualTo("{\"alive\":true}");
    }

    @Test
    void with_disconnect_after_a_delay_drops_the_connection_once_the_delay_is_over() throws Exception {
        server.enqueue(MockReply.empty().withDelay(Duration.ofMillis(200)).withDisconnect());
        long start = System.nanoTime();

        assertThatThrownBy(this::post)
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void stream_delivers_exactly_that_many_bytes_of_the_fill_chunked() throws Exception {
        long size = 20L * 1024 * 1024 + 7;
        server.enqueue(MockReply.stream(size, (byte) 'x'));

        HttpResponse<InputStream> response =
                client.send(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        long received = 0;
        boolean allFill = true;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) != -1; received += n) {
                for (int i = 0; i < n; i++) {
                    allFill &= buffer[i] == 'x';
                }
            }
        }
        assertThat(received).isEqualTo(size);
        assertThat(allFill).isTrue();
    }

    @Test
    void stream_of_zero_bytes_is_an_empty_body() throws Exception {
        server.enqueue(MockReply.stream(0, (byte) 'x'));

        assertThat(post().body()).isEmpty();
    }

    @Test
    void stream_stops_writing_quietly_when_the_client_hangs_up() throws Exception {
        server.enqueue(MockReply.stream(Long.MAX_VALUE, (byte) ' '));
        server.enqueue(MockReply.json("{\"still\":\"serving\"}"));
        HttpResponse<InputStream> response =
                client.send(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(1024 * 1024)).hasSize(1024 * 1024);
            assertThat(serverIsStreaming()).isTrue();
        }

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (serverIsStreaming()) {
                Thread.sleep(20);
            }
        });
        assertThat(post().body()).isEqualTo("{\"still\":\"serving\"}");
    }

    @Test
    void closing_the_server_mid_stream_truncates_the_body_with_an_io_error_rather_than_completing_it()
            throws Exception {
        server.enqueue(MockReply.stream(1L << 40, (byte) ' '));
        HttpResponse<InputStream> response =
                client.send(Http.post(server.uri(), "{}"), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            body.readNBytes(64 * 1024);
            long start = System.nanoTime();

            server.close();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(serverIsStreaming()).isFalse();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> {
                byte[] buffer = new byte[64 * 1024];
                while (body.read(buffer) != -1) {
                    // drain what was already in flight
                }
            }).isInstanceOf(IOException.class));
        }
    }

    @Test
    void is_an_immutable_value_whose_with_methods_return_new_replies() {
        MockReply original = MockReply.json("{}");
        byte[] bytes = {1, 2, 3};
        MockReply withBytes = original.withBody(bytes);
        bytes[0] = 9;

        assertThat(original.withHeader("X-A", "b")).isNotEqualTo(original);
        assertThat(original.withStatus(201)).isNotEqualTo(original);
        assertThat(original.withDelay(Duration.ofSeconds(1))).isNotEqualTo(original);
        assertThat(original.withDisconnect()).isNotEqualTo(original);
        assertThat(original).isEqualTo(MockReply.json("{}")).hasSameHashCodeAs(MockReply.json("{}"));
        assertThat(withBytes).isEqualTo(MockReply.json("{}").withBody(new byte[] {1, 2, 3}));
        assertThat(MockReply.noContent()).isEqualTo(MockReply.status(204));
    }

    @Test
    void rejects_values_that_cannot_make_a_sensible_reply() {
        assertThatThrownBy(() -> MockReply.status(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockReply.status(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockReply.empty().withDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockReply.stream(-1, (byte) 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> post() throws IOException, InterruptedException {
        return Http.send(client, Http.post(server.uri(), "{}"));
    }

    private static boolean serverIsStreaming() {
        return Thread.getAllStackTraces().values().stream()
                .flatMap(Arrays::stream)
                .anyMatch(frame -> frame.getClassName().endsWith("internal.Exchanges")
                        && frame.getMethodName().equals("stream"));
    }
}
