package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CallOptionsTest {

    @Test
    void noneHasNoTimeoutAndNoHeaders() {
        assertThat(CallOptions.none().timeout()).isEmpty();
        assertThat(CallOptions.none().headers()).isEmpty();
        assertThat(CallOptions.newBuilder().build()).isSameAs(CallOptions.none());
    }

    @Test
    void theCallWinsHeaderByHeaderWhenMerged() {
        CallOptions client = CallOptions.newBuilder()
                .header("X-Trace", "client").header("Accept-Language", "en").build();
        CallOptions call = CallOptions.newBuilder().header("X-Trace", "call").header("X-Extra", "1").build();

        CallOptions merged = client.mergedWith(call);

        assertThat(merged.headers()).containsEntry("X-Trace", "call")
                .containsEntry("Accept-Language", "en")
                .containsEntry("X-Extra", "1")
                .hasSize(3);
    }

    @Test
    void mergingMatchesHeaderNamesWhateverTheirCase() {
        CallOptions client = CallOptions.newBuilder().header("authorization", "Basic old").build();
        CallOptions call = CallOptions.newBuilder().header("AUTHORIZATION", "Bearer new").build();

        CallOptions merged = client.mergedWith(call);

        assertThat(merged.headers()).hasSize(1);
        assertThat(merged.headers().get("Authorization")).isEqualTo("Bearer new");
    }

    @Test
    void theCallsTimeoutWinsAndAMissingOneKeepsTheClients() {
        CallOptions client = CallOptions.newBuilder().timeout(Duration.ofSeconds(5)).header("A", "1").build();
        CallOptions slow = CallOptions.newBuilder().timeout(Duration.ofMinutes(2)).build();
        CallOptions headerOnly = CallOptions.newBuilder().header("B", "2").build();

        assertThat(client.mergedWith(slow).timeout()).contains(Duration.ofMinutes(2));
        assertThat(client.mergedWith(slow).headers()).containsEntry("A", "1");
        assertThat(client.mergedWith(headerOnly).timeout()).contains(Duration.ofSeconds(5));
    }

    @Test
    void mergingWithNoneChangesNothing() {
        CallOptions options = CallOptions.newBuilder().header("A", "1").build();

        assertThat(options.mergedWith(CallOptions.none())).isSameAs(options);
        assertThat(CallOptions.none().mergedWith(options)).isSameAs(options);
    }

    @Test
    void mergingLeavesBothOriginalsUnchanged() {
        CallOptions client = CallOptions.newBuilder().header("A", "1").build();
        CallOptions call = CallOptions.newBuilder().header("A", "2").header("B", "3").build();

        client.mergedWith(call);

        assertThat(client.headers()).containsOnlyKeys("A").containsEntry("A", "1");
        assertThat(call.headers()).hasSize(2);
    }

    @Test
    void headerLookupIgnoresCase() {
        CallOptions options = CallOptions.newBuilder().header("Content-Type", "application/json").build();

        assertThat(options.headers().get("content-type")).isEqualTo("application/json");
        assertThat(options.headers()).containsKey("CONTENT-TYPE");
    }

    @Test
    void aLaterHeaderOfTheSameNameReplacesTheEarlier() {
        CallOptions options = CallOptions.newBuilder().header("x-a", "1").header("X-A", "2").build();

        assertThat(options.headers()).hasSize(1);
        assertThat(options.headers().get("x-a")).isEqualTo("2");
    }

    @Test
    void headersCannotBeModified() {
        CallOptions options = CallOptions.newBuilder().header("A", "1").build();

        assertThatThrownBy(() -> options.headers().put("B", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesHeaderNamesThatAreBlankOrHoldSeparatorsOrControlCharacters() {
        for (String bad : new String[] {"", "  ", "X Trace", "X:Trace", "X\nTrace", "X\tTrace", "Ünicode"}) {
            assertThatThrownBy(() -> CallOptions.newBuilder().header(bad, "v"))
                    .as("name '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid header name");
        }
    }

    @Test
    void refusesHeaderValuesWithLineBreaksSoHeadersCannotBeInjected() {
        assertThatThrownBy(() -> CallOptions.newBuilder().header("X-A", "ok\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> CallOptions.newBuilder().header("X-A", "ok\nmore"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNullHeaderNamesAndValues() {
        assertThatThrownBy(() -> CallOptions.newBuilder().header(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CallOptions.newBuilder().header("A", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> CallOptions.newBuilder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> CallOptions.newBuilder().timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void basicAuthEncodesUserAndPasswordAsUtf8Base64() {
        CallOptions options = CallOptions.newBuilder().basicAuth("aladdin", "öpen sesame").build();

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("aladdin:öpen sesame".getBytes(StandardCharsets.UTF_8));
        assertThat(options.headers()).containsEntry("Authorization", expected);
        assertThat(CallOptions.newBuilder().basicAuth("Aladdin", "open sesame").build().headers().get("authorization"))
                .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void bearerTokenSetsTheAuthorizationHeaderReplacingBasicAuth() {
        CallOptions options = CallOptions.newBuilder().basicAuth("u", "p").bearerToken("t0k").build();

        assertThat(options.headers()).containsOnlyKeys("Authorization").containsEntry("Authorization", "Bearer t0k");
    }

    @Test
    void toStringShowsHeaderNamesButHidesTheirValues() {
        CallOptions options = CallOptions.newBuilder().bearerToken("s3cr3t").timeout(Duration.ofSeconds(3)).build();

        assertThat(options.toString()).contains("Authorization").contains("PT3S").doesNotContain("s3cr3t");
    }

    @Test
    void toBuilderCopiesSoTheOriginalStaysUnchanged() {
        CallOptions original = CallOptions.newBuilder().header("A", "1").timeout(Duration.ofSeconds(1)).build();

        CallOptions changed = original.toBuilder().header("B", "2").build();

        assertThat(original.headers()).containsOnlyKeys("A");
        assertThat(changed.headers()).containsOnlyKeys("A", "B");
        assertThat(changed.timeout()).contains(Duration.ofSeconds(1));
    }

    @Test
    void optionsAreEqualByTimeoutAndHeaders() {
        CallOptions a = CallOptions.newBuilder().header("A", "1").timeout(Duration.ofSeconds(1)).build();
        CallOptions b = CallOptions.newBuilder().header("A", "1").timeout(Duration.ofMillis(1000)).build();
        CallOptions c = CallOptions.newBuilder().header("A", "2").timeout(Duration.ofSeconds(1)).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void sendAloneSurvivesMergingEitherWayAndTakesPartInEquality() {
        CallOptions alone = CallOptions.newBuilder().sendAlone().build();
        CallOptions header = CallOptions.newBuilder().header("A", "1").build();

        assertThat(CallOptions.none().sendAlone()).isFalse();
        assertThat(alone).isNotSameAs(CallOptions.none()).isNotEqualTo(CallOptions.none());
        assertThat(alone.mergedWith(header).sendAlone()).isTrue();
        assertThat(header.mergedWith(alone).sendAlone()).isTrue();
        assertThat(header.mergedWith(alone).headers()).containsEntry("A", "1");
        assertThat(alone.toBuilder().build()).isEqualTo(alone).hasSameHashCodeAs(alone);
        assertThat(alone).hasToString("CallOptions[timeout=null, headers=[], sendAlone]");
    }
}
