package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets before anything is logged: credential headers, and in JSON messages the values
 * of members whose names say they hold a secret, plus aria2-style {@code "token:..."} strings.
 */
public final class Redaction {

    /** What a hidden value is replaced with. */
    public static final String MASK = "***";

    /** Header names that carry a secret, lower-case. */
    private static final java.util.Set<String> SECRET_HEADERS = java.util.Set.of("authorization",
            "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey", "x-auth-token");

    /** Parts of a header name that say it carries a secret, lower-case. */
    private static final List<String> SECRET_HEADER_PARTS = List.of("token", "secret", "password", "passwd",
            "session");

    private static final Pattern SECRET_MEMBER = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credential"
                    + "|authorization|cookie).*");

    /** For the token-by-token copy of a large body: no mapper needed. */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads numbers exactly, so a logged {@code 1.50} or {@code 1E+5} reads as it went on the wire.
     * In a holder: a process that never logs a body never makes it (CodecMapper says what that saves).
     */
    private static final class Exact {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }

    private Redaction() {
    }

    /** {@return true if a header with this name carries a secret} */
    public static boolean isSecretHeader(String name) {
        // Plain look-ups, not a regular expression: this runs on every response header of every
        // call, and ".*(a|b|...).*" backtracked over each name, a measurable share of an async call.
        String lower = name.toLowerCase(Locale.ROOT);
        if (SECRET_HEADERS.contains(lower)) {
            return true;
        }
        for (String part : SECRET_HEADER_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the headers with secret values masked, names as given, one value per name} */
    public static Map<String, String> headers(Map<String, ?> headers) {
        var out = new LinkedHashMap<String, String>();
        headers.forEach((name, value) -> {
            String text = value instanceof List<?> list && list.size() == 1 ? String.valueOf(list.get(0))
                    : String.valueOf(value);
            out.put(name, isSecretHeader(name) ? MASK : text);
        });
        return out;
    }

    /**
     * Returns a JSON message as text fit for a log: secrets masked, cut to {@code maxChars}.
     * Text that is not JSON is only cut.
     *
     * @param body     the message
     * @param maxChars the most characters to keep
     * @return the text
     */
    public static String message(byte[] body, int maxChars) {
        if (body.length == 0) {
            return "";
        }
        // Parsing a huge body only to log its start would cost more than the call; cut first.
        if (body.length > 256 * 1024) {
            return JsonText.excerpt(maskedPrefix(body, maxChars), maxChars);
        }
        try {
            JsonNode tree = Exact.MAPPER.readTree(body);
            if (tree == null) {
                return "";
            }
            return JsonText.excerpt(mask(tree).toString(), maxChars);
        } catch (java.io.IOException | RuntimeException notJson) {
            return JsonText.excerpt(body, maxChars);
        }
    }

    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (SECRET_MEMBER.matcher(name).matches() && !value.isContainerNode() && !value.isNull()) {
                    object.set(name, TextNode.valueOf(MASK));
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual() && value.textValue().startsWith("token:")) {
                    array.set(i, TextNode.valueOf("token:" + MASK));
                } else {
                    mask(value);
                }
            }
        }
        return node;
    }

    /** {@return true if a JSON member with this name holds a secret} */
    public static boolean isSecretMember(String name) {
        return SECRET_MEMBER.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** Copies a large JSON body token by token, masking as {@link #mask} does, until past maxChars. */
    private static String maskedPrefix(byte[] body, int maxChars) {
        var out = new StringWriter();
        try (var p = JSON.createParser(body);
                var g = JSON.createGenerator(out)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && out.getBuffer().length() <= maxChars) {
                String name = p.getParsingContext().getCurrentName();
                boolean inArray = p.getParsingContext().inArray();
                if (t.isScalarValue() && t != JsonToken.VALUE_NULL && !inArray
                        && name != null && SECRET_MEMBER.matcher(name).matches()) {
                    g.writeString(MASK);
                } else if (t == JsonToken.VALUE_STRING && inArray
                        && p.getText().startsWith("token:")) {
                    g.writeString("token:" + MASK);
                } else {
                    g.copyCurrentEvent(p);
                }
                g.flush();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            return out.getBuffer().length() > 0 ? out.toString() : new String(body, 0,
                    Math.min(body.length, maxChars * 4), StandardCharsets.UTF_8);
        }
        return out.toString();
    }
}
