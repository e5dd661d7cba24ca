package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * Reads scalar members (strings, integers, booleans) into the very nodes the caller's mapper
 * would build, without asking the mapper: an {@code ObjectReader.readValue} costs a
 * deserialization context per call, more than the value. The short path is taken only if the
 * mapper reads trees with Jackson's standard deserializer and none of the features that change
 * scalar nodes is on; otherwise {@link #read} returns null and the caller asks the mapper.
 */
final class ScalarNodes {

    private static final ScalarNodes NONE = new ScalarNodes(null, false);
    private static final TextNode VERSION = new TextNode("2.0");
    private static final char[] VERSION_CHARS = {'2', '.', '0'};

    private final JsonNodeFactory nodes;
    private final boolean standardFactory;

    private ScalarNodes(JsonNodeFactory nodes, boolean standardFactory) {
        this.nodes = nodes;
        this.standardFactory = standardFactory;
    }

    /** {@return the short path this mapper allows} */
    static ScalarNodes of(ObjectMapper mapper) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        if (config.isEnabled(DeserializationFeature.UNWRAP_ROOT_VALUE)
                || config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                || config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                || !(mapper.getDeserializationContext() instanceof DefaultDeserializationContext context)) {
            return NONE;
        }
        try {
            JsonDeserializer<?> deserializer = context.createDummyInstance(config)
                    .findRootValueDeserializer(mapper.constructType(JsonNode.class));
            if (deserializer.getClass() != JsonNodeDeserializer.class) {
                return NONE;
            }
        } catch (Exception | LinkageError e) {
            return NONE;
        }
        JsonNodeFactory factory = config.getNodeFactory();
        return new ScalarNodes(factory, factory.getClass() == JsonNodeFactory.class);
    }

    /** {@return the scalar at the parser's current token as a node, or null if the mapper must read it} */
    JsonNode read(JsonParser p) throws IOException {
        if (nodes == null) {
            return null;
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return nodes.textNode(p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT) {
                return nodes.numberNode(p.getIntValue());
            }
            if (type == JsonParser.NumberType.LONG) {
                return nodes.numberNode(p.getLongValue());
            }
            return null;
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return nodes.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        return null;
    }

    /** {@return true if the current token is the string "2.0" and a shared node may stand for it} */
    boolean version(JsonParser p) throws IOException {
        if (!standardFactory || p.currentToken() != JsonToken.VALUE_STRING) {
            return false;
        }
        if (p.getTextLength() != VERSION_CHARS.length) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int at = p.getTextOffset();
        return text[at] == '2' && text[at + 1] == '.' && text[at + 2] == '0';
    }

    /** {@return the shared node for "2.0"} */
    TextNode versionNode() {
        return VERSION;
    }
}
