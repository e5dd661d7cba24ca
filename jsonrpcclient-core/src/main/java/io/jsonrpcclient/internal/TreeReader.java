package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads JSON into the very tree a plain {@code ObjectMapper} would build ({@code readTree}), with
 * Jackson's streaming parser and node factory alone: no mapper, no deserialization context. Made
 * for the codec's own mapper, which is then never needed to read a reply, and for the CLI, whose
 * cold start would otherwise spend a quarter of its time making its first mapper (its date format
 * loads the JDK's locale data). {@code ObjectNode}s keep member order; a repeated member keeps its
 * first place and takes its last value; integers become int, long or BigInteger nodes by size.
 * With exact numbers, a number with a fraction or exponent is a {@code DecimalNode} exactly as
 * written ({@code 1.50} keeps its zero), as with {@code USE_BIG_DECIMAL_FOR_FLOATS} and
 * {@code STRIP_TRAILING_BIGDECIMAL_ZEROES} off; else a {@code DoubleNode}. Limits are the parser's
 * (its factory's stream read constraints). It recurses, so it is for parsers whose nesting limit is at
 * most {@link #MAX_DEPTH}; deeper input is refused rather than risk the stack (the mapper's reader
 * is iterative: use it for higher limits). {@code TreeReaderTest} holds it to the mapper on
 * thousands of texts.
 * <pre>{@code
 * JsonNode tree = TreeReader.EXACT.readWhole(factory, "[1, 0.10]");   // [1, 0.10]
 * }</pre>
 */
public final class TreeReader {

    /** The deepest nesting read; a parser allowing more needs the mapper's (iterative) reader. */
    public static final int MAX_DEPTH = 1_000;

    /** Reads as a plain {@code ObjectMapper} does. */
    public static final TreeReader STANDARD = new TreeReader(false);
    /** Reads non-integers as exact decimals. */
    public static final TreeReader EXACT = new TreeReader(true);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean exactNumbers;

    private TreeReader(boolean exactNumbers) {
        this.exactNumbers = exactNumbers;
    }

    /** {@return the reader for the given number mode} */
    public static TreeReader of(boolean exactNumbers) {
        return exactNumbers ? EXACT : STANDARD;
    }

    /**
     * Reads the value at the parser's current token, leaving the parser on its last token.
     *
     * @param p a parser on the first token of a value
     * @return the tree
     * @throws IOException what the parser throws: malformed JSON, a limit exceeded
     */
    public JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonParseException(p, "no value");
        }
        return value(p, t, 1);
    }

    /**
     * Reads one whole value from text, refusing anything after it ({@code 1 2} is not JSON).
     *
     * @param factory the factory whose parser (and limits) to use
     * @param text    the text
     * @return the tree, or null if the text holds no value (blank)
     * @throws IOException if the text is not one JSON value
     */
    public JsonNode readWhole(JsonFactory factory, String text) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode tree = read(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "trailing token (" + p.currentToken() + ") after the value");
            }
            return tree;
        }
    }

    private ObjectNode readObject(JsonParser p, int depth) throws IOException {
        deep(p, depth);
        ObjectNode object = NODES.objectNode();
        String name;
        while ((name = p.nextFieldName()) != null) {
            // As the mapper: a repeated name keeps its place and takes the later value.
            object.replace(name, value(p, p.nextToken(), depth + 1));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected end of input inside an object");
        }
        return object;
    }

    private ArrayNode readArray(JsonParser p, int depth) throws IOException {
        deep(p, depth);
        ArrayNode array = NODES.arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of input inside an array");
            }
            array.add(value(p, t, depth + 1));
        }
        return array;
    }

    /** {@return the value starting at token t, at the given nesting depth} */
    private JsonNode value(JsonParser p, JsonToken t, int depth) throws IOException {
        return switch (t) {
            case START_OBJECT -> readObject(p, depth);
            case START_ARRAY -> readArray(p, depth);
            default -> scalar(p, t);
        };
    }

    private static void deep(JsonParser p, int depth) throws JsonParseException {
        if (depth > MAX_DEPTH) {
            throw new JsonParseException(p, "nested deeper than " + MAX_DEPTH + " (TreeReader's own bound)");
        }
    }

    private JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> exactNumbers ? NODES.numberNode(p.getDecimalValue())
                    : NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // JSON text has no other scalar; a parser of some other format might.
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }
}
