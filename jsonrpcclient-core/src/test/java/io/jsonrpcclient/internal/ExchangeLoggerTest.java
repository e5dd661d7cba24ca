package io.jsonrpcclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeLoggerTest {

    private static Map<String, Object> values(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void rendersTheDefaultRequestTemplate() {
        assertThat(ExchangeLogger.render(ExchangeLogger.DEFAULT_REQUEST_FORMAT,
                values("endpoint", "http://localhost:5000", "message", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}")))
                .isEqualTo("http://localhost:5000 --> {\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
    }

    @Test
    void rendersTheDefaultResponseTemplateWithAnHttpStatus() {
        assertThat(ExchangeLogger.render(ExchangeLogger.DEFAULT_RESPONSE_FORMAT,
                values("endpoint", "http://h", "message", "{}", "http_code", 200, "http_reason", "OK")))
                .isEqualTo("http://h <-- {} (200 OK)");
    }

    @Test
    void dropsTheEmptyParenthesesWhenThereIsNoHttpStatus() {
        assertThat(ExchangeLogger.render(ExchangeLogger.DEFAULT_RESPONSE_FORMAT,
                values("endpoint", "tcp://h:1", "message", "{}")))
                .isEqualTo("tcp://h:1 <-- {}");
    }

    @Test
    void tidyingEmptyParenthesesNeverAltersTheMessage() {
        String message = "{\"result\":\"f() ( )\"}";

        assertThat(ExchangeLogger.render(ExchangeLogger.DEFAULT_RESPONSE_FORMAT,
                values("endpoint", "tcp://h:1", "message", message)))
                .isEqualTo("tcp://h:1 <-- " + message);
        assertThat(ExchangeLogger.render(ExchangeLogger.DEFAULT_REQUEST_FORMAT,
                values("endpoint", "e", "message", "{\"params\":[\"()\"]}")))
                .isEqualTo("e --> {\"params\":[\"()\"]}");
    }

    @Test
    void unknownPlaceholdersBecomeEmpty() {
        assertThat(ExchangeLogger.render("[{nothing}] {endpoint}!", values("endpoint", "e"))).isEqualTo("[] e!");
    }

    @Test
    void nullValuesBecomeEmpty() {
        var map = new HashMap<String, Object>();
        map.put("endpoint", null);

        assertThat(ExchangeLogger.render("to {endpoint}.", map)).isEqualTo("to .");
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithDollarsBackslashesAndBraces() {
        assertThat(ExchangeLogger.render("{message}", values("message", "$1 \\ {endpoint} ${x}")))
                .isEqualTo("$1 \\ {endpoint} ${x}");
    }

    @Test
    void textOutsidePlaceholdersIsKeptAndPlaceholdersMayRepeat() {
        assertThat(ExchangeLogger.render("{a}-{a}: {b} {not a placeholder}", values("a", 1, "b", true)))
                .isEqualTo("1-1: true {not a placeholder}");
    }

    @Test
    void rendersHeadersAsTheirMapText() {
        assertThat(ExchangeLogger.render("{http_headers}", values("http_headers", values("content-type", "json"))))
                .isEqualTo("{content-type=json}");
    }

    @Test
    void keepsTheTemplatesItWasGiven() {
        var logger = new ExchangeLogger("{message}", "{endpoint}");

        assertThat(logger.requestFormat()).isEqualTo("{message}");
        assertThat(logger.responseFormat()).isEqualTo("{endpoint}");
    }
}
