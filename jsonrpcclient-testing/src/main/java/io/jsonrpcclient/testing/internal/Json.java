package io.jsonrpcclient.testing.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration the mock server uses to read requests and write responses.
 *
 * <pre>{@code
 * JsonNode request = Json.parse(bytes);   // IOException unless exactly one JSON value
 * byte[] reply = Json.write(response);
 * }</pre>
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // A test server must not reject big payloads that a real server would accept;
                    // the client's own size limits are what the tests are about.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            // "{} junk" is not valid JSON, so it must be a Parse error rather than silently "{}".
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Ids must come back exactly as sent, e.g. 1.50 stays 1.50 instead of becoming a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {}

    /** @return the factory for building response trees */
    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    /**
     * Parses exactly one JSON value.
     *
     * @throws IOException when the bytes are empty, malformed, or followed by more content
     */
    public static JsonNode parse(byte[] json) throws IOException {
        JsonNode node = MAPPER.readTree(json);
        // readTree answers "no content at all" with null or a MissingNode rather than failing.
        if (node == null || node.isMissingNode()) {
            throw new IOException("no JSON content");
        }
        return node;
    }

    /** Serializes a tree to UTF-8 JSON. */
    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // Only exotic nodes (a POJONode holding something unserializable) can get here.
            throw new UncheckedIOException(e);
        }
    }
}
