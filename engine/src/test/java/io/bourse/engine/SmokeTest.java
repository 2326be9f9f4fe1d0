package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void crossesTwoOrders() {
        final Engine engine = new Engine();
        long seq = 1;
        engine.apply(seq++, 0, new Command.AddAsset(1, "BTC", 8));
        engine.apply(seq++, 0, new Command.AddAsset(2, "USDT", 8));
        engine.apply(seq++, 0, new Command.AddSymbol(SymbolSpec.of(1, "BTCUSDT", 1, 2, 1_000_000, 1_000)));
        engine.apply(seq++, 0, new Command.SetFeeTier(0, 1000, 1000));
        engine.apply(seq++, 0, new Command.CreateAccount(1, 0, "DE", 1));
        engine.apply(seq++, 0, new Command.CreateAccount(2, 0, "DE", 1));
        engine.apply(seq++, 0, new Command.Deposit(1, 2, 100_000_00000000L, "d1"));
        engine.apply(seq++, 0, new Command.Deposit(2, 1, 10_00000000L, "d2"));
        engine.apply(seq++, 0, Command.PlaceOrder.limit(2, 1, Side.SELL, TimeInForce.GTC, 30_000_00000000L, 50_000_000));
        assertThat(engine.apply(seq++, 0, Command.PlaceOrder.limit(1, 1, Side.BUY, TimeInForce.GTC, 30_001_00000000L, 100_000_000)))
            .filteredOn(Event.Trade.class::isInstance).hasSize(1);
        engine.checkInvariants();
        final byte[] digest = engine.digest();
        assertThat(Engine.restore(engine.snapshot()).digest()).isEqualTo(digest);
    }
}
