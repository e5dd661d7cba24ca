package io.jsonrpcclient.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.zeromq.ZeroMqTransport.SocketType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.ZMQ;

/** What the builder accepts and refuses, before any socket exists. */
class ZeroMqTransportBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:5555", "tcp://localhost:1", "tcp://[::1]:65535", "ipc://jsonrpc",
        "inproc://workers"})
    void everyKindOfZeroMqEndpointIsAcceptedAndShownAsGiven(String endpoint) {
        try (ZeroMqTransport transport = ZeroMqTransport.of(endpoint)) {
            assertThat(transport.endpoint()).isEqualTo(endpoint);
            assertThat(transport.socketType()).isEqualTo(SocketType.REQ);
            assertThat(transport).hasToString("ZeroMqTransport[REQ " + endpoint + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:5555", "tcp://127.0.0.1", "tcp://127.0.0.1:*", "zmq+tcp://127.0.0.1:5555",
        "127.0.0.1:5555", "tcp://127.0.0.1:99999", "", "inproc://"})
    void anythingElseIsRefusedWithTheShapesThatWork(String endpoint) {
        assertThatThrownBy(() -> ZeroMqTransport.newBuilder(endpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(endpoint.equals("tcp://127.0.0.1:99999")
                        ? "is over 65535" : "a ZeroMQ endpoint is tcp://host:port, ipc://name or inproc://name");
    }

    @Test
    void curveKeysMustBeFortyCharactersOfZ85() {
        ZMQ.Curve.KeyPair keys = ZMQ.Curve.generateKeyPair();
        ZeroMqTransport.Builder builder = ZeroMqTransport.newBuilder("tcp://127.0.0.1:5555");

        assertThatThrownBy(() -> builder.curve("short", keys.publicKey, keys.secretKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the CURVE server public key must be 40 characters of Z85 text (as"
                        + " ZMQ.Curve.generateKeyPair() makes), got 5 characters");
        assertThatThrownBy(() -> builder.curve(keys.publicKey, keys.publicKey, keys.secretKey.replace(
                keys.secretKey.charAt(0), ' ')))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the CURVE client secret key must be 40 characters of Z85 text");
        builder.curve(keys.publicKey, keys.publicKey, keys.secretKey).build().close();
    }

    @Test
    void durationsAndLimitsMustMakeSense() {
        ZeroMqTransport.Builder builder = ZeroMqTransport.newBuilder("tcp://127.0.0.1:5555");

        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the connect timeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.receiveTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the receive timeout must be positive, was PT-1S");
        assertThatThrownBy(() -> builder.linger(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("linger must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> builder.sendHighWaterMark(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the send high-water mark must be at least 1, was 0");
        assertThatThrownBy(() -> builder.maxPendingCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPendingCalls must be at least 1, was 0");
        assertThatThrownBy(() -> builder.maxMessageSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageSize must be at least 1, was 0");
        builder.linger(Duration.ZERO).sendTimeout(Duration.ofSeconds(1)).receiveHighWaterMark(10)
                .reconnectInterval(Duration.ofMillis(10)).socketType(SocketType.DEALER).build().close();
    }
}
