package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdTest {

    @Test
    void integerIdsAreEqualByValue() {
        assertThat(Id.of(7)).isEqualTo(Id.of(7)).hasSameHashCodeAs(Id.of(7));
        assertThat(Id.of(7)).isNotEqualTo(Id.of(8));
    }

    @Test
    void stringIdsAreEqualByValue() {
        assertThat(Id.of("abc")).isEqualTo(Id.of("abc")).hasSameHashCodeAs(Id.of("abc"));
        assertThat(Id.of("abc")).isNotEqualTo(Id.of("ABC"));
    }

    @Test
    void anIntegerIdDiffersFromTheStringOfTheSameDigits() {
        assertThat(Id.of(1)).isNotEqualTo(Id.of("1"));
        assertThat(Id.of("1")).isNotEqualTo(Id.of(1));
    }

    @Test
    void theNullIdDiffersFromTheStringNull() {
        assertThat(Id.NULL).isNotEqualTo(Id.of("null"));
        assertThat(Id.NULL).isSameAs(Id.NullId.INSTANCE);
    }

    @Test
    void integerIdsWriteAsJsonNumbers() {
        assertThat(Id.of(7).toJson()).isEqualTo("7");
        assertThat(Id.of(-3).toJson()).isEqualTo("-3");
        assertThat(Id.of(Long.MAX_VALUE).toJson()).isEqualTo("9223372036854775807");
        assertThat(Id.of(Long.MIN_VALUE).toJson()).isEqualTo("-9223372036854775808");
    }

    @Test
    void stringIdsWriteAsQuotedEscapedJsonStrings() {
        assertThat(Id.of("a").toJson()).isEqualTo("\"a\"");
        assertThat(Id.of("").toJson()).isEqualTo("\"\"");
        assertThat(Id.of("say \"hi\"\\").toJson()).isEqualTo("\"say \\\"hi\\\"\\\\\"");
        assertThat(Id.of("line\nbreak\u0001").toJson()).isEqualTo("\"line\\nbreak\\u0001\"");
        assertThat(Id.of("日本").toJson()).isEqualTo("\"日本\"");
    }

    @Test
    void theNullIdWritesAsJsonNull() {
        assertThat(Id.NULL.toJson()).isEqualTo("null");
        assertThat(Id.NULL).hasToString("null");
    }

    @Test
    void toStringIsTheJsonForm() {
        assertThat(Id.of(7)).hasToString("7");
        assertThat(Id.of("7")).hasToString("\"7\"");
    }

    @Test
    void aStringIdCannotHoldJavaNull() {
        assertThatThrownBy(() -> Id.of((String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyIdIsANumberAStringOrNull() {
        assertThat(Id.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(Id.NumberId.class, Id.StringId.class, Id.NullId.class);
        assertThat(Id.of(5)).isInstanceOfSatisfying(Id.NumberId.class, n -> assertThat(n.value()).isEqualTo(5));
        assertThat(Id.of("five")).isInstanceOfSatisfying(Id.StringId.class,
                s -> assertThat(s.value()).isEqualTo("five"));
    }
}
