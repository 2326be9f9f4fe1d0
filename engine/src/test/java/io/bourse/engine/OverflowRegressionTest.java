package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Found by the differential test: a triggered stop market buy walking into an ask whose notional nearly fills a long. */
class OverflowRegressionTest {
    @Test
    void triggeredStopBuyCannotAffordAnAskNearLongMaxAndMoneyIsConserved() {
        final Engine engine = new Engine();
        long seq = 1;
        for (final Command command : List.<Command>of(
            new Command.AddAsset(0, "BTC", 8),
            new Command.AddAsset(1, "USDT", 6),
            new Command.AddSymbol(SymbolSpec.of(0, "BTCUSDT", 0, 1, 1_000_000, 100)),
            new Command.SetFeeTier(2, 0, 2000),
            new Command.CreateAccount(1, 0, "DE", 1),
            new Command.CreateAccount(2, 2, "DE", 1),
            new Command.CreateAccount(3, 0, "DE", 1),
            new Command.Deposit(1, 0, 300_000_000, "a"),
            new Command.Deposit(2, 1, 1_000_000_000_000L, "b"),
            new Command.Deposit(3, 1, 1_000_000_000_000L, "c"),
            Command.PlaceOrder.limit(1, 0, Side.SELL, TimeInForce.GTC, 9_223_372_036_854_000_000L, 100_000_000),
            Command.PlaceOrder.limit(1, 0, Side.SELL, TimeInForce.GTC, 30_000_000_000L, 1_000_000),
            new Command.PlaceOrder(2, 0, null, Side.BUY, OrderType.STOP_LOSS, null, 0, 100_000_000, 0, 30_000_000_000L, null))) {
            engine.apply(seq++, 1000, command);
        }
        final List<Event> events = engine.apply(seq, 1000, Command.PlaceOrder.limit(3, 0, Side.BUY, TimeInForce.GTC, 30_000_000_000L,
            1_000_000));
        assertThat(events).filteredOn(Event.OrderTriggered.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(Event.Trade.class::isInstance).extracting(e -> ((Event.Trade)e).price())
            .containsOnly(30_000_000_000L);
        engine.checkInvariants();
        assertThat(engine.free(2, 1) + engine.locked(2, 1)).isEqualTo(1_000_000_000_000L);
    }
}
