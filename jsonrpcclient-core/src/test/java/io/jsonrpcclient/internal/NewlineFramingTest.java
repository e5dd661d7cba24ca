package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewlineFramingTest {

    private static final String TWO_LINES = "{\"jsonrpc\":\"2.0\",\"result\":\"a}b\\\"{\",\"id\":1}\n"
            + "[{\"jsonrpc\":\"2.0\",\"result\":[1,[2]],\"id\":2}]\n";
    private static final List<String> TWO_MESSAGES = List.of(
            "{\"jsonrpc\":\"2.0\",\"result\":\"a}b\\\"{\",\"id\":1}",
            "[{\"jsonrpc\":\"2.0\",\"result\":[1,[2]],\"id\":2}]");

    private static JsonValueScanner reader() {
        return JsonValueScanner.newlineDelimited(1024);
    }

    @Test
    void twoLinesReadWholeGiveTwoMessagesWithoutTheirNewlines() throws Exception {
        Frames frames = Frames.whole(reader(), TWO_LINES);

        assertThat(frames.messages).isEqualTo(TWO_MESSAGES);
        assertThat(frames.dropped).isEmpty();
    }

    @Test
    void twoLinesReadByteByByteGiveTheSameMessages() throws Exception {
        assertThat(Frames.byteByByte(reader(), TWO_LINES).messages).isEqualTo(TWO_MESSAGES);
    }

    @Test
    void twoLinesReadInRandomChunksGiveTheSameMessagesForEverySeed() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            assertThat(Frames.randomChunks(reader(), TWO_LINES, seed).messages).as("seed %d", seed)
                    .isEqualTo(TWO_MESSAGES);
        }
    }

    @Test
    void crlfLineEndsAndBlankLinesAreTolerated() throws Exception {
        Frames frames = Frames.whole(reader(), "\r\n{\"id\":1}\r\n\r\n   \n\t{\"id\":2}\r\n");

        assertThat(frames.messages).containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(frames.dropped).isEmpty();
    }

    @Test
    void valuesBackToBackOnOneLineAreSeparateMessages() throws Exception {
        Frames frames = Frames.byteByByte(reader(), "{\"id\":1}{\"id\":2} [3]\n");

        assertThat(frames.messages).containsExactly("{\"id\":1}", "{\"id\":2}", "[3]");
    }

    @Test
    void aValueIsDeliveredWhenItClosesEvenBeforeItsNewlineArrives() throws Exception {
        Frames frames = Frames.whole(reader(), "{\"id\":1}");

        assertThat(frames.messages).containsExactly("{\"id\":1}");
    }

    @Test
    void aLineOfLogTextIsDroppedAndTheMessagesAroundItSurvive() throws Exception {
        Frames frames = Frames.byteByByte(reader(), "{\"id\":1}\nWARN starting up {not json}\n{\"id\":2}\n");

        assertThat(frames.messages).containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(frames.dropped).containsExactly(
                "WARN starting up {not json} (27 bytes: a line that is not a JSON object or array)");
    }

    @Test
    void aValueLeftOpenAtTheEndOfItsLineIsDroppedAndTheNextLineIsReadAfresh() throws Exception {
        Frames frames = Frames.whole(reader(), "{\"id\":1,\"result\":[\n{\"id\":2}\n");

        assertThat(frames.messages).containsExactly("{\"id\":2}");
        assertThat(frames.dropped).containsExactly(
                "{\"id\":1,\"result\":[ (18 bytes: a line that ends inside a JSON value)");
    }

    @Test
    void aJsonScalarIsNotAMessage() throws Exception {
        Frames frames = Frames.whole(reader(), "42\n\"text\"\n{\"id\":1}\n");

        assertThat(frames.messages).containsExactly("{\"id\":1}");
        assertThat(frames.dropped).hasSize(2);
    }

    @Test
    void multiByteUtf8IsKeptIntactAcrossChunks() throws Exception {
        String line = "{\"result\":\"żółw 🐢 \\u00e9\",\"id\":1}\n";
        for (long seed = 0; seed < 50; seed++) {
            assertThat(Frames.randomChunks(reader(), line, seed).messages)
                    .containsExactly("{\"result\":\"żółw 🐢 \\u00e9\",\"id\":1}");
        }
    }

    @Test
    void aMessageAtTheLimitPassesAndOneByteMoreFailsTheStream() throws Exception {
        String atLimit = "{\"a\":\"" + "x".repeat(10) + "\"}"; // 18 bytes
        assertThat(Frames.whole(JsonValueScanner.newlineDelimited(18), atLimit + "\n").messages)
                .containsExactly(atLimit);

        String over = "{\"a\":\"" + "x".repeat(11) + "\"}";
        assertThatThrownBy(() -> Frames.byteByByte(JsonValueScanner.newlineDelimited(18), over + "\n"))
                .isInstanceOf(FramingException.class)
                .hasMessage("the server sent a message larger than the limit of 18 bytes");
    }

    @Test
    void aHugeUnfinishedValueIsRefusedAtTheLimitInsteadOfBufferedWithoutBound() {
        var reader = JsonValueScanner.newlineDelimited(1000);
        byte[] chunk = ("[" + "1,".repeat(300)).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                reader.feed(chunk, 0, chunk.length, new Frames());
            }
        }).isInstanceOf(FramingException.class);
        assertThat(reader.buffered()).isLessThanOrEqualTo(1000);
    }

    @Test
    void theWriterEndsEachMessageWithANewlineAndKeepsItOnOneLine() throws IOException {
        var out = new ByteArrayOutputStream();
        FrameWriter.newline().write(out, "{\"a\":\n 1}".getBytes(StandardCharsets.UTF_8));
        FrameWriter.newline().write(out, "{\"b\":2}".getBytes(StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":  1}\n{\"b\":2}\n");
    }
}
