package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonrpcclient.Id;
import io.jsonrpcclient.internal.InboundScan.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the cheap scan of an inbound message finds. */
class InboundScanTest {

    private static InboundScan scan(String message) {
        return InboundScan.of(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aResponseYieldsItsTopLevelIdWhereverItStands() {
        assertThat(scan("{\"id\":7,\"jsonrpc\":\"2.0\",\"result\":{\"id\":8}}"))
                .isEqualTo(new InboundScan(Kind.RESPONSE, List.of(Id.of(7)), false));
        assertThat(scan("{\"jsonrpc\":\"2.0\",\"result\":[{\"id\":8}],\"id\":\"a\"}"))
                .isEqualTo(new InboundScan(Kind.RESPONSE, List.of(Id.of("a")), false));
    }

    @Test
    void anIntegralFloatIdCountsAsThatIntegerAndOtherIdsAsNone() {
        assertThat(scan("{\"result\":1,\"id\":3.0}").ids()).containsExactly(Id.of(3));
        assertThat(scan("{\"result\":1,\"id\":1e2}").ids()).containsExactly(Id.of(100));
        for (String id : List.of("3.5", "null", "true", "[1]", "{\"a\":1}", "123456789012345678901234567890")) {
            assertThat(scan("{\"result\":1,\"id\":" + id + "}"))
                    .as(id).isEqualTo(new InboundScan(Kind.RESPONSE, List.of(), true));
        }
        assertThat(scan("{\"jsonrpc\":\"2.0\",\"result\":1}"))
                .isEqualTo(new InboundScan(Kind.RESPONSE, List.of(), true));
    }

    @Test
    void aBatchReplyYieldsEveryIdInOrderAndNotesEntriesWithout() {
        assertThat(scan("[{\"result\":1,\"id\":2},{\"error\":{},\"id\":null},{\"result\":3,\"id\":\"x\"},7]"))
                .isEqualTo(new InboundScan(Kind.RESPONSE, List.of(Id.of(2), Id.of("x")), true));
    }

    @Test
    void messagesWithAMethodAreTheServersOwn() {
        assertThat(scan("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"id\":1}").kind()).isEqualTo(Kind.SERVER_MESSAGE);
        assertThat(scan("[{\"method\":\"a\"},{\"method\":\"b\",\"id\":2}]").kind()).isEqualTo(Kind.SERVER_MESSAGE);
        // A response beside a server call makes the array a reply.
        assertThat(scan("[{\"method\":\"a\"},{\"result\":1,\"id\":2}]"))
                .isEqualTo(new InboundScan(Kind.RESPONSE, List.of(Id.of(2)), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n", "[]", " [ ] "})
    void nothingOrAnEmptyArrayIsBlank(String message) {
        assertThat(scan(message).kind()).isEqualTo(Kind.BLANK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "42", "\"text\"", "null", "{\"id\":1", "[{\"id\":1}", "{\"id\":}", "{]"})
    void anythingElseIsMalformed(String message) {
        assertThat(scan(message).kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void deeplyNestedAndLongValuesAreSkippedWithoutLimitsGettingInTheWay() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        String longText = "x".repeat(30_000_000);
        assertThat(scan("{\"result\":" + deep + ",\"id\":5}").ids()).containsExactly(Id.of(5));
        assertThat(scan("{\"result\":\"" + longText + "\",\"id\":6}").ids()).containsExactly(Id.of(6));
    }
}
