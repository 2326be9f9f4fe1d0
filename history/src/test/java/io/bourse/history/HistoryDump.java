package io.bourse.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bourse.marketdata.KlineInterval;

/** Everything a store answers about one symbol and some accounts, read through its API page by page (the paging is tested too). */
record HistoryDump(
    long seq, Map<Long, List<OrderRecord>> orders, List<TradeRecord> trades, Map<Long, List<TradeRecord>> myTrades,
    List<AggTradeRecord> aggTrades, Map<KlineInterval, List<KlineRecord>> klines) {

    static final int PAGE = 97;

    static HistoryDump of(final HistoryStore store, final int symbolId, final long[] accounts) {
        final Map<Long, List<OrderRecord>> orders = new TreeMap<>();
        final Map<Long, List<TradeRecord>> myTrades = new TreeMap<>();
        for (final long account : accounts) {
            orders.put(account, allOrders(store, symbolId, account));
            myTrades.put(account, myTrades(store, symbolId, account));
        }
        final Map<KlineInterval, List<KlineRecord>> klines = new EnumMap<>(KlineInterval.class);
        for (final KlineInterval interval : KlineInterval.values()) {
            klines.put(interval, klines(store, symbolId, interval));
        }
        return new HistoryDump(store.lastProjectedSeq(), orders, trades(store, symbolId), myTrades, aggTrades(store, symbolId), klines);
    }

    static List<OrderRecord> allOrders(final HistoryStore store, final int symbolId, final long account) {
        final List<OrderRecord> all = new ArrayList<>();
        long from = 1;
        while (true) {
            final List<OrderRecord> page = store.allOrders(symbolId, account, from, null, null, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            from = page.get(page.size() - 1).orderId() + 1;
        }
    }

    static List<TradeRecord> myTrades(final HistoryStore store, final int symbolId, final long account) {
        final List<TradeRecord> all = new ArrayList<>();
        long from = 1;
        while (true) {
            final List<TradeRecord> page = store.myTrades(symbolId, account, null, from, null, null, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            from = page.get(page.size() - 1).tradeId() + 1;
        }
    }

    static List<TradeRecord> trades(final HistoryStore store, final int symbolId) {
        final List<TradeRecord> all = new ArrayList<>();
        long from = 1;
        while (true) {
            final List<TradeRecord> page = store.trades(symbolId, from, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            from = page.get(page.size() - 1).tradeId() + 1;
        }
    }

    static List<AggTradeRecord> aggTrades(final HistoryStore store, final int symbolId) {
        final List<AggTradeRecord> all = new ArrayList<>();
        long from = 1;
        while (true) {
            final List<AggTradeRecord> page = store.aggTrades(symbolId, from, null, null, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            from = page.get(page.size() - 1).aggId() + 1;
        }
    }

    static List<KlineRecord> klines(final HistoryStore store, final int symbolId, final KlineInterval interval) {
        final List<KlineRecord> all = new ArrayList<>();
        long from = Long.MIN_VALUE;
        while (true) {
            final List<KlineRecord> page = store.klines(symbolId, interval, from, null, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            from = page.get(page.size() - 1).openTimeMillis() + 1;
        }
    }
}
