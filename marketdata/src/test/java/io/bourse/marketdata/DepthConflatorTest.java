package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Merging, windows, bounds and gap detection of {@link DepthConflator}. */
class DepthConflatorTest {
    private static final long MS = 1_000_000L;

    private static DepthDiff diff(final long id, final long time, final long[] bids, final long[] asks) {
        return new DepthDiff(7, "ETHBTC", time, id, id, levels(bids), levels(asks));
    }

    /** Levels from {price, qty, price, qty, ...}. */
    private static PriceLevels levels(final long... pairs) {
        final long[] prices = new long[pairs.length / 2];
        final long[] quantities = new long[pairs.length / 2];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = pairs[2 * i];
            quantities[i] = pairs[2 * i + 1];
        }
        return PriceLevels.of(prices, quantities, prices.length);
    }

    @Test
    void mergesARunPerWindowLastQuantityWinning() {
        final DepthConflator conflator = new DepthConflator(100 * MS);
        assertThat(conflator.poll(0)).isNull();
        conflator.add(diff(11, 1_000, new long[] {100, 5}, new long[0]), 1_020 * MS);
        assertThat(conflator.readyAtNanos()).isEqualTo(1_100 * MS);
        conflator.add(diff(12, 1_050, new long[] {100, 0, 99, 3}, new long[0]), 1_050 * MS);
        conflator.add(diff(13, 1_090, new long[] {101, 1}, new long[] {102, 7}), 1_090 * MS);
        assertThat(conflator.poll(1_099 * MS)).isNull();
        final DepthDiff merged = conflator.poll(1_100 * MS);
        assertThat(merged).isEqualTo(new DepthDiff(7, "ETHBTC", 1_090, 11, 13, levels(101, 1, 100, 0, 99, 3), levels(102, 7)));
        assertThat(conflator.hasPending()).isFalse();
        assertThat(conflator.poll(2_000 * MS)).isNull();
        // The next run starts its own window.
        conflator.add(diff(14, 1_300, new long[0], new long[] {102, 0, 103, 2}), 1_310 * MS);
        assertThat(conflator.poll(1_399 * MS)).isNull();
        assertThat(conflator.flush()).isEqualTo(new DepthDiff(7, "ETHBTC", 1_300, 14, 14, PriceLevels.EMPTY, levels(102, 0, 103, 2)));
        assertThat(conflator.flush()).isNull();
    }

    @Test
    void refusesGaps() {
        final DepthConflator conflator = new DepthConflator(100 * MS);
        conflator.add(diff(5, 0, new long[] {1, 1}, new long[0]), 0);
        assertThatThrownBy(() -> conflator.add(diff(7, 0, new long[] {1, 2}, new long[0]), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFullRunIsReadyAtOnce() {
        final DepthConflator conflator = new DepthConflator(1_000 * MS);
        final long[] many = new long[2 * DepthConflator.MAX_LEVELS];
        for (int i = 0; i < DepthConflator.MAX_LEVELS; i++) {
            many[2 * i] = 1_000 + i;
            many[2 * i + 1] = 1;
        }
        conflator.add(diff(1, 0, many, new long[0]), 0);
        final DepthDiff merged = conflator.poll(1);
        assertThat(merged).isNotNull();
        assertThat(merged.bids().size()).isEqualTo(DepthConflator.MAX_LEVELS);
        assertThat(merged.bids().price(0)).isEqualTo(1_000 + DepthConflator.MAX_LEVELS - 1);
    }
}
