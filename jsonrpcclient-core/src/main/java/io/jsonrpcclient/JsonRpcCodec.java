package io.jsonrpcclient;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonrpcclient.InvalidResponseException.Violation;
import io.jsonrpcclient.internal.CodecMapper;
import io.jsonrpcclient.internal.MessageParser;
import io.jsonrpcclient.internal.MessageWriter;
import io.jsonrpcclient.internal.ReplyDecoder;
import io.jsonrpcclient.internal.ResponseReader;
import io.jsonrpcclient.internal.ScalarBinder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The pure core: turns messages into JSON and replies back into values, with no I/O and no
 * hidden state, so it can drive any socket, as Python jsonrpcclient's {@code request()} and
 * {@code parse()} do. Immutable and thread-safe.
 * <pre>{@code
 * JsonRpcCodec codec = JsonRpcCodec.standard();
 * Request request = Request.of("add", Params.of(1, 2), Id.of(1));
 * byte[] wire = codec.encode(request);
 * // ... send wire over your own socket, read the reply bytes ...
 * Reply reply = codec.decodeReply(request, replyBytes);   // checks the id, the shape, every rule
 * }</pre>
 *
 * <p>Limits guard against hostile or broken servers: a reply over {@link #maxResponseBytes()}
 * (default 64 MiB), nested deeper than {@link #maxNestingDepth()} (default 500) or holding a string
 * longer than {@link #maxStringLength()} (default 64 Mi characters) fails with
 * {@link InvalidResponseException}, never a {@code StackOverflowError} or an {@code OutOfMemoryError}.
 * A caller's {@link ObjectMapper} is honoured (modules, date formats); it is copied, never changed.
 *
 * @since 0.1
 */
public final class JsonRpcCodec {

    /** The default maximum reply size: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    /** The default maximum nesting depth of a reply. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 500;
    /** The default maximum length of one string in a reply, in characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 64 * 1024 * 1024;

    /** Built on first use: a process that brings its own codec (the CLI) never pays for this one. */
    private static final class Standard {
        static final JsonRpcCodec CODEC = newBuilder().build();
    }

    /** The caller's mapper, or null for a plain one. */
    private final ObjectMapper userMapper;
    private final CodecMapper jackson;
    private final Validation validation;
    private final long maxResponseBytes;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final MessageWriter writer;
    private final MessageParser parser;
    private final ReplyDecoder decoder;
    private final ScalarBinder binder;

    private JsonRpcCodec(Builder b) {
        this.userMapper = b.mapper;
        this.validation = b.validation;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxStringLength = b.maxStringLength;
        var limits = StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength)
                .maxDocumentLength(maxResponseBytes)
                .build();
        // Without a caller's mapper, the codec's own is made only if something needs it (CodecMapper).
        this.jackson = b.mapper != null ? CodecMapper.copyOf(b.mapper, b.exactNumbers, limits)
                : CodecMapper.own(b.exactNumbers, limits);
        this.writer = new MessageWriter(jackson);
        this.parser = new MessageParser(jackson);
        this.decoder = new ReplyDecoder(new ResponseReader(jackson), validation, maxResponseBytes);
        this.binder = ScalarBinder.of(jackson);
    }

    /** {@return the codec with every default: a plain {@code ObjectMapper}, strict validation} */
    public static JsonRpcCodec standard() {
        return Standard.CODEC;
    }

    /** {@return a builder with the defaults} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return a builder holding this codec's settings} */
    public Builder toBuilder() {
        var b = new Builder();
        b.mapper = userMapper;
        b.exactNumbers = jackson.exactNumbers();
        b.validation = validation;
        b.maxResponseBytes = maxResponseBytes;
        b.maxNestingDepth = maxNestingDepth;
        b.maxStringLength = maxStringLength;
        return b;
    }

    /** {@return how strictly replies are checked} */
    public Validation validation() {
        return validation;
    }

    /** {@return the largest reply accepted, in bytes} */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** {@return the deepest nesting accepted in a reply} */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** {@return the longest string accepted in a reply, in characters} */
    public int maxStringLength() {
        return maxStringLength;
    }

    /**
     * Writes a message as JSON.
     *
     * @param message the request, notification or batch
     * @return UTF-8 JSON
     * @throws IllegalArgumentException if a parameter value cannot be written as JSON
     */
    public byte[] encode(Message message) {
        Objects.requireNonNull(message, "message");
        return writer.write(message);
    }

    /** {@return the message as a JSON string} */
    public String encodeToString(Message message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /**
     * Reads the reply to a message that was sent, and checks it against that message.
     *
     * @param sent the message the reply answers
     * @param body the reply body, possibly empty
     * @return a {@link Response} for a request, a {@link BatchResponse} for a batch with requests,
     *         {@link Reply.None} for a notification or a batch of notifications
     * @throws ParseResponseException   if the body is not JSON
     * @throws InvalidResponseException if it breaks a rule (naming which) or a limit
     * @throws NoResponseException      if a response was due and the body is empty
     * @throws ErrorResponseException   if the server refused a whole batch or a notification with an error
     */
    public Reply decodeReply(Message sent, byte[] body) {
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(body, "body");
        return decoder.decode(sent, body);
    }

    /**
     * Reads the reply to a request and binds its result, as {@code client.request(type, ...)} does:
     * {@link #decodeReply} then {@link #bind}, with every rule and limit, but without a tree where
     * the result can be bound from the body itself. A large base64 result bound to {@code byte[]}
     * is decoded straight from the body into an array of its size, so the peak is the body and the
     * bytes (a tree would hold the text as a {@code String} as well).
     * <pre>{@code
     * byte[] file = codec.decodeResult(request, replyBytes, byte[].class);
     * }</pre>
     *
     * @param sent the request the reply answers
     * @param body the reply body
     * @param type the result's type
     * @param <T>  the type
     * @return the result; null for JSON null
     * @throws ErrorResponseException   if the reply is an error
     * @throws ParseResponseException   if the body is not JSON
     * @throws InvalidResponseException if it breaks a rule or a limit, or the result does not fit the type
     * @throws NoResponseException      if the body is empty
     */
    public <T> T decodeResult(Request sent, byte[] body, Class<T> type) {
        return decodeResult(sent, body, typeOf(type));
    }

    /** {@return the result of the reply bound to a Jackson type; see {@link #decodeResult(Request, byte[], Class)}} */
    public <T> T decodeResult(Request sent, byte[] body, JavaType type) {
        Objects.requireNonNull(type, "type");
        Response response = decodeReplyFor(sent, body, type);
        if (response instanceof Response.Failure failure) {
            throw new ErrorResponseException(failure);
        }
        return bind(((Response.Success) response).result(), type);
    }

    /**
     * {@return the reply to a request, its result possibly left in the body: for a caller that binds
     * the result to {@code type} with {@link #bind} and shows the response to no one}
     */
    Response decodeReplyFor(Request sent, byte[] body, JavaType type) {
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(body, "body");
        if (binder.bindsFromBody(type)) {
            return decoder.decodeLeavingResultInBody(sent, body);
        }
        return (Response) decoder.decode(sent, body);
    }

    /**
     * Reads one response object without checking its id, as Python's {@code parse()} does.
     *
     * @param body the response JSON
     * @return the response
     * @throws ParseResponseException   if the body is not JSON
     * @throws InvalidResponseException if it breaks a rule or a limit
     * @throws NoResponseException      if the body is empty
     */
    public Response decodeResponse(byte[] body) {
        Objects.requireNonNull(body, "body");
        return decoder.decodeResponse(body);
    }

    /** {@return one response read from JSON text; see {@link #decodeResponse(byte[])}} */
    public Response decodeResponse(String json) {
        return decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads request text (one request or notification object, or a batch array) into the model.
     *
     * @param json the text
     * @return the message
     * @throws IllegalArgumentException if the text is not a JSON-RPC 2.0 request, notification or batch
     */
    public Message parseMessage(String json) {
        Objects.requireNonNull(json, "json");
        return parser.parse(json);
    }

    /**
     * Binds a result (or error data) to a Java type with this codec's mapper.
     *
     * @param json the JSON
     * @param type the type
     * @param <T>  the type
     * @return the value; null for JSON null
     * @throws InvalidResponseException ({@link Violation#RESULT_TYPE}) if the JSON does not fit the type
     */
    public <T> T bind(JsonNode json, Class<T> type) {
        return bind(json, typeOf(type));
    }

    /** {@return the JSON bound to a generic type; see {@link #bind(JsonNode, Class)}} */
    public <T> T bind(JsonNode json, TypeReference<T> type) {
        return bind(json, jackson.typeFactory().constructType(type));
    }

    /** {@return the JSON bound to a Jackson type; see {@link #bind(JsonNode, Class)}} */
    public <T> T bind(JsonNode json, JavaType type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        Object scalar = binder.bind(json, type);
        if (scalar != ScalarBinder.MISS) {
            @SuppressWarnings("unchecked")
            T bound = (T) scalar;
            return bound;
        }
        try {
            return jackson.mapper().treeToValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidResponseException(Violation.RESULT_TYPE,
                    "the result does not fit " + name(type) + ": " + why, e);
        }
    }

    /** {@return the type as Java writes it: {@code byte[]} rather than Jackson's {@code [B}} */
    private static String name(JavaType type) {
        return type.isArrayType() ? name(type.getContentType()) + "[]" : type.toCanonical();
    }

    /** {@return the Jackson type for a class, made by this codec's mapper} */
    public JavaType typeOf(java.lang.reflect.Type type) {
        return jackson.typeFactory().constructType(type);
    }

    /** Builds a {@link JsonRpcCodec}. Not thread-safe. */
    public static final class Builder {
        private ObjectMapper mapper;
        private boolean exactNumbers;
        private Validation validation = Validation.STRICT;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;

        private Builder() {
        }

        /**
         * Uses the caller's mapper for parameters and results. It is copied; later changes to it
         * are not seen. Never enable default typing on a mapper that reads untrusted replies.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Reads numbers with a fraction or an exponent in replies as exact decimals
         * ({@code DecimalNode}s, {@code BigDecimal}s when bound), as written: {@code 0.10} keeps
         * its zero and {@code 12345678901234567890.123} every digit, where the default reads a
         * {@code double}. For amounts of money and tokens. Applies to a caller's mapper too (on
         * the copy). Off by default.
         * <pre>{@code
         * JsonRpcCodec codec = JsonRpcCodec.newBuilder().exactNumbers(true).build();
         * }</pre>
         *
         * @param exact true for exact decimals
         * @return this builder
         */
        public Builder exactNumbers(boolean exact) {
            this.exactNumbers = exact;
            return this;
        }

        /**
         * Sets how strictly replies are checked; {@link Validation#STRICT} by default.
         *
         * @param validation the mode
         * @return this builder
         */
        public Builder validation(Validation validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
            return this;
        }

        /**
         * Sets the largest reply accepted.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Sets the deepest nesting of arrays and objects accepted in a reply.
         *
         * @param depth at least 2 (a response object holding an error object)
         * @return this builder
         */
        public Builder maxNestingDepth(int depth) {
            if (depth < 2) {
                throw new IllegalArgumentException("maxNestingDepth must be at least 2, was " + depth);
            }
            this.maxNestingDepth = depth;
            return this;
        }

        /**
         * Sets the longest string accepted in a reply.
         *
         * @param chars at least 1
         * @return this builder
         */
        public Builder maxStringLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxStringLength must be at least 1, was " + chars);
            }
            this.maxStringLength = chars;
            return this;
        }

        /** {@return the codec} */
        public JsonRpcCodec build() {
            return new JsonRpcCodec(this);
        }
    }
}
