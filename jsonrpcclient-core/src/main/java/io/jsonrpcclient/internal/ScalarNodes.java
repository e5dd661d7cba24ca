package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jsonrpcclient.Id;
import io.jsonrpcclient.Request;
import io.jsonrpcclient.Response;
import java.io.IOException;
import java.util.List;

/**
 * Reads scalar members (strings, integers, booleans) into the very nodes the caller's mapper
 * would build, without asking the mapper: an {@code ObjectReader.readValue} costs a
 * deserialization context per call, more than the value. The short path is taken only if the
 * mapper reads trees with Jackson's standard deserializer and none of the features that change
 * scalar nodes is on; otherwise {@link #read} returns null and the caller asks the mapper.
 */
final class ScalarNodes {

    private static final ScalarNodes NONE = new ScalarNodes(null, false, 0, 0, 0);
    private static final TextNode VERSION = new TextNode("2.0");
    private static final char[] VERSION_CHARS = {'2', '.', '0'};

    private final JsonNodeFactory nodes;
    private final boolean standardFactory;
    // The parser's own limits, so that the scanner never accepts what Jackson would refuse.
    private final int maxString;
    private final int maxDigits;
    private final long maxDocument;

    private ScalarNodes(JsonNodeFactory nodes, boolean standardFactory, int maxString, int maxDigits,
            long maxDocument) {
        this.nodes = nodes;
        this.standardFactory = standardFactory;
        this.maxString = maxString;
        this.maxDigits = maxDigits;
        this.maxDocument = maxDocument;
    }

    /**
     * {@return the short path the set-up allows: for the codec's own mapper, which reads trees with
     * Jackson's standard deserializer and its default node factory, the short path with the factory's limits}
     */
    static ScalarNodes of(CodecMapper jackson) {
        return jackson.isOwn() ? limited(JsonNodeFactory.instance, jackson.factory().streamReadConstraints())
                : of(jackson.mapper());
    }

