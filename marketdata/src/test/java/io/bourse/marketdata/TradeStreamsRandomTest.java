package io.bourse.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bourse.engine.Event;
import io.bourse.engine.Side;

import org.junit.jupiter.api.Test;

/**
 * Trades, aggregate trades, klines and tickers against brute force over the engine's own trade events, on a random
 * flow whose clock runs for days (with jumps of up to three hours, so candles roll over and the 24-hour window drops
 * trades), with {@link MarketDataProjector#advanceTime} ticks in between.
 */
class TradeStreamsRandomTest {
    private static final int COMMANDS = 20_000;
    private static final long DAY_MILLIS = 86_400_000L;

    @Test
    void streamsMatchBruteForce() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("TradeStreamsRandomTest seed=" + seed);
        final MarketSim sim = new MarketSim(20);
        final Recorder recorder = new Recorder();
        final MarketDataProjector projector = new MarketDataProjector(recorder);
        final List<Event.Trade> engineTrades = new ArrayList<>();
        sim.feed(projector).observe((s, t, c, events) -> {
            for (final Event e : events) {
                if (e instanceof Event.Trade trade) {
                    engineTrades.add(trade);
                }
            }
        }).setup();
        final RandomFlow flow = new RandomFlow(seed, sim, true, 40, 150, 3 * 3_600_000L);
        for (int i = 0; i < COMMANDS; i++) {
            flow.step();
            if (i % 97 == 0) {
                sim.advanceMillis(1 + i % 5_000);
                projector.advanceTime(sim.clockNanos);
            }
        }
        final String context = "seed " + seed;
        checkTrades(engineTrades, recorder.trades, context);
        checkAggregates(engineTrades, recorder.aggTrades, context);
        final int klineChecks = checkKlines(engineTrades, recorder.klines, context);
        final int tickerChecks = checkTickers(engineTrades, recorder.tickers, recorder.tradesBeforeTicker, context);
        final long days = (sim.clockNanos - MarketSim.START_NANOS) / MarketSim.NANOS_PER_MILLI / DAY_MILLIS;
        System.out.printf("  %d trades, %d aggregates, %d kline and %d ticker updates checked over %d days%n", engineTrades.size(),
            recorder.aggTrades.size(), klineChecks, tickerChecks, days);
        assertThat(days).isGreaterThanOrEqualTo(2);
    }

    private static void checkTrades(final List<Event.Trade> engine, final List<TradeUpdate> published, final String context) {
        assertThat(published).as(context).hasSameSizeAs(engine);
        for (int i = 0; i < engine.size(); i++) {
            final Event.Trade e = engine.get(i);
            final TradeUpdate t = published.get(i);
            final boolean takerBought = e.takerSide() == Side.BUY;
            assertThat(t).as(context).isEqualTo(new TradeUpdate(e.symbolId(), MarketSim.SPECS.get(e.symbolId()).name(),
                e.timestampNanos() / MarketSim.NANOS_PER_MILLI, e.tradeId(), e.price(), e.quantity(), e.quoteQty(),
                e.timestampNanos() / MarketSim.NANOS_PER_MILLI, !takerBought, takerBought ? e.takerOrderId() : e.makerOrderId(),
                takerBought ? e.makerOrderId() : e.takerOrderId()));
        }
    }

    /** Aggregates partition each symbol's trades into maximal runs of one taker at one price, with dense ids from 1. */
    private static void checkAggregates(final List<Event.Trade> engine, final List<AggTradeUpdate> aggregates, final String context) {
        final Map<Integer, List<Event.Trade>> bySymbol = bySymbol(engine);
        final Map<Integer, List<AggTradeUpdate>> aggsBySymbol = new HashMap<>();
        for (final AggTradeUpdate a : aggregates) {
            aggsBySymbol.computeIfAbsent(a.symbolId(), k -> new ArrayList<>()).add(a);
        }
        for (final Map.Entry<Integer, List<Event.Trade>> entry : bySymbol.entrySet()) {
            final List<Event.Trade> trades = entry.getValue();
            final List<AggTradeUpdate> aggs = aggsBySymbol.getOrDefault(entry.getKey(), List.of());
            int next = 0;
            for (int a = 0; a < aggs.size(); a++) {
                final AggTradeUpdate agg = aggs.get(a);
                assertThat(agg.aggTradeId()).as(context).isEqualTo(a + 1);
                final Event.Trade first = trades.get(next);
                assertThat(agg.firstTradeId()).as(context).isEqualTo(first.tradeId());
                long quantity = 0;
                int i = next;
                while (i < trades.size() && trades.get(i).takerOrderId() == first.takerOrderId() && trades.get(i).price() == first.price()) {
                    quantity += trades.get(i).quantity();
                    i++;
                }
                assertThat(agg.lastTradeId()).as(context + " agg " + agg).isEqualTo(trades.get(i - 1).tradeId());
                assertThat(agg.quantity()).as(context).isEqualTo(quantity);
                assertThat(agg.price()).as(context).isEqualTo(first.price());
                assertThat(agg.buyerIsMaker()).as(context).isEqualTo(first.takerSide() == Side.SELL);
                assertThat(agg.tradeTimeMillis()).as(context).isEqualTo(first.timestampNanos() / MarketSim.NANOS_PER_MILLI);
                next = i;
            }
            assertThat(next).as(context + " symbol " + entry.getKey() + " trades covered by aggregates").isEqualTo(trades.size());
        }
    }

    /**
     * Every kline update equals brute force over the trades of its candle up to its last trade; each candle is
     * published closed at most once, and nothing of a candle comes after it is closed; every candle that a later trade
     * (or tick) ended was published closed.
     */
    private static int checkKlines(final List<Event.Trade> engine, final List<KlineUpdate> klines, final String context) {
        final Map<Integer, List<Event.Trade>> bySymbol = bySymbol(engine);
        final Set<String> closed = new HashSet<>();
        final Map<String, KlineUpdate> latest = new HashMap<>();
        int checked = 0;
        for (int u = 0; u < klines.size(); u++) {
            final KlineUpdate k = klines.get(u);
            final String key = k.symbolId() + "/" + k.interval() + "/" + k.openTimeMillis();
            assertThat(closed).as(context + " update after close: " + k).doesNotContain(key);
            if (k.closed()) {
                closed.add(key);
            }
            latest.put(key, k);
            if (u % 7 != 0 && !k.closed()) {
                continue;
            }
            final KlineBuilder expected = new KlineBuilder(k.interval());
            expected.reset(k.openTimeMillis());
            for (final Event.Trade t : bySymbol.get(k.symbolId())) {
                final long time = t.timestampNanos() / MarketSim.NANOS_PER_MILLI;
                if (time >= k.openTimeMillis() && time <= k.closeTimeMillis() && t.tradeId() <= k.lastTradeId()) {
                    expected.add(t.tradeId(), t.price(), t.quantity(), t.quoteQty(), t.takerSide() == Side.BUY);
                }
            }
            assertThat(k).as(context).isEqualTo(expected.toUpdate(k.symbolId(), k.symbol(), k.eventTimeMillis(), k.closed()));
            checked++;
        }
        // A candle followed by a trade of the same symbol in a later candle must have been published closed.
        for (final KlineUpdate k : latest.values()) {
            final List<Event.Trade> trades = bySymbol.get(k.symbolId());
            final long lastTime = trades.get(trades.size() - 1).timestampNanos() / MarketSim.NANOS_PER_MILLI;
            if (lastTime > k.closeTimeMillis()) {
                assertThat(k.closed()).as(context + " never closed: " + k).isTrue();
            }
        }
        return checked;
    }

    /**
     * Every ticker equals brute force over the symbol's trades in its window [O, C] among those published before it (a
     * later command may trade in the same millisecond).
     */
    private static int checkTickers(final List<Event.Trade> engine, final List<TickerUpdate> tickers, final List<Integer> tradesBefore,
        final String context) {
        int checked = 0;
        for (int u = 0; u < tickers.size(); u++) {
            final TickerUpdate t = tickers.get(u);
            if (u % 5 != 0) {
                continue;
            }
            assertThat(t.closeTimeMillis()).isEqualTo(t.eventTimeMillis());
            assertThat(t.openTimeMillis()).isEqualTo(Math.floorDiv(t.closeTimeMillis() - DAY_MILLIS, 1_000L) * 1_000L);
            long open = 0;
            long high = 0;
            long low = 0;
            long last = 0;
            long lastQty = 0;
            long prevClose = 0;
            long volume = 0;
            long quote = 0;
            long first = -1;
            long lastId = -1;
            long count = 0;
            for (final Event.Trade trade : engine.subList(0, tradesBefore.get(u))) {
                final long time = trade.timestampNanos() / MarketSim.NANOS_PER_MILLI;
                if (trade.symbolId() != t.symbolId()) {
                    continue;
                }
                assertThat(time).isLessThanOrEqualTo(t.closeTimeMillis());
                if (time < t.openTimeMillis()) {
                    prevClose = trade.price();
                    continue;
                }
                if (count == 0) {
                    open = trade.price();
                    high = trade.price();
                    low = trade.price();
                    first = trade.tradeId();
                }
                high = Math.max(high, trade.price());
                low = Math.min(low, trade.price());
                last = trade.price();
                lastQty = trade.quantity();
                lastId = trade.tradeId();
                volume += trade.quantity();
                quote += trade.quoteQty();
                count++;
            }
            final TickerUpdate expected = new TickerUpdate(t.symbolId(), t.symbol(), t.eventTimeMillis(), open, high, low, last, lastQty, prevClose,
                volume, quote, t.bestBidPrice(), t.bestBidQuantity(), t.bestAskPrice(), t.bestAskQuantity(), t.openTimeMillis(),
                t.closeTimeMillis(), first, lastId, count);
            assertThat(t).as(context).isEqualTo(expected);
            checked++;
        }
        return checked;
    }

    private static Map<Integer, List<Event.Trade>> bySymbol(final List<Event.Trade> trades) {
        final Map<Integer, List<Event.Trade>> bySymbol = new HashMap<>();
        for (int id = 0; id < MarketSim.SPECS.size(); id++) {
            bySymbol.put(id, new ArrayList<>());
        }
        for (final Event.Trade t : trades) {
            bySymbol.get(t.symbolId()).add(t);
        }
        return bySymbol;
    }
}
