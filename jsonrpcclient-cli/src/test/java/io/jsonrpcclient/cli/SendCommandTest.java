package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendCommandTest {

    private static final String ADD = "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":7}";

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final String url = server.uri().toString();

    @BeforeEach
    void registerMethods() {
        server.method("add", params -> IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()));
        server.method("log", params -> NullNode.getInstance());
        server.method("fail", params -> {
            throw new MethodError(-32000, "Nothing works");
        });
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void a_request_is_sent_as_it_is_and_its_whole_response_printed() {
        Cli.Result result = Cli.run("send", url, ADD);

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(server.takeRequest().bodyText()).isEqualTo(ADD);
        assertThat(result.out()).isEqualTo("""
                {
                  "jsonrpc": "2.0",
                  "result": 3,
                  "id": 7
                }
                """);
    }

    @Test
    void the_message_is_read_from_stdin_when_absent_or_a_dash() {
        Cli.Result absent = Cli.runWithStdin(ADD + "\n", "send", url);
        Cli.Result dash = Cli.runWithStdin(ADD, "send", url, "-");

        assertThat(absent.exitCode()).isEqualTo(0);
        assertThat(absent.out()).contains("\"result\": 3");
        assertThat(dash.exitCode()).isEqualTo(0);
        assertThat(dash.out()).isEqualTo(absent.out());
    }

    @Test
    void a_batch_prints_the_array_of_responses_in_request_order_and_exits_0_despite_an_error_entry() {
        String batch = "[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":\"a\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"x\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":\"b\"}]";

        Cli.Result result = Cli.run("send", url, batch);

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                [
                  {
                    "jsonrpc": "2.0",
                    "result": 3,
                    "id": "a"
                  },
                  {
                    "jsonrpc": "2.0",
                    "error": {
                      "code": -32000,
                      "message": "Nothing works"
                    },
                    "id": "b"
                  }
                ]
                """);
    }

    @Test
    void a_batch_answered_out_of_order_is_printed_in_request_order() {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":2,\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}]"));

        Cli.Result result = Cli.run("send", url, "[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"id\":2}]");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out().indexOf("\"id\": 1")).isLessThan(result.out().indexOf("\"id\": 2"));
    }

    @Test
    void a_single_error_response_is_printed_and_exits_1() {
        Cli.Result result = Cli.run("send", url, "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":1}");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("\"code\": -32000");
        assertThat(result.err()).isEqualTo("error -32000: Nothing works\n");
    }

    @Test
    void a_notification_prints_nothing() {
        Cli.Result result = Cli.run("send", url, "{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[\"x\"]}");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_reply_with_the_wrong_id_exits_3() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":8}"));

        Cli.Result result = Cli.run("send", url, ADD);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("ID_MISMATCH", "expected 7");
    }

    @Test
    void a_batch_reply_with_a_stranger_id_exits_3() {
        server.enqueue(MockReply.json("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":7},{\"jsonrpc\":\"2.0\",\"result\":4,\"id\":99}]"));

        Cli.Result result = Cli.run("send", url, "[" + ADD + "]");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("UNKNOWN_ID");
    }

    @Test
    void invalid_json_or_a_non_request_is_a_usage_error_and_sends_nothing() {
        for (String text : new String[] {"{not json", "{\"jsonrpc\":\"2.0\",\"id\":1}", "[]", "42", "  "}) {
            Cli.Result result = Cli.run("send", url, text);

            assertThat(result.exitCode()).as(text).isEqualTo(2);
            assertThat(result.err()).as(text).startsWith("jsonrpc send: ");
        }
        assertThat(Cli.runWithStdin("", "send", url).exitCode()).isEqualTo(2);
        assertThat(server.requestCount()).isZero();
    }
}
