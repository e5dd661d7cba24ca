package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dispatch as the JSON-RPC 2.0 specification describes it, mostly with the spec's own examples. */
class JsonRpcDispatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final List<JsonNode> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void registerMethods() {
        server.method("subtract", params -> params.isArray()
                ? IntNode.valueOf(params.get(0).asInt() - params.get(1).asInt())
                : IntNode.valueOf(params.get("minuend").asInt() - params.get("subtrahend").asInt()));
        server.method("sum", params -> {
            int total = 0;
            for (JsonNode number : params) {
                total += number.asInt();
            }
            return IntNode.valueOf(total);
        });
        server.method("get_data", params -> MAPPER.readTree("[\"hello\",5]"));
        server.method("notify_hello", params -> {
            notified.add(params);
            return null;
        });
        server.method("describe_params", params -> TextNode.valueOf(params.getNodeType().name()));
        server.method("returns_null", params -> null);
        server.method("overdrawn", params -> {
            throw new MethodError(-32000, "Insufficient funds", MAPPER.readTree("{\"balance\":0}"));
        });
        server.method("plain_error", params -> {
            throw new MethodError(42, "no data");
        });
        server.method("crash", params -> {
            throw new IllegalStateException("boom");
        });
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void answers_a_call_with_positional_params() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":1}");
    }

    @Test
    void answers_a_call_with_named_params() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":3}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":3}");
    }

    @Test
    void hands_absent_params_to_the_handler_as_a_missing_node() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"describe_params\",\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"MISSING\",\"id\":1}");
    }

    @Test
    void answers_a_null_result_as_json_null() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"returns_null\",\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}");
    }

    @Test
    void echoes_string_null_big_and_fractional_ids_exactly() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"returns_null\",\"id\":\"abc-1\"}"))
                .endsWith("\"id\":\"abc-1\"}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"returns_null\",\"id\":null}"))
                .endsWith("\"id\":null}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"returns_null\",\"id\":123456789012345678901234567890}"))
                .endsWith("\"id\":123456789012345678901234567890}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"returns_null\",\"id\":1.50}"))
                .endsWith("\"id\":1.50}");
    }

    @Test
    void answers_a_notification_with_204_and_no_body_but_still_calls_the_handler() throws Exception {
        HttpResponse<String> response =
                Http.postString(server, "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]}");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(notified).extracting(JsonNode::toString).containsExactly("[7]");
    }

    @Test
    void stays_silent_about_notifications_of_unknown_or_failing_methods() throws Exception {
        assertThat(Http.postString(server, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}").statusCode()).isEqualTo(204);
        assertThat(Http.postString(server, "{\"jsonrpc\":\"2.0\",\"method\":\"crash\"}").statusCode()).isEqualTo(204);
    }

    @Test
    void answers_an_unknown_method_with_method_not_found() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":\"1\"}");
    }

    @Test
    void answers_invalid_json_with_a_parse_error_and_null_id() throws Exception {
        String parseError = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}";
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"foobar, \"params\":\"bar\",\"baz]")).isEqualTo(parseError);
        assertThat(call("")).isEqualTo(parseError);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"id\":1} trailing")).isEqualTo(parseError);
    }

    @Test
    void answers_a_batch_that_is_not_json_with_a_single_parse_error() throws Exception {
        assertThat(call("[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,4],\"id\":\"1\"},{\"jsonrpc\":\"2.0\",\"method\""))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}");
    }

    @Test
    void answers_a_malformed_request_object_with_invalid_request() throws Exception {
        String invalidWithNullId =
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}";
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}")).isEqualTo(invalidWithNullId);
        assertThat(call("42")).isEqualTo(invalidWithNullId);
        assertThat(call("\"just a string\"")).isEqualTo(invalidWithNullId);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"id\":{\"not\":\"allowed\"}}")).isEqualTo(invalidWithNullId);
    }

    @Test
    void keeps_a_readable_id_in_an_invalid_request_error() throws Exception {
        String invalidWithId7 = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":7}";
        assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":7}")).isEqualTo(invalidWithId7);
        assertThat(call("{\"jsonrpc\":\"1.0\",\"method\":\"sum\",\"id\":7}")).isEqualTo(invalidWithId7);
        assertThat(call("{\"method\":\"sum\",\"id\":7}")).isEqualTo(invalidWithId7);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":3,\"id\":7}")).isEqualTo(invalidWithId7);
    }

    @Test
    void answers_an_empty_batch_with_a_single_invalid_request_error() throws Exception {
        assertThat(call("[]"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}");
    }

    @Test
    void answers_each_invalid_batch_entry_with_its_own_error() throws Exception {
        String invalid = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null}";
        assertThat(call("[1]")).isEqualTo("[" + invalid + "]");
        assertThat(call("[1,2,3]")).isEqualTo("[" + invalid + "," + invalid + "," + invalid + "]");
    }

    @Test
    void answers_a_mixed_batch_with_an_array_that_leaves_out_notifications() throws Exception {
        String batch = "["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,4],\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":\"2\"},"
                + "{\"foo\":\"boo\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"params\":{\"name\":\"myself\"},\"id\":\"5\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"get_data\",\"id\":\"9\"}"
                + "]";

        HttpResponse<String> response = Http.postString(server, batch);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("["
                + "{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"result\":19,\"id\":\"2\"},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},\"id\":null},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":\"5\"},"
                + "{\"jsonrpc\":\"2.0\",\"result\":[\"hello\",5],\"id\":\"9\"}"
                + "]");
        assertThat(notified).hasSize(1);
    }

    @Test
    void answers_a_batch_of_only_notifications_with_204_and_no_body() throws Exception {
        HttpResponse<String> response = Http.postString(server, "["
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[1]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[2]}"
                + "]");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(notified).extracting(JsonNode::toString).containsExactly("[1]", "[2]");
    }

    @Test
    void answers_a_method_error_with_its_code_message_and_data() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"overdrawn\",\"id\":1}")).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Insufficient funds\",\"data\":{\"balance\":0}},\"id\":1}");
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"plain_error\",\"id\":2}")).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":42,\"message\":\"no data\"},\"id\":2}");
    }

    @Test
    void answers_any_other_handler_exception_with_internal_error_and_its_message() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"crash\",\"id\":1}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"boom\"},\"id\":1}");
    }

    @Test
    void answers_every_dispatched_request_with_http_200_and_json_content_type() throws Exception {
        HttpResponse<String> response = Http.postString(server, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
    }

    @Test
    void reports_a_failure_of_the_mock_itself_as_http_500_with_the_reason() throws Exception {
        // An empty bean cannot be serialized, so writing this result fails inside the server.
        server.method("unserializable", params -> new POJONode(new Object()));

        HttpResponse<String> response =
                Http.postString(server, "{\"jsonrpc\":\"2.0\",\"method\":\"unserializable\",\"id\":1}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("mock server failed: ");
    }

    @Test
    void records_dispatched_requests_too() throws Exception {
        call("{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2],\"id\":1}");

        RecordedRequest request = server.takeRequest();

        assertThat(request.json().get("method").asText()).isEqualTo("sum");
        assertThat(request.json().get("params")).hasSize(2);
    }

    private String call(String body) throws Exception {
        HttpResponse<String> response = Http.postString(server, body);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
