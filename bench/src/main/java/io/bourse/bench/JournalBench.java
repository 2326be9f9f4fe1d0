package io.bourse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import io.bourse.engine.Command;
import io.bourse.journal.LocalSequencer;
import io.bourse.journal.ResultListener;

/**
 * The journal benchmark: commands end to end through {@link LocalSequencer} (ring buffer, journal with group commit,
 * engine, result listener) on a real directory, from several producer threads. Acknowledgement latency is the time
 * from a command's send time to the listener call for its correlation id, recorded in an HdrHistogram.
 *
 * <ul>
 *   <li>paced rows: open loop at a fixed rate (10,000 commands/s by default); every command has a scheduled send time
 *       and its latency is measured from that time, not from when the producer got round to it, so a stall delays
 *       (and is charged to) every command scheduled during it: no coordinated omission.</li>
 *   <li>max rows: closed loop, each producer submits as fast as {@code submit} accepts, retrying on back-pressure;
 *       latency is measured from the first attempt, so it is mostly the time spent queued in the ring.</li>
 * </ul>
 * Both with fsync on (every batch forced to disk before its results are released) and off. Each row starts on an
 * empty directory, sets up 100 funded accounts, warms up, then measures. Batches are counted from the batch
 * timestamps the listener sees (see {@link JournalBenchClock}); with fsync on, each batch is one fsync.
 *
 * <p>Options: {@code --quick} (short rows, for a smoke test), {@code --seconds N} (measured seconds per row),
 * {@code --warmup N} (seconds), {@code --rate N} (paced rate, commands/s), {@code --producers N},
 * {@code --rows a,b,c,d} (which rows), {@code --progress} (acks per second while a row runs), {@code --dir PATH} (where
 * the temporary data directories go; default {@code target/} if present, else the system temporary directory).
 */
public final class JournalBench {
    private static final int SEND_SLOTS = 1 << 21;
    private static final long SPIN_BELOW_NANOS = 30_000;

