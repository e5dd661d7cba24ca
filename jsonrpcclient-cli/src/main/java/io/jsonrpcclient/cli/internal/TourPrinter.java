package io.jsonrpcclient.cli.internal;

import java.io.PrintWriter;
import java.util.List;

/**
 * Lays out the demo tour: numbered, underlined sections, and labelled lines whose text lines up
 * whatever the label, so the eye can run down one column:
 * <pre>
 * 1. A request with positional params
 * -----------------------------------
 *   java:     client.request("add", 1, 2, 3)
 *   result:   6
 * </pre>
 */
final class TourPrinter {

    private static final int LABEL_WIDTH = 10;
    private static final String INDENT = "  ";

    private final PrintWriter out;
    private int sections;

    TourPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints lines as they are. */
    void plain(String... lines) {
        for (String line : lines) {
            out.println(line);
        }
    }

    /** Starts the next numbered section. */
    void section(String title) {
        String heading = ++sections + ". " + title;
        out.println();
        out.println(heading);
        out.println("-".repeat(heading.length()));
    }

    /** Prints indented prose. */
    void text(String text) {
        out.println(INDENT + text);
    }

    /** Prints a labelled value; a value of several lines keeps its shape, indented under the first. */
    void line(String label, String value) {
        lines(label, value.lines().toList());
    }

    /** Prints labelled lines: the label on the first, the others aligned under it. */
    void lines(String label, List<String> values) {
        String first = String.format("%-" + LABEL_WIDTH + "s", label + ":");
        String rest = " ".repeat(LABEL_WIDTH);
        for (int i = 0; i < values.size(); i++) {
            out.println(INDENT + (i == 0 ? first : rest) + values.get(i));
        }
        if (values.isEmpty()) {
            out.println(INDENT + first.strip());
        }
    }

    /** Sends everything printed so far, so the tour reads live on a terminal. */
    void flush() {
        out.flush();
    }
}
