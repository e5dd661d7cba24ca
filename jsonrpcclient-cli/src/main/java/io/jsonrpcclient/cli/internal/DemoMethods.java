package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.testing.MethodError;
import io.jsonrpcclient.testing.MethodHandler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.BiConsumer;

/**
 * The methods of the demo server, small enough to read at a glance:
 * <ul>
 *   <li>{@code add(1, 2, 3)} returns the sum of its positional numbers;</li>
 *   <li>{@code cat(name: "Yoko")} (or {@code cat("Yoko")}) returns {@code "Yoko says meow"};</li>
 *   <li>{@code echo(...)} returns its params as they came, or null without params;</li>
 *   <li>{@code sleep(seconds)} waits that long (at most a minute) and returns null;</li>
 *   <li>{@code fail()} always answers with a JSON-RPC error carrying data.</li>
 * </ul>
 */
public final class DemoMethods {

    /** One line naming the methods, for banners. */
    public static final String SUMMARY =
            "add (numbers), cat (name), echo (anything), sleep (seconds), fail (always an error)";

    /** The code of {@code fail}'s error: the first of the spec's range for server errors. */
    public static final int FAIL_CODE = -32000;

    /** The message of {@code fail}'s error. */
    public static final String FAIL_MESSAGE = "The cat knocked it off the table";

    private static final int INVALID_PARAMS = -32602;
    private static final long MAX_SLEEP_MILLIS = 60_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DemoMethods() {
    }

    /**
     * Registers every method.
     *
     * @param registry e.g. {@code server::method}
     */
    public static void registerOn(BiConsumer<String, MethodHandler> registry) {
        registry.accept("add", DemoMethods::add);
        registry.accept("cat", DemoMethods::cat);
        registry.accept("echo", params -> params.isMissingNode() ? NullNode.getInstance() : params);
        registry.accept("sleep", DemoMethods::sleep);
        registry.accept("fail", params -> {
            throw new MethodError(FAIL_CODE, FAIL_MESSAGE, NODES.objectNode()
                    .put("reason", "fail always fails, to show error responses")
                    .put("retryable", false));
        });
    }

    private static JsonNode add(JsonNode params) {
        if (!params.isArray()) {
            throw invalidParams("add takes positional numbers, e.g. [1, 2, 3]");
        }
        boolean integral = true;
        for (JsonNode n : params) {
            if (!n.isNumber()) {
                throw invalidParams("add takes numbers only, got " + n);
            }
            integral &= n.isIntegralNumber();
        }
        if (integral) {
            BigInteger sum = BigInteger.ZERO;
            for (JsonNode n : params) {
                sum = sum.add(n.bigIntegerValue());
            }
            return NODES.numberNode(sum);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode n : params) {
            sum = sum.add(n.decimalValue());
        }
        // As it is, not normalised, so 1 + 1.0 answers 2.0 and not 2.
        return DecimalNode.valueOf(sum);
    }

    private static JsonNode cat(JsonNode params) {
        JsonNode name = params.isArray() ? params.path(0) : params.path("name");
        if (!name.isTextual() || name.asText().isBlank()) {
            throw invalidParams("cat needs a name, e.g. {\"name\": \"Yoko\"}");
        }
        return TextNode.valueOf(name.asText() + " says meow");
    }

    private static JsonNode sleep(JsonNode params) throws InterruptedException {
        JsonNode seconds = params.isArray() ? params.path(0) : params.path("seconds");
        if (!seconds.isNumber() || seconds.asDouble() < 0) {
            throw invalidParams("sleep takes a number of seconds, e.g. [2]");
        }
        long millis = seconds.decimalValue().multiply(BigDecimal.valueOf(1000)).longValue();
        if (millis > MAX_SLEEP_MILLIS) {
            throw invalidParams("sleep takes at most " + MAX_SLEEP_MILLIS / 1000 + " seconds");
        }
        Thread.sleep(millis);
        return NullNode.getInstance();
    }

    private static MethodError invalidParams(String why) {
        return new MethodError(INVALID_PARAMS, "Invalid params", TextNode.valueOf(why));
    }
}
