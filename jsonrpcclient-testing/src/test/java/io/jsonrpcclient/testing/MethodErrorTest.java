package io.jsonrpcclient.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class MethodErrorTest {

    @Test
    void carries_code_message_and_data() {
        MethodError error = new MethodError(-32000, "Insufficient funds", TextNode.valueOf("details"));

        assertThat(error.code()).isEqualTo(-32000);
        assertThat(error.getMessage()).isEqualTo("Insufficient funds");
        assertThat(error.data()).isEqualTo(TextNode.valueOf("details"));
    }

    @Test
    void has_a_missing_node_as_data_when_none_was_given_but_keeps_an_explicit_json_null() {
        assertThat(new MethodError(1, "x").data().isMissingNode()).isTrue();
        assertThat(new MethodError(1, "x", null).data().isMissingNode()).isTrue();
        assertThat(new MethodError(1, "x", NullNode.getInstance()).data().isNull()).isTrue();
    }
}
