package io.jsonrpcclient.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void http_and_https_urls_are_taken_as_they_are() {
        assertThat(Endpoints.parse("http://127.0.0.1:8545/rpc")).isEqualTo(URI.create("http://127.0.0.1:8545/rpc"));
        assertThat(Endpoints.parse(" HTTPS://node.example/ ")).isEqualTo(URI.create("HTTPS://node.example/"));
    }

    @Test
    void a_url_without_a_scheme_is_http() {
        assertThat(Endpoints.parse("localhost:8545")).isEqualTo(URI.create("http://localhost:8545"));
        assertThat(Endpoints.parse("127.0.0.1:8545/rpc")).isEqualTo(URI.create("http://127.0.0.1:8545/rpc"));
    }

    @Test
    void the_schemes_of_later_transports_say_they_are_not_supported_yet() {
        assertThat(Endpoints.parse("ws://127.0.0.1:1/")).isEqualTo(URI.create("ws://127.0.0.1:1/"));
        assertThat(Endpoints.parse("WSS://x/")).isEqualTo(URI.create("WSS://x/"));
    }

    @Test
    void other_schemes_and_malformed_urls_are_refused_without_showing_passwords() {
        assertThatThrownBy(() -> Endpoints.parse("ftp://x/")).hasMessageContaining("unsupported URL scheme 'ftp'");
        assertThatThrownBy(() -> Endpoints.parse("")).hasMessage("the URL is empty");
        assertThatThrownBy(() -> Endpoints.parse("http://bob:secret@[bad/"))
                .isInstanceOf(UsageException.class)
                .hasMessageNotContaining("secret");
    }
}
