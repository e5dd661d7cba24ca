package io.jsonrpcclient.transport;

import io.jsonrpcclient.TransportException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transport brings back for one exchange: the reply's bytes, details worth logging
 * (HTTP status, headers), and, when the transport saw something wrong that a JSON-RPC body might
 * still explain (such as HTTP 500), the failure to raise if the body is not a JSON-RPC reply.
 * <pre>{@code
 * TransportResponse ok = TransportResponse.of(bytes).withAttribute("http_code", 200);
 * TransportResponse maybe = TransportResponse.of(bytes)
 *         .withFailure(new TransportException(500, "Internal Server Error", excerpt));
 * }</pre>
 *
 * @since 0.1
 */
public final class TransportResponse {

    private static final byte[] EMPTY = new byte[0];

    private final byte[] body;
    private final Map<String, Object> attributes;
    private final TransportException failure;

    private TransportResponse(byte[] body, Map<String, Object> attributes, TransportException failure) {
        this.body = body;
        this.attributes = attributes;
        this.failure = failure;
    }

    /** {@return a reply with the given body (not copied: do not modify it afterwards)} */
    public static TransportResponse of(byte[] body) {
        return new TransportResponse(Objects.requireNonNull(body, "body"), Map.of(), null);
    }

    /** {@return a reply with no body, as for a notification} */
    public static TransportResponse empty() {
        return new TransportResponse(EMPTY, Map.of(), null);
    }

    /**
     * Adds a detail for logs, such as {@code http_code}; the client passes them to SLF4J as
     * key-value pairs and to the log message template as {@code {name}}.
     *
     * @param name  the key
     * @param value the value; secrets must already be redacted
     * @return a copy with the detail
     */
    public TransportResponse withAttribute(String name, Object value) {
        var copy = new LinkedHashMap<>(attributes);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new TransportResponse(body, Collections.unmodifiableMap(copy), failure);
    }

    /**
     * Marks the reply as a failure unless its body turns out to be a JSON-RPC reply.
     *
     * @param failure what to raise if the body is empty or not JSON-RPC
     * @return a copy with the failure
     */
    public TransportResponse withFailure(TransportException failure) {
        return new TransportResponse(body, attributes, Objects.requireNonNull(failure, "failure"));
    }

    /** {@return the reply body; empty when the server sent none} */
    public byte[] body() {
        return body;
    }

    /** {@return the details for logs, in insertion order} */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** {@return the failure to raise if the body is not a JSON-RPC reply} */
    public Optional<TransportException> failure() {
        return Optional.ofNullable(failure);
    }
}
