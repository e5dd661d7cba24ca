package io.jsonrpcclient.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonrpcclient.testing.internal.CaseInsensitiveHeaders;
import io.jsonrpcclient.testing.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the {@link MockJsonRpcServer} received it. Immutable: the headers are an
 * unmodifiable copy and the body is copied in and out.
 *
 * <pre>{@code
 * RecordedRequest request = server.takeRequest();
 * assertThat(request.method()).isEqualTo("POST");
 * assertThat(request.header("content-type")).contains("application/json");
 * assertThat(request.json().get("method").asText()).isEqualTo("subtract");
 * }</pre>
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the raw request path, plus {@code ?query} when there was one, e.g. {@code /rpc}
 * @param headers the request headers; lookups with {@code get} ignore case
 * @param body the raw request body, possibly empty
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /** Copies {@code headers} (into a case-insensitive map) and {@code body}. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = CaseInsensitiveHeaders.copyOf(Objects.requireNonNull(headers, "headers"));
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** @return a copy of the raw body, so the recording cannot be changed */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the first value of the header {@code name}, matched ignoring case */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @return the body parsed as JSON
     * @throws AssertionError if the body is not exactly one JSON value, since in a test that is a
     *     failed expectation about what the client sent
     */
    public JsonNode json() {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new AssertionError("request body is not JSON: " + bodyText(), e);
        }
    }

    // Records compare arrays by identity; a value must compare its content.
    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that
                && method.equals(that.method)
                && path.equals(that.path)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, Arrays.hashCode(body));
    }

    // Truncated: a failing assertion on a multi-megabyte request should stay readable.
    @Override
    public String toString() {
        String text = bodyText();
        String shown = text.length() <= 500 ? text : text.substring(0, 500) + "...(" + body.length + " bytes)";
        return "RecordedRequest[" + method + " " + path + ", headers=" + headers + ", body=" + shown + "]";
    }
}
