package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.Side;
import io.bourse.engine.TimeInForce;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked scenarios on BTCUSDT (USDT with 6 decimals, BTC with 8): what each stream publishes for resting
 * orders, a sweep over two price levels, a sell into a bid, a kline rollover, time passing, and the 24-hour window
 * dropping old trades; and the exact Binance JSON of each payload.
 */
class MarketStreamsTest {
    private static final int BTCUSDT = 0;
    private static final long T0 = MarketSim.START_NANOS / MarketSim.NANOS_PER_MILLI;
    private static final SymbolFormat FORMAT = MarketSim.format(BTCUSDT);

    private MarketSim sim;
    private Recorder recorder;
    private MarketDataProjector projector;

    @BeforeEach
    void setUp() {
        sim = new MarketSim(3);
        recorder = new Recorder();
        projector = new MarketDataProjector(recorder);
        sim.feed(projector).setup();
        recorder.clear();
    }

    private static long usdt(final String amount) {
        return new BigDecimal(amount).movePointRight(6).longValueExact();
    }

    private static long btc(final String amount) {
        return new BigDecimal(amount).movePointRight(8).longValueExact();
    }

    private void at(final long millisAfterStart) {
        sim.clockNanos = (T0 + millisAfterStart) * MarketSim.NANOS_PER_MILLI;
    }

    private void limit(final long account, final Side side, final String price, final String qty) {
        sim.apply(Command.PlaceOrder.limit(account, BTCUSDT, side, TimeInForce.GTC, usdt(price), btc(qty)));
    }

    private void market(final long account, final Side side, final String qty) {
        sim.apply(Command.PlaceOrder.market(account, BTCUSDT, side, btc(qty)));
    }

    private static String json(final MarketDataUpdate update) {
        return BinanceJson.toJson(update, FORMAT);
    }

