package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static String message(String json) {
        return Redaction.message(json.getBytes(StandardCharsets.UTF_8), 4000);
    }

    @Test
    void masksCredentialHeadersWhateverTheirCase() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc");
        headers.put("cookie", "session=xyz");
        headers.put("Set-Cookie", List.of("id=1"));
        headers.put("Proxy-Authorization", "Basic Zm9v");
        headers.put("X-Api-Key", "k");
        headers.put("X-Auth-Token", "t");
        headers.put("X-Session-Id", "s");
        headers.put("Content-Type", "application/json");

        Map<String, String> redacted = Redaction.headers(headers);

        assertThat(redacted).containsExactly(
                Map.entry("Authorization", "***"),
                Map.entry("cookie", "***"),
                Map.entry("Set-Cookie", "***"),
                Map.entry("Proxy-Authorization", "***"),
                Map.entry("X-Api-Key", "***"),
                Map.entry("X-Auth-Token", "***"),
                Map.entry("X-Session-Id", "***"),
                Map.entry("Content-Type", "application/json"));
    }

    @Test
    void unwrapsSingleHeaderValuesAndKeepsListsOfSeveral() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Content-Length", List.of("42"));
        headers.put("Vary", List.of("Accept", "Origin"));

        assertThat(Redaction.headers(headers))
                .containsEntry("Content-Length", "42")
                .containsEntry("Vary", "[Accept, Origin]");
    }

    @Test
    void recognisesSecretHeaderNames() {
        assertThat(Redaction.isSecretHeader("AUTHORIZATION")).isTrue();
        assertThat(Redaction.isSecretHeader("X-CSRF-Token")).isTrue();
        assertThat(Redaction.isSecretHeader("X-Client-Secret")).isTrue();
        assertThat(Redaction.isSecretHeader("Accept")).isFalse();
        assertThat(Redaction.isSecretHeader("User-Agent")).isFalse();
    }

    @Test
    void masksSecretMembersAtAnyDepth() {
        String logged = message("{\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"user\":\"yoko\","
                + "\"password\":\"hunter2\",\"nested\":[{\"api_key\":\"k-1\",\"accessToken\":\"t-1\"}]},\"id\":1}");

        assertThat(logged).doesNotContain("hunter2").doesNotContain("k-1").doesNotContain("t-1")
                .contains("\"user\":\"yoko\"")
                .contains("\"password\":\"***\"")
                .contains("\"api_key\":\"***\"")
                .contains("\"accessToken\":\"***\"");
    }

    @Test
    void masksTheMembersInsideASecretContainerButKeepsItsHarmlessOnes() {
        String logged = message("{\"credentials\":{\"user\":\"yoko\",\"password\":\"p\"}}");

        assertThat(logged).isEqualTo("{\"credentials\":{\"user\":\"yoko\",\"password\":\"***\"}}");
    }

    @Test
    void masksSecretNumbersAndBooleansButLeavesNullsVisible() {
        assertThat(message("{\"pin_secret\":1234,\"token\":true,\"password\":null}"))
                .isEqualTo("{\"pin_secret\":\"***\",\"token\":\"***\",\"password\":null}");
    }

    @Test
    void masksAria2TokenParams() {
        String logged = message("{\"jsonrpc\":\"2.0\",\"method\":\"aria2.addUri\","
                + "\"params\":[\"token:s3cr3t\",[\"http://example.org/file\"]],\"id\":\"1\"}");

        assertThat(logged).doesNotContain("s3cr3t")
                .contains("\"params\":[\"token:***\",[\"http://example.org/file\"]]");
    }

    @Test
    void masksAria2TokensInsideMulticallBatches() {
        String logged = message("[{\"jsonrpc\":\"2.0\",\"method\":\"system.multicall\",\"params\":[[{\"methodName\":"
                + "\"aria2.tellStatus\",\"params\":[\"token:abc\",\"2089b05ecca3d829\"]}]],\"id\":1}]");

        assertThat(logged).doesNotContain("token:abc").contains("\"token:***\"").contains("2089b05ecca3d829");
    }

    @Test
    void masksSecretsAtTheStartOfAHugeMessageToo() {
        // aria2.addTorrent carries the torrent base64-encoded: often far over 256 KiB, with the token first.
        String json = "{\"jsonrpc\":\"2.0\",\"method\":\"aria2.addTorrent\",\"params\":[\"token:s3cr3t\",\""
                + "QUJD".repeat(100_000) + "\"],\"id\":1}";
        String login = "{\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"password\":\"hunter2\",\"blob\":\""
                + "x".repeat(300_000) + "\"},\"id\":1}";

        assertThat(message(json)).startsWith("{\"jsonrpc\":\"2.0\"").doesNotContain("s3cr3t");
        assertThat(message(login)).startsWith("{\"jsonrpc\":\"2.0\"").doesNotContain("hunter2");
    }

    @Test
    void logsNumbersExactlyAsTheyWentOnTheWire() {
        String body = "{\"jsonrpc\":\"2.0\",\"result\":[1.50,1E+5,12345678901234567890.123],\"id\":1}";

        String logged = Redaction.message(body.getBytes(StandardCharsets.UTF_8), 4000);

        assertThat(logged).contains("1.50").contains("12345678901234567890.123").doesNotContain("1.5,");
    }

    @Test
    void leavesHarmlessMessagesAsTheyAre() {
        String json = "{\"jsonrpc\":\"2.0\",\"result\":{\"tokens_used\":[1,2],\"name\":\"token\"},\"id\":1}";

        assertThat(message(json)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"tokens_used\":[1,2],\"name\":\"token\"},\"id\":1}");
    }

    @Test
    void cutsLongMessagesToTheLimitAndMarksTheCut() {
        String json = "{\"result\":\"" + "a".repeat(500) + "\"}";

        String logged = Redaction.message(json.getBytes(StandardCharsets.UTF_8), 50);

        assertThat(logged).hasSize(51).endsWith("…").startsWith("{\"result\":\"aaa");
    }

    @Test
    void cutsTextThatIsNotJsonWithoutMaskingIt() {
        assertThat(Redaction.message("<html>\n  <b>oops</b>\n</html>".getBytes(StandardCharsets.UTF_8), 4000))
                .isEqualTo("<html> <b>oops</b> </html>");
        assertThat(Redaction.message("x".repeat(100).getBytes(StandardCharsets.UTF_8), 10)).isEqualTo("xxxxxxxxxx…");
    }

    @Test
    void anEmptyBodyLogsAsEmpty() {
        assertThat(Redaction.message(new byte[0], 100)).isEmpty();
        assertThat(Redaction.message("   ".getBytes(StandardCharsets.UTF_8), 100)).isEmpty();
    }

    @Test
    void recognisesSecretMemberNames() {
        assertThat(Redaction.isSecretMember("Password")).isTrue();
        assertThat(Redaction.isSecretMember("private_key")).isTrue();
        assertThat(Redaction.isSecretMember("apiKey")).isTrue();
        assertThat(Redaction.isSecretMember("passphrase")).isTrue();
        assertThat(Redaction.isSecretMember("name")).isFalse();
        assertThat(Redaction.isSecretMember("method")).isFalse();
    }
}
