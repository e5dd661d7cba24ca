package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JsonRpcCodec#parseMessage(String)}: request text written by hand, read into the model. */
class JsonRpcCodecParseMessageTest {

    private static final JsonRpcCodec CODEC = JsonRpcCodec.standard();

    @Test
    void readsARequestWithItsId() {
        Message message = CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":7}");

        assertThat(message).isEqualTo(Request.of("add", Params.of(IntNode.valueOf(1), IntNode.valueOf(2)), Id.of(7)));
    }

    @Test
    void readsAnObjectWithoutIdAsANotification() {
        assertThat(CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"log\"}"))
                .isEqualTo(Notification.of("log", Params.none()));
    }

    @Test
    void readsANullIdAsARequestWithTheNullId() {
        assertThat(CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":null}"))
                .isEqualTo(Request.of("m", Params.none(), Id.NULL));
    }

    @Test
    void readsAnArrayAsABatchInOrder() {
        Message message = CODEC.parseMessage("[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":\"1\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"params\":{\"k\":1}}]");

        assertThat(message).isInstanceOfSatisfying(Batch.class, batch -> {
            assertThat(batch.calls()).extracting(Call::method).containsExactly("a", "b");
            assertThat(batch.requests()).extracting(Request::id).containsExactly(Id.of("1"));
        });
    }

    @Test
    void refusesTextThatIsNotJsonOrEmpty() {
        assertThatThrownBy(() -> CODEC.parseMessage("{oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CODEC.parseMessage("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesTextWithASecondValueAfterTheMessage() {
        // send(String) sends the text as it is: a second message after the first would reach the
        // server while the reply is checked against the first alone.
        for (String text : List.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1}\n{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1} trailing")) {
            assertThatThrownBy(() -> CODEC.parseMessage(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesAnotherJsonrpcVersion() {
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"1.0\",\"method\":\"a\",\"id\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected \"2.0\"");
    }

    @Test
    void refusesJsonrpcWrittenAsTheNumberTwoPointZero() {
        // The text is sent as it is, and {"jsonrpc": 2.0} is not a JSON-RPC 2.0 request.
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":2.0,\"method\":\"a\",\"id\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected \"2.0\"");
    }

    @Test
    void refusesAMissingOrNonStringMethod() {
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"id\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"method\"");
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":1,\"id\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"method\"");
    }

    @Test
    void refusesParamsThatAreNeitherArrayNorObject() {
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":\"bar\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"params\"");
    }

    @Test
    void refusesAnIdThatIsNotAStringAnIntegerOrNull() {
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1.5}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"id\"");
        assertThatThrownBy(() -> CODEC.parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":[1]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesABatchWithDuplicateIds() {
        assertThatThrownBy(() -> CODEC.parseMessage("[{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"id\":1}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the id 1");
    }

    @Test
    void refusesJsonThatIsNotAnObjectOrArray() {
        assertThatThrownBy(() -> CODEC.parseMessage("42")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object");
    }
}
