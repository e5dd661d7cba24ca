package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.Params;
import io.jsonrpcclient.JsonRpcCodec;
import io.jsonrpcclient.Notification;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamParserTest {

    /** {@return the params as they would go on the wire} */
    private static String wire(String... args) {
        String json = JsonRpcCodec.standard().encodeToString(Notification.of("m", ParamParser.parse(List.of(args))));
        return json.replace("{\"jsonrpc\":\"2.0\",\"method\":\"m\"", "").replaceFirst("^,\"params\":", "")
                .replaceFirst("}$", "");
    }

    @Test
    void no_arguments_mean_no_params_at_all() {
        assertThat(ParamParser.parse(List.of())).isEqualTo(Params.none());
    }

    @Test
    void name_equals_value_is_a_named_string_even_when_the_value_looks_like_json() {
        assertThat(wire("name=Yoko", "n=1", "t=true", "empty=", "eq=a=b")).isEqualTo(
                "{\"name\":\"Yoko\",\"n\":\"1\",\"t\":\"true\",\"empty\":\"\",\"eq\":\"a=b\"}");
    }

    @Test
    void name_colon_equals_json_is_a_named_json_value() {
        assertThat(wire("n:=1", "f:=1.50", "t:=true", "z:=null", "list:=[1,\"a\"]", "obj:={\"k\":{\"x\":[]}}")).isEqualTo(
                "{\"n\":1,\"f\":1.50,\"t\":true,\"z\":null,\"list\":[1,\"a\"],\"obj\":{\"k\":{\"x\":[]}}}");
    }

    @Test
    void a_name_may_hold_colons_before_the_operator() {
        assertThat(wire("ns:key=v", "a::=2")).isEqualTo("{\"ns:key\":\"v\",\"a:\":2}");
    }

    @Test
    void bare_words_are_positional_json_when_they_parse_else_strings() {
        assertThat(wire("1", "-2", "0.1", "1e3", "true", "null", "hello", "1 2", "01", "{\"a\":1}", "[1]", "\"7\""))
                .isEqualTo("[1,-2,0.1,1E+3,true,null,\"hello\",\"1 2\",\"01\",{\"a\":1},[1],\"7\"]");
    }

    @Test
    void words_that_start_like_json_are_positional_even_with_an_equals_sign() {
        assertThat(wire("{\"q\":\"a=b\"}", "\"x=y\"", "[\"=\"]"))
                .isEqualTo("[{\"q\":\"a=b\"},\"x=y\",[\"=\"]]");
    }

    @Test
    void a_leading_equals_sign_makes_a_positional_string() {
        assertThat(wire("=x", ":=y")).isEqualTo("[\"=x\",\":=y\"]");
    }

    @Test
    void mixing_named_and_positional_params_is_refused() {
        assertThatThrownBy(() -> ParamParser.parse(List.of("1", "a=2")))
                .isInstanceOf(UsageException.class)
                .hasMessage("cannot mix named params ('a=2') with positional ones ('1'): "
                        + "JSON-RPC params are either an object or an array");
    }

    @Test
    void a_name_given_twice_is_refused() {
        assertThatThrownBy(() -> ParamParser.parse(List.of("a=1", "a:=2")))
                .isInstanceOf(UsageException.class)
                .hasMessage("the param 'a' is given twice");
    }

    @Test
    void a_raw_json_value_that_is_not_json_is_refused_with_a_hint() {
        assertThatThrownBy(() -> ParamParser.parse(List.of("a:=yes please")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("the value of 'a:=' must be JSON, got 'yes please'")
                .hasMessageEndingWith("for a string, use a=VALUE");
        assertThatThrownBy(() -> ParamParser.parse(List.of("a:=1 2"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ParamParser.parse(List.of("a:="))).isInstanceOf(UsageException.class);
    }
}
