package io.jsonrpcclient.cli.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson mapper for numbers exactly as written: {@code 0.1} stays 0.1, {@code 1.50} stays
 * 1.50 and {@code 12345678901234567890.123} keeps every digit, both in params read from the
 * command line and in results printed back. A plain mapper would read them as {@code double}s, and
 * a tool that prints what the server said must not round it.
 */
public final class ExactJson {

    /**
     * The mapper. It does not refuse trailing tokens itself: the library reads responses member by
     * member from one parser, and that check would fire after the first member.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Reads one whole JSON value exactly, refusing text after it, so {@code 1 2} is not JSON. */
    public static final ObjectReader WHOLE_VALUE = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExactJson() {
    }
}
