package io.jsonrpcclient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jsonrpcclient.CallOptions;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What the client logs on {@code io.jsonrpcclient.request} and {@code io.jsonrpcclient.response}
 * for real HTTP exchanges: the text, the key-value pairs, the templates, and that secrets never
 * appear in clear.
 */
class HttpLoggingTest {

    private static final String REQUESTS = "io.jsonrpcclient.request";
    private static final String RESPONSES = "io.jsonrpcclient.response";

    private MockJsonRpcServer server;
    private LogCapture logs;
    private String url;

    @BeforeEach
    void start() {
        server = MockJsonRpcServer.start();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        url = server.uri().toString();
        logs = LogCapture.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    private static Map<String, Object> caseInsensitive(Object headers) {
        assertThat(headers).isInstanceOf(Map.class);
        var map = new TreeMap<String, Object>(String.CASE_INSENSITIVE_ORDER);
        ((Map<?, ?>) headers).forEach((k, v) -> map.put(String.valueOf(k), v));
        return map;
    }

    @Test
    void eachRequestAndItsResponseAreLoggedAtDebugWithTheirDetailsAsKeyValuePairs() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}").withHeader("X-Served-By", "mock"));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            client.request("add", 1, 2);
        }

        List<LogCapture.Event> requests = logs.events(REQUESTS);
        assertThat(requests).hasSize(1);
        LogCapture.Event request = requests.get(0);
        assertThat(request.level()).isEqualTo(Level.DEBUG);
        assertThat(request.message())
                .isEqualTo(url + " --> {\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(request.keyValues()).containsExactly(
                Map.entry("endpoint", url),
                Map.entry("message", "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}"));

        List<LogCapture.Event> responses = logs.events(RESPONSES);
        assertThat(responses).hasSize(1);
        LogCapture.Event response = responses.get(0);
        assertThat(response.level()).isEqualTo(Level.DEBUG);
        assertThat(response.message()).isEqualTo(url + " <-- {\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1} (200 OK)");
        assertThat(response.keyValues()).containsKeys("endpoint", "message", "http_code", "http_reason",
                "http_headers");
        assertThat(List.copyOf(response.keyValues().keySet()).subList(0, 5))
                .containsExactly("endpoint", "message", "http_code", "http_reason", "http_headers");
        assertThat(response.keyValues())
                .containsEntry("endpoint", url)
                .containsEntry("message", "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}")
                .containsEntry("http_code", 200)
                .containsEntry("http_reason", "OK")
                .containsEntry("http_protocol", "HTTP/1.1");
        Map<String, Object> headers = caseInsensitive(response.keyValues().get("http_headers"));
        assertThat(headers).containsEntry("Content-Type", "application/json").containsEntry("X-Served-By", "mock");
    }

    @Test
    void theRequestIsLoggedBeforeItIsSentSoAFailedCallStillLeavesATrace() throws Exception {
        int port = HttpTestSupport.freePort();
        String dead = "http://127.0.0.1:" + port + "/";
        try (JsonRpcClient client = JsonRpcClient.http(dead)) {
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(TransportException.class);
        }

        assertThat(logs.events(REQUESTS)).singleElement()
                .satisfies(e -> assertThat(e.keyValues()).containsEntry("endpoint", dead));
        assertThat(logs.events(RESPONSES)).isEmpty();
    }

    @Test
    void aFailedStatusIsLoggedWithItsCodeAndReason() {
        server.enqueue(MockReply.status(500).withHeader("Content-Type", "text/html").withBody("<h1>oops</h1>"));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThatThrownBy(() -> client.request("add", 1, 2)).isInstanceOf(TransportException.class);
        }

        LogCapture.Event response = logs.events(RESPONSES).get(0);
        assertThat(response.message()).isEqualTo(url + " <-- <h1>oops</h1> (500 Internal Server Error)");
        assertThat(response.keyValues()).containsEntry("http_code", 500)
                .containsEntry("http_reason", "Internal Server Error");
    }

    @Test
    void aNotificationAnsweredWithNoContentLogsAnEmptyMessage() {
        server.method("log", params -> null);
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            client.notify("log", "x");
        }

        assertThat(logs.events(REQUESTS).get(0).message())
                .isEqualTo(url + " --> {\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"x\"]}");
        LogCapture.Event response = logs.events(RESPONSES).get(0);
        assertThat(response.keyValues()).containsEntry("message", "").containsEntry("http_code", 204)
                .containsEntry("http_reason", "No Content");
        assertThat(response.message()).startsWith(url + " <--").endsWith("(204 No Content)");
    }

    @Test
    void aBatchIsLoggedAsOneRequestAndOneResponse() {
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            client.send(client.batch().request("add", 1, 2).request("add", 3, 4).build());
        }

        assertThat(logs.events(REQUESTS)).singleElement().satisfies(e -> assertThat(e.keyValues().get("message"))
                .isEqualTo("[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[3,4],\"id\":2}]"));
        assertThat(logs.events(RESPONSES)).singleElement().satisfies(e -> assertThat(e.keyValues().get("message"))
                .isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":2}]"));
    }

    @Test
    void templatesShapeTheTextButNotTheKeyValuePairs() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}"));
        try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .requestLogFormat("REQ {message} to {endpoint}")
                .responseLogFormat("{http_code}/{http_reason}/{http_protocol} {message} {unknown}!")
                .build()) {
            client.request("add", 1, 2);

            // A view keeps the templates of the client it came from.
            server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2}"));
            client.with(CallOptions.newBuilder().header("X-View", "1").build()).request("add", 2, 2);
        }

        assertThat(logs.events(REQUESTS)).extracting(LogCapture.Event::message).containsExactly(
                "REQ {\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1} to " + url,
                "REQ {\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[2,2],\"id\":2} to " + url);
        assertThat(logs.events(RESPONSES)).extracting(LogCapture.Event::message).containsExactly(
                "200/OK/HTTP/1.1 {\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1} !",
                "200/OK/HTTP/1.1 {\"jsonrpc\":\"2.0\",\"result\":4,\"id\":2} !");
        assertThat(logs.events(RESPONSES).get(0).keyValues()).containsEntry("http_code", 200)
                .containsEntry("endpoint", url);
    }

    @Test
    void thePythonStyleTemplateGivesThePythonText() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}"));
        try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.of(server.uri()))
                .requestLogFormat("{endpoint} --> {message}")
                .responseLogFormat("{endpoint} <-- {message}")
                .build()) {
            client.request("add", 1, 2);
        }

        assertThat(logs.events(REQUESTS).get(0).message())
                .isEqualTo(url + " --> {\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
        assertThat(logs.events(RESPONSES).get(0).message())
                .isEqualTo(url + " <-- {\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
    }

    @Test
    void credentialsTokensCookiesAndPasswordsAreMaskedAndNeverLoggedInClear() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":{\"session_token\":\"tok-in-result-42\","
                        + "\"user\":\"bob\"},\"id\":1}")
                .withHeader("Set-Cookie", "sid=cookie-secret-99; HttpOnly")
                .withHeader("Authorization", "Bearer echoed-secret-77")
                .withHeader("Cookie", "a=cookie-secret-88")
                .withHeader("X-Auth-Token", "header-token-66")
                .withHeader("X-Plain", "visible"));
        URI withCredentials = URI.create("http://admin:url-pass-55@127.0.0.1:" + server.port() + "/");
        var params = new LinkedHashMap<String, Object>();
        params.put("user", "bob");
        params.put("password", "param-pass-44");
        params.put("nested", Map.of("apiKey", "nested-key-33"));
        params.put("list", List.of("token:aria2-secret-22", "plain"));

        try (JsonRpcClient client = JsonRpcClient.newBuilder(HttpTransport.newBuilder(withCredentials)
                        .header("Cookie", "client-cookie-11").build())
                .build()) {
            client.with(CallOptions.newBuilder().bearerToken("bearer-secret-00").build())
                    .request("login", Params.named(params));
        }

        String everything = logs.allText();
        assertThat(everything)
                .doesNotContain("tok-in-result-42", "cookie-secret-99", "echoed-secret-77", "cookie-secret-88",
                        "header-token-66", "url-pass-55", "param-pass-44", "nested-key-33", "aria2-secret-22",
                        "client-cookie-11", "bearer-secret-00")
                .doesNotContain("admin:")
                .contains("bob", "visible", "plain");

        assertThat(logs.events(REQUESTS).get(0).keyValues().get("message")).isEqualTo("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"login\",\"params\":{\"user\":\"bob\",\"password\":\"***\","
                + "\"nested\":{\"apiKey\":\"***\"},\"list\":[\"token:***\",\"plain\"]},\"id\":1}");
        LogCapture.Event response = logs.events(RESPONSES).get(0);
        assertThat(response.keyValues().get("message"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"session_token\":\"***\",\"user\":\"bob\"},\"id\":1}");
        Map<String, Object> headers = caseInsensitive(response.keyValues().get("http_headers"));
        assertThat(headers)
                .containsEntry("Set-Cookie", "***")
                .containsEntry("Authorization", "***")
                .containsEntry("Cookie", "***")
                .containsEntry("X-Auth-Token", "***")
                .containsEntry("X-Plain", "visible");

        // The server did get the real values: masking is for the logs only.
        var recorded = server.takeRequest();
        assertThat(recorded.header("Authorization")).contains("Bearer bearer-secret-00");
        assertThat(recorded.bodyText()).contains("param-pass-44");
    }

    @Test
    void aHugeNestedReplyIsStillRefusedCleanlyWhileLogging() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":" + "[".repeat(100_000) + "]".repeat(100_000)
                + ",\"id\":1}"));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOfSatisfying(InvalidResponseException.class, e -> assertThat(e.violation())
                            .isEqualTo(InvalidResponseException.Violation.LIMIT_EXCEEDED));
        }
        assertThat(logs.events(RESPONSES)).singleElement()
                .satisfies(e -> assertThat((String) e.keyValues().get("message")).hasSizeLessThanOrEqualTo(4001));
    }

    @Test
    void aLongMessageIsCutInTheLog() {
        String big = "y".repeat(20_000);
        server.method("big", params -> JsonNodeFactory.instance.textNode(big));
        try (JsonRpcClient client = JsonRpcClient.http(url)) {
            assertThat(client.request(String.class, "big")).hasSize(20_000);
        }
        String logged = (String) logs.events(RESPONSES).get(0).keyValues().get("message");
        assertThat(logged).hasSize(4001).endsWith("…");
    }
}
