package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codec copies a caller's mapper and keeps working whatever that mapper's settings. */
class CodecWithCallerMapperTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMapperThatFailsOnTrailingTokensStillReadsResponsesMemberByMember() {
        ObjectMapper strictMapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(strictMapper).build();
        Request request = Request.of("add", Params.of(1, 2), Id.of(1));

        Reply reply = codec.decodeReply(request, utf8("{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":3},\"id\":1}"));

        assertThat(reply).isInstanceOf(Response.Success.class);
        assertThat(((Response.Success) reply).result().get("sum").intValue()).isEqualTo(3);
    }

    @Test
    void theCallersMapperIsNeverChanged() {
        ObjectMapper mine = new ObjectMapper();
        int depthBefore = mine.getFactory().streamReadConstraints().getMaxNestingDepth();

        JsonRpcCodec.newBuilder().objectMapper(mine).maxNestingDepth(7).build();

        assertThat(mine.getFactory().streamReadConstraints().getMaxNestingDepth()).isEqualTo(depthBefore);
    }
}
