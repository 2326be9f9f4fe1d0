package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.bourse.engine.Side;

import org.junit.jupiter.api.Test;

/**
 * The diff-depth contract against a real engine: thousands of random orders over four symbols, and many subscribers
 * that join (and leave, and join again) at random moments, each rebuilding its book by Binance's documented
 * procedure from a {@link MarketDataProjector#depth} snapshot and the diffs, some from the per-command stream and some
 * from the 100 ms conflated one. After every command (a quiet point) the projector's book equals the engine's
 * {@link io.bourse.engine.Engine#depth}, every synced subscriber's book equals it too (or, for a subscriber whose
 * snapshot was cut short, holds only right levels), and no subscriber ever saw {@code U}/{@code u} skip.
 */
class DepthStreamRandomTest {
    private static final int COMMANDS = 20_000;
    private static final int ACCOUNTS = 30;
    private static final int PLAIN_SUBSCRIBERS = 48;
    private static final int CONFLATED_SUBSCRIBERS = 24;
    private static final long CONFLATION_NANOS = 100_000_000L;
    private static final int[] SMALL_LIMITS = {5, 10, 20, 100, 500};

    @Test
    void everySubscriberRebuildsTheEnginesBookWithoutGaps() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("DepthStreamRandomTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
        run(seed, true);
    }

    @Test
    void withoutConditionalLimitOrders() {
        final long seed = Long.getLong("seed", System.nanoTime()) + 1;
        System.out.println("DepthStreamRandomTest (no stop-limits) seed=" + seed);
        run(seed, false);
    }

