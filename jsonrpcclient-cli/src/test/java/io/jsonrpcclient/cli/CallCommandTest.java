package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import io.jsonrpcclient.testing.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallCommandTest {

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private String url;

    @BeforeEach
    void registerMethods() {
        url = server.uri().toString();
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("echo", params -> params.isMissingNode() ? NullNode.getInstance() : params);
        server.method("fail", params -> {
            throw new MethodError(-32000, "Nothing works", JsonNodeFactory.instance.objectNode().put("retry", false));
        });
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void a_fresh_call_sends_id_1_and_prints_the_result_alone() {
        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("3\n");
        assertThat(result.err()).isEmpty();
        assertThat(server.takeRequest().bodyText())
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
    }

    @Test
    void named_params_go_on_the_wire_as_an_object_with_strings_and_raw_json() {
        Cli.Result result = Cli.run("call", url, "echo", "name=Yoko", "age:=7", "tags:=[\"cat\"]", "note=1");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\","
                + "\"params\":{\"name\":\"Yoko\",\"age\":7,\"tags\":[\"cat\"],\"note\":\"1\"},\"id\":1}");
        assertThat(result.out()).isEqualTo("""
                {
                  "name": "Yoko",
                  "age": 7,
                  "tags": [
                    "cat"
                  ],
                  "note": "1"
                }
                """);
    }

    @Test
    void positional_params_are_json_when_they_parse_and_strings_otherwise() {
        Cli.Result result = Cli.run("call", url, "echo", "1", "-2.50", "true", "null", "hello", "{\"a\":1}", "\"x=y\"");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\","
                + "\"params\":[1,-2.50,true,null,\"hello\",{\"a\":1},\"x=y\"],\"id\":1}");
        assertThat(result.out()).contains("-2.50");
    }

    @Test
    void a_call_without_params_sends_no_params_member() {
        Cli.Result result = Cli.run("call", url, "echo");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("null\n");
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"id\":1}");
    }

    @Test
    void mixing_named_and_positional_params_is_a_usage_error_and_sends_nothing() {
        Cli.Result result = Cli.run("call", url, "echo", "a=1", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("""
                jsonrpc call: cannot mix named params ('a=1') with positional ones ('2'): \
                JSON-RPC params are either an object or an array
                Try 'jsonrpc call --help' for more information.
                """);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void an_error_response_exits_1_with_code_message_and_data_on_stderr() {
        Cli.Result result = Cli.run("call", url, "fail");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("""
                error -32000: Nothing works
                {
                  "retry": false
                }
                """);
    }

    @Test
    void raw_prints_the_whole_response_object() {
        Cli.Result ok = Cli.run("call", "--raw", url, "add", "2", "3");
        Cli.Result failed = Cli.run("call", "--raw", url, "fail");

        assertThat(ok.exitCode()).isEqualTo(0);
        assertThat(ok.out()).isEqualTo("""
                {
                  "jsonrpc": "2.0",
                  "result": 5,
                  "id": 1
                }
                """);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("\"code\": -32000", "\"message\": \"Nothing works\"", "\"id\": 1");
        assertThat(failed.err()).startsWith("error -32000: Nothing works\n");
    }

    @Test
    void headers_basic_auth_and_bearer_tokens_reach_the_server() {
        Cli.run("call", "-H", "X-Trace-Id: 42", "-H", "X-Empty:", "-u", "bob:pa:ss", url, "echo");
        Cli.run("call", "--bearer", "t0ken", url, "echo");

        RecordedRequest basic = server.takeRequest();
        assertThat(basic.header("X-Trace-Id")).contains("42");
        assertThat(basic.header("X-Empty")).contains("");
        assertThat(basic.header("Authorization")).contains("Basic Ym9iOnBhOnNz");   // bob:pa:ss
        assertThat(server.takeRequest().header("Authorization")).contains("Bearer t0ken");
    }

    @Test
    void verbose_logs_headers_request_and_response_on_stderr_with_secrets_masked() {
        Cli.Result result = Cli.run("call", "-v", "--bearer", "t0ken-s3cret", url, "echo", "password=hunter2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).contains("\"password\": \"hunter2\"");
        assertThat(result.err()).isEqualTo(url + " --> Authorization: ***\n"
                + url + " --> {\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"password\":\"***\"},\"id\":1}\n"
                + url + " <-- {\"jsonrpc\":\"2.0\",\"result\":{\"password\":\"***\"},\"id\":1} (200 OK)\n");
        assertThat(server.takeRequest().header("Authorization")).contains("Bearer t0ken-s3cret");
    }

    @Test
    void without_verbose_nothing_is_logged() {
        Cli.Result result = Cli.run("call", url, "echo", "password=hunter2");

        assertThat(result.err()).isEmpty();
    }

    @Test
    void id_styles_send_the_chosen_kind_of_id() {
        Cli.run("call", "--id", "hex", url, "echo");
        Cli.run("call", "--id", "UUID", url, "echo");
        Cli.run("call", "--id", "random", url, "echo");

        assertThat(server.takeRequest().json().get("id").asText()).isEqualTo("1");
        assertThat(server.takeRequest().json().get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f-]{27}");
        assertThat(server.takeRequest().json().get("id").asText()).matches("[0-9a-z]{8}");
    }

    @Test
    void a_reply_with_the_wrong_id_exits_3_naming_the_rule() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}"));

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("jsonrpc: invalid response (ID_MISMATCH): response has \"id\": 2, "
                + "expected 1 [method add, endpoint " + url + "]\n");
    }

    @Test
    void a_reply_that_is_not_json_exits_3() {
        server.enqueue(MockReply.json("<html>hello</html>"));

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("jsonrpc: ").contains("[method add, endpoint " + url + "]");
    }

    @Test
    void an_empty_reply_to_a_request_exits_3() {
        server.enqueue(MockReply.empty());

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("no response to request 1");
    }

    @Test
    void a_json_rpc_1_0_reply_fails_strict_validation_and_passes_with_lenient() {
        String legacy = "{\"result\":3,\"error\":null,\"id\":1}";
        server.enqueue(MockReply.json(legacy)).enqueue(MockReply.json(legacy));

        Cli.Result strict = Cli.run("call", url, "add", "1", "2");
        Cli.Result lenient = Cli.run("call", "--lenient", url, "add", "1", "2");

        assertThat(strict.exitCode()).isEqualTo(3);
        assertThat(strict.err()).contains("JSONRPC_VERSION");
        assertThat(lenient.exitCode()).isEqualTo(0);
        assertThat(lenient.out()).isEqualTo("3\n");
    }

    @Test
    void a_timeout_exits_4() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}").withDelay(Duration.ofSeconds(10)));

        long start = System.nanoTime();
        Cli.Result result = Cli.run("call", "--timeout", "200ms", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("jsonrpc: no reply within 200ms [method add, endpoint " + url + "]\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_refused_connection_exits_4() throws Exception {
        String closed = "http://127.0.0.1:" + Ports.closedPort() + "/";

        Cli.Result result = Cli.run("call", closed, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("jsonrpc: could not connect to " + closed
                + ": connection refused [method add, endpoint " + closed + "]\n");
    }

    @Test
    void an_http_500_with_an_html_body_exits_4() {
        server.enqueue(MockReply.status(500).withHeader("Content-Type", "text/html")
                .withBody("<html><body>\n<h1>Oops</h1>\n</body></html>"));

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).startsWith("jsonrpc: HTTP 500").contains("Oops").endsWith("]\n");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void an_http_500_with_a_json_rpc_error_body_exits_1() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},"
                + "\"id\":1}").withStatus(500));

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error -32603: Internal error\n");
    }

    @Test
    void stack_traces_appear_only_with_debug() {
        server.enqueue(MockReply.empty()).enqueue(MockReply.empty());

        Cli.Result plain = Cli.run("call", url, "add", "1", "2");
        Cli.Result debug = Cli.run("call", "--debug", url, "add", "1", "2");

        assertThat(plain.err()).doesNotContain("\tat ");
        assertThat(debug.exitCode()).isEqualTo(3);
        assertThat(debug.err()).contains("NoResponseException", "\tat ");
    }

    @Test
    void a_url_without_a_scheme_is_taken_as_http() {
        Cli.Result result = Cli.run("call", "127.0.0.1:" + server.port(), "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("3\n");
    }

    @Test
    void malformed_urls_and_options_are_usage_errors() {
        String[][] cases = {
            {"call", "ftp://x/", "m"},
            {"call", "http://", "m"},
            {"call", "--timeout", "soon", url, "m"},
            {"call", "--id", "roman", url, "m"},
            {"call", "-H", "no colon", url, "m"},
            {"call", "-H", "Bad Name: x", url, "m"},
            {"call", "-H", "Host: elsewhere", url, "m"},
            {"call", "-u", "bob", "--bearer", "t", url, "m"},
            {"call", "--lenient", "--no-validate", url, "m"},
            {"call", "--cacert", "/no/such/ca.pem", url, "m"},
            {"call", "--cacert", "/no/such/ca.pem", "--insecure", url, "m"},
            {"call", url, "m", "x:=not json"},
            {"call", url, "m", "x=1", "x=2"},
            {"call", url},
            {"call", "--no-such-option", url, "m"},
        };
        for (String[] args : cases) {
            Cli.Result result = Cli.run(args);

            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args))
                    .startsWith("jsonrpc call: ").endsWith("Try 'jsonrpc call --help' for more information.\n");
        }
        assertThat(server.requestCount()).isZero();
    }
}
