package io.jsonrpcclient.cli.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people type them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m},
 * {@code 1h}; a bare number is seconds, and ISO-8601 ({@code PT2S}) works too. Zero and negative
 * durations are refused, since no call can finish in no time.
 */
public final class Durations implements ITypeConverter<Duration> {

    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses a duration.
     *
     * @param text e.g. {@code 500ms}
     * @return the duration, positive
     * @throws TypeConversionException if the text is not a positive duration
     */
    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Duration duration = trimmed.startsWith("pt") ? iso(text) : human(trimmed, text);
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    /** {@return the duration as people write it: {@code 500ms}, {@code 2s}, {@code 1.5s}} */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static Duration human(String trimmed, String original) {
        Matcher m = HUMAN.matcher(trimmed);
        if (!m.matches()) {
            throw invalid(original);
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millisPerUnit = switch (unit) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        try {
            return Duration.ofMillis(new BigDecimal(m.group(1)).multiply(millisPerUnit).longValueExact());
        } catch (ArithmeticException fractionOfAMillisecondOrTooLong) {
            throw invalid(original);
        }
    }

    private static Duration iso(String text) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration: use e.g. 500ms, 2s, 1.5s, 1m");
    }
}
