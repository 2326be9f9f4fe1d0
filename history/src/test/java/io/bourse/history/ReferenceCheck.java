package io.bourse.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

import io.bourse.marketdata.KlineInterval;

/** Compares everything a store answers with the {@link Reference}, including filtered queries and tickers. */
final class ReferenceCheck {
    private ReferenceCheck() {
    }

    static void assertMatches(final HistoryStore store, final Reference reference) {
        final HistoryDump dump = HistoryDump.of(store, Market.BTCUSDT, Market.ACCOUNTS);
        for (final long account : Market.ACCOUNTS) {
            assertThat(dump.orders().get(account)).as("orders of %d", account).isEqualTo(reference.ordersOf(account));
            assertThat(dump.myTrades().get(account)).as("trades of %d", account).isEqualTo(reference.tradesOf(account));
        }
        assertThat(dump.trades()).isEqualTo(reference.trades);
        assertThat(dump.aggTrades()).isEqualTo(reference.aggTrades());
        for (final KlineInterval interval : KlineInterval.values()) {
            assertThat(dump.klines().get(interval)).as(interval.code()).isEqualTo(reference.klines(interval));
        }
    }

    /** Tickers at the edges of every trade's 24 hours and at random times, against a scan of all trades. */
    static void assertTickersMatch(final HistoryStore store, final Reference reference, final long seed, final int samples) {
        final Random random = new Random(seed);
        final List<TradeRecord> trades = reference.trades;
        final long first = trades.get(0).timeMillis();
        final long last = trades.get(trades.size() - 1).timeMillis();
        for (int i = 0; i < samples; i++) {
            final TradeRecord t = trades.get(random.nextInt(trades.size()));
            final long now = switch (i % 5) {
                case 0 -> t.timeMillis() + 86_400_000L;
                case 1 -> t.timeMillis() + 86_400_001L;
                case 2 -> t.timeMillis();
                case 3 -> t.timeMillis() - 1;
                default -> first + (long) (random.nextDouble() * (last - first + 2 * 86_400_000L));
            };
            assertThat(store.ticker24h(Market.BTCUSDT, now)).as("ticker at %d", now).isEqualTo(reference.ticker(now));
        }
    }

    /** Binance's list semantics, applied to a full list: filters, then the oldest or the newest {@code limit}. */
    static <T> List<T> expected(
        final List<T> all, final ToLongFunction<T> id, final ToLongFunction<T> time, final Long fromId, final Long start, final Long end,
        final int limit) {
        final List<T> matching = new ArrayList<>();
        for (final T row : all) {
            if ((fromId == null || id.applyAsLong(row) >= fromId) && (start == null || time.applyAsLong(row) >= start)
                && (end == null || time.applyAsLong(row) <= end)) {
                matching.add(row);
            }
        }
        if (matching.size() <= limit) {
            return matching;
        }
        return fromId != null || start != null ? matching.subList(0, limit) : matching.subList(matching.size() - limit, matching.size());
    }

    /** Random filters on allOrders, myTrades, aggTrades and klines, each against {@link #expected}. */
    static void assertFilteredQueriesMatch(final HistoryStore store, final Reference reference, final long seed, final int samples) {
        final Random random = new Random(seed);
        final List<TradeRecord> trades = reference.trades;
        final long first = trades.get(0).timeMillis() - 1_000;
        final long span = trades.get(trades.size() - 1).timeMillis() + 1_000 - first;
        final List<AggTradeRecord> aggs = reference.aggTrades();
        for (int i = 0; i < samples; i++) {
            final long account = Market.ACCOUNTS[random.nextInt(Market.ACCOUNTS.length)];
            final Long start = random.nextInt(3) == 0 ? first + (long) (random.nextDouble() * span) : null;
            final Long end = random.nextInt(3) == 0 ? first + (long) (random.nextDouble() * span) : null;
            final int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 300);
            final List<OrderRecord> orders = reference.ordersOf(account);
            final Long fromOrder = random.nextInt(3) == 0 ? (long) random.nextInt(reference.orders.size() + 2) : null;
            assertThat(store.allOrders(Market.BTCUSDT, account, fromOrder, start, end, limit))
                .as("allOrders %d from %s [%s, %s] limit %d", account, fromOrder, start, end, limit)
                .isEqualTo(expected(orders, OrderRecord::orderId, OrderRecord::timeMillis, fromOrder, start, end, limit));
            final Long fromTrade = random.nextInt(3) == 0 ? (long) random.nextInt(trades.size() + 2) : null;
            assertThat(store.myTrades(Market.BTCUSDT, account, null, fromTrade, start, end, limit))
                .as("myTrades %d from %s [%s, %s] limit %d", account, fromTrade, start, end, limit)
                .isEqualTo(expected(reference.tradesOf(account), TradeRecord::tradeId, TradeRecord::timeMillis, fromTrade, start, end, limit));
            if (!orders.isEmpty()) {
                final OrderRecord order = orders.get(random.nextInt(orders.size()));
                final List<TradeRecord> ofOrder = reference.tradesOf(account).stream()
                    .filter(t -> t.buyAccountId() == account && t.buyOrderId() == order.orderId()
                        || t.sellAccountId() == account && t.sellOrderId() == order.orderId())
                    .toList();
                assertThat(store.myTrades(Market.BTCUSDT, account, order.orderId(), null, null, null, 1000)).isEqualTo(ofOrder);
            }
            final Long fromAgg = random.nextInt(3) == 0 ? (long) random.nextInt(aggs.size() + 2) : null;
            assertThat(store.aggTrades(Market.BTCUSDT, fromAgg, start, end, limit))
                .as("aggTrades from %s [%s, %s] limit %d", fromAgg, start, end, limit)
                .isEqualTo(expected(aggs, AggTradeRecord::aggId, AggTradeRecord::timeMillis, fromAgg, start, end, limit));
            final KlineInterval interval = KlineInterval.values()[random.nextInt(KlineInterval.values().length)];
            assertThat(store.klines(Market.BTCUSDT, interval, start, end, limit))
                .as("klines %s [%s, %s] limit %d", interval.code(), start, end, limit)
                .isEqualTo(expected(reference.klines(interval), KlineRecord::openTimeMillis, KlineRecord::openTimeMillis, null, start, end,
                    limit));
        }
    }
}
