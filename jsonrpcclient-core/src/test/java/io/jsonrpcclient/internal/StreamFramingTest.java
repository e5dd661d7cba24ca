package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFramingTest {

    private static final String CONCATENATED = "{\"jsonrpc\":\"2.0\",\"result\":\"}{\\\\\",\"id\":1}"
            + "[{\"jsonrpc\":\"2.0\",\"result\":{\"a\":[]},\"id\":2}]"
            + "\n  {\n  \"jsonrpc\": \"2.0\",\n  \"method\": \"tick\"\n}";
    private static final List<String> MESSAGES = List.of(
            "{\"jsonrpc\":\"2.0\",\"result\":\"}{\\\\\",\"id\":1}",
            "[{\"jsonrpc\":\"2.0\",\"result\":{\"a\":[]},\"id\":2}]",
            "{\n  \"jsonrpc\": \"2.0\",\n  \"method\": \"tick\"\n}");

    private static JsonValueScanner reader() {
        return JsonValueScanner.concatenated(1024);
    }

    @Test
    void valuesWithNoDelimiterReadWholeAreCutWhereEachCloses() throws Exception {
        Frames frames = Frames.whole(reader(), CONCATENATED);

        assertThat(frames.messages).isEqualTo(MESSAGES);
        assertThat(frames.dropped).isEmpty();
    }

    @Test
    void valuesWithNoDelimiterReadByteByByteGiveTheSameMessages() throws Exception {
        assertThat(Frames.byteByByte(reader(), CONCATENATED).messages).isEqualTo(MESSAGES);
    }

    @Test
    void valuesWithNoDelimiterReadInRandomChunksGiveTheSameMessagesForEverySeed() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            assertThat(Frames.randomChunks(reader(), CONCATENATED, seed).messages).as("seed %d", seed)
                    .isEqualTo(MESSAGES);
        }
    }

    @Test
    void prettyPrintedValuesMaySpanLines() throws Exception {
        Frames frames = Frames.whole(reader(), "{\n \"id\": 1,\n \"result\": [\n  1\n ]\n}\n");

        assertThat(frames.messages).containsExactly("{\n \"id\": 1,\n \"result\": [\n  1\n ]\n}");
    }

    @Test
    void bytesOutsideAnyValueAreDroppedUpToTheNextValue() throws Exception {
        Frames frames = Frames.byteByByte(reader(), "{\"id\":1}garbage 42 {\"id\":2}");

        assertThat(frames.messages).containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(frames.dropped).containsExactly(
                "garbage 42  (11 bytes: bytes outside any JSON object or array)");
    }

    @Test
    void aValueOverTheLimitFailsTheStream() {
        assertThatThrownBy(() -> Frames.randomChunks(JsonValueScanner.concatenated(10), "{\"a\":\"0123456789\"}", 1))
                .isInstanceOf(FramingException.class)
                .hasMessage("the server sent a message larger than the limit of 10 bytes");
    }

    @Test
    void anUnfinishedValueIsKeptUntilTheRestArrives() throws Exception {
        var reader = reader();
        var frames = new Frames();
        byte[] first = "{\"id\":1,\"result\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "b\"}".getBytes(StandardCharsets.UTF_8);

        reader.feed(first, 0, first.length, frames);
        assertThat(frames.messages).isEmpty();
        assertThat(reader.buffered()).isEqualTo(first.length);

        reader.feed(rest, 0, rest.length, frames);
        assertThat(frames.messages).containsExactly("{\"id\":1,\"result\":\"ab\"}");
        assertThat(reader.buffered()).isZero();
    }

    @Test
    void splitCutsAFrameHoldingSeveralValuesAndLeavesAnythingElseAlone() {
        assertThat(JsonValueScanner.split(bytes("{\"id\":1} {\"id\":2}")))
                .extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("{\"id\":1}", "{\"id\":2}");
        assertThat(JsonValueScanner.split(bytes("{\"id\":1}"))).isNull();
        assertThat(JsonValueScanner.split(bytes("{\"id\":1} x {\"id\":2}"))).isNull();
        assertThat(JsonValueScanner.split(bytes("{\"id\":1} {\"id\":"))).isNull();
        assertThat(JsonValueScanner.split(bytes(""))).isNull();
    }

    @Test
    void theWriterWritesTheMessageBare() throws IOException {
        var out = new ByteArrayOutputStream();
        FrameWriter.concatenated().write(out, bytes("{\"a\":1}"));
        FrameWriter.concatenated().write(out, bytes("{\"b\":2}"));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}{\"b\":2}");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