    private static void run(final long seed, final boolean conditionalLimits) {
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final int symbols = MarketSim.SPECS.size();
        final DepthConflator[] conflators = new DepthConflator[symbols];
        for (int i = 0; i < symbols; i++) {
            conflators[i] = new DepthConflator(CONFLATION_NANOS);
        }
        final List<LocalBook> subscribers = new ArrayList<>();
        for (int i = 0; i < PLAIN_SUBSCRIBERS + CONFLATED_SUBSCRIBERS; i++) {
            final boolean conflated = i >= PLAIN_SUBSCRIBERS;
            final int limit = random.nextInt(5) == 0 ? SMALL_LIMITS[random.nextInt(SMALL_LIMITS.length)] : MarketDataProjector.MAX_DEPTH_LIMIT;
            subscribers.add(new LocalBook((conflated ? "conflated#" : "plain#") + i + "(limit " + limit + ")", i % symbols, conflated, limit));
        }
        final long[] lastU = new long[symbols];
        final long[] diffCount = new long[symbols];
        final String[] streamFailure = {null};
        final MarketSim sim = new MarketSim(ACCOUNTS);
        final MarketDataProjector projector = new MarketDataProjector(new MarketDataListener() {
            @Override
            public void onDepthDiff(final DepthDiff diff) {
                final int id = diff.symbolId();
                if (diff.firstUpdateId() != lastU[id] + 1 || diff.finalUpdateId() != diff.firstUpdateId()) {
                    streamFailure[0] = "projector diff " + diff.firstUpdateId() + ".." + diff.finalUpdateId() + " after " + lastU[id];
                }
                if (diff.bids().isEmpty() && diff.asks().isEmpty()) {
                    streamFailure[0] = "empty diff " + diff;
                }
                lastU[id] = diff.finalUpdateId();
                diffCount[id]++;
                conflators[id].add(diff, sim.clockNanos);
                for (final LocalBook subscriber : subscribers) {
                    if (!subscriber.conflated) {
                        subscriber.onDiff(diff);
                    }
                }
            }
        });
        sim.feed(projector).setup();
        final RandomFlow flow = new RandomFlow(seed, sim, conditionalLimits, 12, 500, 5_000);
        long checks = 0;
        long conflatedChecks = 0;
        int maxLevels = 0;
        long merged = 0;
        for (int step = 0; step < COMMANDS; step++) {
            flow.step();
            assertThat(streamFailure[0]).as("seed %d step %d", seed, step).isNull();
            for (int id = 0; id < symbols; id++) {
                final DepthDiff diff = conflators[id].poll(sim.clockNanos);
                if (diff != null) {
                    merged++;
                    for (final LocalBook subscriber : subscribers) {
                        if (subscriber.conflated) {
                            subscriber.onDiff(diff);
                        }
                    }
                }
            }
            // Subscribers come and go; one that has waited long enough fetches its snapshot.
            // Some fetch their snapshot before subscribing: it is stale if the book changed meanwhile, which they must
            // notice (snapshot older than the first buffered diff) and fetch again.
            for (final LocalBook subscriber : subscribers) {
                if (!subscriber.joined) {
                    if (subscriber.prefetched != null) {
                        if (subscriber.joinDelay-- <= 0) {
                            subscriber.join(0);
                        }
                    } else if (random.nextInt(200) == 0) {
                        if (random.nextInt(4) == 0) {
                            subscriber.prefetched = projector.depth(subscriber.symbolId, subscriber.snapshotLimit);
                            subscriber.joinDelay = random.nextInt(6);
                        } else {
                            subscriber.join(random.nextInt(4) == 0 ? 0 : random.nextInt(30));
                        }
                    }
                } else if (!subscriber.synced) {
                    if (subscriber.prefetched != null) {
                        if (subscriber.hasBuffered()) {
                            final DepthSnapshot early = subscriber.prefetched;
                            subscriber.prefetched = null;
                            if (!subscriber.sync(early)) {
                                subscriber.snapshotDelay = random.nextInt(5);
                            }
                        }
                    } else if (subscriber.snapshotDelay-- <= 0) {
                        assertThat(subscriber.sync(projector.depth(subscriber.symbolId, subscriber.snapshotLimit)))
                            .as("a snapshot fetched after subscribing is never too old").isTrue();
                    }
                } else if (random.nextInt(2_000) == 0) {
                    subscriber.leave();
                }
            }
            // The quiet point: the projector's book, and every synced subscriber's, against the engine's.
            final long[][][] engineBids = new long[symbols][][];
            final long[][][] engineAsks = new long[symbols][][];
            for (int id = 0; id < symbols; id++) {
                engineBids[id] = sim.engineDepth(id, Side.BUY);
                engineAsks[id] = sim.engineDepth(id, Side.SELL);
                maxLevels = Math.max(maxLevels, Math.max(engineBids[id][0].length, engineAsks[id][0].length));
                assertThat(maxLevels).isLessThan(MarketDataProjector.MAX_DEPTH_LIMIT);
                final DepthSnapshot snapshot = projector.depth(id, MarketDataProjector.MAX_DEPTH_LIMIT);
                assertThat(snapshot.lastUpdateId()).as("seed %d step %d symbol %d", seed, step, id).isEqualTo(lastU[id]);
                assertLevels(snapshot.bids(), engineBids[id], "seed " + seed + " step " + step + " bids " + id);
                assertLevels(snapshot.asks(), engineAsks[id], "seed " + seed + " step " + step + " asks " + id);
            }
            for (final LocalBook subscriber : subscribers) {
                assertThat(subscriber.failure).as("seed %d step %d", seed, step).isNull();
                if (!subscriber.synced || (subscriber.conflated && conflators[subscriber.symbolId].hasPending())) {
                    continue;
                }
                final boolean exact = subscriber.snapshotLimit == MarketDataProjector.MAX_DEPTH_LIMIT;
                final int id = subscriber.symbolId;
                String problem = subscriber.compare("bids", subscriber.bids, engineBids[id], exact);
                if (problem == null) {
                    problem = subscriber.compare("asks", subscriber.asks, engineAsks[id], exact);
                }
                assertThat(problem).as("seed %d step %d", seed, step).isNull();
                assertThat(subscriber.updateId).isEqualTo(lastU[id]);
                if (subscriber.conflated) {
                    conflatedChecks++;
                } else {
                    checks++;
                }
            }
        }
        int syncs = 0;
        int refetches = 0;
        for (final LocalBook subscriber : subscribers) {
            syncs += subscriber.syncs;
            refetches += subscriber.refetches;
        }
        System.out.printf("  %d commands, diffs per symbol %s, %d merged 100ms diffs, %d subscriber syncs (%d refetches), "
                + "%d plain and %d conflated book checks, deepest side %d levels%n",
            COMMANDS, Arrays.toString(diffCount), merged, syncs, refetches, checks, conflatedChecks, maxLevels);
        assertThat(syncs).isGreaterThan(PLAIN_SUBSCRIBERS + CONFLATED_SUBSCRIBERS);
        assertThat(refetches).isPositive();
        assertThat(conflatedChecks).isPositive();
        assertThat(checks).isPositive();
    }

    static void assertLevels(final PriceLevels levels, final long[][] engine, final String what) {
        final long[] prices = new long[levels.size()];
        final long[] quantities = new long[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            prices[i] = levels.price(i);
            quantities[i] = levels.quantity(i);
        }
        assertThat(prices).as(what + " prices").isEqualTo(engine[0]);
        assertThat(quantities).as(what + " quantities").isEqualTo(engine[1]);
    }
}
