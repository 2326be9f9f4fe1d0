package io.bourse.history;

import static io.bourse.history.Market.ALICE;
import static io.bourse.history.Market.BOB;
import static io.bourse.history.Market.BTCUSDT;
import static io.bourse.history.Market.CAROL;
import static io.bourse.history.Market.DAVE;
import static io.bourse.history.Market.ERIN;
import static io.bourse.history.Market.units;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;
import io.bourse.marketdata.KlineInterval;

/** The store fed by a real engine, scenario by scenario, with the expected rows written out by hand. */
class JdbcHistoryStoreTest {
    /** Sunday 2024-03-10, 10:00 UTC. */
    private static final long T0 = Market.millis("2024-03-10T10:00:00Z");

    @TempDir
    Path directory;

    private JdbcHistoryStore store;

    private JdbcHistoryStore open(final String url) {
        store = JdbcHistoryStore.open(url);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static OrderRecord order(
        final long id, final long account, final String clientId, final Side side, final OrderType type, final TimeInForce tif,
        final String price, final String origQty, final String executed, final String cumulative, final OrderStatus status, final long time,
        final long update, final long working) {
        return new OrderRecord(BTCUSDT, id, account, clientId, side, type, tif, units(price), units(origQty), units(executed),
            units(cumulative), status, 0, 0, time, update, working, StpMode.EXPIRE_MAKER);
    }

    @BothDatabases
    void ordersFollowTheirLifecycle(final TestDatabase db) {
        final Market m = Market.standard(T0);
        final HistoryStore s = open(db.newUrl(directory));
        m.projectInto(s);
        assertThat(s.lastProjectedSeq()).isEqualTo(m.seq());

        m.at(T0 + 1_000);
        final long ask = m.limit(ALICE, Side.SELL, TimeInForce.GTC, "30000", "1", "alice-1");
        m.projectInto(s);
        final OrderRecord fresh = order(ask, ALICE, "alice-1", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, "30000", "1", "0", "0",
            OrderStatus.NEW, T0 + 1_000, T0 + 1_000, T0 + 1_000);
        assertThat(s.order(BTCUSDT, ALICE, ask, null)).contains(fresh);
        assertThat(s.order(BTCUSDT, ALICE, 0, "alice-1")).contains(fresh);
        assertThat(s.order(BTCUSDT, ALICE, ask, "alice-1")).contains(fresh);
        assertThat(s.order(BTCUSDT, ALICE, ask, "someone-else")).isEmpty();
        assertThat(s.order(BTCUSDT, BOB, ask, null)).as("another account's order").isEmpty();
        assertThat(s.order(BTCUSDT, ALICE, 999, null)).isEmpty();
        assertThat(s.order(BTCUSDT, ALICE, 0, null)).isEmpty();

        m.at(T0 + 2_000);
        final long bid = m.limit(BOB, Side.BUY, TimeInForce.GTC, "30100", "0.4");
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, BOB, bid, null)).contains(order(bid, BOB, null, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, "30100",
            "0.4", "0.4", "12000", OrderStatus.FILLED, T0 + 2_000, T0 + 2_000, T0 + 2_000));
        assertThat(s.order(BTCUSDT, ALICE, ask, null)).contains(order(ask, ALICE, "alice-1", Side.SELL, OrderType.LIMIT,
            TimeInForce.GTC, "30000", "1", "0.4", "12000", OrderStatus.PARTIALLY_FILLED, T0 + 1_000, T0 + 2_000, T0 + 1_000));
        assertThat(s.trades(BTCUSDT, null, 500)).containsExactly(new TradeRecord(BTCUSDT, 1, units("30000"), units("0.4"),
            units("12000"), T0 + 2_000, Side.BUY, bid, BOB, units("24"), ask, ALICE, units("12")));

