package io.bourse.marketdata;

/**
 * Binance's {@code kline}: the state of one candle. Published at the end of every command that traded in it
 * ({@code closed} false), and once more with {@code closed} true when it ends: when the next trade falls into a later
 * candle, or when {@link MarketDataProjector#advanceTime} passes its close time, whichever comes first.
 *
 * @param symbolId            the engine's symbol id
 * @param symbol              the symbol's name
 * @param eventTimeMillis     {@code E}
 * @param interval            {@code i}
 * @param openTimeMillis      {@code t}
 * @param closeTimeMillis     {@code T} (inclusive)
 * @param firstTradeId        {@code f}
 * @param lastTradeId         {@code L}
 * @param open                {@code o}
 * @param close               {@code c}
 * @param high                {@code h}
 * @param low                 {@code l}
 * @param volume              {@code v}, base
 * @param trades              {@code n}
 * @param closed              {@code x}
 * @param quoteVolume         {@code q}
 * @param takerBuyBaseVolume  {@code V}
 * @param takerBuyQuoteVolume {@code Q}
 */
public record KlineUpdate(int symbolId, String symbol, long eventTimeMillis, KlineInterval interval, long openTimeMillis, long closeTimeMillis,
    long firstTradeId, long lastTradeId, long open, long close, long high, long low, long volume, long trades, boolean closed,
    long quoteVolume, long takerBuyBaseVolume, long takerBuyQuoteVolume) implements MarketDataUpdate {
}
