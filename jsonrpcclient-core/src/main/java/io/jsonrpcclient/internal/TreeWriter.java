package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree of Jackson's own node types with the generator alone, exactly as a plain
 * {@code ObjectMapper} would ({@code writeValue}): the codec's own mapper, and the CLI's printer,
 * need no mapper for tree params and results. A tree holding any other node (a {@code POJONode},
 * a subclass, a missing node) is not written, and the caller asks a mapper, which knows how.
 * {@code TreeWriterTest} holds it to the mapper, compact and pretty.
 * <pre>{@code
 * if (!TreeWriter.writes(node)) { mapper.writeValue(gen, node); } else { TreeWriter.write(gen, node); }
 * }</pre>
 */
public final class TreeWriter {

    // As TreeReader's bound (it recurses too); a deeper tree goes to the mapper.
    private static final int MAX_DEPTH = TreeReader.MAX_DEPTH;

    private TreeWriter() {
    }

    /** {@return true if the tree holds only node types this class writes} */
    public static boolean writes(JsonNode node) {
        return writes(node, 0);
    }

    private static boolean writes(JsonNode node, int depth) {
        Class<?> type = node.getClass();
        if (type == ObjectNode.class || type == ArrayNode.class) {
            if (depth >= MAX_DEPTH) {
                return false;
            }
            Iterator<JsonNode> children = node.elements();
            while (children.hasNext()) {
                if (!writes(children.next(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return type == TextNode.class || type == IntNode.class || type == LongNode.class
                || type == BooleanNode.class || type == NullNode.class || type == DoubleNode.class
                || type == DecimalNode.class || type == BigIntegerNode.class || type == FloatNode.class
                || type == ShortNode.class || type == BinaryNode.class;
    }

    /**
     * Writes a tree for which {@link #writes} is true.
     *
     * @param gen  the generator
     * @param node the tree
     * @throws IOException what the generator throws
     */
    public static void write(JsonGenerator gen, JsonNode node) throws IOException {
        if (node instanceof ObjectNode object) {
            gen.writeStartObject(object);
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                gen.writeFieldName(member.getKey());
                write(gen, member.getValue());
            }
            gen.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            gen.writeStartArray(array, array.size());
            for (int i = 0; i < array.size(); i++) {
                write(gen, array.get(i));
            }
            gen.writeEndArray();
        } else if (node instanceof TextNode) {
            gen.writeString(node.textValue());
        } else if (node instanceof IntNode || node instanceof ShortNode) {
            gen.writeNumber(node.intValue());
        } else if (node instanceof LongNode) {
            gen.writeNumber(node.longValue());
        } else if (node instanceof BooleanNode) {
            gen.writeBoolean(node.booleanValue());
        } else if (node instanceof DoubleNode) {
            gen.writeNumber(node.doubleValue());
        } else if (node instanceof DecimalNode) {
            gen.writeNumber(node.decimalValue());
        } else if (node instanceof BigIntegerNode) {
            gen.writeNumber(node.bigIntegerValue());
        } else if (node instanceof FloatNode) {
            gen.writeNumber(node.floatValue());
        } else if (node instanceof BinaryNode) {
            byte[] data = node.binaryValue();
            // The mapper's default alphabet.
            gen.writeBinary(Base64Variants.getDefaultVariant(), data, 0, data.length);
        } else if (node instanceof NullNode) {
            gen.writeNull();
        } else {
            throw new IllegalArgumentException("not a node TreeWriter writes: " + node.getClass().getName());
        }
    }
}
