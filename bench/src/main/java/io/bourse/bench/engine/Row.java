package io.bourse.bench.engine;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * One row of the result table: a scenario run by one implementation.
 *
 * @param scenario     a, b1 or b2
 * @param impl         implementation and its configuration in a few words
 * @param commands     timed commands
 * @param throughput   commands per second in the timed pass
 * @param latency      per-command latencies in nanoseconds, from a separate latency pass over the same stream
 * @param trades       trades (maker fills) in the timed pass
 * @param volume       traded steps in the timed pass
 * @param allocPerCmd  bytes allocated per command in the timed pass, NaN if not measured
 * @param check        "ok" when trades and volume match the generator's model, else what differs
 */
public record Row(String scenario, String impl, long commands, double throughput, Histogram latency, long trades, long volume,
                  double allocPerCmd, String check) {

    static final String HEADER = String.format(Locale.ROOT, "%-3s %-32s %9s %13s %9s %9s %9s %10s %9s %11s %8s  %s",
        "scn", "implementation", "commands", "cmds/s", "p50 us", "p99 us", "p99.9 us", "max us", "trades", "volume", "B/cmd",
        "check");

    String format() {
        return String.format(Locale.ROOT, "%-3s %-32s %9d %13.0f %9.2f %9.2f %9.2f %10.2f %9d %11d %8s  %s",
            scenario, impl, commands, throughput, micros(50.0), micros(99.0), micros(99.9), latency.getMaxValue() / 1000.0, trades, volume,
            Double.isNaN(allocPerCmd) ? "n/a" : String.format(Locale.ROOT, "%.1f", allocPerCmd), check);
    }

    private double micros(final double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** "ok", or which counts differ from the generator's model. */
    public static String check(final CommandStream stream, final long trades, final long volume, final String extra) {
        final StringBuilder out = new StringBuilder();
        if (trades != stream.expectedTrades()) {
            out.append("trades ").append(trades).append(" != model ").append(stream.expectedTrades()).append("; ");
        }
        if (volume != stream.expectedVolume()) {
            out.append("volume ").append(volume).append(" != model ").append(stream.expectedVolume()).append("; ");
        }
        if (extra != null && !extra.isEmpty()) {
            out.append(extra).append("; ");
        }
        return out.length() == 0 ? "ok" : out.substring(0, out.length() - 2);
    }
}