    /** {@return the short path this mapper allows} */
    static ScalarNodes of(ObjectMapper mapper) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        if (config.isEnabled(DeserializationFeature.UNWRAP_ROOT_VALUE)
                || config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                || config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                || !(mapper.getDeserializationContext() instanceof DefaultDeserializationContext context)) {
            return NONE;
        }
        try {
            JsonDeserializer<?> deserializer = context.createDummyInstance(config)
                    .findRootValueDeserializer(mapper.constructType(JsonNode.class));
            if (deserializer.getClass() != JsonNodeDeserializer.class) {
                return NONE;
            }
        } catch (Exception | LinkageError e) {
            return NONE;
        }
        return limited(config.getNodeFactory(), mapper.getFactory().streamReadConstraints());
    }

    private static ScalarNodes limited(JsonNodeFactory factory, StreamReadConstraints limits) {
        long maxDocument = limits.getMaxDocumentLength() > 0 ? limits.getMaxDocumentLength() : Long.MAX_VALUE;
        return new ScalarNodes(factory, factory.getClass() == JsonNodeFactory.class,
                limits.getMaxStringLength(), Math.min(18, limits.getMaxNumberLength()), maxDocument);
    }

    /** {@return the scalar at the parser's current token as a node, or null if the mapper must read it} */
    JsonNode read(JsonParser p) throws IOException {
        if (nodes == null) {
            return null;
        }
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return nodes.textNode(p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT) {
                return nodes.numberNode(p.getIntValue());
            }
            if (type == JsonParser.NumberType.LONG) {
                return nodes.numberNode(p.getLongValue());
            }
            return null;
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return nodes.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        return null;
    }

    /** {@return true if the current token is the string "2.0" and a shared node may stand for it} */
    boolean version(JsonParser p) throws IOException {
        if (!standardFactory || p.currentToken() != JsonToken.VALUE_STRING) {
            return false;
        }
        if (p.getTextLength() != VERSION_CHARS.length) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int at = p.getTextOffset();
        return text[at] == '2' && text[at + 1] == '.' && text[at + 2] == '0';
    }

    // ---------------------------------------------------------------- the scanner

    /**
     * Reads the reply most calls get, {@code {"jsonrpc":"2.0","result":<scalar>,"id":<id>}}, or a
     * batch reply that is an array of those, with members in any order and JSON whitespace
     * anywhere, without a parser: the result and the id each a plain string (printable ASCII, no
     * escapes, any length within the parser's limit), an integer of at most 18 digits,
     * {@code true}, {@code false} or {@code null}. It builds the very nodes Jackson would. Anything
     * else (another member, an error, a nested value, a float, an escape, non-ASCII text, a duplicate
     * member, trailing content, malformed JSON) returns null, and Jackson reads the body, so that
     * every message, limit and rule stays Jackson's.
     *
     * @param body the reply body
     * @return the shape, or null
     */
    ResponseReader.Shape scan(byte[] body) {
        return scan(body, false);
    }

    /**
     * Reads a reply as {@link #scan(byte[])} does.
     *
     * @param body  the reply body
     * @param defer true to leave a {@code result} string of {@link #DEFER_CHARS} or more in the body,
     *              as a {@link BodyText}, for a caller that binds it straight from there
     * @return the shape, or null
     */
    ResponseReader.Shape scan(byte[] body, boolean defer) {
        if (!standardFactory || nodes == null || body.length > maxDocument) {
            return null;
        }
        // A large body is first checked without building anything: a long string made and then
        // dropped because a later member sends the body to Jackson would cost a whole-body copy
        // more at the peak (issue 7's large results), and checking is cheap next to copying. A
        // deferred result is not copied at all, so then there is nothing to check first.
        if (!defer && body.length > CHECK_FIRST_BYTES && new Scanner(body, false, false).shape() == null) {
            return null;
        }
        return new Scanner(body, true, defer).shape();
    }

    /**
     * Reads a batch reply that answers the batch's requests in their order, each entry
     * {@code {"jsonrpc":"2.0","result":<scalar>,"id":<the request's id>}} as {@link #scan} reads
     * it, straight into responses that carry the requests' own ids: no raw entries, no rules pass,
     * no matching by id. That is the reply nearly every server sends, and reading it this way is
     * what lets a call in a batch cost no more than a single call. Any other reply (an entry out of order, missing or extra,
     * an error, an id written differently, anything {@link #scan} would refuse, a body over
     * {@link #CHECK_FIRST_BYTES}) returns null, and the full path reads it, with every message
     * and rule that path has.
     *
     * @param body     the reply body
     * @param requests the batch's requests, in order
     * @return the response to each request, by position, or null
     */
    Response[] answersInOrder(byte[] body, List<Request> requests) {
        if (!standardFactory || nodes == null || body.length > maxDocument || body.length > CHECK_FIRST_BYTES) {
            return null;
        }
        return new Scanner(body, true, false).answers(requests);
    }

    /** Bodies larger than this are checked before any node is built. */
    static final int CHECK_FIRST_BYTES = 64 * 1024;

    /** Result strings at least this long are left in the body when the caller asks for it. */
    static final int DEFER_CHARS = 64 * 1024;

    /** One pass over one body; fails (null) at the first surprise. */
    private final class Scanner {
        private final byte[] b;
        // False for the check of a large body: strings are validated, not made.
        private final boolean build;
        // True to leave a long result string in the body (a BodyText) rather than copy it.
        private final boolean defer;
        private int at;

        Scanner(byte[] body, boolean build, boolean defer) {
            this.b = body;
            this.build = build;
            this.defer = defer;
        }

        ResponseReader.Shape shape() {
            skipSpace();
            ResponseReader.Shape shape;
            if (peek() == '{') {
                RawResponse single = object();
                if (single == null) {
                    return null;
                }
                shape = new ResponseReader.Single(single);
            } else if (take('[')) {
                // Sized for the body: a response with every member is over 32 bytes, so a batch of
                // compliant replies never grows the list (the cap: a large entry wastes no room).
                var entries = new java.util.ArrayList<RawResponse>(Math.min(b.length >> 5, 1024));
                skipSpace();
                if (peek() == ']') {
                    return null;  // an empty array: Jackson's path, whose callers name the problem
                }
                while (true) {
                    skipSpace();
                    RawResponse entry = object();
                    if (entry == null) {
                        return null;
                    }
                    entries.add(entry);
                    skipSpace();
                    if (take(',')) {
                        continue;
                    }
                    if (take(']')) {
                        break;
                    }
                    return null;
                }
                shape = new ResponseReader.Many(entries);
            } else {
                return null;
            }
            skipSpace();
            return at == b.length ? shape : null;
        }

        /**
         * {@return the responses of a batch reply answering {@code requests} in order, or null}
         *
         * @see ScalarNodes#answersInOrder
         */
        Response[] answers(List<Request> requests) {
            skipSpace();
            if (!take('[')) {
                return null;
            }
            var answers = new Response[requests.size()];
            for (int i = 0; i < answers.length; i++) {
                skipSpace();
                if (i > 0 && !take(',')) {
                    return null;
                }
                skipSpace();
                expectedId = requests.get(i).id();
                int start = at;
                // Servers write every entry alike, so from the second on, the first's layout is tried
                // first: only the result and the id are read, the bytes around them compared whole.
                if (i == 0 || !likeFirstEntry()) {
                    at = start;
                    if (!answerObject() || !isExpected(id) || jsonrpc != VERSION || result == null) {
                        return null;
                    }
                    if (i == 0) {
                        learnLayout(start);
                    }
                }
                answers[i] = new Response.Success(expectedId, result);
            }
            skipSpace();
            if (!take(']')) {
                return null;
            }
            skipSpace();
            return at == b.length ? answers : null;
        }

        /** Notes where the first entry, just read from {@code start}, has its result and its id. */
        private void learnLayout(int start) {
            layoutStart = start;
            layoutEnd = at;
            resultFirst = resultFrom < idFrom;
            firstHoleFrom = resultFirst ? resultFrom : idFrom;
            firstHoleTo = resultFirst ? resultTo : idTo;
            secondHoleFrom = resultFirst ? idFrom : resultFrom;
            secondHoleTo = resultFirst ? idTo : resultTo;
        }

        /**
         * {@return true if the entry at the cursor is laid out as the first one was (the same bytes
         * before, between and after its result and its id: member names, order, spacing and "2.0")
         * and its result and id do, now read; false leaves the cursor anywhere}
         */
        private boolean likeFirstEntry() {
            return same(layoutStart, firstHoleFrom) && hole(resultFirst)
                    && same(firstHoleTo, secondHoleFrom) && hole(!resultFirst)
                    && same(secondHoleTo, layoutEnd);
        }

        /** {@return true if the first entry's bytes from {@code from} to {@code to} are at the cursor, now past them} */
        private boolean same(int from, int to) {
            int n = to - from;
            if (at + n > b.length || !java.util.Arrays.equals(b, from, to, b, at, at + n)) {
                return false;
            }
            at += n;
            return true;
        }

        private boolean hole(boolean isResult) {
            if (isResult) {
                result = value(RESULT);
                return result != null;
            }
            return isExpected(value(ID));
        }

        // The first entry's layout in answers(): where it starts and ends, and its two values.
        private int layoutStart;
        private int layoutEnd;
        private boolean resultFirst;
        private int firstHoleFrom;
        private int firstHoleTo;
        private int secondHoleFrom;
        private int secondHoleTo;

        // The members of the object answerObject() read last; null for the absent. Where the result
        // and the id stood, for learnLayout.
        private JsonNode jsonrpc;
        private JsonNode id;
        private JsonNode result;
        private int resultFrom;
        private int resultTo;
        private int idFrom;
        private int idTo;
        // In answers(), the id the entry at the cursor must carry; the response gets this very Id.
        private Id expectedId;

        /**
         * Reads the response object at the cursor as {@link #object} does, into the fields, noting
         * where its result and id stand. A loop of its own, not a mode of {@link #object}: that one
         * must stay small enough for C2 to inline whole into a single response's scan, and this
         * one's bookkeeping made it too big (C2 then called it, and a single call's scan slowed).
         *
         * @return true if the cursor was on a response object, now read
         */
        private boolean answerObject() {
            if (!take('{')) {
                return false;
            }
            JsonNode jsonrpcValue = null;
            JsonNode idValue = null;
            JsonNode resultValue = null;
            int resultStart = 0;
            int idStart = 0;
            int resultEnd = 0;
            int idEnd = 0;
            skipSpace();
            if (peek() == '}') {
                return false;  // an empty object: Jackson's path names what is missing
            }
            while (true) {
                skipSpace();
                int member = memberName();
                if (member < 0) {
                    return false;
                }
                skipSpace();
                if (!take(':')) {
                    return false;
                }
                skipSpace();
                int from = at;
                JsonNode value = value(member);
                if (value == null) {
                    return false;
                }
                switch (member) {
                    case JSONRPC -> {
                        if (jsonrpcValue != null) {
                            return false;
                        }
                        jsonrpcValue = value;
                    }
                    case ID -> {
                        if (idValue != null) {
                            return false;
                        }
                        idValue = value;
                        idStart = from;
                        idEnd = at;
                    }
                    default -> {
                        if (resultValue != null) {
                            return false;
                        }
                        resultValue = value;
                        resultStart = from;
                        resultEnd = at;
                    }
                }
                skipSpace();
                if (take(',')) {
                    continue;
                }
                if (!take('}')) {
                    return false;
                }
                jsonrpc = jsonrpcValue;
                id = idValue;
                result = resultValue;
                resultFrom = resultStart;
                resultTo = resultEnd;
                idFrom = idStart;
                idTo = idEnd;
                return true;
            }
        }

        /** {@return true if the id node read is the expected id, written as it was sent} */
        private boolean isExpected(JsonNode idNode) {
            if (idNode == null) {
                return false;
            }
            if (expectedId instanceof Id.NumberId n) {
                return idNode.isIntegralNumber() && idNode.canConvertToLong() && idNode.longValue() == n.value();
            }
            return expectedId instanceof Id.StringId s && idNode.isTextual() && idNode.textValue().equals(s.value());
        }

        /** {@return the response object at the cursor, or null} */
        private RawResponse object() {
            if (!take('{')) {
                return null;
            }
            JsonNode jsonrpc = null;
            JsonNode id = null;
            JsonNode result = null;
            skipSpace();
            if (peek() == '}') {
                return null;  // an empty object: Jackson's path names what is missing
            }
            while (true) {
                skipSpace();
                int member = memberName();
                if (member < 0) {
                    return null;
                }
                skipSpace();
                if (!take(':')) {
                    return null;
                }
                skipSpace();
                JsonNode value = value(member);
                if (value == null) {
                    return null;
                }
                switch (member) {
                    case JSONRPC -> {
                        if (jsonrpc != null) {
                            return null;
                        }
                        jsonrpc = value;
                    }
                    case ID -> {
                        if (id != null) {
                            return null;
                        }
                        id = value;
                    }
                    default -> {
                        if (result != null) {
                            return null;
                        }
                        result = value;
                    }
                }
                skipSpace();
                if (take(',')) {
                    continue;
                }
                if (take('}')) {
                    return new RawResponse(jsonrpc, id, result, null);
                }
                return null;
            }
        }

        private static final int JSONRPC = 0;
        private static final int ID = 1;
        private static final int RESULT = 2;

        /** {@return which member the quoted name names, or -1 for any other (or a malformed) name} */
        private int memberName() {
            if (!take('"')) {
                return -1;
            }
            int start = at;
            while (at < b.length && b[at] != '"') {
                if (b[at] == '\\' || b[at] < 0x20) {
                    return -1;
                }
                at++;
            }
            if (at >= b.length) {
                return -1;
            }
            int length = at - start;
            at++;
            if (is(start, length, "jsonrpc")) {
                return JSONRPC;
            }
            if (is(start, length, "id")) {
                return ID;
            }
            if (is(start, length, "result")) {
                return RESULT;
            }
            return -1;
        }

        private boolean is(int start, int length, String name) {
            if (length != name.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (b[start + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * {@return the scalar at the cursor as Jackson would build it, or null to give up}
         *
         * <p>Kept small, with strings and literals in methods of their own: C2 inlines a hot method
         * only up to 325 bytes of bytecode, and with this one inlined into {@link #object} a batch's
         * entries cost what a single response does (60 against 90 ns each when it was one method).
         */
        private JsonNode value(int member) {
            if (at >= b.length) {
                return null;
            }
            byte c = b[at];
            if (c == '"') {
                return string(member);
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            return literalValue();
        }

        /** {@return the string at the cursor (on its opening quote) as a node, or null to give up} */
        private JsonNode string(int member) {
            at++;
            int start = at;
            while (at < b.length && b[at] != '"') {
                byte x = b[at];
                if (x < 0x20 || x > 0x7e || x == '\\') {
                    return null;  // control, escape or non-ASCII (negative as a byte): Jackson's job
                }
                at++;
            }
            if (at >= b.length || at - start > maxString) {
                return null;
            }
            int length = at - start;
            at++;
            if (member == JSONRPC && length == 3 && b[start] == '2' && b[start + 1] == '.' && b[start + 2] == '0') {
                return VERSION;
            }
            if (!build) {
                return com.fasterxml.jackson.databind.node.NullNode.getInstance();
            }
            if (defer && member == RESULT && length >= DEFER_CHARS) {
                // No copy at all: the caller decodes it from the body (a large base64 result).
                return new BodyText(b, start, length);
            }
            // One copy of a plain-ASCII string, straight from the body: no parser buffer, no
            // builder, so a 64 MiB string result costs 64 MiB beside the body.
            return nodes.textNode(new String(b, start, length, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        /** {@return true, false or null at the cursor as a node, or null to give up} */
        private JsonNode literalValue() {
            if (literal("true")) {
                return nodes.booleanNode(true);
            }
            if (literal("false")) {
                return nodes.booleanNode(false);
            }
            if (literal("null")) {
                return com.fasterxml.jackson.databind.node.NullNode.getInstance();
            }
            return null;
        }

        private JsonNode number() {
            boolean negative = take('-');
            int start = at;
            long v = 0;
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                v = v * 10 + (b[at] - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > maxDigits || (digits > 1 && b[start] == '0')) {
                return null;
            }
            if (at < b.length) {
                byte next = b[at];
                if (next == '.' || next == 'e' || next == 'E') {
                    return null;
                }
            }
            if (negative) {
                v = -v;
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return nodes.numberNode((int) v);
            }
            return nodes.numberNode(v);
        }

        private boolean literal(String word) {
            int n = word.length();
            if (at + n > b.length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[at + i] != word.charAt(i)) {
                    return false;
                }
            }
            // "truex" is not true: the next byte must end the token.
            if (at + n < b.length) {
                byte next = b[at + n];
                if (!(next == ',' || next == '}' || next == ']' || next == ' ' || next == '\t' || next == '\n' || next == '\r')) {
                    return false;
                }
            }
            at += n;
            return true;
        }

        private void skipSpace() {
            while (at < b.length) {
                byte c = b[at];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        private int peek() {
            return at < b.length ? b[at] : -1;
        }

        private boolean take(char c) {
            if (at < b.length && b[at] == c) {
                at++;
                return true;
            }
            return false;
        }
    }

    /** {@return the shared node for "2.0"} */
    TextNode versionNode() {
        return VERSION;
    }
}
