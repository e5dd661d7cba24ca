package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.Params;
import io.jsonrpcclient.internal.TreeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns httpie-style arguments into {@link Params}:
 * <ul>
 *   <li>{@code name=value}: a named param whose value is the string {@code value};</li>
 *   <li>{@code name:=json}: a named param whose value is the JSON {@code json} ({@code n:=1},
 *       {@code tags:='["a","b"]'});</li>
 *   <li>anything else: a positional param, JSON if the whole word is JSON ({@code 1},
 *       {@code true}, {@code '{"a":1}'}, {@code '"quoted"'}), else a string.</li>
 * </ul>
 * A word that starts like JSON ({@code {}, [, "}) is always positional, so {@code '{"a":"b=c"}'} is
 * not mistaken for a named param; to pass a positional string holding {@code =}, quote it as JSON
 * ({@code '"a=b"'}). JSON-RPC params are an array or an object, never both, so mixing the two kinds
 * is an error; no arguments mean no {@code params} member at all.
 */
public final class ParamParser {

    // Exact numbers: 0.1 stays 0.1 and 1.0 stays 1.0 on the wire (a Python server sees a float).
    // One whole value, exactly, without making a mapper (TreeReader says why).
    private static final JsonFactory JSON = new JsonFactory();

    private ParamParser() {
    }

    /** One parsed argument. */
    sealed interface Param permits Named, Positional {
    }

    /** {@code name=value} or {@code name:=json}. */
    record Named(String name, JsonNode value) implements Param {
    }

    /** A bare word. */
    record Positional(JsonNode value) implements Param {
    }

    /**
     * Parses the arguments.
     *
     * @param args the words after the method name
     * @return named params, positional params, or none for no words
     * @throws UsageException if named and positional params are mixed, a name repeats, or a
     *                        {@code :=} value is not JSON
     */
    public static Params parse(List<String> args) {
        if (args.isEmpty()) {
            return Params.none();
        }
        Map<String, JsonNode> named = new LinkedHashMap<>();
        List<JsonNode> positional = new ArrayList<>();
        String firstNamed = null;
        String firstPositional = null;
        for (String arg : args) {
            Param param = classify(arg);
            if (param instanceof Named n) {
                if (named.put(n.name(), n.value()) != null) {
                    throw new UsageException("the param '" + n.name() + "' is given twice");
                }
                firstNamed = firstNamed == null ? arg : firstNamed;
            } else {
                positional.add(((Positional) param).value());
                firstPositional = firstPositional == null ? arg : firstPositional;
            }
        }
        if (!named.isEmpty() && !positional.isEmpty()) {
            throw new UsageException("cannot mix named params ('" + firstNamed + "') with positional ones ('"
                    + firstPositional + "'): JSON-RPC params are either an object or an array");
        }
        return named.isEmpty() ? Params.positional(positional) : Params.named(named);
    }

    /**
     * Classifies one argument.
     *
     * @param arg the word
     * @return what it is
     * @throws UsageException if a {@code :=} value is not JSON
     */
    static Param classify(String arg) {
        int equals = arg.indexOf('=');
        if (equals > 0 && !startsLikeJson(arg)) {
            boolean rawJson = arg.charAt(equals - 1) == ':';
            String name = arg.substring(0, rawJson ? equals - 1 : equals);
            String value = arg.substring(equals + 1);
            if (!name.isEmpty()) {
                return new Named(name, rawJson ? json(name, value) : TextNode.valueOf(value));
            }
        }
        return new Positional(jsonOrString(arg));
    }

    private static boolean startsLikeJson(String arg) {
        char first = arg.charAt(0);
        return first == '{' || first == '[' || first == '"';
    }

    private static JsonNode json(String name, String value) {
        String problem;
        JacksonException cause = null;
        try {
            JsonNode node = readWhole(value);
            if (node != null) {
                return node;
            }
            problem = "no value";
        } catch (JacksonException e) {
            problem = e.getOriginalMessage();
            cause = e;
        }
        throw new UsageException("the value of '" + name + ":=' must be JSON, got '" + value + "' (" + problem
                + "); for a string, use " + name + "=VALUE", cause);
    }

    private static JsonNode jsonOrString(String word) {
        if (word.isBlank()) {
            return TextNode.valueOf(word);
        }
        try {
            JsonNode node = readWhole(word);
            return node == null ? TextNode.valueOf(word) : node;
        } catch (JacksonException notJson) {
            return TextNode.valueOf(word);
        }
    }

    /** {@return the one JSON value the text holds, exact; null for none} */
    private static JsonNode readWhole(String text) throws JacksonException {
        try {
            return TreeReader.EXACT.readWhole(JSON, text);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // cannot happen: the input is a string
        }
    }
}