    @Test
    void restingOrdersTradesAndAggregates() {
        at(1_000);
        limit(1, Side.SELL, "30000.00", "0.5");
        assertThat(recorder.all).hasSize(2);
        assertThat(json(recorder.diffs.get(0))).isEqualTo("{\"e\":\"depthUpdate\",\"E\":" + (T0 + 1_000)
            + ",\"s\":\"BTCUSDT\",\"U\":1,\"u\":1,\"b\":[],\"a\":[[\"30000.000000\",\"0.50000000\"]]}");
        assertThat(json(recorder.bookTickers.get(0)))
            .isEqualTo("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"0.000000\",\"B\":\"0.00000000\",\"a\":\"30000.000000\",\"A\":\"0.50000000\"}");
        limit(1, Side.SELL, "30000.00", "0.25");
        limit(1, Side.SELL, "30001.00", "0.1");
        limit(1, Side.BUY, "29990.00", "0.1");
        assertThat(recorder.diffs).extracting(DepthDiff::firstUpdateId).containsExactly(1L, 2L, 3L, 4L);
        assertThat(recorder.diffs.get(1).asks()).isEqualTo(PriceLevels.of(new long[] {usdt("30000")}, new long[] {btc("0.75")}, 1));
        assertThat(projector.depth(BTCUSDT, 10).lastUpdateId()).isEqualTo(4);
        recorder.clear();

        at(6_000);
        market(2, Side.BUY, "0.8");
        final long e = T0 + 6_000;
        assertThat(recorder.all).extracting(u -> u.getClass().getSimpleName()).startsWith("TradeUpdate", "TradeUpdate", "AggTradeUpdate",
            "TradeUpdate", "AggTradeUpdate", "DepthDiff", "BookTickerUpdate", "KlineUpdate").endsWith("KlineUpdate", "TickerUpdate");
        assertThat(recorder.klines).hasSize(KlineInterval.values().length);
        assertThat(recorder.trades).extracting(TradeUpdate::tradeId).containsExactly(1L, 2L, 3L);
        assertThat(json(recorder.trades.get(0))).isEqualTo("{\"e\":\"trade\",\"E\":" + e
            + ",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"30000.000000\",\"q\":\"0.50000000\",\"T\":" + e + ",\"m\":false,\"M\":true}");
        assertThat(json(recorder.trades.get(2))).contains("\"t\":3,\"p\":\"30001.000000\",\"q\":\"0.05000000\"");
        assertThat(json(recorder.aggTrades.get(0))).isEqualTo("{\"e\":\"aggTrade\",\"E\":" + e
            + ",\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"30000.000000\",\"q\":\"0.75000000\",\"f\":1,\"l\":2,\"T\":" + e + ",\"m\":false,\"M\":true}");
        assertThat(json(recorder.aggTrades.get(1))).contains("\"a\":2,\"p\":\"30001.000000\",\"q\":\"0.05000000\",\"f\":3,\"l\":3");
        assertThat(json(recorder.diffs.get(0))).isEqualTo("{\"e\":\"depthUpdate\",\"E\":" + e
            + ",\"s\":\"BTCUSDT\",\"U\":5,\"u\":5,\"b\":[],\"a\":[[\"30000.000000\",\"0.00000000\"],[\"30001.000000\",\"0.05000000\"]]}");
        assertThat(json(recorder.bookTickers.get(0)))
            .isEqualTo("{\"u\":5,\"s\":\"BTCUSDT\",\"b\":\"29990.000000\",\"B\":\"0.10000000\",\"a\":\"30001.000000\",\"A\":\"0.05000000\"}");
        recorder.clear();

        at(7_000);
        market(3, Side.SELL, "0.02");
        final long f = T0 + 7_000;
        assertThat(recorder.trades).singleElement().satisfies(t -> {
            assertThat(t.buyerIsMaker()).isTrue();
            assertThat(t.price()).isEqualTo(usdt("29990"));
        });
        assertThat(recorder.aggTrades).singleElement().extracting(AggTradeUpdate::aggTradeId).isEqualTo(3L);
        assertThat(json(recorder.diffs.get(0))).contains("\"U\":6,\"u\":6,\"b\":[[\"29990.000000\",\"0.08000000\"]],\"a\":[]");
        final KlineUpdate minute = recorder.klines(KlineInterval.M1).get(0);
        assertThat(json(minute)).isEqualTo("{\"e\":\"kline\",\"E\":" + f + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":" + T0 + ",\"T\":" + (T0 + 59_999)
            + ",\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":1,\"L\":4,\"o\":\"30000.000000\",\"c\":\"29990.000000\",\"h\":\"30001.000000\","
            + "\"l\":\"29990.000000\",\"v\":\"0.82000000\",\"n\":4,\"x\":false,\"q\":\"24599.850000\",\"V\":\"0.80000000\","
            + "\"Q\":\"24000.050000\",\"B\":\"0\"}}");
        // 24599.85 / 0.82 = 29999.817073...; -10 / 30000 = -0.0333%.
        assertThat(json(recorder.tickers.get(0))).isEqualTo("{\"e\":\"24hrTicker\",\"E\":" + f
            + ",\"s\":\"BTCUSDT\",\"p\":\"-10.000000\",\"P\":\"-0.033\",\"w\":\"29999.817073\",\"x\":\"0.000000\",\"c\":\"29990.000000\","
            + "\"Q\":\"0.02000000\",\"b\":\"29990.000000\",\"B\":\"0.08000000\",\"a\":\"30001.000000\",\"A\":\"0.05000000\","
            + "\"o\":\"30000.000000\",\"h\":\"30001.000000\",\"l\":\"29990.000000\",\"v\":\"0.82000000\",\"q\":\"24599.850000\","
            + "\"O\":" + (f - 86_400_000) + ",\"C\":" + f + ",\"F\":1,\"L\":4,\"n\":4}");
        assertThat(BinanceJson.miniTicker(new StringBuilder(), recorder.tickers.get(0), FORMAT).toString()).isEqualTo(
            "{\"e\":\"24hrMiniTicker\",\"E\":" + f + ",\"s\":\"BTCUSDT\",\"c\":\"29990.000000\",\"o\":\"30000.000000\","
                + "\"h\":\"30001.000000\",\"l\":\"29990.000000\",\"v\":\"0.82000000\",\"q\":\"24599.850000\"}");
        assertThat(BinanceJson.partialDepth(new StringBuilder(), projector.depth(BTCUSDT, 5), FORMAT).toString()).isEqualTo(
            "{\"lastUpdateId\":6,\"bids\":[[\"29990.000000\",\"0.08000000\"]],\"asks\":[[\"30001.000000\",\"0.05000000\"]]}");
        assertThat(projector.depth("BTCUSDT", 5)).isEqualTo(projector.depth(BTCUSDT, 5));
    }

