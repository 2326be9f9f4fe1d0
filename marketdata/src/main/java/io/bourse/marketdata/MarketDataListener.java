package io.bourse.marketdata;

/**
 * Receives the projector's updates synchronously on the projector's thread (the sequencer's), in command order. Per
 * command and symbol: trades and aggregate trades as they happen, then the depth diff, the book ticker, the klines and
 * the ticker; then {@link #onCommandEnd}. Implementations must be quick and must not block: hand the (immutable)
 * updates to the transport's threads, e.g. through bounded queues.
 */
public interface MarketDataListener {

    /** A listener that ignores everything. */
    MarketDataListener NONE = new MarketDataListener() {
    };

    /** A symbol's book changed. */
    default void onDepthDiff(final DepthDiff diff) {
    }

    /** A trade. */
    default void onTrade(final TradeUpdate trade) {
    }

    /** A complete aggregate trade. */
    default void onAggTrade(final AggTradeUpdate aggTrade) {
    }

    /** A candle changed or closed. */
    default void onKline(final KlineUpdate kline) {
    }

    /** The 24-hour statistics changed. */
    default void onTicker(final TickerUpdate ticker) {
    }

    /** The best bid or ask changed. */
    default void onBookTicker(final BookTickerUpdate bookTicker) {
    }

    /** Everything of command {@code seq} (or of an {@link MarketDataProjector#advanceTime} tick, with seq 0) was published. */
    default void onCommandEnd(final long seq, final long timestampNanos) {
    }
}
