package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentLengthFramingTest {

    private static final String BODY_1 = "{\"jsonrpc\":\"2.0\",\"result\":\"żółw\",\"id\":1}";
    private static final String BODY_2 = "{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{}}";
    private static final String TWO_FRAMES = frame(BODY_1)
            + "Content-Length: " + utf8Length(BODY_2) + "\r\n"
            + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + BODY_2;

    private static ContentLengthFrameReader reader() {
        return new ContentLengthFrameReader(1024);
    }

    private static String frame(String body) {
        return "Content-Length: " + utf8Length(body) + "\r\n\r\n" + body;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void twoFramesReadWholeGiveTheirBodies() throws Exception {
        Frames frames = Frames.whole(reader(), TWO_FRAMES);

        assertThat(frames.messages).containsExactly(BODY_1, BODY_2);
        assertThat(frames.dropped).isEmpty();
    }

    @Test
    void twoFramesReadByteByByteGiveTheSameBodies() throws Exception {
        assertThat(Frames.byteByByte(reader(), TWO_FRAMES).messages).containsExactly(BODY_1, BODY_2);
    }

    @Test
    void twoFramesReadInRandomChunksGiveTheSameBodiesForEverySeed() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            assertThat(Frames.randomChunks(reader(), TWO_FRAMES, seed).messages).as("seed %d", seed)
                    .containsExactly(BODY_1, BODY_2);
        }
    }

    @Test
    void headerNamesAreCaseInsensitiveAndTheValueMayBePadded() throws Exception {
        Frames frames = Frames.whole(reader(), "content-length:   8  \r\n\r\n{\"id\":1}");

        assertThat(frames.messages).containsExactly("{\"id\":1}");
    }

    @Test
    void aBodyHoldingTwoValuesBackToBackIsDeliveredAsTwoMessages() throws Exception {
        Frames frames = Frames.whole(reader(), frame("{\"id\":1}{\"id\":2}"));

        assertThat(frames.messages).containsExactly("{\"id\":1}", "{\"id\":2}");
    }

    @Test
    void aBodyThatIsNotJsonIsDeliveredAsItIsForTheCodecToJudge() throws Exception {
        Frames frames = Frames.whole(reader(), frame("oops") + frame("{\"id\":2}"));

        assertThat(frames.messages).containsExactly("oops", "{\"id\":2}");
    }

    @Test
    void anEmptyBodyIsAnEmptyMessage() throws Exception {
        Frames frames = Frames.whole(reader(), "Content-Length: 0\r\n\r\n" + frame("{}"));

        assertThat(frames.messages).containsExactly("", "{}");
    }

    @Test
    void aBodyAtTheLimitPassesAndALargerAnnouncementFailsBeforeAnyBodyIsRead() throws Exception {
        assertThat(Frames.whole(new ContentLengthFrameReader(8), frame("{\"id\":1}")).messages)
                .containsExactly("{\"id\":1}");

        var reader = new ContentLengthFrameReader(8);
        assertThatThrownBy(() -> Frames.whole(reader, "Content-Length: 9\r\n\r\n"))
                .isInstanceOf(FramingException.class)
                .hasMessage("the server announced a message of 9 bytes, larger than the limit of 8 bytes");
        assertThat(reader.buffered()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a bare LF line end     | Content-Length: 2\\n\\n{} | a header line ends in \\n without \\r",
        "no Content-Length      | Content-Type: x\\r\\n\\r\\n{} | no Content-Length header",
        "a blank line first     | \\r\\nContent-Length: 2\\r\\n\\r\\n{} | a blank line where the Content-Length header should be",
        "JSON without a header  | {\"id\":1}\\r\\n\\r\\n | '{\"id\":1}' is not a header (NAME: VALUE)",
        "a negative length      | Content-Length: -1\\r\\n\\r\\n | Content-Length '-1' is not a decimal number",
        "a length with letters  | Content-Length: 12a\\r\\n\\r\\n | Content-Length '12a' is not a decimal number",
        "an empty length        | Content-Length:\\r\\n\\r\\n | Content-Length '' is not a decimal number",
        "two lengths            | Content-Length: 2\\r\\nContent-Length: 2\\r\\n\\r\\n{} | Content-Length appears twice",
        "an unknown header      | Content-Length: 2\\r\\nX-Trace: 1\\r\\n\\r\\n{} | unexpected header 'X-Trace' (only Content-Length and Content-Type are allowed)",
    })
    void aMalformedHeaderFailsTheStreamWithAClearMessage(String name, String input, String problem) {
        String text = input.replace("\\r", "\r").replace("\\n", "\n");

        assertThatThrownBy(() -> Frames.byteByByte(reader(), text))
                .isInstanceOf(FramingException.class)
                .hasMessage("malformed Content-Length framing: " + problem);
    }

    @Test
    void aHeaderSectionThatNeverEndsIsRefusedAtEightKilobytes() {
        String endless = "Content-Type: " + "x".repeat(9000);

        assertThatThrownBy(() -> Frames.whole(reader(), endless))
                .isInstanceOf(FramingException.class)
                .hasMessage("malformed Content-Length framing: the header section is longer than 8192 bytes"
                        + " without ending in a blank line");
    }

    @Test
    void theWriterPutsTheByteLengthBeforeTheBody() throws IOException {
        var out = new ByteArrayOutputStream();
        FrameWriter.contentLength().write(out, BODY_1.getBytes(StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Content-Length: 43\r\n\r\n" + BODY_1);
        assertThat(Frames.whole(reader(), out.toString(StandardCharsets.UTF_8)).messages)
                .isEqualTo(List.of(BODY_1));
    }
}
