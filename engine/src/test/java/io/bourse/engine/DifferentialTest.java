package io.bourse.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * The engine on {@link FastOrderBook} against the engine on {@link ReferenceOrderBook}, fed the same seeded random
 * command stream: after every command both must have emitted exactly the same events, both must pass
 * {@link Engine#checkInvariants()} (books, holds, conservation of every asset), and their depth must agree; every
 * {@value #DIGEST_EVERY} commands and at the end their open orders and digests must be equal.
 *
 * <p>Runs a fixed list of seeds plus one drawn from the clock, {@value #DEFAULT_COMMANDS} commands each, the seeds
 * spread over the available cores; each seed prints a one-line summary. {@code -Dbourse.seed=N -Dbourse.commands=M}
 * replays a single seed for M commands (a failure message names both); {@code -Dbourse.commands=M} alone changes the
 * length of every seed's stream, and {@code -Dbourse.extraSeeds=K} draws K seeds from the clock instead of one.
 */
class DifferentialTest {
    private static final long[] FIXED_SEEDS = {1L, 2L, 3L, 42L, 20_251_125L, 0xB0B5EL, 987_654_321L, -7L};
    private static final long DEFAULT_COMMANDS = 200_000;
    private static final int DIGEST_EVERY = 10_000;
    private static final int DEPTH_LEVELS = 8;
    private static final int SYMBOL_IDS = 5;
    private static final int MAX_EVENTS_SHOWN = 60;

    @Test
    void fastBookEngineMatchesReferenceBookEngine() throws InterruptedException {
        final long commands = Long.getLong("bourse.commands", DEFAULT_COMMANDS);
        final List<Long> seeds = new ArrayList<>();
        final String replay = System.getProperty("bourse.seed");
        if (replay != null && !replay.isBlank()) {
            seeds.add(Long.parseLong(replay.trim()));
        } else {
            for (final long seed : FIXED_SEEDS) {
                seeds.add(seed);
            }
            for (int k = 0; k < Integer.getInteger("bourse.extraSeeds", 1); k++) {
                seeds.add(System.nanoTime() * 0x9E3779B97F4A7C15L + k);
            }
        }
        final long started = System.nanoTime();
        final int threads = Math.max(1, Math.min(seeds.size(), Runtime.getRuntime().availableProcessors()));
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Future<StreamStats>> results = new ArrayList<>();
        try {
            for (final long seed : seeds) {
                results.add(pool.submit(() -> run(seed, commands)));
            }
            final List<String> failures = new ArrayList<>();
            final List<Throwable> causes = new ArrayList<>();
            long total = 0;
            long trades = 0;
            for (int i = 0; i < results.size(); i++) {
                try {
                    final StreamStats stats = results.get(i).get();
                    total += stats.commands();
                    trades += stats.trades();
                } catch (final ExecutionException e) {
                    failures.add(e.getCause() instanceof AssertionError ? e.getCause().getMessage()
                        : "seed " + seeds.get(i) + ": " + e.getCause());
                    causes.add(e.getCause());
                }
            }
            System.out.printf("DifferentialTest: %d seeds, %d commands, %d trades in %.1f s on %d threads%n", seeds.size(), total, trades,
                (System.nanoTime() - started) / 1e9, threads);
            if (!failures.isEmpty()) {
                final AssertionError failure = new AssertionError(failures.size() + " of " + seeds.size()
                    + " seeds found a divergence or a broken invariant:\n\n" + String.join("\n\n", failures));
                causes.forEach(failure::addSuppressed);
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one seed for {@code commands} commands; throws {@link AssertionError} at the first divergence. */
    static StreamStats run(final long seed, final long commands) {
        final Engine fast = new Engine();
        final Engine reference = new Engine(spec -> new ReferenceOrderBook());
        final RandomCommandGenerator generator = new RandomCommandGenerator(seed);
        final StreamStats stats = new StreamStats();
        final long[][] depth = new long[4][DEPTH_LEVELS];
        for (long index = 0; index < commands; index++) {
            final RandomCommandGenerator.Step step = generator.next();
            final List<Event> fastEvents = apply(fast, "fast", seed, index, step);
            final List<Event> referenceEvents = apply(reference, "reference", seed, index, step);
            if (!fastEvents.equals(referenceEvents)) {
                throw new AssertionError(divergence(seed, index, step, fastEvents, referenceEvents));
            }
            checkInvariants(fast, "fast", seed, index, step, fastEvents);
            checkInvariants(reference, "reference", seed, index, step, fastEvents);
            for (int symbolId = 0; symbolId < SYMBOL_IDS; symbolId++) {
                for (final Side side : Side.values()) {
                    final int fastLevels = fast.depth(symbolId, side, DEPTH_LEVELS, depth[0], depth[1]);
                    final int referenceLevels = reference.depth(symbolId, side, DEPTH_LEVELS, depth[2], depth[3]);
                    if (fastLevels != referenceLevels || !Arrays.equals(depth[0], 0, fastLevels, depth[2], 0, fastLevels)
                        || !Arrays.equals(depth[1], 0, fastLevels, depth[3], 0, fastLevels)) {
                        throw new AssertionError(context(seed, index, step) + "\n" + side + " depth of symbol " + symbolId
                            + " differs:\n  fast:      " + levels(depth[0], depth[1], fastLevels)
                            + "\n  reference: " + levels(depth[2], depth[3], referenceLevels));
                    }
                }
            }
            if ((index + 1) % DIGEST_EVERY == 0 || index + 1 == commands) {
                for (int symbolId = 0; symbolId < SYMBOL_IDS; symbolId++) {
                    final List<OpenOrder> fastOpen = fast.openOrders(symbolId, -1);
                    final List<OpenOrder> referenceOpen = reference.openOrders(symbolId, -1);
                    if (!fastOpen.equals(referenceOpen)) {
                        throw new AssertionError(context(seed, index, step) + "\nopen orders of symbol " + symbolId + " differ:\n  fast:      "
                            + fastOpen + "\n  reference: " + referenceOpen);
                    }
                }
                final byte[] fastDigest = fast.digest();
                final byte[] referenceDigest = reference.digest();
                if (!Arrays.equals(fastDigest, referenceDigest)) {
                    throw new AssertionError(context(seed, index, step) + "\ndigests differ after the command: fast "
                        + HexFormat.of().formatHex(fastDigest) + ", reference " + HexFormat.of().formatHex(referenceDigest));
                }
            }
            generator.observe(fastEvents);
            stats.count(fastEvents);
        }
        System.out.println("DifferentialTest " + stats.summary(seed));
        return stats;
    }

    private static List<Event> apply(final Engine engine, final String name, final long seed, final long index,
        final RandomCommandGenerator.Step step) {
        try {
            return engine.apply(step.seq(), step.timestampNanos(), step.command());
        } catch (final RuntimeException e) {
            throw new AssertionError(context(seed, index, step) + "\nthe " + name + " engine threw " + e, e);
        }
    }

    private static void checkInvariants(final Engine engine, final String name, final long seed, final long index,
        final RandomCommandGenerator.Step step, final List<Event> events) {
        try {
            engine.checkInvariants();
        } catch (final RuntimeException e) {
            throw new AssertionError(context(seed, index, step) + "\nthe " + name + " engine broke an invariant: " + e.getMessage()
                + "\nevents of the command:\n" + list(events), e);
        }
    }

    static String context(final long seed, final long index, final RandomCommandGenerator.Step step) {
        return "seed=" + seed + " command index=" + index + " (seq=" + step.seq() + ", ts=" + step.timestampNanos() + "): "
            + step.command() + "\nreplay: -Dbourse.seed=" + seed + " -Dbourse.commands=" + (index + 1);
    }

    static String divergence(final long seed, final long index, final RandomCommandGenerator.Step step, final List<Event> fast,
        final List<Event> reference) {
        int first = 0;
        while (first < fast.size() && first < reference.size() && fast.get(first).equals(reference.get(first))) {
            first++;
        }
        return context(seed, index, step)
            + "\nevent lists differ first at index " + first + ":"
            + "\n  fast:      " + (first < fast.size() ? fast.get(first) : "(no more events)")
            + "\n  reference: " + (first < reference.size() ? reference.get(first) : "(no more events)")
            + "\nfast events (" + fast.size() + "):\n" + list(fast)
            + "reference events (" + reference.size() + "):\n" + list(reference);
    }

    /** The events, numbered; of a long list the first and the last {@value #MAX_EVENTS_SHOWN} / 2. */
    private static String list(final List<Event> events) {
        final StringBuilder text = new StringBuilder();
        final int half = MAX_EVENTS_SHOWN / 2;
        for (int i = 0; i < events.size(); i++) {
            if (events.size() > MAX_EVENTS_SHOWN && i == half) {
                text.append("  ... ").append(events.size() - 2 * half).append(" more ...\n");
                i = events.size() - half;
            }
            text.append("  ").append(i).append(": ").append(events.get(i)).append('\n');
        }
        return text.toString();
    }

    private static String levels(final long[] prices, final long[] quantities, final int count) {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append(quantities[i]).append('@').append(prices[i]);
        }
        return text.append(']').toString();
    }
}
