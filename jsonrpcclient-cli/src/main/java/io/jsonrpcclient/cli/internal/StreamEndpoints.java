package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.stream.Framing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the stream URLs of the command line: {@code tcp://HOST:PORT}, {@code tls://HOST:PORT} and
 * {@code stdio:COMMAND}, whose command is split into words as a shell would (whitespace separates;
 * {@code '...'} is literal; {@code "..."} keeps spaces and honours {@code \"} and {@code \\}; a
 * backslash outside quotes escapes the next character). No variables, globs or pipes.
 */
public final class StreamEndpoints {

    /** A {@code tcp://} or {@code tls://} address. */
    public record Address(String host, int port, boolean tls) {
    }

    private StreamEndpoints() {
    }

    /** {@return true if the URL names a TCP, TLS or stdio endpoint} */
    public static boolean isStream(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("tcp://") || lower.startsWith("tls://") || lower.startsWith("stdio:");
    }

    /** {@return true if the URL runs a child process} */
    public static boolean isStdio(String url) {
        return url.strip().toLowerCase(Locale.ROOT).startsWith("stdio:");
    }

    /**
     * Reads a {@code tcp://HOST:PORT} or {@code tls://HOST:PORT} URL; an IPv6 host goes in brackets.
     *
     * @param url the URL as typed
     * @return the address
     * @throws UsageException if it is malformed
     */
    public static Address address(String url) {
        String text = url.strip();
        boolean tls = text.toLowerCase(Locale.ROOT).startsWith("tls://");
        String rest = text.substring("tcp://".length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int colon = rest.lastIndexOf(':');
        String host = colon < 0 ? "" : rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = colon < 0 ? "" : rest.substring(colon + 1);
        if (host.isEmpty() || port.isEmpty() || host.contains("/") || !port.chars().allMatch(Character::isDigit)
                || port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new UsageException("'" + text + "' is not a valid " + (tls ? "tls" : "tcp")
                    + " URL: use " + (tls ? "tls" : "tcp") + "://HOST:PORT, e.g. tcp://127.0.0.1:4000");
        }
        return new Address(host, Integer.parseInt(port), tls);
    }

    /**
     * Splits the command of a {@code stdio:COMMAND} URL into words.
     *
     * @param url the URL as typed
     * @return the program and its arguments
     * @throws UsageException if the command is empty or a quote is not closed
     */
    public static List<String> command(String url) {
        String command = url.strip().substring("stdio:".length());
        List<String> words = split(command);
        if (words.isEmpty()) {
            throw new UsageException("the stdio: URL has no command: use stdio:COMMAND, e.g. 'stdio:my-server --stdio'");
        }
        return words;
    }

    /**
     * Splits a command line into words, with simple shell quoting.
     *
     * @param command the command line
     * @return the words
     * @throws UsageException if a quote is not closed or the line ends in a lone backslash
     */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new UsageException("the stdio: command has an unclosed ' quote");
                }
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= command.length()) {
                        throw new UsageException("the stdio: command has an unclosed \" quote");
                    }
                    char q = command.charAt(i);
                    if (q == '"') {
                        break;
                    }
                    if (q == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        q = command.charAt(++i);
                    }
                    word.append(q);
                    i++;
                }
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw new UsageException("the stdio: command ends in a lone backslash");
                }
                word.append(command.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * Reads a {@code --framing} value.
     *
     * @param value {@code newline}, {@code content-length} or {@code stream}; null for the default
     * @param url   the URL, which picks the default: content-length for stdio:, newline otherwise
     * @return the framing
     * @throws UsageException if the value is none of those
     */
    public static Framing framing(String value, String url) {
        if (value == null) {
            return isStdio(url) ? Framing.CONTENT_LENGTH : Framing.NEWLINE;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "newline" -> Framing.NEWLINE;
            case "content-length" -> Framing.CONTENT_LENGTH;
            case "stream" -> Framing.STREAM;
            default -> throw new UsageException("unknown --framing '" + value
                    + "': use newline, content-length or stream");
        };
    }
}
