package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.internal.TreeWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes JSON for people: pretty, in the layout of {@code jq} ({@code "key": value}, one array
 * element per line, {@code []} and {@code {}} when empty), or compact on one line. Also turns the
 * library's {@link Response} values back into response objects for {@code --raw} and {@code send}.
 */
public final class JsonPrinter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory JSON = new JsonFactory();
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    /** The layout; package-private for the test that holds both paths to it. */
    static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT);

    /** For trees of other nodes than Jackson's own; in a holder, so most runs never make a mapper. */
    private static final class Mapped {
        static final ObjectWriter PRETTY = new ObjectMapper().writer(LAYOUT);
    }

    private JsonPrinter() {
    }

    /** {@return the JSON, pretty, without a trailing newline} */
    public static String pretty(JsonNode json) {
        try {
            if (!TreeWriter.writes(json)) {
                return Mapped.PRETTY.writeValueAsString(json);
            }
            // As the mapper's writer does: a fresh printer per document (it keeps the nesting).
            var out = new StringWriter();
            try (JsonGenerator gen = JSON.createGenerator(out)) {
                gen.setPrettyPrinter(LAYOUT.createInstance());
                TreeWriter.write(gen, json);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the JSON on one line} */
    public static String compact(JsonNode json) {
        return json.toString();
    }

    /** {@return the response as the JSON-RPC response object it stands for} */
    public static ObjectNode toJson(Response response) {
        ObjectNode object = NODES.objectNode();
        object.put("jsonrpc", "2.0");
        if (response instanceof Response.Success success) {
            object.set("result", success.result());
        } else {
            var error = ((Response.Failure) response).error();
            ObjectNode errorObject = object.putObject("error");
            errorObject.put("code", error.code());
            errorObject.put("message", error.message());
            if (error.hasData()) {
                errorObject.set("data", error.data());
            }
        }
        object.set("id", toJson(response.id()));
        return object;
    }

    /** {@return the responses as a JSON array of response objects, in the given order} */
    public static ArrayNode toJson(List<Response> responses) {
        ArrayNode array = NODES.arrayNode();
        responses.forEach(r -> array.add(toJson(r)));
        return array;
    }

    /** {@return the id as JSON} */
    public static JsonNode toJson(Id id) {
        if (id instanceof Id.NumberId number) {
            return NODES.numberNode(number.value());
        }
        if (id instanceof Id.StringId string) {
            return NODES.textNode(string.value());
        }
        return NODES.nullNode();
    }
}
