package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {

    @Test
    void theAcceptValueIsTheOneInRfc6455() {
        // RFC 6455 §1.3's worked example.
        assertThat(WebSocketHandshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aHeaderTheHandshakeSetsItselfIsRefusedInAnyCase() {
        WebSocketHandshake.checkHeaders(Map.of("Authorization", "Bearer x"));

        assertThatThrownBy(() -> WebSocketHandshake.checkHeaders(Map.of("sec-WebSocket-Key", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the WebSocket handshake sets sec-WebSocket-Key itself");
    }
}
