package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.bourse.engine.Side;

import org.junit.jupiter.api.Test;

/**
 * {@link MarketDataProjector#depth} from other threads while the projector runs: every snapshot a reader gets must be
 * exactly the book after the diff its {@code lastUpdateId} names (recorded from the engine when that diff was
 * published), never a half-applied command.
 */
class ConcurrentDepthTest {
    private static final int COMMANDS = 15_000;
    private static final int RECORDED_LEVELS = 20;

    @Test
    void snapshotsOnOtherThreadsAreWholeCommands() throws InterruptedException {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("ConcurrentDepthTest seed=" + seed);
        final MarketSim sim = new MarketSim(20);
        final Map<Long, long[][]> books = new ConcurrentHashMap<>();
        for (int id = 0; id < MarketSim.SPECS.size(); id++) {
            books.put(key(id, 0), new long[][] {new long[0], new long[0], new long[0], new long[0]});
        }
        final MarketDataProjector projector = new MarketDataProjector(new MarketDataListener() {
            @Override
            public void onDepthDiff(final DepthDiff diff) {
                final long[][] bids = sim.engineDepth(diff.symbolId(), Side.BUY);
                final long[][] asks = sim.engineDepth(diff.symbolId(), Side.SELL);
                books.put(key(diff.symbolId(), diff.finalUpdateId()), new long[][] {top(bids[0]), top(bids[1]), top(asks[0]), top(asks[1])});
            }
        });
        sim.feed(projector).setup();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong checked = new AtomicLong();
        final AtomicLong nonEmpty = new AtomicLong();
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            final SplittableRandom random = new SplittableRandom(seed + r);
            final Thread reader = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    final int symbolId = random.nextInt(MarketSim.SPECS.size());
                    final int limit = random.nextBoolean() ? 5 : RECORDED_LEVELS;
                    final DepthSnapshot s = projector.depth(symbolId, limit);
                    // The writer records the engine's book for an id just after it publishes the id; wait for it.
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    long[][] book;
                    while ((book = books.get(key(symbolId, s.lastUpdateId()))) == null && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    final String problem = book == null ? "no book recorded" : differs(s, book, limit);
                    if (problem != null) {
                        failure.compareAndSet(null, "seed " + seed + " symbol " + symbolId + " id " + s.lastUpdateId() + ": " + problem);
                    }
                    checked.incrementAndGet();
                    if (!s.bids().isEmpty() && !s.asks().isEmpty()) {
                        nonEmpty.incrementAndGet();
                    }
                }
            }, "depth-reader-" + r);
            readers.add(reader);
            reader.start();
        }
        final RandomFlow flow = new RandomFlow(seed, sim, true, 10, 0, 0);
        for (int i = 0; i < COMMANDS && failure.get() == null; i++) {
            flow.step();
        }
        done.set(true);
        for (final Thread reader : readers) {
            reader.join();
        }
        assertThat(failure.get()).isNull();
        System.out.printf("  %d snapshots taken concurrently with %d commands, all whole (%d with both sides)%n", checked.get(), COMMANDS,
            nonEmpty.get());
        assertThat(nonEmpty.get()).isPositive();
    }

    private static String differs(final DepthSnapshot s, final long[][] book, final int limit) {
        if (!Arrays.equals(prices(s.bids()), head(book[0], limit)) || !Arrays.equals(quantities(s.bids()), head(book[1], limit))
            || !Arrays.equals(prices(s.asks()), head(book[2], limit)) || !Arrays.equals(quantities(s.asks()), head(book[3], limit))) {
            return "snapshot " + s + " is not the recorded book " + Arrays.deepToString(book);
        }
        return null;
    }

    private static long[] prices(final PriceLevels levels) {
        final long[] out = new long[levels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = levels.price(i);
        }
        return out;
    }

    private static long[] quantities(final PriceLevels levels) {
        final long[] out = new long[levels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = levels.quantity(i);
        }
        return out;
    }

    private static long key(final int symbolId, final long updateId) {
        return ((long) symbolId << 48) | updateId;
    }

    private static long[] top(final long[] values) {
        return Arrays.copyOf(values, Math.min(values.length, RECORDED_LEVELS));
    }

    private static long[] head(final long[] values, final int limit) {
        return Arrays.copyOf(values, Math.min(values.length, limit));
    }
}
