package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFrameReaderTest {

    /** Records what the reader reports, one line per event. */
    private static class Events implements WebSocketFrameReader.Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onMessage(byte[] message) {
            seen.add("message " + new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void onPing(byte[] payload) {
            seen.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(byte[] payload) {
            seen.add("close " + Arrays.toString(payload));
        }

        @Override
        public void onEnd() {
            seen.add("end");
        }

        @Override
        public void onTooBig() {
            seen.add("too big");
        }

        @Override
        public void onProtocolError(String what) {
            seen.add("protocol error: " + what);
        }
    }

    /** Appends one unmasked server frame, with the shortest length encoding unless {@code longLength}. */
    private static void frame(ByteArrayOutputStream out, boolean fin, int opcode, byte[] payload, boolean longLength) {
        out.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (longLength) {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift) & 0xFF);
            }
        } else if (length < 126) {
            out.write(length);
        } else {
            out.write(126);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(payload);
    }

    private static void frame(ByteArrayOutputStream out, boolean fin, int opcode, String payload) {
        frame(out, fin, opcode, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private static List<String> read(byte[] wire, long maxMessageBytes) throws IOException {
        var events = new Events();
        new WebSocketFrameReader(new ByteArrayInputStream(wire), maxMessageBytes, () -> { }).readFrames(events);
        return events.seen;
    }

    @Test
    void anUnfragmentedTextFrameIsOneMessageAndTheEndOfTheStreamIsReported() throws Exception {
        var wire = new ByteArrayOutputStream();
        frame(wire, true, WebSocketOpcodes.TEXT, "{\"id\":1}");

        assertThat(read(wire.toByteArray(), 1024)).containsExactly("message {\"id\":1}", "end");
    }

    @Test
    void fragmentsAreReassembledAroundAPingBetweenThem() throws Exception {
        var wire = new ByteArrayOutputStream();
        frame(wire, false, WebSocketOpcodes.TEXT, "{\"id\":");
        frame(wire, true, WebSocketOpcodes.PING, "hi");
        frame(wire, false, WebSocketOpcodes.CONTINUATION, "1,");
        frame(wire, true, WebSocketOpcodes.CONTINUATION, "\"result\":true}");

        assertThat(read(wire.toByteArray(), 1024))
                .containsExactly("ping hi", "message {\"id\":1,\"result\":true}", "end");
    }

    @Test
    void aSixtyFourBitLengthLargerThanTheBufferIsReadWhole() throws Exception {
        byte[] payload = new byte[200_000];
        Arrays.fill(payload, (byte) 'x');
        var wire = new ByteArrayOutputStream();
        frame(wire, true, WebSocketOpcodes.BINARY, payload, true);
        List<byte[]> messages = new ArrayList<>();
        var events = new Events() {
            @Override
            public void onMessage(byte[] message) {
                messages.add(message);
            }
        };

        new WebSocketFrameReader(new ByteArrayInputStream(wire.toByteArray()), 1 << 20, () -> { }).readFrames(events);

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).isEqualTo(payload);
    }

    @Test
    void aMaskedServerFrameIsAProtocolError() throws Exception {
        byte[] wire = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'a' ^ 1, 'b' ^ 2};

        assertThat(read(wire, 1024))
                .containsExactly("protocol error: a masked frame (a server must not mask its frames)");
    }

    @Test
    void rsvBitsAReservedOpcodeAndAStrayContinuationAreProtocolErrors() throws Exception {
        assertThat(read(new byte[] {(byte) 0xC1, 0}, 1024))
                .containsExactly("protocol error: a frame with RSV bits set, though no extension was agreed");
        assertThat(read(new byte[] {(byte) 0x83, 0}, 1024))
                .containsExactly("protocol error: a frame with the reserved opcode 3");
        assertThat(read(new byte[] {(byte) 0x80, 0}, 1024))
                .containsExactly("protocol error: a continuation frame with no message begun");
        assertThat(read(new byte[] {0x01, 0, 0x01, 0}, 1024))
                .containsExactly("protocol error: a new message inside a fragmented one");
    }

    @Test
    void aFragmentedOrLongControlFrameIsAProtocolError() throws Exception {
        var fragmented = new ByteArrayOutputStream();
        frame(fragmented, false, WebSocketOpcodes.PING, "");
        var longPing = new ByteArrayOutputStream();
        frame(longPing, true, WebSocketOpcodes.PING, new byte[126], false);

        assertThat(read(fragmented.toByteArray(), 1024))
                .containsExactly("protocol error: a control frame that is fragmented or longer than 125 bytes");
        assertThat(read(longPing.toByteArray(), 1024))
                .containsExactly("protocol error: a control frame that is fragmented or longer than 125 bytes");
    }

    @Test
    void aMessageOverTheLimitIsTooBigAlsoWhenOnlyItsFragmentsTogetherAre() throws Exception {
        var whole = new ByteArrayOutputStream();
        frame(whole, true, WebSocketOpcodes.TEXT, "0123456789");
        var fragments = new ByteArrayOutputStream();
        frame(fragments, false, WebSocketOpcodes.TEXT, "01234");
        frame(fragments, true, WebSocketOpcodes.CONTINUATION, "56789");

        assertThat(read(whole.toByteArray(), 9)).containsExactly("too big");
        assertThat(read(fragments.toByteArray(), 9)).containsExactly("too big");
    }

    @Test
    void theServersCloseEndsReadingWithItsPayload() throws Exception {
        var wire = new ByteArrayOutputStream();
        frame(wire, true, WebSocketOpcodes.CLOSE, new byte[] {0x03, (byte) 0xE8}, false);
        frame(wire, true, WebSocketOpcodes.TEXT, "never read");

        assertThat(read(wire.toByteArray(), 1024)).containsExactly("close [3, -24]");
    }

    @Test
    void aStreamEndingInsideAFrameIsAnEofException() {
        byte[] wire = {(byte) 0x81, 5, 'a', 'b'};

        assertThatThrownBy(() -> read(wire, 1024)).isInstanceOf(EOFException.class)
                .hasMessage("the server ended the connection inside a frame");
    }
}
