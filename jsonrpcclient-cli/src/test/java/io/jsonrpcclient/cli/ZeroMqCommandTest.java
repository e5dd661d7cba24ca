package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.cli.internal.DemoZeroMqServer;
import io.jsonrpcclient.cli.internal.Endpoints;
import io.jsonrpcclient.cli.internal.UsageException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code zmq+tcp://} URLs in call, notify and send, against the demo's ZeroMQ server. */
class ZeroMqCommandTest {

    private final DemoZeroMqServer server = DemoZeroMqServer.start(0);
    private final String url = server.url();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void call_over_a_req_socket_prints_the_result() {
        Cli.Result result = Cli.run("call", url, "add", "1", "2", "3");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("6\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void call_over_a_dealer_socket_prints_the_result() {
        Cli.Result result = Cli.run("call", "--zmq-socket", "DEALER", url, "cat", "name=Yoko");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("\"Yoko says meow\"\n");
    }

    @Test
    void notify_sends_and_prints_nothing_over_either_socket() {
        for (String socket : new String[] {"req", "dealer"}) {
            Cli.Result result = Cli.run("notify", "--zmq-socket", socket, url, "echo", "hello");

            assertThat(result.exitCode()).as(socket).isEqualTo(0);
            assertThat(result.out()).as(socket).isEmpty();
            assertThat(result.err()).as(socket).isEmpty();
        }
    }

    @Test
    void send_prints_the_array_of_responses_for_a_batch() {
        Cli.Result result = Cli.run("send", url, "[{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":2}]");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).contains("\"result\": 3", "\"code\": -32601", "\"message\": \"Method not found\"");
    }

    @Test
    void an_error_response_exits_1_with_the_error_on_stderr() {
        Cli.Result result = Cli.run("call", url, "fail");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error -32000: ");
    }

    @Test
    void verbose_logs_name_the_zeromq_endpoint() {
        Cli.Result result = Cli.run("call", "-v", url, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.err()).contains(server.endpoint() + " --> {\"jsonrpc\":\"2.0\",\"method\":\"add\","
                + "\"params\":[1,2],\"id\":1}");
        assertThat(result.err()).contains(server.endpoint() + " <-- {\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}");
    }

    @Test
    void no_server_exits_4_within_the_timeout_naming_the_endpoint() throws Exception {
        int port = Ports.closedPort();

        long start = System.nanoTime();
        Cli.Result result = Cli.run("call", "--timeout", "500ms", "zmq+tcp://127.0.0.1:" + port, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(4);
        // The connect timeout is cut to the call's, so either may end the wait first.
        assertThat(result.err()).containsAnyOf("could not connect to tcp://127.0.0.1:" + port + " within ",
                "no reply within 500ms [method add, endpoint tcp://127.0.0.1:" + port + "]");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void wrong_zeromq_urls_and_options_that_do_not_apply_are_usage_errors() {
        String[][] cases = {
            {"call", "zmq://127.0.0.1:5555", "add"},
            {"call", "zmq+tcp://127.0.0.1", "add"},
            {"call", "zmq+inproc://x", "add"},
            {"call", "-H", "X-A: 1", url, "add"},
            {"call", "--bearer", "t", url, "add"},
            {"call", "--insecure", url, "add"},
            {"call", "--zmq-socket", "pub", url, "add"},
            {"call", "--zmq-socket", "dealer", "http://127.0.0.1:1/", "add"},
        };
        for (String[] args : cases) {
            Cli.Result result = Cli.run(args);

            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        }
        assertThat(Cli.run("call", "-H", "X-A: 1", url, "add").err()).contains("--header does not apply to ZeroMQ URLs");
        assertThat(Cli.run("call", "--zmq-socket", "pub", url, "add").err())
                .contains("'pub' is not a ZeroMQ socket type: use req or dealer");
        assertThat(Cli.run("call", "--zmq-socket", "dealer", "http://127.0.0.1:1/", "add").err())
                .contains("--zmq-socket applies to zmq+tcp:// and zmq+ipc:// URLs only");
    }

    @Test
    void zeromq_urls_become_zeromq_endpoints() {
        assertThat(Endpoints.isZeroMq(" ZMQ+TCP://h:1")).isTrue();
        assertThat(Endpoints.isZeroMq("zmqhost:8080")).isFalse();
        assertThat(Endpoints.zeroMqEndpoint("zmq+tcp://127.0.0.1:5555")).isEqualTo("tcp://127.0.0.1:5555");
        assertThat(Endpoints.zeroMqEndpoint("zmq+ipc://jsonrpc")).isEqualTo("ipc://jsonrpc");
        Assertions.assertThatThrownBy(() -> Endpoints.zeroMqEndpoint("zmq://h:1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("'zmq://h:1' is not a ZeroMQ URL the tool reaches: use zmq+tcp://HOST:PORT or"
                        + " zmq+ipc://NAME");
        Assertions.assertThatThrownBy(() -> Endpoints.zeroMqEndpoint("zmq+tcp://h"))
                .isInstanceOf(UsageException.class)
                .hasMessage("'zmq+tcp://h' needs a host and a port: zmq+tcp://HOST:PORT");
    }

    @Test
    void demo_serve_also_serves_zeromq_and_says_where() throws Exception {
        Cli.Running serving = Cli.start("demo", "--serve", "--serve-for", "20s");
        String zmqUrl = awaitZeroMqUrl(serving, Duration.ofSeconds(10));

        Cli.Result call = Cli.run("call", "--zmq-socket", "dealer", zmqUrl, "add", "2", "3");

        assertThat(call.out()).isEqualTo("5\n");
        assertThat(serving.out().toString()).contains("jsonrpc call " + zmqUrl + " add 1 2 3");
        serving.thread().interrupt();
        serving.thread().join(Duration.ofSeconds(10).toMillis());
        assertThat(serving.thread().isAlive()).isFalse();
        assertThat(serving.exitCode()[0]).isEqualTo(0);
    }

    @Test
    void the_demo_tour_shows_zeromq_req_and_dealer() {
        Cli.Result result = Cli.run("demo");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out())
                .contains("ZeroMQ: REQ and DEALER")
                .contains("result:   add 1 2 3 -> 6\n")
                .containsPattern("result:   three 300ms sleeps done after \\d+ms");
    }

    @Test
    void zmq_port_needs_serve_and_a_real_port() {
        assertThat(Cli.run("demo", "--zmq-port", "5555").exitCode()).isEqualTo(2);
        assertThat(Cli.run("demo", "--serve", "--zmq-port", "70000").exitCode()).isEqualTo(2);
    }

    private static String awaitZeroMqUrl(Cli.Running serving, Duration timeout) throws InterruptedException {
        Pattern zmq = Pattern.compile("ZeroMQ on (zmq\\+tcp://127\\.0\\.0\\.1:\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = zmq.matcher(serving.out().toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the demo's ZeroMQ server did not start within " + timeout + "; stderr: "
                + serving.err());
    }
}
