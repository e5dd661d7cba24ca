package io.jsonrpcclient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ListenAndWebSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Server server;
    private ServerConnector connector;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile BiConsumer<Session, JsonNode> handler = (session, message) -> { };

    /** Jetty needs a public endpoint class. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session session;
        final List<Session> sessions = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            try {
                handler.accept(session, JSON.readTree(text));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        var threads = new QueuedThreadPool(8, 2);
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container ->
                container.addMapping("/", (request, response, callback) -> new Endpoint())));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/";
    }

    private static void send(Session session, String text) {
        session.sendText(text, Callback.NOOP);
    }

    @Test
    void a_call_over_ws_prints_the_result() throws Exception {
        handler = (session, request) -> send(session,
                "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":3}");

        Cli.Result result = Cli.run("call", url(), "add", "1", "2");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo("3\n");
        assertThat(received.poll(5, TimeUnit.SECONDS))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1}");
    }

    @Test
    void listen_subscribes_then_prints_each_notification_on_its_own_line_until_the_count() throws Exception {
        handler = (session, request) -> {
            send(session, "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":\"0x1\"}");
            for (int i = 1; i <= 3; i++) {
                send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":"
                        + "{\"subscription\":\"0x1\",\"result\":{\"number\":" + i + "}}}");
            }
        };

        Cli.Result result = Cli.run("listen", url(), "--count", "2", "--subscribe", "eth_subscribe", "newHeads");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0x1\","
                        + "\"result\":{\"number\":1}}}\n"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0x1\","
                        + "\"result\":{\"number\":2}}}\n");
        assertThat(received.poll(5, TimeUnit.SECONDS))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"],\"id\":1}");
    }

    @Test
    void listen_exits_4_when_the_server_closes_the_connection() {
        handler = (session, request) -> session.close(1001, "going away", Callback.NOOP);

        Cli.Result result = Cli.run("listen", url(), "--subscribe", "bye");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("1001 going away");
    }

    @Test
    void listen_over_http_is_a_usage_error() {
        Cli.Result result = Cli.run("listen", "http://127.0.0.1:1/");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("listen needs a connection the server can send on, such as a ws:// URL");
    }
}
