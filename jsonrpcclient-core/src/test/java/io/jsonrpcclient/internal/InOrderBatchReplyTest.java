package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.Batch;
import io.jsonrpcclient.BatchResponse;
import io.jsonrpcclient.Call;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.Validation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The short path for a batch reply that answers its requests in order must decode every body as
 * the full path does (the same responses, or the same failure), in every validation mode; and it
 * must be the path the usual reply takes.
 */
class InOrderBatchReplyTest {

    private static final String[] IDS_WRITTEN_OTHERWISE = {"\"7\"", "7.0", "07", "null", "-7", "\"x\\u0041\"", "[7]"};
    private static final String[] RESULTS = {"3", "-3", "\"abc\"", "\"\"", "true", "false", "null", "1.5", "[1,2]",
            "{\"a\":1}", "\"a\\\"b\"", "\"ü\"", "99999999999999999999", "tru"};
    /** The first this many results are ones the scanner reads. */
    private static final int PLAIN_RESULTS = 7;
    private static final String[] SPACE = {"", "", "", " ", "\n", "\r\n  ", "\t"};

    private final ResponseReader reader = new ResponseReader(CodecMapper.given(limited(new ObjectMapper())));

    private static ObjectMapper limited(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(1_000)
                .maxDocumentLength(1L << 20).build());
        return mapper;
    }

    private static String space(Random r) {
        return SPACE[r.nextInt(SPACE.length)];
    }

    /** {@return one request's id as text: a number, a plain string, or a string the scanner leaves alone} */
    private static Id randomId(Random r, int k) {
        return switch (r.nextInt(6)) {
            case 0 -> Id.of("s" + k);
            case 1 -> Id.of(-k - 1L);
            case 2 -> Id.of(4_294_967_296L + k);
            case 3 -> Id.of(r.nextBoolean() ? "é" + k : "q\"" + k);
            default -> Id.of(k + 1L);
        };
    }

    /**
     * {@return an entry answering {@code id}: mostly the plain answer, laid out (spacing, member
     * order) by {@code layout}, one time in four something odd}
     */
    private static String entry(Random r, Id id, Random layout) {
        if (r.nextInt(4) != 0) {
            var members = new ArrayList<>(List.of("\"jsonrpc\":" + space(layout) + "\"2.0\"",
                    "\"id\":" + space(layout) + id.toJson(), "\"result\":" + space(layout) + RESULTS[r.nextInt(PLAIN_RESULTS)]));
            Collections.shuffle(members, layout);
            return "{" + space(layout) + String.join("," + space(layout), members) + space(layout) + "}";
        }
        var members = new ArrayList<String>();
        String version = switch (r.nextInt(14)) {
            case 0 -> null;
            case 1 -> "\"1.0\"";
            case 2 -> "2.0";
            default -> "\"2.0\"";
        };
        if (version != null) {
            members.add("\"jsonrpc\":" + space(r) + version);
        }
        String idText = r.nextInt(10) == 0 ? IDS_WRITTEN_OTHERWISE[r.nextInt(IDS_WRITTEN_OTHERWISE.length)] : id.toJson();
        if (r.nextInt(20) != 0) {
            members.add("\"id\":" + space(r) + idText);
        }
        switch (r.nextInt(12)) {
            case 0 -> members.add("\"error\":{\"code\":-32000,\"message\":\"no\"}");
            case 1 -> { }
            case 2 -> {
                members.add("\"result\":" + RESULTS[r.nextInt(RESULTS.length)]);
                members.add("\"error\":null");
            }
            default -> members.add("\"result\":" + space(r) + RESULTS[r.nextInt(RESULTS.length)]);
        }
        if (r.nextInt(25) == 0) {
            members.add("\"id\":" + id.toJson());  // a duplicate member
        }
        Collections.shuffle(members, r);
        return "{" + space(r) + String.join("," + space(r), members) + space(r) + "}";
    }

    private static String reply(Random r, List<Request> requests) {
        var entries = new ArrayList<String>();
        // Half the replies lay every entry out alike, as servers do; the others vary it per entry.
        long uniform = r.nextBoolean() ? r.nextLong() : 0;
        for (Request request : requests) {
            entries.add(entry(r, request.id(), uniform != 0 ? new Random(uniform) : r));
        }
        switch (r.nextInt(16)) {
            case 0 -> Collections.shuffle(entries, r);
            case 1 -> entries.remove(r.nextInt(entries.size()));
            case 2 -> entries.add(entries.get(0));
            case 3 -> entries.add(r.nextInt(entries.size() + 1), "null");
            case 4 -> entries.add("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"bad\"},\"id\":null}");
            default -> { }
        }
        String text = space(r) + "[" + space(r) + String.join("," + space(r), entries) + space(r) + "]" + space(r);
        return switch (r.nextInt(30)) {
            case 0 -> text + "x";
            case 1 -> text.substring(0, text.length() - 1 - r.nextInt(3));
            default -> text;
        };
    }

    private static Object outcome(ThrowingReply decode) {
        try {
            var reply = (BatchResponse) decode.get();
            return List.of(reply.responses(), reply.unmatched());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private interface ThrowingReply {
        Object get();
    }

    @Test
    void bothPathsDecodeRandomBatchRepliesAlikeInEveryMode() {
        var r = new Random(7);
        int shortPath = 0;
        int bodies = 0;
        for (Validation mode : Validation.values()) {
            var decoder = new ReplyDecoder(reader, mode, 1L << 20);
            for (int i = 0; i < 4_000; i++) {
                var calls = new ArrayList<Call>();
                int n = 1 + r.nextInt(5);
                for (int k = 0; k < n; k++) {
                    calls.add(Request.of("m", Params.none(), randomId(r, k)));
                }
                Batch batch;
                try {
                    batch = new Batch(calls);
                } catch (IllegalArgumentException sameIdTwice) {
                    continue;
                }
                byte[] body = reply(r, batch.requests()).getBytes(StandardCharsets.UTF_8);
                assertThat(outcome(() -> decoder.decode(batch, body)))
                        .as(mode + " " + new String(body, StandardCharsets.UTF_8))
                        .isEqualTo(outcome(() -> decoder.decodeBatchInFull(batch, body)));
                shortPath += reader.answersInOrder(body, batch.requests()) != null ? 1 : 0;
                bodies++;
            }
        }
        // Both paths must have been taken often, or the comparison above proves little.
        assertThat(shortPath).as("replies read on the short path, of " + bodies).isBetween(bodies / 10, bodies * 3 / 4);
    }

    @Test
    void theUsualReplyTakesTheShortPathAndAnswersWithTheRequestsIds() {
        var requests = List.of(Request.of("a", Params.none(), Id.of(1)), Request.of("b", Params.none(), Id.of("two")),
                Request.of("c", Params.none(), Id.of(-3)));
        byte[] body = ("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},\n {\"id\":\"two\",\"result\":\"x\",\"jsonrpc\":\"2.0\"},"
                + "{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":-3}]").getBytes(StandardCharsets.UTF_8);

        Response[] answers = reader.answersInOrder(body, requests);

        assertThat(answers).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(answers[k].id()).isSameAs(requests.get(k).id());
        }
        assertThat(((Response.Success) answers[1]).result().textValue()).isEqualTo("x");
        assertThat(((Response.Success) answers[2]).result().isNull()).isTrue();
    }

    @Test
    void anythingElseIsLeftToTheFullPath() {
        var requests = List.of(Request.of("a", Params.none(), Id.of(1)), Request.of("b", Params.none(), Id.of(2)));
        for (String body : List.of(
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2},{}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"m\"},\"id\":2}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"2\"}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"result\":3,\"id\":2}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"id\":2}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":[3],\"id\":2}]",
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}] x",
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1}")) {
            assertThat(reader.answersInOrder(body.getBytes(StandardCharsets.UTF_8), requests)).as(body).isNull();
        }
        String big = "[{\"jsonrpc\":\"2.0\",\"result\":\"" + "a".repeat(70_000) + "\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":2}]";
        assertThat(new ResponseReader(CodecMapper.given(new ObjectMapper()))
                .answersInOrder(big.getBytes(StandardCharsets.UTF_8), requests)).as("a body over 64 KiB").isNull();
    }
}
