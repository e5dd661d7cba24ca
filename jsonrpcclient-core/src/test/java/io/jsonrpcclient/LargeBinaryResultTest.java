package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.InvalidResponseException.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A large base64 result bound to {@code byte[]} is decoded straight from the reply body
 * ({@link JsonRpcCodec#decodeResult}, and client calls bound to {@code byte[]}), and must give what
 * the tree path ({@code decodeReply} then {@code bind}) gives, bytes or error.
 */
class LargeBinaryResultTest {

    private static final Request BLOB = Request.of("blob", Params.none(), Id.of(1));

    private static byte[] reply(String result, String id) {
        return ("{\"jsonrpc\":\"2.0\",\"result\":\"" + result + "\",\"id\":" + id + "}")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@return the bytes, or the exception's class, that the tree path gives} */
    private static Object viaTree(JsonRpcCodec codec, byte[] body) {
        try {
            JsonNode result = ((Response.Success) codec.decodeReply(BLOB, body)).result();
            return codec.bind(result, byte[].class);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static Object fromBody(JsonRpcCodec codec, byte[] body) {
        try {
            return codec.decodeResult(BLOB, body, byte[].class);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    @Test
    void aLargeBase64ResultBindsToItsBytes() {
        byte[] bytes = random(3 * (1 << 20) + 2, 1);
        byte[] body = reply(Base64.getEncoder().encodeToString(bytes), "1");
        JsonRpcCodec codec = JsonRpcCodec.standard();
        assertThat(codec.decodeResult(BLOB, body, byte[].class)).isEqualTo(bytes);
        assertThat(viaTree(codec, body)).isEqualTo(bytes);
        // The tree path still holds the whole text: nothing left in the body leaks out of decodeReply.
        JsonNode tree = ((Response.Success) codec.decodeReply(BLOB, body)).result();
        assertThat(tree.getClass()).isEqualTo(com.fasterxml.jackson.databind.node.TextNode.class);
        assertThat(tree.textValue()).hasSize(Base64.getEncoder().encodeToString(bytes).length());
    }

    @Test
    void theBodyAndTreePathsAgreeOnGoodAndBrokenText() {
        var r = new Random(11);
        String odd = "=-_ .!";
        int cases = 0;
        for (ObjectMapper mapper : List.of(new ObjectMapper(),
                new ObjectMapper().setBase64Variant(Base64Variants.MODIFIED_FOR_URL),
                new ObjectMapper().setBase64Variant(Base64Variants.PEM))) {
            JsonRpcCodec codec = JsonRpcCodec.newBuilder().objectMapper(mapper).build();
            for (int i = 0; i < 40; i++) {
                byte[] bytes = random(50_000 + r.nextInt(1_000), r.nextLong());
                String text = r.nextBoolean() ? Base64.getEncoder().encodeToString(bytes)
                        : Base64.getUrlEncoder().encodeToString(bytes);
                switch (r.nextInt(5)) {
                    case 0 -> {  // damage one character
                        int at = r.nextInt(text.length());
                        text = text.substring(0, at) + odd.charAt(r.nextInt(odd.length())) + text.substring(at + 1);
                    }
                    case 1 -> text = text.replace("=", "");  // no padding
                    case 2 -> text = text.substring(0, text.length() - 1 - r.nextInt(3));  // cut short
                    case 3 -> text = " " + text.substring(0, 4000) + " " + text.substring(4000);  // spaces
                    default -> { }
                }
                byte[] body = reply(text, "1");
                Object tree = viaTree(codec, body);
                assertThat(fromBody(codec, body)).as("case %d: %s…", i, text.substring(0, 20)).isEqualTo(tree);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(120);
    }

    @Test
    void brokenBase64IsAClearError() {
        String text = Base64.getEncoder().encodeToString(random(60_000, 2));
        byte[] body = reply(text.substring(0, 30_000) + "!" + text.substring(30_001), "1");
        var e = catchThrowableOfType(() -> JsonRpcCodec.standard().decodeResult(BLOB, body, byte[].class),
                InvalidResponseException.class);
        assertThat(e.violation()).isEqualTo(Violation.RESULT_TYPE);
        assertThat(e.getMessage()).contains("(RESULT_TYPE): the result does not fit byte[]: ")
                .contains("base64").contains("'!'");
    }

    @Test
    void aResultThatIsNoStringIsAClearErrorForBytes() {
        JsonRpcCodec codec = JsonRpcCodec.standard();
        for (String result : List.of("12", "{\"a\":1}", "true")) {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":1}").getBytes(StandardCharsets.UTF_8);
            var e = catchThrowableOfType(() -> codec.decodeResult(BLOB, body, byte[].class),
                    InvalidResponseException.class);
            assertThat(e.violation()).as(result).isEqualTo(Violation.RESULT_TYPE);
            assertThat(e.getMessage()).as(result).contains("(RESULT_TYPE): the result does not fit byte[]: ");
        }
    }

    @Test
    void theRulesStillApplyWhenTheResultStaysInTheBody() {
        JsonRpcCodec codec = JsonRpcCodec.standard();
        String text = Base64.getEncoder().encodeToString(random(90_000, 3));
        assertThatThrownBy(() -> codec.decodeResult(BLOB, reply(text, "2"), byte[].class))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.ID_MISMATCH));
        byte[] noVersion = ("{\"result\":\"" + text + "\",\"id\":1}").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> codec.decodeResult(BLOB, noVersion, byte[].class))
                .isInstanceOf(InvalidResponseException.class);
        byte[] error = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"no\"},\"id\":1}"
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> codec.decodeResult(BLOB, error, byte[].class))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.code()).isEqualTo(-32000));
        byte[] tooLarge = reply(text, "1");
        JsonRpcCodec small = JsonRpcCodec.newBuilder().maxResponseBytes(tooLarge.length - 1).build();
        assertThatThrownBy(() -> small.decodeResult(BLOB, tooLarge, byte[].class))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.TOO_LARGE));
        JsonRpcCodec shortStrings = JsonRpcCodec.newBuilder().maxStringLength(text.length() - 1).build();
        assertThatThrownBy(() -> shortStrings.decodeResult(BLOB, reply(text, "1"), byte[].class))
                .isInstanceOfSatisfying(InvalidResponseException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.LIMIT_EXCEEDED));
    }

    /** A proxied API returning bytes. */
    interface Blobs {
        CompletableFuture<byte[]> blob();
    }

    @Test
    void clientCallsAndProxiesBindALargeResultToBytesAndReportBrokenText() throws Exception {
        byte[] bytes = random(1 << 20, 4);
        String text = Base64.getEncoder().encodeToString(bytes);
        var transport = new ScriptedTransport();
        try (JsonRpcClient client = JsonRpcClient.newBuilder(transport).timeout(Duration.ofSeconds(20)).build()) {
            CompletableFuture<byte[]> direct = client.requestAsync(byte[].class, "blob", Params.none());
            answer(transport.next(), text);
            assertThat(direct.get(10, TimeUnit.SECONDS)).isEqualTo(bytes);

            CompletableFuture<byte[]> proxied = client.proxy(Blobs.class).blob();
            answer(transport.next(), text);
            assertThat(proxied.get(10, TimeUnit.SECONDS)).isEqualTo(bytes);

            CompletableFuture<byte[]> broken = client.requestAsync(byte[].class, "blob", Params.none());
            answer(transport.next(), text.substring(0, 1000) + "!" + text.substring(1001));
            var e = catchThrowableOfType(() -> broken.get(10, TimeUnit.SECONDS), ExecutionException.class);
            assertThat(e.getCause()).isInstanceOfSatisfying(InvalidResponseException.class, cause -> {
                assertThat(cause.violation()).isEqualTo(Violation.RESULT_TYPE);
                assertThat(cause.getMessage()).contains("the result does not fit byte[]: ").contains("base64")
                        .contains("[method blob, endpoint scripted:]");
            });
        }
    }

    private static void answer(ScriptedTransport.Pending exchange, String result) {
        String id = exchange.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        exchange.reply("{\"jsonrpc\":\"2.0\",\"result\":\"" + result + "\",\"id\":" + id + "}");
    }

    @Test
    void otherTypesBindAsDecodeReplyAndBindDo() {
        JsonRpcCodec codec = JsonRpcCodec.standard();
        String text = "x".repeat(100_000);
        assertThat(codec.decodeResult(BLOB, reply(text, "1"), String.class)).isEqualTo(text);
        byte[] number = "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}".getBytes(StandardCharsets.US_ASCII);
        assertThat(codec.decodeResult(BLOB, number, Integer.class)).isEqualTo(3);
        byte[] small = reply("AQID", "1");
        assertThat(codec.decodeResult(BLOB, small, byte[].class)).containsExactly(1, 2, 3);
    }
}
