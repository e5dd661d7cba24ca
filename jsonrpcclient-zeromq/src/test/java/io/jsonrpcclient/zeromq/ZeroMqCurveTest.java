package io.jsonrpcclient.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.ZMQ;

/** CURVE against a JeroMQ REP server with CURVE on. */
class ZeroMqCurveTest {

    private static final ZMQ.Curve.KeyPair SERVER = ZMQ.Curve.generateKeyPair();
    private static final ZMQ.Curve.KeyPair CLIENT = ZMQ.Curve.generateKeyPair();

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aClientWithTheServersPublicKeyTalksToACurveServer(SocketType type) throws Exception {
        try (TestServer server = TestServer.repWithCurve(SERVER);
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(type)
                        .curve(SERVER.publicKey, CLIENT.publicKey, CLIENT.secretKey)
                        .build()).timeout(Duration.ofSeconds(10)).build()) {

            assertThat(client.request(Integer.class, "add", 19, 23)).isEqualTo(42);
            client.notify("echo", "secret");
            assertThat(client.request(Integer.class, "add", 1, 1)).isEqualTo(2);
            assertThat(server.all()).containsExactly(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[19,23],\"id\":1}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"secret\"]}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,1],\"id\":2}");
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aClientWithTheWrongServerKeyFailsAndTheServerReceivesNothing(SocketType type) {
        ZMQ.Curve.KeyPair impostor = ZMQ.Curve.generateKeyPair();
        try (TestServer server = TestServer.repWithCurve(SERVER);
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(type)
                        .curve(impostor.publicKey, CLIENT.publicKey, CLIENT.secretKey)
                        .build()).timeout(Duration.ofSeconds(5)).build()) {

            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isExactlyInstanceOf(TransportException.class)
                    .hasMessage("the connection to " + server.endpoint() + " was lost before the reply came; if the"
                            + " server uses CURVE, check the keys [method add, endpoint " + server.endpoint() + "]");
            assertThat(server.all()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(SocketType.class)
    void aClientWithoutKeysGetsNothingFromACurveServer(SocketType type) {
        try (TestServer server = TestServer.repWithCurve(SERVER);
                JsonRpcClient client = JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(server.endpoint())
                        .socketType(type).build()).timeout(Duration.ofSeconds(2)).build()) {

            // JeroMQ's server either drops the connection that offers no CURVE handshake (a TransportException
            // at once) or leaves it hanging (a RequestTimeoutException, its subclass): it varies from run to run.
            assertThatThrownBy(() -> client.request("add", 1, 2))
                    .isInstanceOf(TransportException.class)
                    .hasMessageEndingWith("[method add, endpoint " + server.endpoint() + "]");
            assertThat(server.all()).isEmpty();
        }
    }
}
