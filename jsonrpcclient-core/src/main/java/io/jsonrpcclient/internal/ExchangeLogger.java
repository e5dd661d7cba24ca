package io.jsonrpcclient.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs each outgoing message on {@code io.jsonrpcclient.request} and each reply on
 * {@code io.jsonrpcclient.response}, at DEBUG. Every entry carries {@code endpoint} and
 * {@code message} (secrets masked, length bounded) and the transport's details (for HTTP
 * {@code http_code}, {@code http_reason}, {@code http_headers}) as SLF4J key-value pairs, and its
 * text comes from a template such as {@code "{endpoint} --> {message}"}.
 */
public final class ExchangeLogger {

    /** The default request template. */
    public static final String DEFAULT_REQUEST_FORMAT = "{endpoint} --> {message}";
    /** The default response template; an unset placeholder and the parentheses around it vanish. */
    public static final String DEFAULT_RESPONSE_FORMAT = "{endpoint} <-- {message} ({http_code} {http_reason})";

    private static final Logger REQUESTS = LoggerFactory.getLogger("io.jsonrpcclient.request");
    private static final Logger RESPONSES = LoggerFactory.getLogger("io.jsonrpcclient.response");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final int MAX_MESSAGE_CHARS = 4000;

    private final String requestFormat;
    private final String responseFormat;

    /** Creates a logger with the given templates. */
    public ExchangeLogger(String requestFormat, String responseFormat) {
        this.requestFormat = requestFormat;
        this.responseFormat = responseFormat;
    }

    /** {@return the request template} */
    public String requestFormat() {
        return requestFormat;
    }

    /** {@return the response template} */
    public String responseFormat() {
        return responseFormat;
    }

    /** Logs an outgoing message, if the request logger is enabled at DEBUG. */
    public void request(String endpoint, byte[] body) {
        if (REQUESTS.isDebugEnabled()) {
            log(REQUESTS, requestFormat, endpoint, body, Map.of());
        }
    }

    /** Logs a reply, if the response logger is enabled at DEBUG. */
    public void response(String endpoint, byte[] body, Map<String, Object> attributes) {
        if (RESPONSES.isDebugEnabled()) {
            log(RESPONSES, responseFormat, endpoint, body, attributes);
        }
    }

    private static void log(Logger logger, String format, String endpoint, byte[] body,
            Map<String, Object> attributes) {
        var values = new LinkedHashMap<String, Object>();
        values.put("endpoint", endpoint);
        values.put("message", Redaction.message(body, MAX_MESSAGE_CHARS));
        values.putAll(attributes);
        LoggingEventBuilder event = logger.atDebug();
        values.forEach(event::addKeyValue);
        event.log(render(format, values));
    }

    /** {@return the template with each {@code {name}} replaced; unknown names become empty} */
    public static String render(String format, Map<String, Object> values) {
        // Tidy what unset placeholders leave behind, e.g. " ( )" when there was no HTTP status, in the
        // template only, so that values are never altered.
        Matcher unset = PLACEHOLDER.matcher(format);
        var template = new StringBuilder();
        while (unset.find()) {
            Object value = values.get(unset.group(1));
            boolean set = value != null && !String.valueOf(value).isEmpty();
            unset.appendReplacement(template, set ? Matcher.quoteReplacement(unset.group()) : "");
        }
        unset.appendTail(template);
        String tidy = template.toString().replaceAll("\\s*\\(\\s*\\)", "").replaceAll(" {2,}", " ").strip();
        Matcher m = PLACEHOLDER.matcher(tidy);
        var out = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
