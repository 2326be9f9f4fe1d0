package io.bourse.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.bourse.bench.engine.BourseBookRunner;
import io.bourse.bench.engine.BourseEngineRunner;
import io.bourse.bench.engine.CommandStream;
import io.bourse.bench.engine.ExchangeCoreBookRunner;
import io.bourse.bench.engine.ExchangeCoreRunner;
import io.bourse.bench.engine.Pass;
import io.bourse.bench.engine.ResultTable;
import io.bourse.bench.engine.Row;
import io.bourse.bench.engine.ScenarioSpec;
import io.bourse.bench.engine.StreamGenerator;

import exchange.core2.core.common.CoreWaitStrategy;

import org.HdrHistogram.Histogram;

/**
 * The engine benchmark: Bourse side by side with exchange-core 0.5.3 on the same generated command streams, in one
 * JVM, one implementation at a time.
 *
 * <ul>
 *   <li>(a) book level, single-threaded: Bourse's {@code FastOrderBook} against exchange-core's
 *       {@code OrderBookDirectImpl}; one symbol, about 1,000 resting orders.</li>
 *   <li>(b1) whole core, one symbol with about 1,000 resting orders: Bourse's {@code Engine} (risk, holds, fees,
 *       settlement) against exchange-core's {@code ExchangeCore} pipeline (risk and matching).</li>
 *   <li>(b2) whole core, 100 symbols with 100,000 resting orders in total.</li>
 * </ul>
 *
 * <p>Every implementation gets warm-up passes over the stream on fresh state; the last pass is measured. Latency
 * percentiles come from one more pass: Bourse and both books time each command with {@code System.nanoTime()}
 * back to back. exchange-core's pipeline gets one command at a time (the next is sent when the previous result is
 * back, as its {@code individualLatencyTest} does), latency = result callback time - send time; with
 * {@code --ec-rate N} it is instead fed at a fixed rate and latency = callback time - planned send time (its
 * {@code latencyTestImpl} method), which on 2 cores mostly measures how its 4 stage threads and the sender share them.
 *
 * <p>exchange-core's wait strategy: unless {@code --ec-wait} names one, scenario b1's throughput runs (warm-up and
 * measured passes) with BUSY_SPIN, YIELDING and BLOCKING, the fastest measured pass is kept (and b2 runs with that
 * strategy); for latency, a time-boxed single-in-flight trial of each picks the lowest median.
 *
 * <p>Options: {@code --quick} (small streams, for a smoke test), {@code --seed N}, {@code --passes N} (passes per
 * implementation, the last measured), {@code --commands N} (timed commands per scenario), {@code --scenarios a,b1,b2},
 * {@code --ec-wait BUSY_SPIN|YIELDING|BLOCKING} (skip the wait-strategy calibration), {@code --ec-rate N} (measure
 * exchange-core's latency at this fixed rate instead of single in flight), {@code --ec-latency-commands N}.
 *
 * <p>The last two lines are the throughput ratios: core = scenario b1 (the single-symbol core scenario, the like of
 * the book scenario, rather than a mean with b2), book = scenario a.
 */
public final class EngineBench {
    private final Options options;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private EngineBench(final Options options) {
        this.options = options;
    }