    @Test
    void klinesCloseWhenTheNextIntervalStartsOrTimePasses() {
        at(0);
        limit(1, Side.BUY, "100.00", "1");
        at(5_000);
        market(2, Side.SELL, "0.1");
        at(5_400);
        market(2, Side.SELL, "0.2");
        recorder.clear();

        at(65_000);
        market(2, Side.SELL, "0.3");
        final List<KlineUpdate> minutes = recorder.klines(KlineInterval.M1);
        assertThat(minutes).hasSize(2);
        assertThat(minutes.get(0).closed()).isTrue();
        assertThat(minutes.get(0).openTimeMillis()).isEqualTo(T0);
        assertThat(minutes.get(0).trades()).isEqualTo(2);
        assertThat(minutes.get(0).volume()).isEqualTo(btc("0.3"));
        assertThat(minutes.get(1).closed()).isFalse();
        assertThat(minutes.get(1).openTimeMillis()).isEqualTo(T0 + 60_000);
        assertThat(minutes.get(1).firstTradeId()).isEqualTo(3);
        assertThat(minutes.get(1).takerBuyBaseVolume()).isZero();
        assertThat(recorder.klines(KlineInterval.S1)).extracting(KlineUpdate::closed).containsExactly(true, false);
        assertThat(recorder.klines(KlineInterval.M3)).singleElement().satisfies(k -> {
            assertThat(k.closed()).isFalse();
            assertThat(k.trades()).isEqualTo(3);
            assertThat(k.open()).isEqualTo(usdt("100"));
        });
        assertThat(recorder.klines(KlineInterval.MONTH1)).singleElement().satisfies(k -> {
            assertThat(k.openTimeMillis()).isEqualTo(T0);
            assertThat(k.closeTimeMillis()).isEqualTo(T0 + 31L * 86_400_000 - 1);
        });
        assertThat(recorder.klines(KlineInterval.W1)).singleElement().satisfies(k -> {
            // 2026-01-01 is a Thursday: the week opened on Monday 2025-12-29.
            assertThat(k.openTimeMillis()).isEqualTo(T0 - 3L * 86_400_000);
        });
        recorder.clear();

        projector.advanceTime((T0 + 119_999) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.klines(KlineInterval.M1)).isEmpty();
        assertThat(recorder.klines(KlineInterval.S1)).singleElement().extracting(KlineUpdate::closed).isEqualTo(true);
        projector.advanceTime((T0 + 120_000) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.klines(KlineInterval.M1)).singleElement().satisfies(k -> {
            assertThat(k.closed()).isTrue();
            assertThat(k.eventTimeMillis()).isEqualTo(T0 + 120_000);
            assertThat(k.trades()).isEqualTo(1);
        });
        recorder.clear();
        projector.advanceTime((T0 + 180_000) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.klines(KlineInterval.M1)).isEmpty();
        assertThat(recorder.klines(KlineInterval.M3)).singleElement().extracting(KlineUpdate::closed).isEqualTo(true);
        // A later trade starts a new minute without publishing the closed one again.
        recorder.clear();
        at(200_000);
        market(2, Side.SELL, "0.1");
        assertThat(recorder.klines(KlineInterval.M1)).singleElement().extracting(KlineUpdate::closed).isEqualTo(false);
    }

    @Test
    void theTickerWindowDropsWholeSecondsAfter24Hours() {
        final long hour = 3_600_000;
        at(0);
        limit(1, Side.BUY, "30000.00", "0.1");
        market(2, Side.SELL, "0.1");
        at(hour);
        limit(1, Side.BUY, "31000.00", "0.1");
        market(2, Side.SELL, "0.1");
        at(2 * hour + 500);
        limit(1, Side.SELL, "29000.00", "0.1");
        market(2, Side.BUY, "0.1");
        final TickerUpdate day = recorder.tickers.get(recorder.tickers.size() - 1);
        assertThat(day.openPrice()).isEqualTo(usdt("30000"));
        assertThat(day.highPrice()).isEqualTo(usdt("31000"));
        assertThat(day.lowPrice()).isEqualTo(usdt("29000"));
        assertThat(day.lastPrice()).isEqualTo(usdt("29000"));
        assertThat(day.count()).isEqualTo(3);
        assertThat(day.volume()).isEqualTo(btc("0.3"));
        assertThat(day.quoteVolume()).isEqualTo(usdt("9000"));
        assertThat(day.prevClosePrice()).isZero();
        recorder.clear();

        final long dayMillis = 24 * hour;
        projector.advanceTime((T0 + dayMillis + 999) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.tickers).isEmpty();
        projector.advanceTime((T0 + dayMillis + 1_000) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.tickers).singleElement().satisfies(t -> {
            assertThat(t.openTimeMillis()).isEqualTo(T0 + 1_000);
            assertThat(t.closeTimeMillis()).isEqualTo(T0 + dayMillis + 1_000);
            assertThat(t.openPrice()).isEqualTo(usdt("31000"));
            assertThat(t.highPrice()).isEqualTo(usdt("31000"));
            assertThat(t.prevClosePrice()).isEqualTo(usdt("30000"));
            assertThat(t.firstTradeId()).isEqualTo(2);
            assertThat(t.lastTradeId()).isEqualTo(3);
            assertThat(t.count()).isEqualTo(2);
            assertThat(t.volume()).isEqualTo(btc("0.2"));
        });
        recorder.clear();
        projector.advanceTime((T0 + dayMillis + hour + 1_000) * MarketSim.NANOS_PER_MILLI);
        assertThat(recorder.tickers).singleElement().satisfies(t -> {
            assertThat(t.highPrice()).isEqualTo(usdt("29000"));
            assertThat(t.prevClosePrice()).isEqualTo(usdt("31000"));
        });
        recorder.clear();
        projector.advanceTime((T0 + dayMillis + 3 * hour) * MarketSim.NANOS_PER_MILLI);
        final TickerUpdate empty = recorder.tickers.get(0);
        assertThat(empty.count()).isZero();
        assertThat(empty.firstTradeId()).isEqualTo(-1);
        assertThat(empty.lastTradeId()).isEqualTo(-1);
        assertThat(empty.openPrice()).isZero();
        assertThat(empty.lastPrice()).isZero();
        assertThat(empty.prevClosePrice()).isEqualTo(usdt("29000"));
        assertThat(json(empty)).contains("\"p\":\"0.000000\",\"P\":\"0.000\",\"w\":\"0.000000\",\"x\":\"29000.000000\"");
        assertThat(projector.ticker(BTCUSDT, 0)).isEqualTo(empty);
    }

