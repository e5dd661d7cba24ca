package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.ErrorObject;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPrinterTest {

    @Test
    void pretty_json_looks_like_jq() throws Exception {
        var json = ExactJson.MAPPER.readTree("{\"a\":[1,{\"b\":null}],\"e\":[],\"o\":{},\"n\":1.50}");

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
    void responses_become_response_objects_again() {
        var ok = new Response.Success(Id.of(1), IntNode.valueOf(3));
        var failed = new Response.Failure(Id.of("b"), new ErrorObject(-32000, "No", TextNode.valueOf("why")));
        var unreadable = new Response.Failure(Id.NULL, ErrorObject.of(-32700, "Parse error"));

        assertThat(JsonPrinter.compact(JsonPrinter.toJson(List.of(ok, failed, unreadable)))).isEqualTo(
                "[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"No\",\"data\":\"why\"},\"id\":\"b\"},"
                        + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}]");
    }
}
