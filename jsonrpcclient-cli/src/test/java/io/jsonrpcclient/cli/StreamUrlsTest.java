package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamUrlsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSocket server;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A TCP server on 127.0.0.1 that reads JSON values however they are delimited and answers add. */
    private String startTcpServer(String delimiter) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept();
                        var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(socket.getInputStream())) {
                    OutputStream out = socket.getOutputStream();
                    while (values.hasNextValue()) {
                        JsonNode call = values.nextValue();
                        received.add(call.toString());
                        if (call.has("id")) {
                            ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0")
                                    .put("result", call.get("params").get(0).asInt() + call.get("params").get(1).asInt());
                            reply.set("id", call.get("id"));
                            out.write((reply + delimiter).getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // the client went, or the server closed
                }
            }
        }, "cli-test-tcp-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private String take() throws InterruptedException {
        String line = received.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("a message reached the server within 10 s").isNotNull();
        return line;
    }

    private static String stdioUrl() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "stdio:'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + StdioEchoMain.class.getName();
    }

    @Test
    void call_over_tcp_sends_one_line_and_prints_the_result() throws Exception {
        String url = startTcpServer("\n");

        Cli.Result result = Cli.run("call", url, "add", "1", "2");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("3\n");
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(take()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
    }

    @Test
    void notify_over_tcp_sends_the_notification_and_prints_nothing() throws Exception {
        String url = startTcpServer("\n");

        Cli.Result result = Cli.run("notify", url, "log", "1", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEmpty();
        assertThat(take()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"log\",\"params\":[1,2]}");
    }

    @Test
    void call_over_tcp_with_stream_framing_reads_replies_with_no_delimiter() throws Exception {
        String url = startTcpServer("");

        Cli.Result result = Cli.run("call", "--framing", "stream", url, "add", "20", "22");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("42\n");
        assertThat(result.exitCode()).isEqualTo(0);
    }

    @Test
    void call_over_stdio_starts_the_command_and_speaks_content_length() {
        Cli.Result result = Cli.run("call", stdioUrl(), "add", "40", "2");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("42\n");
        assertThat(result.exitCode()).isEqualTo(0);
    }

    @Test
    void send_over_stdio_prints_the_whole_response() {
        Cli.Result result = Cli.run("send", stdioUrl(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"hi\"],\"id\":7}");

        assertThat(result.err()).isEmpty();
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("""
                {
                  "jsonrpc": "2.0",
                  "result": [
                    "hi"
                  ],
                  "id": 7
                }
                """);
    }

    @Test
    void a_refused_tcp_connection_is_a_transport_failure() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Cli.Result result = Cli.run("call", "tcp://127.0.0.1:" + port, "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TRANSPORT);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("could not connect to tcp://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void a_stdio_command_that_does_not_exist_is_a_transport_failure() {
        Cli.Result result = Cli.run("call", "stdio:/nonexistent/server --stdio", "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TRANSPORT);
        assertThat(result.err()).contains("could not start stdio:/nonexistent/server --stdio");
    }

    @Test
    void framing_on_an_http_url_and_headers_on_a_tcp_url_are_usage_errors() {
        Cli.Result framing = Cli.run("call", "--framing", "newline", "http://127.0.0.1:1/", "add");
        assertThat(framing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(framing.err()).contains("--framing applies to tcp://, tls:// and stdio: URLs only");

        Cli.Result header = Cli.run("call", "-H", "X-A: 1", "tcp://127.0.0.1:1", "add");
        assertThat(header.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(header.err()).contains("--header applies to HTTP and WebSocket URLs only");

        Cli.Result unknown = Cli.run("call", "--framing", "lines", "tcp://127.0.0.1:1", "add");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown --framing 'lines': use newline, content-length or stream");
    }
}
