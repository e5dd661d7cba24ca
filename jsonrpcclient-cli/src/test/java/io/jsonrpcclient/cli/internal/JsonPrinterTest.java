package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Response;
import io.jsonrpcclient.internal.TreeReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPrinterTest {

    @Test
    void pretty_json_looks_like_jq() throws Exception {
        var json = exact("{\"a\":[1,{\"b\":null}],\"e\":[],\"o\":{},\"n\":1.50}");

        assertThat(JsonPrinter.pretty(json)).isEqualTo("""
                {
                  "a": [
                    1,
                    {
                      "b": null
                    }
                  ],
                  "e": [],
                  "o": {},
                  "n": 1.50
                }""");
    }

    @Test
    void trees_print_as_the_mappers_pretty_writer_prints_them_with_or_without_a_mapper() throws Exception {
        var writer = new ObjectMapper().writer(JsonPrinter.LAYOUT);
        for (String text : List.of("[]", "{}", "3", "\"x\"", "null", "[1,[2,[]],{}]", "{\"a\":{\"b\":{\"c\":[1.50,-0.0]}}}",
                "{\"k\":\"\\u00e9\\n\\\"\",\"n\":12345678901234567890.123,\"t\":true}")) {
            JsonNode tree = exact(text);
            assertThat(JsonPrinter.pretty(tree)).as(text).isEqualTo(writer.writeValueAsString(tree));
        }
        // A tree holding a node TreeWriter leaves alone goes through the mapper, in the same layout.
        var withPojo = JsonNodeFactory.instance.objectNode();
        withPojo.putPOJO("p", java.util.Map.of("x", 1));
        withPojo.putArray("a").add(1);
        assertThat(JsonPrinter.pretty(withPojo)).isEqualTo("""
                {
                  "p": {
                    "x": 1
                  },
                  "a": [
                    1
                  ]
                }""");
    }

    @Test
    void responses_become_response_objects_again() {
        var ok = new Response.Success(Id.of(1), IntNode.valueOf(3));
        var failed = new Response.Failure(Id.of("b"), new ErrorObject(-32000, "No", TextNode.valueOf("why")));
        var unreadable = new Response.Failure(Id.NULL, ErrorObject.of(-32700, "Parse error"));

        assertThat(JsonPrinter.compact(JsonPrinter.toJson(List.of(ok, failed, unreadable)))).isEqualTo(
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"No\",\"data\":\"why\"},\"id\":\"b\"},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}]");
    }

    /** The tree the tool reads from text: numbers exactly as written. */
    private static JsonNode exact(String text) throws java.io.IOException {
        return TreeReader.EXACT.readWhole(new com.fasterxml.jackson.core.JsonFactory(), text);
    }
}
