package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.bourse.engine.Event;

import org.junit.jupiter.api.Test;

/**
 * What the projector costs the sequencer thread: a recorded random flow (events as the engine produced them) is
 * replayed through fresh projectors with a listener that drops everything, after warm-up, and the commands per second
 * and bytes allocated per command are printed. No timing assertions: a figure to watch, not a gate.
 */
class ProjectorThroughputTest {
    private static final int COMMANDS = 100_000;
    private static final int WARMUP_ROUNDS = 4;
    private static final int ROUNDS = 8;

    private record Recorded(long seq, long timestampNanos, List<Event> events) {
    }

    @Test
    void printCommandsPerSecond() {
        final MarketSim sim = new MarketSim(30);
        final List<Recorded> log = new ArrayList<>();
        sim.observe((seq, t, c, events) -> log.add(new Recorded(seq, t, events))).setup();
        final RandomFlow flow = new RandomFlow(42, sim, true, 5, 0, 0);
        for (int i = 0; i < COMMANDS; i++) {
            flow.step();
        }
        long events = 0;
        long trades = 0;
        for (final Recorded r : log) {
            events += r.events().size();
            for (final Event e : r.events()) {
                if (e instanceof Event.Trade) {
                    trades++;
                }
            }
        }
        System.out.printf("ProjectorThroughputTest (no-op listener unless said): %d commands, %.2f events and %.3f trades per command; "
                + "%d rounds after %d warm-up%n",
            log.size(), (double) events / log.size(), (double) trades / log.size(), ROUNDS, WARMUP_ROUNDS);
        measure(log, "every update kind", EnumSet.allOf(UpdateKind.class), false);
        measure(log, "every kind, listener keeps them", EnumSet.allOf(UpdateKind.class), true);
        measure(log, "depth + trades + book ticker", EnumSet.of(UpdateKind.DEPTH, UpdateKind.TRADE, UpdateKind.BOOK_TICKER), false);
        measure(log, "state only (nothing published)", EnumSet.noneOf(UpdateKind.class), false);
    }

    /** A listener that keeps the newest update of each kind, so that none can be optimised away. */
    private static final class Keeping implements MarketDataListener {
        final MarketDataUpdate[] last = new MarketDataUpdate[UpdateKind.values().length];
        long commands;

        @Override
        public void onDepthDiff(final DepthDiff diff) {
            last[0] = diff;
        }

        @Override
        public void onTrade(final TradeUpdate trade) {
            last[1] = trade;
        }

        @Override
        public void onAggTrade(final AggTradeUpdate aggTrade) {
            last[2] = aggTrade;
        }

        @Override
        public void onKline(final KlineUpdate kline) {
            last[3] = kline;
        }

        @Override
        public void onTicker(final TickerUpdate ticker) {
            last[4] = ticker;
        }

        @Override
        public void onBookTicker(final BookTickerUpdate bookTicker) {
            last[5] = bookTicker;
        }

        @Override
        public void onCommandEnd(final long seq, final long timestampNanos) {
            commands++;
        }
    }

    private static void measure(final List<Recorded> log, final String label, final Set<UpdateKind> kinds, final boolean keep) {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final double[] nanos = new double[ROUNDS];
        double bytesPerCommand = Double.MAX_VALUE;
        final long[] published = new long[1];
        final MarketDataListener counting = new MarketDataListener() {
            @Override
            public void onCommandEnd(final long seq, final long timestampNanos) {
                published[0]++;
            }
        };
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            final Keeping keeping = new Keeping();
            final MarketDataProjector projector = new MarketDataProjector(keep ? keeping : counting);
            projector.publish(kinds);
            final long bytesBefore = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            for (int i = 0; i < log.size(); i++) {
                final Recorded r = log.get(i);
                projector.onCommand(r.seq(), r.timestampNanos(), r.events());
            }
            final long elapsed = System.nanoTime() - start;
            final long bytes = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
            published[0] += keeping.commands;
            if (round >= WARMUP_ROUNDS) {
                nanos[round - WARMUP_ROUNDS] = (double) elapsed / log.size();
                bytesPerCommand = Math.min(bytesPerCommand, (double) bytes / log.size());
            }
        }
        Arrays.sort(nanos);
        final double best = nanos[0];
        final double median = nanos[ROUNDS / 2];
        assertThat(published[0]).isEqualTo((long) log.size() * (WARMUP_ROUNDS + ROUNDS));
        System.out.printf("  %-32s best %,10.0f commands/s (%4.0f ns/command), median %,10.0f/s (%4.0f ns), %4.0f bytes/command%n", label,
            1e9 / best, best, 1e9 / median, median, bytesPerCommand);
    }
}
