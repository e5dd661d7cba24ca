package io.jsonrpcclient.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.event.Level;

/**
 * Captures SLF4J events in memory while open, for tests that assert what was logged.
 *
 * <p>The core module's tests run with {@link CapturingLoggerProvider} as their SLF4J binding.
 * It enables DEBUG for the {@code io.jsonrpcclient} loggers only while at least one capture is
 * open, so the rest of the suite pays nothing for logging.
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     client.request("add", 1, 2);
 *     assertThat(logs.events("io.jsonrpcclient.request")).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    private LogCapture() {
    }

    /** {@return a capture that records every event from now until it is closed} */
    public static LogCapture start() {
        var capture = new LogCapture();
        OPEN.add(capture);
        return capture;
    }

    static boolean anyOpen() {
        return !OPEN.isEmpty();
    }

    static void publish(Event event) {
        for (LogCapture capture : OPEN) {
            capture.events.add(event);
        }
    }

    /** {@return a snapshot of every event captured so far} */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** {@return a snapshot of the events of one logger} */
    public List<Event> events(String loggerName) {
        return events().stream().filter(e -> e.logger().equals(loggerName)).toList();
    }

    /** {@return every captured message and key-value pair as one text, for "never in clear" checks} */
    public String allText() {
        var text = new StringBuilder();
        for (Event e : events()) {
            text.append(e.logger()).append(' ').append(e.message()).append(' ').append(e.keyValues()).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }

    /**
     * One logging event.
     *
     * @param logger    the logger's name
     * @param level     the level
     * @param message   the formatted message
     * @param keyValues the key-value pairs, in the order they were added
     * @param throwable the attached throwable, or null
     */
    public record Event(String logger, Level level, String message, Map<String, Object> keyValues,
            Throwable throwable) {
        /** Copies the key-value pairs. */
        public Event {
            keyValues = Collections.unmodifiableMap(new LinkedHashMap<>(keyValues));
        }
    }
}
