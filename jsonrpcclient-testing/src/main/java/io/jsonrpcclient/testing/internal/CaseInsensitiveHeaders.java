package io.jsonrpcclient.testing.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies HTTP headers into an immutable map whose lookups ignore case, as HTTP header names do.
 *
 * <pre>{@code
 * Map<String, List<String>> headers = CaseInsensitiveHeaders.copyOf(exchange.getRequestHeaders());
 * headers.get("content-type");   // same as headers.get("Content-Type")
 * }</pre>
 */
public final class CaseInsensitiveHeaders {

    private CaseInsensitiveHeaders() {}

    /**
     * @return an unmodifiable, case-insensitive copy; names differing only in case are merged, in
     *     order, and {@code null} names or values are dropped
     */
    public static Map<String, List<String>> copyOf(Map<String, ? extends List<String>> headers) {
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                List<String> target = merged.computeIfAbsent(name, ignored -> new ArrayList<>());
                values.stream().filter(value -> value != null).forEach(target::add);
            }
        });
        merged.replaceAll((name, values) -> List.copyOf(values));
        // unmodifiableMap keeps the TreeMap's comparator, and so its case-insensitive get().
        return Collections.unmodifiableMap(merged);
    }
}
