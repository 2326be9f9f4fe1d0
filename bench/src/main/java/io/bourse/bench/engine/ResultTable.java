package io.bourse.bench.engine;

import java.io.PrintStream;
import java.util.List;

/** Prints the result rows as a fixed-width table. */
public final class ResultTable {
    private ResultTable() {
    }

    /** The header, a rule, and one line per row; latencies in microseconds with 2 decimals. */
    public static void print(final List<Row> rows, final PrintStream out) {
        out.println(Row.HEADER);
        out.println("-".repeat(Row.HEADER.length()));
        for (final Row row : rows) {
            out.println(row.format());
        }
    }
}
