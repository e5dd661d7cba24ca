package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonrpcclient.stream.Framing;
import org.junit.jupiter.api.Test;

class StreamEndpointsTest {

    @Test
    void tcp_tls_and_stdio_urls_are_stream_urls_and_others_are_not() {
        assertThat(StreamEndpoints.isStream("tcp://127.0.0.1:4000")).isTrue();
        assertThat(StreamEndpoints.isStream(" TLS://node.example:443")).isTrue();
        assertThat(StreamEndpoints.isStream("stdio:clangd")).isTrue();
        assertThat(StreamEndpoints.isStream("http://127.0.0.1:4000")).isFalse();
        assertThat(StreamEndpoints.isStream("ws://127.0.0.1:4000")).isFalse();
    }

    @Test
    void a_tcp_url_gives_its_host_and_port_and_an_ipv6_host_loses_its_brackets() {
        assertThat(StreamEndpoints.address("tcp://127.0.0.1:4000"))
                .isEqualTo(new StreamEndpoints.Address("127.0.0.1", 4000, false));
        assertThat(StreamEndpoints.address("tls://[::1]:443/"))
                .isEqualTo(new StreamEndpoints.Address("::1", 443, true));
    }

    @Test
    void a_tcp_url_without_a_valid_port_is_a_usage_error() {
        for (String bad : new String[] {"tcp://127.0.0.1", "tcp://:80", "tcp://host:0", "tcp://host:70000",
                "tcp://host:x", "tcp://host/path:1"}) {
            assertThatThrownBy(() -> StreamEndpoints.address(bad)).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessage("'" + bad + "' is not a valid tcp URL: use tcp://HOST:PORT, e.g. tcp://127.0.0.1:4000");
        }
    }

    @Test
    void a_stdio_command_is_split_into_words_as_a_shell_would() {
        assertThat(StreamEndpoints.command("stdio:my-server --stdio")).containsExactly("my-server", "--stdio");
        assertThat(StreamEndpoints.command("stdio:  run  'a b'  \"c \\\"d\\\" \\\\ e\"  f\\ g  'x'\"y\"z  ''"))
                .containsExactly("run", "a b", "c \"d\" \\ e", "f g", "xyz", "");
        assertThat(StreamEndpoints.command("stdio:'/opt/my server/bin/srv' --log=/tmp/x"))
                .containsExactly("/opt/my server/bin/srv", "--log=/tmp/x");
    }

    @Test
    void an_empty_command_or_an_unclosed_quote_is_a_usage_error() {
        assertThatThrownBy(() -> StreamEndpoints.command("stdio:  "))
                .hasMessage("the stdio: URL has no command: use stdio:COMMAND, e.g. 'stdio:my-server --stdio'");
        assertThatThrownBy(() -> StreamEndpoints.command("stdio:run 'a b"))
                .hasMessage("the stdio: command has an unclosed ' quote");
        assertThatThrownBy(() -> StreamEndpoints.command("stdio:run \"a b"))
                .hasMessage("the stdio: command has an unclosed \" quote");
        assertThatThrownBy(() -> StreamEndpoints.command("stdio:run a\\"))
                .hasMessage("the stdio: command ends in a lone backslash");
    }

    @Test
    void framing_defaults_to_newline_for_tcp_and_content_length_for_stdio() {
        assertThat(StreamEndpoints.framing(null, "tcp://h:1")).isEqualTo(Framing.NEWLINE);
        assertThat(StreamEndpoints.framing(null, "stdio:srv")).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(StreamEndpoints.framing("STREAM", "tcp://h:1")).isEqualTo(Framing.STREAM);
        assertThat(StreamEndpoints.framing("content-length", "tcp://h:1")).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(StreamEndpoints.framing("newline", "stdio:srv")).isEqualTo(Framing.NEWLINE);
        assertThatThrownBy(() -> StreamEndpoints.framing("lines", "tcp://h:1"))
                .hasMessage("unknown --framing 'lines': use newline, content-length or stream");
    }
}