        // Several commands in one transaction: a market order finishing Alice's ask, an order placed and canceled.
        m.at(T0 + 3_000);
        final long market = m.market(CAROL, Side.BUY, "0.6");
        m.at(T0 + 4_000);
        final long canceled = m.limit(DAVE, Side.BUY, TimeInForce.GTC, "29000", "0.5");
        m.at(T0 + 5_000);
        m.cancel(DAVE, canceled);
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, ALICE, ask, null)).contains(order(ask, ALICE, "alice-1", Side.SELL, OrderType.LIMIT,
            TimeInForce.GTC, "30000", "1", "1", "30000", OrderStatus.FILLED, T0 + 1_000, T0 + 3_000, T0 + 1_000));
        assertThat(s.order(BTCUSDT, CAROL, market, null)).contains(order(market, CAROL, null, Side.BUY, OrderType.MARKET, null, "0",
            "0.6", "0.6", "18000", OrderStatus.FILLED, T0 + 3_000, T0 + 3_000, T0 + 3_000));
        assertThat(s.order(BTCUSDT, DAVE, canceled, null)).contains(order(canceled, DAVE, null, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, "29000", "0.5", "0", "0", OrderStatus.CANCELED, T0 + 4_000, T0 + 5_000, T0 + 4_000));

        // IOC partly filled: EXPIRED with what it got.
        m.at(T0 + 6_000);
        final long small = m.limit(ALICE, Side.SELL, TimeInForce.GTC, "29500", "0.2");
        final long ioc = m.limit(BOB, Side.BUY, TimeInForce.IOC, "29600", "0.5");
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, BOB, ioc, null)).contains(order(ioc, BOB, null, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, "29600",
            "0.5", "0.2", "5900", OrderStatus.EXPIRED, T0 + 6_000, T0 + 6_000, T0 + 6_000));
        assertThat(s.order(BTCUSDT, ALICE, small, null).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);

        // Partly filled in one transaction, canceled in the next: the cancel keeps what was executed.
        m.at(T0 + 7_000);
        final long big = m.limit(CAROL, Side.SELL, TimeInForce.GTC, "31000", "2");
        m.at(T0 + 8_000);
        m.market(DAVE, Side.BUY, "0.5");
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, CAROL, big, null)).contains(order(big, CAROL, null, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            "31000", "2", "0.5", "15500", OrderStatus.PARTIALLY_FILLED, T0 + 7_000, T0 + 8_000, T0 + 7_000));
        m.at(T0 + 9_000);
        m.cancel(CAROL, big);
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, CAROL, big, null)).contains(order(big, CAROL, null, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            "31000", "2", "0.5", "15500", OrderStatus.CANCELED, T0 + 7_000, T0 + 9_000, T0 + 7_000));

        // A stop-limit sell waits (working time -1), triggers when a trade prints at its stop, and fills.
        m.at(T0 + 10_000);
        final long stop = m.stop(ERIN, Side.SELL, OrderType.STOP_LOSS_LIMIT, "29000", "28900", "0.1");
        m.at(T0 + 11_000);
        final long daveBid = m.limit(DAVE, Side.BUY, TimeInForce.GTC, "28950", "0.1");
        m.projectInto(s);
        final OrderRecord waiting = new OrderRecord(BTCUSDT, stop, ERIN, null, Side.SELL, OrderType.STOP_LOSS_LIMIT, TimeInForce.GTC,
            units("28900"), units("0.1"), 0, 0, OrderStatus.NEW, units("29000"), 0, T0 + 10_000, T0 + 10_000, -1, StpMode.EXPIRE_MAKER);
        assertThat(s.order(BTCUSDT, ERIN, stop, null)).contains(waiting);
        m.at(T0 + 12_000);
        m.trade(CAROL, BOB, Side.SELL, "29000", "0.05");
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, ERIN, stop, null)).contains(new OrderRecord(BTCUSDT, stop, ERIN, null, Side.SELL,
            OrderType.STOP_LOSS_LIMIT, TimeInForce.GTC, units("28900"), units("0.1"), units("0.1"), units("2895"), OrderStatus.FILLED,
            units("29000"), 0, T0 + 10_000, T0 + 12_000, T0 + 12_000, StpMode.EXPIRE_MAKER));
        assertThat(s.order(BTCUSDT, DAVE, daveBid, null).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        final TradeRecord triggered = s.trades(BTCUSDT, null, 1).get(0);
        assertThat(triggered.price()).isEqualTo(units("28950"));
        assertThat(triggered.sellOrderId()).isEqualTo(stop);
        assertThat(triggered.buyerIsMaker()).isTrue();

        // A market buy by quote quantity: origQty 0, origQuoteOrderQty set.
        m.at(T0 + 13_000);
        final long lastAsk = m.limit(ALICE, Side.SELL, TimeInForce.GTC, "31000", "1");
        final long byQuote = m.marketByQuote(BOB, Side.BUY, "1550");
        m.projectInto(s);
        assertThat(s.order(BTCUSDT, BOB, byQuote, null)).contains(new OrderRecord(BTCUSDT, byQuote, BOB, null, Side.BUY,
            OrderType.MARKET, null, 0, 0, units("0.05"), units("1550"), OrderStatus.FILLED, 0, units("1550"), T0 + 13_000, T0 + 13_000,
            T0 + 13_000, StpMode.EXPIRE_MAKER));

        // allOrders: oldest first; without filters the newest `limit`; from an id or a start time the oldest `limit`.
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, null, 500)).extracting(OrderRecord::orderId).containsExactly(ask, small, lastAsk);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, null, 2)).extracting(OrderRecord::orderId).containsExactly(small, lastAsk);
        assertThat(s.allOrders(BTCUSDT, ALICE, ask + 1, null, null, 1)).extracting(OrderRecord::orderId).containsExactly(small);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, T0 + 1_001, null, 500)).extracting(OrderRecord::orderId).containsExactly(small,
            lastAsk);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, T0 + 6_000, 500)).extracting(OrderRecord::orderId).containsExactly(ask, small);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, T0 + 6_000, 1)).extracting(OrderRecord::orderId).containsExactly(small);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, T0 + 1_000, T0 + 6_000, 1)).extracting(OrderRecord::orderId).containsExactly(ask);
        assertThat(s.allOrders(BTCUSDT, ALICE, null, T0 + 14_000, null, 500)).isEmpty();
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, T0, 500)).isEmpty();
        assertThat(s.allOrders(BTCUSDT, ERIN, null, null, null, 500)).extracting(OrderRecord::orderId).containsExactly(stop);
        assertThat(s.allOrders(BTCUSDT + 1, ALICE, null, null, null, 500)).isEmpty();
        assertThat(s.lastProjectedSeq()).isEqualTo(m.seq());
        assertThat(HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS).orders())
            .isEqualTo(expectedOrders(Reference.of(m.log)));
    }

    private static Map<Long, List<OrderRecord>> expectedOrders(final Reference reference) {
        final Map<Long, List<OrderRecord>> orders = new TreeMap<>();
        for (final long account : Market.ACCOUNTS) {
            orders.put(account, reference.ordersOf(account));
        }
        return orders;
    }

    @BothDatabases
    void tradeQueriesFollowBinanceSemantics(final TestDatabase db) {
        final Market m = Market.standard(T0);
        // Ten trades a minute apart, Alice and Bob taking turns as maker, the taker alternating sides.
        for (int i = 0; i < 10; i++) {
            m.at(T0 + i * 60_000L);
            final boolean aliceMakes = i % 2 == 0;
            m.trade(aliceMakes ? ALICE : BOB, aliceMakes ? BOB : ALICE, i % 3 == 0 ? Side.SELL : Side.BUY, String.valueOf(30_000 + i), "0.01");
        }
        // Carol's order, filled by two trades with Dave's asks.
        m.at(T0 + 600_000);
        final long d1 = m.limit(DAVE, Side.SELL, TimeInForce.GTC, "30100", "0.01");
        final long d2 = m.limit(DAVE, Side.SELL, TimeInForce.GTC, "30101", "0.02");
        final long carol = m.limit(CAROL, Side.BUY, TimeInForce.GTC, "30101", "0.03");
        final HistoryStore s = open(db.newUrl(directory));
        m.projectInto(s);

        final Reference reference = Reference.of(m.log);
        final List<TradeRecord> all = reference.trades;
        assertThat(all).hasSize(12);
        assertThat(s.trades(BTCUSDT, null, 500)).isEqualTo(all);
        assertThat(s.trades(BTCUSDT, null, 3)).isEqualTo(all.subList(9, 12));
        assertThat(s.trades(BTCUSDT, 5L, 3)).isEqualTo(all.subList(4, 7));
        assertThat(s.trades(BTCUSDT, 13L, 3)).isEmpty();

        final List<TradeRecord> alice = reference.tradesOf(ALICE);
        assertThat(alice).hasSize(10);
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, null, null, 500)).isEqualTo(alice);
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, null, null, 4)).isEqualTo(alice.subList(6, 10));
        assertThat(s.myTrades(BTCUSDT, ALICE, null, 2L, null, null, 2)).isEqualTo(alice.subList(1, 3));
        // Time bounds are inclusive; with a start the oldest match first, with only an end the newest up to it.
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, T0 + 120_000, null, 2)).isEqualTo(alice.subList(2, 4));
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, T0 + 120_001, T0 + 300_000, 500)).isEqualTo(alice.subList(3, 6));
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, null, T0 + 300_000, 2)).isEqualTo(alice.subList(4, 6));
        assertThat(s.myTrades(BTCUSDT, ALICE, null, null, T0 + 600_000, null, 500)).isEmpty();

        final List<TradeRecord> carolTrades = s.myTrades(BTCUSDT, CAROL, carol, null, null, null, 500);
        assertThat(carolTrades).extracting(TradeRecord::sellOrderId).containsExactly(d1, d2);
        assertThat(carolTrades).extracting(TradeRecord::buyOrderId).containsOnly(carol);
        assertThat(s.myTrades(BTCUSDT, DAVE, d2, null, null, null, 500)).isEqualTo(carolTrades.subList(1, 2));
        assertThat(s.myTrades(BTCUSDT, DAVE, carol, null, null, null, 500)).as("Carol's order is not Dave's").isEmpty();
        assertThat(s.myTrades(BTCUSDT, ERIN, null, null, null, null, 500)).isEmpty();
    }

    @BothDatabases
    void selfTradeIsOneRecord(final TestDatabase db) {
        final Market m = Market.standard(T0);
        m.submit(Command.PlaceOrder.limit(ALICE, BTCUSDT, Side.SELL, TimeInForce.GTC, units("30000"), units("0.1")).withStp(StpMode.NONE));
        m.submit(Command.PlaceOrder.limit(ALICE, BTCUSDT, Side.BUY, TimeInForce.GTC, units("30000"), units("0.1")).withStp(StpMode.NONE));
        final HistoryStore s = open(db.newUrl(directory));
        m.projectInto(s);
        final List<TradeRecord> trades = s.myTrades(BTCUSDT, ALICE, null, null, null, null, 500);
        assertThat(trades).hasSize(1);
        assertThat(trades.get(0).buyAccountId()).isEqualTo(ALICE);
        assertThat(trades.get(0).sellAccountId()).isEqualTo(ALICE);
        assertThat(s.myTrades(BTCUSDT, ALICE, 1L, null, null, null, 500)).isEqualTo(trades);
        assertThat(s.myTrades(BTCUSDT, ALICE, 2L, null, null, null, 500)).isEqualTo(trades);
    }

    @BothDatabases
    void aggTradesJoinConsecutiveFillsOfOneTakerAtOnePrice(final TestDatabase db) {
        final Market m = Market.standard(T0);
        m.limit(ALICE, Side.SELL, TimeInForce.GTC, "30000", "0.1");
        m.limit(BOB, Side.SELL, TimeInForce.GTC, "30000", "0.2");
        m.limit(CAROL, Side.SELL, TimeInForce.GTC, "30000", "0.3");
        m.limit(DAVE, Side.SELL, TimeInForce.GTC, "30010", "0.4");
        final HistoryStore s = open(db.newUrl(directory));
        m.projectInto(s);
        m.at(T0 + 1_000);
        final long sweep = m.market(ERIN, Side.BUY, "0.7");
        m.at(T0 + 2_000);
        m.market(ERIN, Side.BUY, "0.1");
        m.projectInto(s);
        m.at(T0 + 3_000);
        m.market(ERIN, Side.BUY, "0.1");
        m.at(T0 + 4_000);
        m.limit(ALICE, Side.BUY, TimeInForce.GTC, "29000", "0.5");
        m.limit(BOB, Side.SELL, TimeInForce.IOC, "28000", "0.2");
        m.projectInto(s);

        assertThat(s.trades(BTCUSDT, null, 500)).extracting(TradeRecord::buyOrderId).startsWith(sweep, sweep, sweep, sweep);
        final List<AggTradeRecord> expected = List.of(
            new AggTradeRecord(1, units("30000"), units("0.6"), 1, 3, T0 + 1_000, false),
            new AggTradeRecord(2, units("30010"), units("0.1"), 4, 4, T0 + 1_000, false),
            new AggTradeRecord(3, units("30010"), units("0.1"), 5, 5, T0 + 2_000, false),
            new AggTradeRecord(4, units("30010"), units("0.1"), 6, 6, T0 + 3_000, false),
            new AggTradeRecord(5, units("29000"), units("0.2"), 7, 7, T0 + 4_000, true));
        assertThat(s.aggTrades(BTCUSDT, null, null, null, 500)).isEqualTo(expected);
        assertThat(s.aggTrades(BTCUSDT, null, null, null, 500)).isEqualTo(Reference.of(m.log).aggTrades());
        assertThat(s.aggTrades(BTCUSDT, null, null, null, 2)).isEqualTo(expected.subList(3, 5));
        assertThat(s.aggTrades(BTCUSDT, 2L, null, null, 2)).isEqualTo(expected.subList(1, 3));
        assertThat(s.aggTrades(BTCUSDT, null, T0 + 1_001, null, 500)).isEqualTo(expected.subList(2, 5));
        assertThat(s.aggTrades(BTCUSDT, null, T0 + 1_000, T0 + 3_000, 500)).isEqualTo(expected.subList(0, 4));
        assertThat(s.aggTrades(BTCUSDT, null, null, T0 + 2_500, 1)).isEqualTo(expected.subList(2, 3));
        assertThat(s.aggTrades(BTCUSDT, null, T0 + 5_000, null, 500)).isEmpty();
    }

    /** Six trades across minutes and an hour boundary, projected one by one and through a reopening. */
    @BothDatabases
    void klinesHaveOhlcvAndTakerVolumes(final TestDatabase db) {
        final String url = db.newUrl(directory);
        final Market m = Market.standard(T0 - 60_000);
        HistoryStore s = open(url);
        m.projectInto(s);
        m.at(T0 + 5_000).trade(ALICE, BOB, Side.BUY, "30000", "1");
        m.projectInto(s);
        m.at(T0 + 30_000).trade(ALICE, BOB, Side.SELL, "30500", "2");
        m.projectInto(s);
        s.close();
        s = open(url);
        m.at(T0 + 59_999).trade(CAROL, DAVE, Side.BUY, "29500", "1");
        m.at(T0 + 60_000).trade(CAROL, DAVE, Side.BUY, "30100", "3");
        m.projectInto(s);
        m.at(T0 + 3_599_000).trade(ALICE, ERIN, Side.SELL, "31000", "1");
        m.at(T0 + 3_600_000).trade(ALICE, ERIN, Side.BUY, "29000", "2");
        m.projectInto(s);

        final KlineRecord m1000 = new KlineRecord(T0, units("30000"), units("30500"), units("29500"), units("29500"), units("4"),
            T0 + 59_999, units("120500"), 3, units("2"), units("59500"));
        final KlineRecord m1001 = new KlineRecord(T0 + 60_000, units("30100"), units("30100"), units("30100"), units("30100"), units("3"),
            T0 + 119_999, units("90300"), 1, units("3"), units("90300"));
        final KlineRecord m1059 = new KlineRecord(T0 + 3_540_000, units("31000"), units("31000"), units("31000"), units("31000"),
            units("1"), T0 + 3_599_999, units("31000"), 1, 0, 0);
        final KlineRecord m1100 = new KlineRecord(T0 + 3_600_000, units("29000"), units("29000"), units("29000"), units("29000"),
            units("2"), T0 + 3_659_999, units("58000"), 1, units("2"), units("58000"));
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, null, null, 500)).containsExactly(m1000, m1001, m1059, m1100);
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, null, null, 2)).containsExactly(m1059, m1100);
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, T0 + 1, null, 2)).containsExactly(m1001, m1059);
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, null, T0 + 60_000, 500)).containsExactly(m1000, m1001);
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, T0, T0 + 3_540_000, 500)).containsExactly(m1000, m1001, m1059);
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, T0 + 3_600_001, null, 500)).isEmpty();

        assertThat(s.klines(BTCUSDT, KlineInterval.H1, null, null, 500)).containsExactly(
            new KlineRecord(T0, units("30000"), units("31000"), units("29500"), units("31000"), units("8"), T0 + 3_599_999,
                units("241800"), 5, units("5"), units("149800")),
            new KlineRecord(T0 + 3_600_000, units("29000"), units("29000"), units("29000"), units("29000"), units("2"), T0 + 7_199_999,
                units("58000"), 1, units("2"), units("58000")));
        final KlineRecord day = new KlineRecord(Market.millis("2024-03-10T00:00:00Z"), units("30000"), units("31000"), units("29000"),
            units("29000"), units("10"), Market.millis("2024-03-10T23:59:59.999Z"), units("299800"), 6, units("7"), units("207800"));
        assertThat(s.klines(BTCUSDT, KlineInterval.D1, null, null, 500)).containsExactly(day);
        // Weeks open on Monday (the 4th); months on the first.
        assertThat(s.klines(BTCUSDT, KlineInterval.W1, null, null, 500)).extracting(KlineRecord::openTimeMillis, KlineRecord::closeTimeMillis)
            .containsExactly(Tuple.tuple(Market.millis("2024-03-04T00:00:00Z"),
                Market.millis("2024-03-10T23:59:59.999Z")));
        assertThat(s.klines(BTCUSDT, KlineInterval.MONTH1, null, null, 500)).extracting(KlineRecord::openTimeMillis,
            KlineRecord::closeTimeMillis).containsExactly(Tuple.tuple(Market.millis("2024-03-01T00:00:00Z"),
                Market.millis("2024-03-31T23:59:59.999Z")));
        assertThat(s.klines(BTCUSDT, KlineInterval.S1, null, null, 500)).hasSize(6);
        final Reference reference = Reference.of(m.log);
        for (final KlineInterval interval : KlineInterval.values()) {
            assertThat(s.klines(BTCUSDT, interval, null, null, 1000)).as(interval.code()).isEqualTo(reference.klines(interval));
        }
        assertThat(s.klines(BTCUSDT + 1, KlineInterval.M1, null, null, 500)).isEmpty();

        // The rolling 24 hours, both ends inclusive, to the millisecond.
        assertThat(s.ticker24h(BTCUSDT, T0 + 3_600_000)).isEqualTo(new TickerRecord(units("30000"), units("31000"), units("29000"),
            units("29000"), units("2"), units("10"), units("299800"), T0 + 3_600_000 - 86_400_000, T0 + 3_600_000, 1, 6, 6, 0));
        final long day1 = T0 + 5_000 + 86_400_000;
        assertThat(s.ticker24h(BTCUSDT, day1).firstTradeId()).as("a trade exactly 24 h old is in").isEqualTo(1);
        final TickerRecord later = s.ticker24h(BTCUSDT, day1 + 1);
        assertThat(later.firstTradeId()).isEqualTo(2);
        assertThat(later.openPrice()).isEqualTo(units("30500"));
        assertThat(later.count()).isEqualTo(5);
        assertThat(later.volume()).isEqualTo(units("9"));
        assertThat(later.prevClosePrice()).as("the last trade before the window").isEqualTo(units("30000"));
        assertThat(s.ticker24h(BTCUSDT, T0 + 3_599_999)).isEqualTo(reference.ticker(T0 + 3_599_999));
        assertThat(s.ticker24h(BTCUSDT, T0 + 3_600_000 + 86_400_001)).isEqualTo(new TickerRecord(0, 0, 0, 0, 0, 0, 0,
            T0 + 3_600_001, T0 + 3_600_000 + 86_400_001, -1, -1, 0, units("29000")));
        assertThat(s.ticker24h(BTCUSDT, T0 - 1).count()).isZero();
    }

    /** Ids, aggregates and klines are per symbol: a second market's trades share nothing with the first's. */
    @BothDatabases
    void symbolsAreSeparate(final TestDatabase db) {
        final int eth = 3;
        final int ethUsdt = 2;
        final Market m = Market.standard(T0);
        m.submit(new Command.AddAsset(eth, "ETH", 8));
        m.submit(new Command.AddSymbol(SymbolSpec.of(ethUsdt, "ETHUSDT", eth, Market.USDT, Market.TICK, Market.STEP)));
        m.submit(new Command.Deposit(ALICE, eth, units("100"), "eth"));
        m.at(T0 + 1_000).trade(ALICE, BOB, Side.BUY, "30000", "0.5");
        m.submit(Command.PlaceOrder.limit(ALICE, ethUsdt, Side.SELL, TimeInForce.GTC, units("2000"), units("3")));
        m.at(T0 + 2_000).submit(Command.PlaceOrder.market(BOB, ethUsdt, Side.BUY, units("1")));
        m.submit(Command.PlaceOrder.market(BOB, ethUsdt, Side.BUY, units("2")));
        final HistoryStore s = open(db.newUrl(directory));
        m.projectInto(s);

        assertThat(s.trades(BTCUSDT, null, 500)).extracting(TradeRecord::tradeId, TradeRecord::price)
            .containsExactly(Tuple.tuple(1L, units("30000")));
        assertThat(s.trades(ethUsdt, null, 500)).extracting(TradeRecord::tradeId, TradeRecord::price)
            .containsExactly(Tuple.tuple(1L, units("2000")), Tuple.tuple(2L, units("2000")));
        assertThat(s.allOrders(ethUsdt, ALICE, null, null, null, 500)).extracting(OrderRecord::orderId, OrderRecord::status)
            .containsExactly(Tuple.tuple(1L, OrderStatus.FILLED));
        assertThat(s.allOrders(BTCUSDT, ALICE, null, null, null, 500)).extracting(OrderRecord::orderId).containsExactly(1L);
        assertThat(s.order(ethUsdt, ALICE, 1, null).orElseThrow().price()).isEqualTo(units("2000"));
        assertThat(s.order(BTCUSDT, ALICE, 1, null).orElseThrow().price()).isEqualTo(units("30000"));
        assertThat(s.myTrades(ethUsdt, BOB, null, null, null, null, 500)).hasSize(2);
        assertThat(s.aggTrades(ethUsdt, null, null, null, 500)).extracting(AggTradeRecord::aggId, AggTradeRecord::quantity)
            .containsExactly(Tuple.tuple(1L, units("1")), Tuple.tuple(2L, units("2")));
        assertThat(s.aggTrades(BTCUSDT, null, null, null, 500)).hasSize(1);
        assertThat(s.klines(ethUsdt, KlineInterval.M1, null, null, 500)).singleElement()
            .satisfies(k -> assertThat(k.volume()).isEqualTo(units("3")));
        assertThat(s.klines(BTCUSDT, KlineInterval.M1, null, null, 500)).singleElement()
            .satisfies(k -> assertThat(k.volume()).isEqualTo(units("0.5")));
        assertThat(s.ticker24h(ethUsdt, T0 + 2_000).count()).isEqualTo(2);
        assertThat(s.ticker24h(BTCUSDT, T0 + 2_000).count()).isEqualTo(1);
    }

    @BothDatabases
    void reapplyingOldCommandsChangesNothing(final TestDatabase db) {
        final String url = db.newUrl(directory);
        final Market m = Market.standard(Market.millis("2024-01-31T22:00:00Z"));
        final RandomFlow flow = new RandomFlow(7, m);
        for (int i = 0; i < 400; i++) {
            flow.step();
        }
        HistoryStore s = open(url);
        m.projectInto(s);
        final HistoryDump before = HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS);
        assertThat(before.seq()).isEqualTo(m.seq());
        assertThat(before.trades()).isNotEmpty();

        m.replayInto(s);
        final Market.Applied middle = m.log.get(m.log.size() / 2);
        s.apply(middle.seq(), middle.events());
        s.flush();
        assertThat(HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS)).isEqualTo(before);

        s.close();
        s = open(url);
        assertThat(s.lastProjectedSeq()).isEqualTo(m.seq());
        m.replayInto(s);
        assertThat(HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS)).isEqualTo(before);
    }

    @BothDatabases
    void whatWasNotFlushedIsGoneAfterACrashAndComesBackByReplay(final TestDatabase db) {
        final String url = db.newUrl(directory);
        final Market m = Market.standard(Market.millis("2024-02-28T23:00:00Z"));
        final RandomFlow flow = new RandomFlow(11, m);
        for (int i = 0; i < 300; i++) {
            flow.step();
        }
        HistoryStore s = open(url);
        m.projectInto(s);
        final long committed = m.seq();
        final HistoryDump atCommit = HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS);
        for (int i = 0; i < 300; i++) {
            flow.step();
        }
        for (final Market.Applied applied : m.log) {
            s.apply(applied.seq(), applied.events());
        }
        assertThat(s.lastProjectedSeq()).isEqualTo(committed);
        s.close();

        s = open(url);
        assertThat(s.lastProjectedSeq()).isEqualTo(committed);
        assertThat(HistoryDump.of(s, BTCUSDT, Market.ACCOUNTS)).isEqualTo(atCommit);
        m.replayInto(s);
        assertThat(s.lastProjectedSeq()).isEqualTo(m.seq());
        ReferenceCheck.assertMatches(s, Reference.of(m.log));
    }
}
