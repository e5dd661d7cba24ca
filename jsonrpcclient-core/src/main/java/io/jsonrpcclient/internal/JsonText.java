package io.jsonrpcclient.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/** Small text helpers shared by the codec, the exceptions and the logs. */
public final class JsonText {

    /** How much of a body an exception or a log line shows. */
    public static final int EXCERPT_CHARS = 200;

    private JsonText() {
    }

    /** {@return the string as a JSON string literal, quotes included} */
    public static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    /** {@return the start of a body as text, at most {@code maxChars} characters, marked when cut} */
    public static String excerpt(byte[] body, int maxChars) {
        int bytes = Math.min(body.length, maxChars * 4);
        String text = new String(body, 0, bytes, StandardCharsets.UTF_8);
        return excerpt(text, maxChars, body.length > bytes);
    }

    /** {@return the start of a text, at most {@code maxChars} characters, marked when cut} */
    public static String excerpt(String text, int maxChars) {
        return excerpt(text, maxChars, false);
    }

    private static String excerpt(String text, int maxChars, boolean longer) {
        String oneLine = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        if (oneLine.length() > maxChars) {
            return oneLine.substring(0, maxChars) + "…";
        }
        return longer ? oneLine + "…" : oneLine;
    }

    /** {@return true if the body holds nothing but JSON whitespace} */
    public static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
