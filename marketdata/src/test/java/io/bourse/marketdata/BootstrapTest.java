package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.TimeInForce;

import org.junit.jupiter.api.Test;

/**
 * {@link MarketDataProjector#bootstrap} from an engine in mid-life (as after recovery from a snapshot): the book and the
 * orders behind it are rebuilt, update ids continue from the engine's sequence, and the book stays right afterwards.
 */
class BootstrapTest {
    private static final int BTCUSDT = 0;

    @Test
    void aProjectorStartedMidStreamFollowsTheEngine() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("BootstrapTest seed=" + seed);
        final MarketSim sim = new MarketSim(20);
        sim.setup();
        final RandomFlow flow = new RandomFlow(seed, sim, false, 20, 0, 0);
        for (int i = 0; i < 3_000; i++) {
            flow.step();
        }
        final List<DepthDiff> diffs = new ArrayList<>();
        final MarketDataProjector late = new MarketDataProjector(new MarketDataListener() {
            @Override
            public void onDepthDiff(final DepthDiff diff) {
                diffs.add(diff);
            }
        });
        late.bootstrap(sim.engine);
        final long start = sim.engine.lastSequence();
        assertBooks(sim, late, "seed " + seed + " at bootstrap");
        for (int id = 0; id < MarketSim.SPECS.size(); id++) {
            assertThat(late.lastUpdateId(id)).isEqualTo(start);
        }
        sim.feed(late);
        for (int i = 0; i < 3_000; i++) {
            flow.step();
            assertBooks(sim, late, "seed " + seed + " step " + i);
        }
        final long[] last = new long[MarketSim.SPECS.size()];
        Arrays.fill(last, start);
        for (final DepthDiff diff : diffs) {
            assertThat(diff.firstUpdateId()).isEqualTo(last[diff.symbolId()] + 1);
            last[diff.symbolId()] = diff.finalUpdateId();
        }
        assertThatThrownBy(() -> late.bootstrap(sim.engine)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void conditionalLimitOrdersAreToldApartByTheirLevels() {
        final MarketSim sim = new MarketSim(4);
        sim.setup();
        // A trade at 100 sets the last price.
        sim.apply(limit(1, Side.BUY, "100", "1"));
        sim.apply(limit(2, Side.SELL, "100", "1"));
        // Still waiting at the end: a sell stop-loss at 90, limit 89 (no level at 89 on the ask side).
        sim.apply(stopLimit(3, Side.SELL, "90", "89", "0.5"));
        // Two buy stop-losses at 101, limits 98 and 99; a plain bid at 95.
        sim.apply(stopLimit(3, Side.BUY, "101", "98", "0.7"));
        sim.apply(stopLimit(4, Side.BUY, "101", "99", "2"));
        sim.apply(limit(1, Side.BUY, "95", "3"));
        // A trade at 101 triggers both buy stops; with no ask left they rest whole at 98 and 99.
        sim.apply(limit(2, Side.SELL, "101", "1"));
        sim.apply(Command.PlaceOrder.market(1, BTCUSDT, Side.BUY, units("1", 8)));
        // A sell into the bid at 99 fills half of that stop order: it rests with a fill, the one at 98 without.
        sim.apply(limit(2, Side.SELL, "99", "1"));
        assertThat(sim.engine.openOrders(BTCUSDT, -1)).extracting(OpenOrder::type).containsOnly(OrderType.LIMIT, OrderType.STOP_LOSS_LIMIT)
            .hasSize(4);
        final MarketDataProjector late = new MarketDataProjector(MarketDataListener.NONE);
        late.bootstrap(sim.engine);
        assertBooks(sim, late, "after bootstrap");
        sim.feed(late);
        for (final OpenOrder order : sim.engine.openOrders(BTCUSDT, -1)) {
            sim.apply(new Command.CancelOrder(order.accountId(), BTCUSDT, order.orderId(), null));
            assertBooks(sim, late, "after cancelling " + order);
        }
        assertThat(late.depth(BTCUSDT, 10).bids().isEmpty()).isTrue();
    }

    private static long units(final String amount, final int scale) {
        return new BigDecimal(amount).movePointRight(scale).longValueExact();
    }

    private static Command.PlaceOrder limit(final long account, final Side side, final String price, final String qty) {
        return Command.PlaceOrder.limit(account, BTCUSDT, side, TimeInForce.GTC, units(price, 6), units(qty, 8));
    }

    private static Command.PlaceOrder stopLimit(final long account, final Side side, final String stop, final String price, final String qty) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.STOP_LOSS_LIMIT, TimeInForce.GTC, units(price, 6), units(qty, 8),
            0, units(stop, 6), null);
    }

    private static void assertBooks(final MarketSim sim, final MarketDataProjector projector, final String what) {
        for (int id = 0; id < MarketSim.SPECS.size(); id++) {
            final DepthSnapshot snapshot = projector.depth(id, MarketDataProjector.MAX_DEPTH_LIMIT);
            DepthStreamRandomTest.assertLevels(snapshot.bids(), sim.engineDepth(id, Side.BUY), what + " bids " + id);
            DepthStreamRandomTest.assertLevels(snapshot.asks(), sim.engineDepth(id, Side.SELL), what + " asks " + id);
        }
    }
}
