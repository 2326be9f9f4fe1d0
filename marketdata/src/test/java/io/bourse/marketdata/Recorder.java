package io.bourse.marketdata;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every update, by kind and all together in order. */
final class Recorder implements MarketDataListener {
    final List<MarketDataUpdate> all = new ArrayList<>();
    final List<DepthDiff> diffs = new ArrayList<>();
    final List<TradeUpdate> trades = new ArrayList<>();
    final List<AggTradeUpdate> aggTrades = new ArrayList<>();
    final List<KlineUpdate> klines = new ArrayList<>();
    final List<TickerUpdate> tickers = new ArrayList<>();
    final List<BookTickerUpdate> bookTickers = new ArrayList<>();
    final List<Long> commandEnds = new ArrayList<>();
    /** For each ticker, how many trades had been published before it. */
    final List<Integer> tradesBeforeTicker = new ArrayList<>();

    @Override
    public void onDepthDiff(final DepthDiff diff) {
        all.add(diff);
        diffs.add(diff);
    }

    @Override
    public void onTrade(final TradeUpdate trade) {
        all.add(trade);
        trades.add(trade);
    }

    @Override
    public void onAggTrade(final AggTradeUpdate aggTrade) {
        all.add(aggTrade);
        aggTrades.add(aggTrade);
    }

    @Override
    public void onKline(final KlineUpdate kline) {
        all.add(kline);
        klines.add(kline);
    }

    @Override
    public void onTicker(final TickerUpdate ticker) {
        all.add(ticker);
        tickers.add(ticker);
        tradesBeforeTicker.add(trades.size());
    }

    @Override
    public void onBookTicker(final BookTickerUpdate bookTicker) {
        all.add(bookTicker);
        bookTickers.add(bookTicker);
    }

    @Override
    public void onCommandEnd(final long seq, final long timestampNanos) {
        commandEnds.add(seq);
    }

    void clear() {
        all.clear();
        diffs.clear();
        trades.clear();
        aggTrades.clear();
        klines.clear();
        tickers.clear();
        bookTickers.clear();
        commandEnds.clear();
        tradesBeforeTicker.clear();
    }

    /** The klines of one interval, in order. */
    List<KlineUpdate> klines(final KlineInterval interval) {
        final List<KlineUpdate> out = new ArrayList<>();
        for (final KlineUpdate k : klines) {
            if (k.interval() == interval) {
                out.add(k);
            }
        }
        return out;
    }
}
