package io.jsonrpcclient;

import io.jsonrpcclient.internal.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings for calls that override the client's: a timeout, headers for transports that
 * carry them per call (HTTP), and whether a call may join an
 * {@linkplain JsonRpcClient.Builder#autoBatch(Duration, int) automatic batch}. Immutable; derive changed copies with
 * {@link #toBuilder()}. Apply them with {@link JsonRpcClient#with(CallOptions)}, which merges them
 * over the client's own (the call wins, header by header), as Python's
 * {@code send(request, auth=..., headers=...)} did.
 * <pre>{@code
 * CallOptions slow = CallOptions.newBuilder()
 *         .timeout(Duration.ofMinutes(2))
 *         .bearerToken(token)
 *         .header("X-Trace-Id", traceId)
 *         .build();
 * JsonNode report = client.with(slow).request("buildReport", Params.named(Map.of("year", 2026)));
 * }</pre>
 *
 * <p>Header names are case-insensitive. Transports without per-call headers ignore them: ZeroMQ, and
 * every duplex transport (WebSocket, TCP, stdio). A WebSocket sends headers only on its handshake, once
 * per connection, before any call, so headers given here can never reach it; set them on
 * {@link io.jsonrpcclient.websocket.WebSocketTransport.Builder#header(String, String)} (or
 * {@code callOptions(...)} there) instead. They are ignored rather than refused so that one client
 * configuration works over HTTP and WebSocket alike.
 *
 * @since 0.1
 */
public final class CallOptions {

    private static final CallOptions NONE = new CallOptions(null, Collections.emptyMap(), false);

    private final Duration timeout;
    private final Map<String, String> headers;
    private final boolean sendAlone;

    private CallOptions(Duration timeout, Map<String, String> headers, boolean sendAlone) {
        this.timeout = timeout;
        this.headers = headers;
        this.sendAlone = sendAlone;
    }

    /** {@return options that change nothing} */
    public static CallOptions none() {
        return NONE;
    }

    /** {@return a builder with nothing set} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        var builder = new Builder();
        builder.timeout = timeout;
        builder.headers.putAll(headers);
        builder.sendAlone = sendAlone;
        return builder;
    }

    /** {@return the timeout, when set} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return the headers, unmodifiable, with case-insensitive names} */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns true if calls with these options are always sent on their own, never coalesced into
     * an {@linkplain JsonRpcClient.Builder#autoBatch(Duration, int) automatic batch}.
     *
     * @return whether {@link Builder#sendAlone()} was set
     */
    public boolean sendAlone() {
        return sendAlone;
    }

    /**
     * Merges other options over these.
     *
     * @param overrides the options that win; {@code sendAlone} set on either side stays set
     * @return these options with each setting of {@code overrides} replacing the same one here
     */
    public CallOptions mergedWith(CallOptions overrides) {
        if (overrides == NONE) {
            return this;
        }
        if (this == NONE) {
            return overrides;
        }
        var builder = toBuilder();
        overrides.timeout().ifPresent(builder::timeout);
        builder.headers.putAll(overrides.headers);
        builder.sendAlone |= overrides.sendAlone;
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOptions other && Objects.equals(timeout, other.timeout)
                && headers.equals(other.headers) && sendAlone == other.sendAlone;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, headers, sendAlone);
    }

    /** {@return the settings, with every header value hidden: they often hold secrets} */
    @Override
    public String toString() {
        return "CallOptions[timeout=" + timeout + ", headers=" + headers.keySet()
                + (sendAlone ? ", sendAlone" : "") + "]";
    }

    /** Builds {@link CallOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private boolean sendAlone;

        private Builder() {
        }

        /**
         * Sends calls made with these options on their own, even from a client that
         * {@linkplain JsonRpcClient.Builder#autoBatch(Duration, int) batches automatically}: for a
         * method the server will not take in a batch, or a call that must not wait for the window.
         * <pre>{@code
         * JsonRpcClient alone = client.with(CallOptions.newBuilder().sendAlone().build());
         * alone.request("subscribe", "newHeads");
         * }</pre>
         *
         * @return this builder
         */
        public Builder sendAlone() {
            this.sendAlone = true;
            return this;
        }

        /**
         * Sets how long a call may wait for its reply.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.requirePositive(timeout, "timeout");
            return this;
        }

        /**
         * Sets a header, replacing any with the same name.
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 127)) {
                throw new IllegalArgumentException("invalid header name: '" + name + "'");
            }
            // The message never repeats the value: header values are often secrets.
            if (value.chars().anyMatch(c -> (c < ' ' && c != '\t') || c == 127)) {
                throw new IllegalArgumentException("header " + name + " has a line break or control character in its value");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Sets HTTP basic authentication ({@code Authorization: Basic ...}).
         *
         * @param user     the user name
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            String token = Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return header("Authorization", "Basic " + token);
        }

        /**
         * Sets a bearer token ({@code Authorization: Bearer ...}).
         *
         * @param token the token
         * @return this builder
         */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return header("Authorization", "Bearer " + token);
        }

        /** {@return the options} */
        public CallOptions build() {
            if (timeout == null && headers.isEmpty() && !sendAlone) {
                return NONE;
            }
            var copy = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            return new CallOptions(timeout, Collections.unmodifiableMap(copy), sendAlone);
        }
    }
}
