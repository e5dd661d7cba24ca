package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.testing.MockJsonRpcServer;
import io.jsonrpcclient.testing.MockReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyCommandTest {

    private final MockJsonRpcServer server = MockJsonRpcServer.start();
    private final String url = server.uri().toString();

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void a_notification_goes_without_an_id_and_prints_nothing() {
        server.method("log", params -> NullNode.getInstance());

        Cli.Result result = Cli.run("notify", url, "log", "level=info", "message=hello there");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\","
                + "\"params\":{\"level\":\"info\",\"message\":\"hello there\"}}");
    }

    @Test
    void a_notification_without_params_has_no_params_member() {
        Cli.Result result = Cli.run("notify", url, "ping");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
    }

    @Test
    void a_notification_the_server_refuses_with_an_error_exits_1() {
        server.enqueue(MockReply.json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},"
                + "\"id\":null}"));

        Cli.Result result = Cli.run("notify", url, "log", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error -32600: Invalid Request\n");
    }

    @Test
    void a_notification_to_a_closed_port_exits_4() throws Exception {
        Cli.Result result = Cli.run("notify", "http://127.0.0.1:" + Ports.closedPort() + "/", "log");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("connection refused");
    }

    @Test
    void an_http_error_status_for_a_notification_exits_4() {
        server.enqueue(MockReply.status(503));

        Cli.Result result = Cli.run("notify", url, "log");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).startsWith("jsonrpc: HTTP 503");
    }
}
