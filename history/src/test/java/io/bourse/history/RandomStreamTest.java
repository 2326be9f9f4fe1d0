package io.bourse.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;

import io.bourse.marketdata.KlineInterval;

/**
 * A long seeded stream over five weeks (two month ends), projected in random pieces with a reopening in the middle,
 * must give exactly what the in-memory {@link Reference} computes: orders, trades, aggregates, klines of every
 * interval, tickers, and every filtered query.
 */
class RandomStreamTest {
    private static final int COMMANDS = 4_000;

    @TempDir
    Path directory;

    @BothDatabases
    void projectionMatchesTheReference(final TestDatabase db) {
        final String url = db.newUrl(directory);
        final Market m = Market.standard(Market.millis("2024-01-29T08:00:00Z"));
        final RandomFlow flow = new RandomFlow(20_240_129, m);
        final Random pieces = new Random(5);
        HistoryStore store = JdbcHistoryStore.open(url);
        try {
            for (int i = 0; i < COMMANDS; i++) {
                flow.step();
                if (pieces.nextInt(20) == 0) {
                    m.projectInto(store);
                }
                if (i == COMMANDS / 2) {
                    m.projectInto(store);
                    store.close();
                    store = JdbcHistoryStore.open(url);
                }
            }
            m.projectInto(store);
            final Reference reference = Reference.of(m.log);
            assertThat(reference.trades).hasSizeGreaterThan(500);
            assertThat(reference.orders.values()).anyMatch(o -> o.type().isConditional() && o.workingTimeMillis() > 0);
            assertThat(reference.klines(KlineInterval.MONTH1)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(store.lastProjectedSeq()).isEqualTo(m.seq());
            ReferenceCheck.assertMatches(store, reference);
            ReferenceCheck.assertTickersMatch(store, reference, 3, 400);
            ReferenceCheck.assertFilteredQueriesMatch(store, reference, 4, 300);
        } finally {
            store.close();
        }
    }
}
