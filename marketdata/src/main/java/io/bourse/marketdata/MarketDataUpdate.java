package io.bourse.marketdata;

/**
 * What the {@link MarketDataProjector} publishes, one record type per Binance market stream. Every update is an
 * immutable value in raw units (prices in quote minor units per whole base unit, quantities in base minor units,
 * quote amounts in quote minor units, times in epoch milliseconds), safe to hand to other threads;
 * {@link BinanceJson} writes each as its Binance payload.
 */
public sealed interface MarketDataUpdate permits DepthDiff, TradeUpdate, AggTradeUpdate, KlineUpdate, TickerUpdate, BookTickerUpdate {

    /** The engine's symbol id. */
    int symbolId();

    /** The symbol's name as the engine knows it (e.g. BTCUSDT). */
    String symbol();

    /** Binance's {@code E}: the time of the command that caused the update (or of the time tick), epoch milliseconds. */
    long eventTimeMillis();
}