    public static void main(final String[] args) {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("EngineBench: " + e.getMessage());
            System.err.println("usage: EngineBench [--quick] [--seed N] [--passes N] [--commands N] [--scenarios a,b1,b2] "
                + "[--ec-wait BUSY_SPIN|YIELDING|BLOCKING] [--ec-rate N] [--ec-latency-commands N]");
            System.exit(2);
            return;
        }
        new EngineBench(options).run();
        // exchange-core's pipeline threads are daemons and are shut down; nothing else should keep the JVM alive.
        System.exit(0);
    }

    private void run() {
        final Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Bourse engine benchmark: java %s, %d cores, heap %d MB, %s%n", System.getProperty("java.version"),
            runtime.availableProcessors(), runtime.maxMemory() >> 20, gcNames());
        System.out.printf(Locale.ROOT, "seed %d, %d passes per implementation (the last is measured)%s%n", options.seed, options.passes,
            options.quick ? ", quick mode" : "");

        final ScenarioSpec specA = new ScenarioSpec("a", 1, 1_000, 1_000, 1_000, options.commands(2_000_000), options.seed);
        final ScenarioSpec specB1 = new ScenarioSpec("b1", 1, 1_000, 1_000, 1_000, options.commands(1_000_000), options.seed + 1);
        final ScenarioSpec specB2 = new ScenarioSpec("b2", 100, 10_000, 1_000, 1_000, options.commands(1_000_000), options.seed + 2);

        CommandStream a = null;
        CommandStream b1 = null;
        CommandStream b2 = null;
        if (options.runs("a")) {
            a = generate(specA);
        }
        if (options.runs("b1")) {
            b1 = generate(specB1);
        }
        if (options.runs("b2")) {
            b2 = generate(specB2);
        }

        if (a != null) {
            bookScenario(a);
        }
        final List<CommandStream> core = new ArrayList<>();
        if (b1 != null) {
            core.add(b1);
        }
        if (b2 != null) {
            core.add(b2);
        }
        if (!core.isEmpty()) {
            for (final CommandStream stream : core) {
                bourseCore(stream);
            }
            exchangeCore(core);
        }

        System.out.println();
        ResultTable.print(rows, System.out);
        System.out.println();
        for (final String note : notes) {
            System.out.println(note);
        }
        // core = b1 (one symbol, like the book scenario), not the geometric mean of b1 and b2
        System.out.println("core throughput ratio bourse/exchange-core: " + ratio("b1"));
        System.out.println("book throughput ratio bourse/exchange-core: " + ratio("a"));
    }

    private static CommandStream generate(final ScenarioSpec spec) {
        final long start = System.nanoTime();
        final CommandStream stream = StreamGenerator.generate(spec);
        System.out.printf(Locale.ROOT, "generated %s (%.1f s)%n", stream.describe(), (System.nanoTime() - start) / 1e9);
        return stream;
    }

    // ------------------------------------------------------------------------------------------------ (a) book level

    private void bookScenario(final CommandStream stream) {
        final BourseBookRunner bourse = new BourseBookRunner(stream);
        measure(stream, "bourse FastOrderBook", bourse::run);
        final ExchangeCoreBookRunner exchangeCore = new ExchangeCoreBookRunner(stream);
        measure(stream, "exchange-core OrderBookDirect", exchangeCore::run);
    }

    // ------------------------------------------------------------------------------------------------ (b) Bourse engine

    private void bourseCore(final CommandStream stream) {
        final BourseEngineRunner runner = new BourseEngineRunner(stream);
        measure(stream, "bourse Engine", runner::run);
    }

    /** Warm-up passes, the measured pass, then the latency pass; all single-threaded on this thread. */
    private void measure(final CommandStream stream, final String impl, final PassRunner runner) {
        Pass pass = null;
        for (int p = 0; p < options.passes; p++) {
            System.gc();
            pass = runner.run(null);
            progress(stream, impl, p, pass);
        }
        System.gc();
        final Histogram latencies = newHistogram();
        final Pass latencyPass = runner.run(latencies);
        final String problems = join(pass.problems(), latencyPass.problems().isEmpty() ? "" : "latency pass: " + latencyPass.problems());
        final long commands = stream.benchSize();
        rows.add(new Row(stream.spec.name(), impl, commands, pass.throughput(commands), latencies, pass.trades(), pass.volume(),
            (double) pass.allocatedBytes() / commands, Row.check(stream, pass.trades(), pass.volume(), problems)));
    }

    /** One pass of a single-threaded implementation; times each command into {@code latencies} when it is not null. */
    @FunctionalInterface
    private interface PassRunner {
        Pass run(Histogram latencies);
    }

    // ------------------------------------------------------------------------------------------------ (b) exchange-core

    private void exchangeCore(final List<CommandStream> streams) {
        final List<ExchangeCoreRunner.Commands> commands = new ArrayList<>();
        for (final CommandStream stream : streams) {
            commands.add(new ExchangeCoreRunner.Commands(stream));
        }
        // Throughput: the first core scenario with every wait strategy (full warm-up and measured passes each), keep the
        // fastest, and run the other scenarios with it.
        final List<CoreWaitStrategy> candidates = options.ecWait != null ? List.of(options.ecWait) : List.of(WAIT_STRATEGIES);
        final List<Pass> throughput = new ArrayList<>();
        CoreWaitStrategy throughputWait = null;
        String throughputConfig = null;
        Pass best = null;
        final StringBuilder tried = new StringBuilder();
        for (final CoreWaitStrategy candidate : candidates) {
            try (ExchangeCoreRunner runner = new ExchangeCoreRunner(candidate, false)) {
                final Pass pass = ecThroughputPasses(runner, streams.get(0), commands.get(0), "exchange-core " + candidate);
                final double rate = pass.throughput(streams.get(0).benchSize());
                tried.append(String.format(Locale.ROOT, " %s %.0f/s,", candidate, rate));
                if (best == null || rate > best.throughput(streams.get(0).benchSize())) {
                    best = pass;
                    throughputWait = candidate;
                    throughputConfig = runner.description();
                }
            }
        }
        throughput.add(best);
        if (candidates.size() > 1) {
            notes.add("exchange-core wait strategy for throughput (" + streams.get(0).spec.name() + ", measured pass):"
                + tried.substring(0, tried.length() - 1) + " -> " + throughputWait);
        }
        if (commands.size() > 1) {
            try (ExchangeCoreRunner runner = new ExchangeCoreRunner(throughputWait, false)) {
                for (int s = 1; s < commands.size(); s++) {
                    throughput.add(ecThroughputPasses(runner, streams.get(s), commands.get(s), "exchange-core " + throughputWait));
                }
            }
        }
        final CoreWaitStrategy latencyWait = options.ecWait != null ? options.ecWait : calibrateLatency(commands.get(0));

        final List<Histogram> latencies = new ArrayList<>();
        final List<String> latencyProblems = new ArrayList<>();
        final String latencyConfig;
        try (ExchangeCoreRunner runner = new ExchangeCoreRunner(latencyWait, true)) {
            latencyConfig = runner.description();
            for (int s = 0; s < commands.size(); s++) {
                final CommandStream stream = streams.get(s);
                final ExchangeCoreRunner.Commands command = commands.get(s);
                final int count = Math.min(stream.benchSize(), options.ecLatencyCommands);
                // a short pass to warm this instance up, then the measured one
                runner.load(command);
                ecLatencyPass(runner, command, Math.min(count, 20_000), newHistogram());
                System.gc();
                runner.load(command);
                final Histogram histogram = newHistogram();
                final Pass pass = ecLatencyPass(runner, command, count, histogram);
                latencies.add(histogram);
                latencyProblems.add(pass.problems());
                if (options.ecRate > 0) {
                    final double max = throughput.get(s).throughput(stream.benchSize());
                    notes.add(String.format(Locale.ROOT, "%s exchange-core latency: %d commands sent at a fixed %d/s (%.0f%% of its "
                        + "measured throughput); latency = result callback time - planned send time", stream.spec.name(),
                        histogram.getTotalCount(), options.ecRate, 100.0 * options.ecRate / max));
                } else {
                    notes.add(String.format(Locale.ROOT, "%s exchange-core latency: single in flight, %d commands, each sent when the "
                        + "previous result was back; latency = result callback time - send time", stream.spec.name(),
                        histogram.getTotalCount()));
                }
            }
        }

        final String impl = "exchange-core " + (throughputWait == latencyWait ? throughputWait.name()
            : throughputWait.name() + "/" + latencyWait.name());
        for (int s = 0; s < streams.size(); s++) {
            final CommandStream stream = streams.get(s);
            final Pass pass = throughput.get(s);
            final long commandsCount = stream.benchSize();
            final String problems = join(pass.problems(), latencyProblems.get(s).isEmpty() ? "" : "latency pass: " + latencyProblems.get(s));
            rows.add(new Row(stream.spec.name(), impl, commandsCount, pass.throughput(commandsCount), latencies.get(s),
                pass.trades(), pass.volume(), (double) pass.allocatedBytes() / commandsCount,
                Row.check(stream, pass.trades(), pass.volume(), problems)));
        }
        notes.add("exchange-core throughput profile: " + throughputConfig + "; latency profile: " + latencyConfig);
        notes.add("exchange-core B/cmd counts the allocation of all threads (its 4 pipeline threads and the sender)");
    }

    private Pass ecLatencyPass(final ExchangeCoreRunner runner, final ExchangeCoreRunner.Commands commands, final int count,
                               final Histogram histogram) {
        return options.ecRate > 0 ? runner.runLatency(commands, count, options.ecRate, histogram)
            : runner.runLatencyInFlight(commands, count, histogram, options.quick ? 5_000_000_000L : 30_000_000_000L);
    }

    private static final CoreWaitStrategy[] WAIT_STRATEGIES = {CoreWaitStrategy.BUSY_SPIN, CoreWaitStrategy.YIELDING,
        CoreWaitStrategy.BLOCKING};

    /** Warm-up passes and the measured pass of exchange-core's throughput on one scenario; returns the measured pass. */
    private Pass ecThroughputPasses(final ExchangeCoreRunner runner, final CommandStream stream, final ExchangeCoreRunner.Commands commands,
                                    final String label) {
        Pass pass = null;
        for (int p = 0; p < options.passes; p++) {
            System.gc();
            runner.load(commands);
            pass = runner.runThroughput(commands, stream.benchSize());
            progress(stream, label, p, pass);
        }
        return pass;
    }

    /**
     * Runs a short single-in-flight latency test (at most a second) of the first core scenario with every wait strategy
     * and keeps the one with the lowest median. Busy-spinning 4 stage threads on 2 cores makes every hop wait for the
     * scheduler, hence the time limit.
     */
    private CoreWaitStrategy calibrateLatency(final ExchangeCoreRunner.Commands commands) {
        final int count = Math.min(commands.stream().benchSize(), 20_000);
        CoreWaitStrategy best = null;
        long bestMedian = Long.MAX_VALUE;
        final StringBuilder line = new StringBuilder("exchange-core wait strategy for latency (single in flight, up to " + count
            + " commands or 1 s, " + commands.stream().spec.name() + ", median):");
        for (final CoreWaitStrategy candidate : WAIT_STRATEGIES) {
            final Histogram histogram = newHistogram();
            try (ExchangeCoreRunner runner = new ExchangeCoreRunner(candidate, true)) {
                runner.load(commands);
                runner.runLatencyInFlight(commands, count, newHistogram(), 1_000_000_000L);
                runner.load(commands);
                runner.runLatencyInFlight(commands, count, histogram, 1_000_000_000L);
            }
            final long median = histogram.getValueAtPercentile(50.0);
            line.append(String.format(Locale.ROOT, " %s %.2f us,", candidate, median / 1000.0));
            System.out.printf(Locale.ROOT, "  calibration %-9s latency: p50 %.2f us, p99 %.2f us (%d commands)%n", candidate,
                median / 1000.0, histogram.getValueAtPercentile(99.0) / 1000.0, histogram.getTotalCount());
            if (median < bestMedian) {
                bestMedian = median;
                best = candidate;
            }
        }
        notes.add(line.substring(0, line.length() - 1) + " -> " + best);
        return best;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void progress(final CommandStream stream, final String impl, final int pass, final Pass result) {
        final long commands = stream.benchSize();
        System.out.printf(Locale.ROOT, "  %-3s %-30s pass %d: %12.0f commands/s, %d trades%s%n", stream.spec.name(), impl, pass + 1,
            result.throughput(commands), result.trades(), result.problems().isEmpty() ? "" : " (" + result.problems() + ")");
    }

    private String ratio(final String scenario) {
        double bourse = Double.NaN;
        double exchangeCore = Double.NaN;
        for (final Row row : rows) {
            if (row.scenario().equals(scenario)) {
                if (row.impl().startsWith("bourse")) {
                    bourse = row.throughput();
                } else if (row.impl().startsWith("exchange-core")) {
                    exchangeCore = row.throughput();
                }
            }
        }
        return Double.isNaN(bourse) || Double.isNaN(exchangeCore) ? "n/a" : String.format(Locale.ROOT, "%.2f", bourse / exchangeCore);
    }

    private static Histogram newHistogram() {
        return new Histogram(3_600_000_000_000L, 3);
    }

    private static String join(final String a, final String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "; " + b;
    }

    private static String gcNames() {
        final StringBuilder out = new StringBuilder("GC");
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> out.append(' ').append(gc.getName()).append(','));
        return out.substring(0, out.length() - 1);
    }

    /** Command-line options. */
    private static final class Options {
        boolean quick;
        long seed = 42;
        int passes = 5;
        int commands = -1;
        String scenarios = "a,b1,b2";
        CoreWaitStrategy ecWait;
        long ecRate;
        int ecLatencyCommands = -1;

        static Options parse(final String[] args) {
            final Options o = new Options();
            boolean passesSet = false;
            for (int i = 0; i < args.length; i++) {
                final String arg = args[i];
                switch (arg) {
                    case "--quick" -> o.quick = true;
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, arg));
                    case "--passes" -> {
                        o.passes = Integer.parseInt(value(args, ++i, arg));
                        passesSet = true;
                    }
                    case "--commands" -> o.commands = Integer.parseInt(value(args, ++i, arg));
                    case "--scenarios" -> o.scenarios = value(args, ++i, arg);
                    case "--ec-wait" -> o.ecWait = CoreWaitStrategy.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                    case "--ec-rate" -> o.ecRate = Long.parseLong(value(args, ++i, arg));
                    case "--ec-latency-commands" -> o.ecLatencyCommands = Integer.parseInt(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (o.quick && !passesSet) {
                o.passes = 2;
            }
            if (o.passes < 1) {
                throw new IllegalArgumentException("--passes must be at least 1");
            }
            if (o.ecLatencyCommands < 0) {
                o.ecLatencyCommands = o.quick ? 50_000 : 300_000;
            }
            return o;
        }

        private static String value(final String[] args, final int i, final String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        int commands(final int full) {
            if (commands > 0) {
                return commands;
            }
            return quick ? Math.min(full, 200_000) : full;
        }

        boolean runs(final String scenario) {
            for (final String s : scenarios.split(",")) {
                if (s.trim().equals(scenario)) {
                    return true;
                }
            }
            return false;
        }
    }
}