    @Test
    void netZeroCommandsPublishNoDiffAndIdsStayDense() {
        at(0);
        limit(1, Side.BUY, "100.00", "1");
        final long before = projector.lastUpdateId(BTCUSDT);
        recorder.clear();
        // Cancel-replace to the same price and quantity: the level is unchanged, so no diff and no new id.
        final long orderId = sim.engine.openOrders(BTCUSDT, 1).get(0).orderId();
        sim.apply(new Command.CancelReplace(new Command.CancelOrder(1, BTCUSDT, orderId, null),
            Command.PlaceOrder.limit(1, BTCUSDT, Side.BUY, TimeInForce.GTC, usdt("100"), btc("1")), false));
        assertThat(recorder.diffs).isEmpty();
        assertThat(recorder.bookTickers).isEmpty();
        assertThat(projector.lastUpdateId(BTCUSDT)).isEqualTo(before);
        // An IOC that does not trade, and a rejected order, change nothing either.
        sim.apply(Command.PlaceOrder.limit(2, BTCUSDT, Side.SELL, TimeInForce.IOC, usdt("200"), btc("1")));
        sim.apply(Command.PlaceOrder.limit(2, BTCUSDT, Side.SELL, TimeInForce.GTC, usdt("200.001"), btc("1")));
        assertThat(recorder.diffs).isEmpty();
        assertThat(recorder.commandEnds).hasSize(3);
        limit(2, Side.SELL, "101.00", "1");
        assertThat(recorder.diffs).singleElement().extracting(DepthDiff::firstUpdateId).isEqualTo(before + 1);
    }

    @Test
    void publishesOnlyTheKindsAsked() {
        projector.publish(EnumSet.of(UpdateKind.DEPTH, UpdateKind.TRADE));
        at(0);
        limit(1, Side.BUY, "100.00", "1");
        market(2, Side.SELL, "0.5");
        assertThat(recorder.diffs).hasSize(2);
        assertThat(recorder.trades).hasSize(1);
        assertThat(recorder.aggTrades).isEmpty();
        assertThat(recorder.klines).isEmpty();
        assertThat(recorder.tickers).isEmpty();
        assertThat(recorder.bookTickers).isEmpty();
        assertThat(projector.publishing()).containsExactlyInAnyOrder(UpdateKind.DEPTH, UpdateKind.TRADE);
        // State kept current meanwhile: the ticker still counts the trade.
        assertThat(projector.ticker(BTCUSDT, 0).count()).isEqualTo(1);
    }

    @Test
    void decimalsAndRounding() {
        final StringBuilder out = new StringBuilder();
        DecimalText.append(out, 1_000_000, 8);
        out.append(' ');
        DecimalText.append(out, 0, 8);
        out.append(' ');
        DecimalText.append(out, 123_456_789, 0);
        out.append(' ');
        DecimalText.append(out, -5, 3);
        out.append(' ');
        DecimalText.append(out, 12_345_678_901L, 8);
        out.append(' ');
        DecimalText.append(out, Long.MIN_VALUE, 18);
        assertThat(out.toString()).isEqualTo("0.01000000 0.00000000 123456789 -0.005 123.45678901 -9.223372036854775808");
        assertThat(DecimalText.mulDivHalfUp(1, 1, 2)).isEqualTo(1);
        assertThat(DecimalText.mulDivHalfUp(-1, 1, 2)).isEqualTo(-1);
        assertThat(DecimalText.mulDivHalfUp(1, 1, 3)).isEqualTo(0);
        assertThat(DecimalText.mulDivHalfUp(Long.MAX_VALUE / 2, 1_000, 1_000)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(DecimalText.mulDivHalfUp(-Long.MAX_VALUE / 2, 10, 20)).isEqualTo(-Long.MAX_VALUE / 4 - 1);
    }
}