    /** Command-line options. */
    private record Options(
        boolean quick, double seconds, double warmup, int rate, int producers, Path directory, String rows, boolean progress) {
        static Options parse(final String[] args) {
            boolean quick = false;
            boolean progress = false;
            Double seconds = null;
            Double warmup = null;
            int rate = 10_000;
            int producers = 3;
            String rows = "a,b,c,d";
            Path directory = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--progress" -> progress = true;
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i));
                    case "--rate" -> rate = Integer.parseInt(value(args, ++i));
                    case "--producers" -> producers = Integer.parseInt(value(args, ++i));
                    case "--dir" -> directory = Path.of(value(args, ++i));
                    case "--rows" -> rows = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (rate < 1 || producers < 1) {
                throw new IllegalArgumentException("rate and producers must be positive");
            }
            return new Options(quick, seconds != null ? seconds : quick ? 2 : 10, warmup != null ? warmup : quick ? 0.5 : 2, rate, producers,
                directory, rows, progress);
        }

        private static String value(final String[] args, final int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** One measured row. */
    private record Result(String name, boolean fsync, String load, double achieved, Histogram latency, long batches, long commands,
        long refused, int openOrders, int segments, long gcMillis, double loadAverage) {
    }

    private final Options options;

    private JournalBench(final Options options) {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("JournalBench: " + e.getMessage());
            System.err.println("usage: JournalBench [--quick] [--seconds N] [--warmup N] [--rate N] [--producers N] [--rows a,b,c,d] "
                + "[--progress] [--dir PATH]");
            System.exit(2);
            return;
        }
        new JournalBench(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        final Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "Bourse journal benchmark: java %s, %d cores, heap %d MB%s%n", System.getProperty("java.version"),
            runtime.availableProcessors(), runtime.maxMemory() >> 20, options.quick ? ", quick mode" : "");
        System.out.printf(Locale.ROOT, "LocalSequencer defaults (8 MiB ring, batches of up to 512, 64 MiB segments); %d producer threads; "
            + "data under %s; %.1f s warm-up + %.1f s measured per row%n", options.producers, options.directory.toAbsolutePath(),
            options.warmup, options.seconds);
        final Histogram fsync = rawFsync(options.quick ? 200 : 1_000);
        System.out.printf(Locale.ROOT, "raw fsync on this disk (append 100 B + force): p50 %.0f us, p99 %.0f us, max %.0f us%n",
            fsync.getValueAtPercentile(50) / 1e3, fsync.getValueAtPercentile(99) / 1e3, fsync.getMaxValue() / 1e3);

        // JIT warm-up of the whole path, discarded.
        measure("warm-up", false, 0, options.warmup * 3, 0.5);
        final List<Result> results = new ArrayList<>();
        final List<String> rows = List.of(options.rows.split(","));
        if (rows.contains("a")) {
            results.add(measure("a", true, options.rate, options.warmup, options.seconds));
        }
        if (rows.contains("b")) {
            results.add(measure("b", true, 0, options.warmup, options.seconds));
        }
        if (rows.contains("c")) {
            results.add(measure("c", false, options.rate, options.warmup, options.seconds));
        }
        if (rows.contains("d")) {
            results.add(measure("d", false, 0, options.warmup, options.seconds));
        }

        System.out.println();
        final String header = String.format(Locale.ROOT, "%-3s %-5s %-16s %11s %9s %9s %9s %10s %9s %10s %9s", "row", "fsync", "load",
            "cmds/s", "p50 us", "p99 us", "p99.9 us", "max us", "batches", "cmds/batch", "refused");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (final Result r : results) {
            final Histogram h = r.latency();
            System.out.printf(Locale.ROOT, "%-3s %-5s %-16s %,11.0f %9.1f %9.1f %9.1f %,10.1f %,9d %10.1f %,9d%n", r.name(),
                r.fsync() ? "on" : "off", r.load(), r.achieved(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, r.batches(), r.batches() == 0 ? 0.0 : (double)r.commands() / r.batches(),
                r.refused());
        }
        System.out.println();
        System.out.println("cmds/s: acknowledgements per second during the measured window. Latency: scheduled send time (paced) or first");
        System.out.println("submit attempt (max) to the listener call, all commands sent in the window. batches: group commits of those");
        System.out.println("commands (one fsync each when fsync is on). refused: submit() calls refused by back-pressure (retried).");
        for (final Result r : results) {
            System.out.printf(Locale.ROOT, "row %s: %,d commands measured, %d open orders at the end, %d segment(s), GC %d ms in the row, "
                + "system load average %.1f at its start%n", r.name(), r.commands(), r.openOrders(), r.segments(), r.gcMillis(), r.loadAverage());
        }
    }

    /** State shared by the producers and the listener of one row. */
    private static final class Row {
        final long[] sendTimes = new long[SEND_SLOTS];
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(100), 3);
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile long acked;
        long measureFrom;
        long measureUntil;
        long measuredCommands;
        long measuredBatches;
        long ackedInWindow;
        long lastBatchTimestamp = Long.MIN_VALUE;
    }

    private Result measure(final String name, final boolean fsync, final int rate, final double warmupSeconds, final double seconds)
        throws Exception {
        final Path directory = Files.createTempDirectory(options.directory, "journal-bench-");
        final double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        final long gcBefore = gcMillis();
        final Row row = new Row();
        final ResultListener listener = (correlation, seq, timestamp, events) -> onResult(row, correlation, timestamp);
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory).listener(listener).fsync(fsync)
            .clock(new JournalBenchClock()));
        final int openOrders;
        final int segments;
        try {
            long correlation = -1; // setup commands: negative correlation ids, never measured
            final List<Command> setup = JournalBenchLoad.setup();
            for (final Command command : setup) {
                while (!sequencer.submit(correlation--, command)) {
                    Thread.onSpinWait();
                }
            }
            awaitAcks(sequencer, row, setup.size());
            row.submitted.set(setup.size());

            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            row.measureFrom = start + (long)(warmupSeconds * 1e9);
            row.measureUntil = row.measureFrom + (long)(seconds * 1e9);
            final Thread[] producers = new Thread[options.producers];
            for (int p = 0; p < producers.length; p++) {
                final int producer = p;
                producers[p] = new Thread(() -> produce(sequencer, row, producer, rate, start), "producer-" + p);
                producers[p].start();
            }
            long lastAcked = row.acked;
            for (final Thread producer : producers) {
                while (producer.isAlive()) {
                    producer.join(1_000);
                    if (options.progress) {
                        final long acked = row.acked;
                        System.out.printf(Locale.ROOT, "    %s: %,d acks in the last second, durable seq %,d%n", name, acked - lastAcked,
                            sequencer.durableSeq());
                        lastAcked = acked;
                    }
                }
            }
            awaitAcks(sequencer, row, row.submitted.get());
        } finally {
            sequencer.close();
        }
        if (sequencer.failure() != null) {
            throw new IllegalStateException("sequencer failed", sequencer.failure());
        }
        openOrders = sequencer.engine().openOrders(JournalBenchLoad.SYMBOL, -1).size();
        segments = countSegments(directory);
        deleteRecursively(directory);
        final String load = rate > 0 ? String.format(Locale.ROOT, "paced %,d/s", rate) : "max (closed)";
        final double achieved = row.ackedInWindow / seconds;
        System.out.printf(Locale.ROOT, "  %s: fsync %s, %s: %,.0f cmds/s, p50 %.1f us, p99 %.1f us%n", name, fsync ? "on" : "off", load, achieved,
            row.latency.getValueAtPercentile(50) / 1e3, row.latency.getValueAtPercentile(99) / 1e3);
        return new Result(name, fsync, load, achieved, row.latency, row.measuredBatches, row.measuredCommands, row.refused.get(), openOrders,
            segments, gcMillis() - gcBefore, loadAverage);
    }

    /** On the sequencer thread, once per command, after its batch is durable. */
    private static void onResult(final Row row, final long correlation, final long batchTimestamp) {
        final long now = System.nanoTime();
        if (correlation >= 0) {
            final long sent = row.sendTimes[(int)(correlation & (SEND_SLOTS - 1))];
            if (sent >= row.measureFrom && sent < row.measureUntil) {
                row.latency.recordValue(Math.min(now - sent, row.latency.getHighestTrackableValue()));
                row.measuredCommands++;
                if (batchTimestamp != row.lastBatchTimestamp) {
                    row.measuredBatches++;
                    row.lastBatchTimestamp = batchTimestamp;
                }
            }
            if (now >= row.measureFrom && now < row.measureUntil) {
                row.ackedInWindow++;
            }
        }
        row.acked = row.acked + 1;
    }

    private void produce(final LocalSequencer sequencer, final Row row, final int producer, final int rate, final long start) {
        final JournalBenchLoad load = new JournalBenchLoad(42 + producer, "p" + producer + "-");
        final int producers = options.producers;
        final double interval = rate > 0 ? 1e9 * producers / rate : 0;
        long sent = 0;
        long refused = 0;
        for (long i = 0; ; i++) {
            final long correlation = producer + i * producers;
            final Command command = load.next();
            long sendTime;
            if (rate > 0) {
                sendTime = start + (long)(interval * (i + (double)producer / producers));
                waitUntil(sendTime);
            } else {
                sendTime = System.nanoTime();
            }
            if (sendTime >= row.measureUntil) {
                break;
            }
            row.sendTimes[(int)(correlation & (SEND_SLOTS - 1))] = sendTime;
            while (!sequencer.submit(correlation, command)) {
                if (sequencer.failure() != null) {
                    throw new IllegalStateException("sequencer failed", sequencer.failure());
                }
                refused++;
                Thread.yield();
            }
            sent++;
        }
        row.submitted.addAndGet(sent);
        row.refused.addAndGet(refused);
    }

    private static void waitUntil(final long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > SPIN_BELOW_NANOS) {
                LockSupport.parkNanos(left - SPIN_BELOW_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void awaitAcks(final LocalSequencer sequencer, final Row row, final long count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (row.acked < count) {
            if (sequencer.failure() != null) {
                throw new IllegalStateException("sequencer failed", sequencer.failure());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + row.acked + " of " + count + " commands acknowledged");
            }
            Thread.sleep(1);
        }
    }

    /** The latency of a durable 100-byte append on the benchmark's disk, without the sequencer. */
    private Histogram rawFsync(final int count) throws IOException {
        final Path file = Files.createTempFile(options.directory, "fsync-probe-", ".bin");
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            final ByteBuffer record = ByteBuffer.allocateDirect(100);
            for (int i = 0; i < count; i++) {
                record.clear();
                final long begin = System.nanoTime();
                channel.write(record);
                channel.force(false);
                histogram.recordValue(Math.min(System.nanoTime() - begin, histogram.getHighestTrackableValue()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return histogram;
    }

    private static long gcMillis() {
        long total = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Concurrent")) { // pauses only, not G1's concurrent cycles
                total += Math.max(0, gc.getCollectionTime());
            }
        }
        return total;
    }

    private static int countSegments(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return (int)files.filter(f -> f.getFileName().toString().endsWith(".seg")).count();
        }
    }

    private static void deleteRecursively(final Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
