package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WebSocketFrameWriterTest {

    /** Unmasks the payload of the frame at the start of {@code wire}, whose header is {@code headerLength} bytes. */
    private static byte[] unmask(byte[] wire, int headerLength, int payloadLength) {
        byte[] mask = Arrays.copyOfRange(wire, headerLength - 4, headerLength);
        byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payloadLength; i++) {
            payload[i] = (byte) (wire[headerLength + i] ^ mask[i & 3]);
        }
        return payload;
    }

    @Test
    void aShortMessageIsOneMaskedFinalTextFrameWrittenOnFlush() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new WebSocketFrameWriter(out, 42);
        byte[] json = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

        writer.frame(WebSocketOpcodes.TEXT, json);
        assertThat(out.size()).isZero(); // buffered until flush
        writer.flush();

        byte[] wire = out.toByteArray();
        assertThat(wire).hasSize(2 + 4 + json.length);
        assertThat(wire[0] & 0xFF).isEqualTo(0x81);
        assertThat(wire[1] & 0xFF).isEqualTo(0x80 | json.length);
        assertThat(unmask(wire, 6, json.length)).isEqualTo(json);
        assertThat(json).isEqualTo("{\"id\":1}".getBytes(StandardCharsets.UTF_8)); // the caller's array is untouched
    }

    @Test
    void aMessageOver64KiBHasASixtyFourBitLengthAndSurvivesTheBuffer() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new WebSocketFrameWriter(out, 7);
        byte[] payload = new byte[100_000];
        Arrays.fill(payload, (byte) 'y');

        writer.frame(WebSocketOpcodes.BINARY, payload);
        writer.flush();

        byte[] wire = out.toByteArray();
        assertThat(wire[0] & 0xFF).isEqualTo(0x82);
        assertThat(wire[1] & 0xFF).isEqualTo(0x80 | 127);
        long length = 0;
        for (int i = 2; i < 10; i++) {
            length = (length << 8) | (wire[i] & 0xFF);
        }
        assertThat(length).isEqualTo(payload.length);
        assertThat(unmask(wire, 14, payload.length)).isEqualTo(payload);
    }

    @Test
    void aMediumMessageHasASixteenBitLength() throws Exception {
        var out = new ByteArrayOutputStream();
        var writer = new WebSocketFrameWriter(out, 7);
        byte[] payload = new byte[300];

        writer.frame(WebSocketOpcodes.TEXT, payload);
        writer.flush();

        byte[] wire = out.toByteArray();
        assertThat(wire[1] & 0xFF).isEqualTo(0x80 | 126);
        assertThat(((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF)).isEqualTo(300);
        assertThat(wire).hasSize(4 + 4 + 300);
    }
}
