package io.jsonrpcclient.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.JsonRpcClient;
import io.jsonrpcclient.TransportException;
import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connection that stalls in the ZeroMQ handshake (accepted, then silent) is replaced once it has
 * waited about a second for the server's greeting, instead of holding every call until its timeout.
 * JeroMQ 0.5.4 now and then leaves a fresh loopback connection that way; {@link StallingProxy} makes it
 * happen on the first connection every time.
 */
class ZeroMqHandshakeStallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Test
    void aReqCallOnAStalledConnectionIsSentAgainOnAFreshOneAndAnsweredOnce() throws Exception {
        try (TestServer server = TestServer.router();
                StallingProxy proxy = new StallingProxy(server.port());
                JsonRpcClient client = clientThrough(proxy, SocketType.REQ)) {

            assertThat(client.request(Integer.class, "add", 2, 3)).isEqualTo(5);

            assertThat(proxy.accepted()).isEqualTo(2);
            // The stalled connection carried nothing: the server saw the request once.
            assertThat(server.all()).containsExactly("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[2,3],\"id\":1}");
        }
    }

    @Test
    void aDealerReplacesAStalledConnectionAndSaysTheRequestWasNotDelivered() throws Exception {
        try (TestServer server = TestServer.router();
                StallingProxy proxy = new StallingProxy(server.port());
                JsonRpcClient client = clientThrough(proxy, SocketType.DEALER)) {

            assertThatThrownBy(() -> client.request(Integer.class, "add", 2, 3))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("stalled in the ZeroMQ handshake, so the request was not delivered");
            assertThat(server.all()).isEmpty();

            assertThat(client.request(Integer.class, "add", 4, 5)).isEqualTo(9);
            assertThat(proxy.accepted()).isEqualTo(2);
        }
    }

    private static JsonRpcClient clientThrough(StallingProxy proxy, SocketType type) {
        return JsonRpcClient.newBuilder(ZeroMqTransport.newBuilder(proxy.endpoint()).socketType(type).build())
                .timeout(TIMEOUT).build();
    }
}
