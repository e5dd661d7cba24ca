package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jsonrpcclient.InvalidResponseException;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.ParseResponseException;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a reply body with Jackson's streaming parser into {@link RawResponse}s: the envelope
 * members are picked out one by one, unknown members skipped, and only {@code result},
 * {@code error} and {@code id} are materialised as trees. Limits (depth, string length,
 * document length) are enforced by the parser's stream read constraints.
 */
public final class ResponseReader {

    /** The shape of a reply: one object, or an array of entries (each an object, or not). */
    public sealed interface Shape permits Single, Many {
    }

    /** A reply that was one JSON object. */
    public record Single(RawResponse response) implements Shape {
    }

    /** A reply that was a JSON array; entries that were not objects are null. */
    public record Many(List<RawResponse> entries) implements Shape {
    }

    private final JsonFactory factory;
    private final ScalarNodes scalars;
    // The codec's own mapper reads trees as TreeReader does, so it is never made for a reply; a
    // caller's is asked.
    private final TreeReader ownTrees;
    private final ObjectReader treeReader;

    /** Creates a reader on the set-up; its factory carries the limits. */
    public ResponseReader(CodecMapper jackson) {
        this.factory = jackson.factory();
        this.scalars = ScalarNodes.of(jackson);
        // TreeReader recurses: a limit set above its bound goes to the mapper's iterative reader.
        boolean shallow = factory.streamReadConstraints().getMaxNestingDepth() <= TreeReader.MAX_DEPTH;
        this.ownTrees = jackson.isOwn() && shallow ? TreeReader.of(jackson.exactNumbers()) : null;
        // Members are read from the middle of the stream, so a caller's FAIL_ON_TRAILING_TOKENS
        // would see the rest of the envelope as trailing garbage.
        this.treeReader = ownTrees != null ? null
                : jackson.mapper().readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads a non-blank body.
     *
     * @throws ParseResponseException    if it is not one complete JSON value
     * @throws InvalidResponseException  if it is JSON but neither an object nor an array, or a limit is exceeded
     */
    public Shape read(byte[] body) {
        return read(body, false);
    }

    /**
     * Reads a non-blank body, as {@link #read(byte[])}; with {@code defer}, a long plain-ASCII
     * {@code result} string the scanner meets stays in the body as a {@link BodyText}.
     */
    public Shape read(byte[] body, boolean defer) {
        Shape simple = scalars.scan(body, defer);
        if (simple != null) {
            return simple;
        }
        return readWithJackson(body);
    }

    /**
     * {@return the responses to a batch's requests by position, if the body is the plain reply
     * that answers each in order with a scalar result; null if it must be read in full}
     */
    public Response[] answersInOrder(byte[] body, List<Request> requests) {
        return scalars.answersInOrder(body, requests);
    }

    /** {@return the shape read by Jackson's parser, never the scanner; tests compare the two} */
    Shape readWithJackson(byte[] body) {
        try (JsonParser p = factory.createParser(body)) {
            JsonToken first = p.nextToken();
            Shape shape;
            if (first == JsonToken.START_OBJECT) {
                shape = new Single(readObject(p));
            } else if (first == JsonToken.START_ARRAY) {
                var entries = new ArrayList<RawResponse>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new ParseResponseException("unexpected end of input inside an array",
                                JsonText.excerpt(body, JsonText.EXCERPT_CHARS), null);
                    }
                    if (t == JsonToken.START_OBJECT) {
                        entries.add(readObject(p));
                    } else if (t == JsonToken.VALUE_NULL) {
                        entries.add(RawResponse.JSON_NULL);
                    } else {
                        p.skipChildren();
                        entries.add(null);
                    }
                }
                shape = new Many(entries);
            } else {
                // Consume the value so that garbage after it is still reported as a parse error.
                p.skipChildren();
                ensureEnd(p, body);
                throw new InvalidResponseException(Violation.NOT_AN_OBJECT,
                        "expected a JSON object or array, found " + JsonText.excerpt(body, 40));
            }
            ensureEnd(p, body);
            return shape;
        } catch (StreamConstraintsException e) {
            throw new InvalidResponseException(Violation.LIMIT_EXCEEDED, e.getOriginalMessage(), e);
        } catch (IOException e) {
            String what = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw new ParseResponseException("the reply is not valid JSON: " + firstLine(what),
                    JsonText.excerpt(body, JsonText.EXCERPT_CHARS), e);
        }
    }

    private static void ensureEnd(JsonParser p, byte[] body) throws IOException {
        if (p.nextToken() != null) {
            throw new ParseResponseException("the reply has more content after its JSON value",
                    JsonText.excerpt(body, JsonText.EXCERPT_CHARS), null);
        }
    }

    private RawResponse readObject(JsonParser p) throws IOException {
        JsonNode jsonrpc = null;
        JsonNode id = null;
        JsonNode result = null;
        JsonNode error = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            switch (name) {
                case "jsonrpc" -> jsonrpc = scalars.version(p) ? scalars.versionNode() : readTree(p);
                case "id" -> id = readTree(p);
                case "result" -> result = readTree(p);
                case "error" -> error = readTree(p);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input inside an object");
        }
        return new RawResponse(jsonrpc, id, result, error);
    }

    private JsonNode readTree(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return NullNode.getInstance();
        }
        // Ids, most results and "2.0" are scalars: made here as the mapper would make them, without
        // a deserialization context per member. Objects, arrays and anything unusual go to the mapper.
        JsonNode scalar = scalars.read(p);
        if (scalar != null) {
            return scalar;
        }
        return ownTrees != null ? ownTrees.read(p) : treeReader.readValue(p);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
