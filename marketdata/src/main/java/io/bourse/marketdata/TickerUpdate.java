package io.bourse.marketdata;

/**
 * Binance's {@code 24hrTicker} over the rolling window [{@link #openTimeMillis}, {@link #closeTimeMillis}]. The window
 * is kept in one-second buckets, so it opens at the start of the second that contains {@code close - 24h} (it may be up
 * to 999 ms longer than 24 hours). With no trade in the window, prices and volumes are 0 and the trade ids -1, as
 * the history module's REST ticker has them. Change, percentage and weighted average price follow from the fields
 * ({@link BinanceJson} computes them with the assets' scales).
 *
 * @param symbolId          the engine's symbol id
 * @param symbol            the symbol's name
 * @param eventTimeMillis   {@code E}
 * @param openPrice         {@code o}, the first trade's price in the window
 * @param highPrice         {@code h}
 * @param lowPrice          {@code l}
 * @param lastPrice         {@code c}
 * @param lastQuantity      {@code Q}
 * @param prevClosePrice    {@code x}, the price of the last trade before the window (0 if none is known)
 * @param volume            {@code v}, base
 * @param quoteVolume       {@code q}
 * @param bestBidPrice      {@code b} (0 if the side is empty)
 * @param bestBidQuantity   {@code B}
 * @param bestAskPrice      {@code a}
 * @param bestAskQuantity   {@code A}
 * @param openTimeMillis    {@code O}
 * @param closeTimeMillis   {@code C}
 * @param firstTradeId      {@code F}, -1 if none
 * @param lastTradeId       {@code L}, -1 if none
 * @param count             {@code n}
 */
public record TickerUpdate(int symbolId, String symbol, long eventTimeMillis, long openPrice, long highPrice, long lowPrice, long lastPrice,
    long lastQuantity, long prevClosePrice, long volume, long quoteVolume, long bestBidPrice, long bestBidQuantity, long bestAskPrice,
    long bestAskQuantity, long openTimeMillis, long closeTimeMillis, long firstTradeId, long lastTradeId, long count)
    implements MarketDataUpdate {

    /** {@code p}: last minus open price, 0 with no trade in the window. */
    public long priceChange() {
        return count == 0 ? 0 : lastPrice - openPrice;
    }

    /**
     * This ticker with the best bid and ask of a later book ticker of the same symbol: the projector publishes tickers
     * when trades happen or the window moves, a periodic push takes the top of the book from the latest book ticker.
     */
    public TickerUpdate withBook(final BookTickerUpdate book) {
        return new TickerUpdate(symbolId, symbol, Math.max(eventTimeMillis, book.eventTimeMillis()), openPrice, highPrice, lowPrice, lastPrice,
            lastQuantity, prevClosePrice, volume, quoteVolume, book.bidPrice(), book.bidQuantity(), book.askPrice(), book.askQuantity(),
            openTimeMillis, closeTimeMillis, firstTradeId, lastTradeId, count);
    }
}
