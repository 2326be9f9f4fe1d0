package io.bourse.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Event;
import io.bourse.marketdata.KlineInterval;

/**
 * Measures (prints, asserts nothing about speed) how fast the projector writes a realistic command stream into each
 * database, and how long the common queries then take. The stream is a busy day: 100,000 commands in about 24 hours.
 */
class ProjectionThroughputTest {
    private static final int COMMANDS = 100_000;
    private static final int QUERY_ROUNDS = 200;
    private static final int LATENCY_ROUNDS = 500;

    @TempDir
    Path directory;

    @BothDatabases
    void projectionThroughput(final TestDatabase db) {
        final Market m = Market.standard(Market.millis("2024-07-01T00:00:00Z"));
        final RandomFlow flow = new RandomFlow(42, m, true);
        for (int i = 0; i < COMMANDS; i++) {
            flow.step();
        }
        long events = 0;
        long trades = 0;
        long orders = 0;
        for (final Market.Applied applied : m.log.subList(0, m.log.size() - LATENCY_ROUNDS)) {
            events += applied.events().size();
            for (final Event event : applied.events()) {
                if (event instanceof Event.Trade) {
                    trades++;
                } else if (event instanceof Event.OrderAccepted) {
                    orders++;
                }
            }
        }
        final HistoryProjector projector = new HistoryProjector(JdbcHistoryStore.open(db.newUrl(directory)));
        try {
            final int bulk = m.log.size() - LATENCY_ROUNDS;
            final long start = System.nanoTime();
            for (final Market.Applied applied : m.log.subList(0, bulk)) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(projector.awaitSeq(m.log.get(bulk - 1).seq(), 600_000)).isTrue();
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "history projection into %s: %,d commands (%,d events, %,d orders, %,d trades) in %.2f s: "
                + "%,.0f commands/s, %,.0f events/s, %,.0f trades/s%n", db, bulk, events, orders, trades, seconds,
                bulk / seconds, events / seconds, trades / seconds);

            // One command at a time, as in a quiet market: how long until a reader sees it (one transaction each).
            final long[] micros = new long[LATENCY_ROUNDS];
            for (int i = 0; i < LATENCY_ROUNDS; i++) {
                final Market.Applied applied = m.log.get(bulk + i);
                final long offered = System.nanoTime();
                projector.offer(applied.seq(), applied.events());
                assertThat(projector.awaitSeq(applied.seq(), 10_000)).isTrue();
                micros[i] = (System.nanoTime() - offered) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "history read-your-write on %s, one command per transaction: p50 %,d us, p99 %,d us, max %,d us%n",
                db, micros[LATENCY_ROUNDS / 2], micros[LATENCY_ROUNDS * 99 / 100], micros[LATENCY_ROUNDS - 1]);

            final HistoryStore store = projector.store();
            final long orderCount = orders;
            final long now = m.now();
            final long[] account = {0};
            report(db, "ticker24h", () -> store.ticker24h(Market.BTCUSDT, now - (account[0]++ % 100) * 60_000L).count());
            report(db, "klines 1m limit 500", () -> store.klines(Market.BTCUSDT, KlineInterval.M1, null, null, 500).size());
            report(db, "klines 1h limit 500", () -> store.klines(Market.BTCUSDT, KlineInterval.H1, null, null, 500).size());
            report(db, "trades limit 500", () -> store.trades(Market.BTCUSDT, null, 500).size());
            report(db, "aggTrades limit 500", () -> store.aggTrades(Market.BTCUSDT, null, null, null, 500).size());
            report(db, "myTrades limit 500", () -> store.myTrades(Market.BTCUSDT, Market.ACCOUNTS[(int) (account[0]++ % 5)], null, null,
                null, null, 500).size());
            report(db, "allOrders limit 500", () -> store.allOrders(Market.BTCUSDT, Market.ACCOUNTS[(int) (account[0]++ % 5)], null,
                null, null, 500).size());
            report(db, "order by id", () -> store.order(Market.BTCUSDT, Market.ALICE, 1 + account[0]++ % orderCount, null).isPresent() ? 1 : 0);
        } finally {
            projector.close();
        }
    }

    private static void report(final TestDatabase db, final String query, final LongSupplier run) {
        long rows = 0;
        for (int i = 0; i < QUERY_ROUNDS / 4; i++) {
            rows += run.getAsLong();
        }
        final long start = System.nanoTime();
        for (int i = 0; i < QUERY_ROUNDS; i++) {
            rows += run.getAsLong();
        }
        final double micros = (System.nanoTime() - start) / 1e3 / QUERY_ROUNDS;
        System.out.printf(Locale.ROOT, "history query on %s: %-22s %,8.0f us (%,d rows in all)%n", db, query, micros, rows);
    }
}
