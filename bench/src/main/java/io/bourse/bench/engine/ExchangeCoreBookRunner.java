package io.bourse.bench.engine;

import java.util.HashMap;
import java.util.Map;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;

import org.HdrHistogram.Histogram;

/**
 * Scenario (a) on exchange-core's {@code OrderBookDirectImpl}, single-threaded, built the way its matching engine
 * builds it (the same object-pool sizes as {@code MatchingEngineRouter}, the non-pooled events helper its own book
 * benchmark uses, which is also what the pipeline does with {@code EVENTS_POOLING = false}), and driven the way its
 * book benchmark ({@code ITOrderBookBase}) drives it: one reused {@link OrderCommand} through
 * {@link IOrderBook#processCommand}. A market order is an IOC at the stream's price cap (buy) or floor (sell), which
 * every resting price lies within. Trades are counted from the returned event chain.
 */
public final class ExchangeCoreBookRunner {
    private final CommandStream stream;
    private final CoreSymbolSpecification symbol;
    private final long cap;
    private final long floor;
    private final OrderCommand cmd = new OrderCommand();
    private long trades;
    private long volume;
    private long failures;

    public ExchangeCoreBookRunner(final CommandStream stream) {
        if (stream.spec.symbols() != 1) {
            throw new IllegalArgumentException("the book-level scenario has one symbol");
        }
        this.stream = stream;
        this.symbol = symbolSpec(stream.spec, 0);
        this.cap = stream.spec.capPrice(0);
        this.floor = stream.spec.floorPrice(0);
    }

    /** exchange-core's description of a symbol of the scenario: an exchange pair with per-lot fees equal to Bourse's at its reference price. */
    static CoreSymbolSpecification symbolSpec(final ScenarioSpec spec, final int k) {
        final long reference = spec.referencePrice(k);
        return CoreSymbolSpecification.builder()
            .symbolId(Units.symbolId(k))
            .type(SymbolType.CURRENCY_EXCHANGE_PAIR)
            .baseCurrency(Units.baseAsset(k))
            .quoteCurrency(Units.QUOTE_ASSET)
            .baseScaleK(Units.STEP)
            .quoteScaleK(Units.UNIT_NOTIONAL)
            .takerFee(Units.feePerLot(reference, Units.TAKER_FEE_PPM))
            .makerFee(Units.feePerLot(reference, Units.MAKER_FEE_PPM))
            .build();
    }

    /** The object pools {@code MatchingEngineRouter} gives its order books. */
    static ObjectsPool enginePool() {
        final Map<Integer, Integer> config = new HashMap<>();
        config.put(ObjectsPool.DIRECT_ORDER, 1024 * 1024);
        config.put(ObjectsPool.DIRECT_BUCKET, 1024 * 64);
        config.put(ObjectsPool.ART_NODE_4, 1024 * 32);
        config.put(ObjectsPool.ART_NODE_16, 1024 * 16);
        config.put(ObjectsPool.ART_NODE_48, 1024 * 8);
        config.put(ObjectsPool.ART_NODE_256, 1024 * 4);
        return new ObjectsPool(config);
    }

    /** One pass on a fresh book: the pre-fill untimed, then the mix timed; with {@code latencies}, each command is timed. */
    public Pass run(final Histogram latencies) {
        final IOrderBook book = new OrderBookDirectImpl(symbol, enginePool(), OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
            LoggingConfiguration.DEFAULT);
        for (int i = 0; i < stream.prefill; i++) {
            apply(book, i);
        }
        trades = 0;
        volume = 0;
        failures = 0;
        final int end = stream.size;
        final long allocBefore = Allocation.currentThread();
        final long start = System.nanoTime();
        if (latencies == null) {
            for (int i = stream.prefill; i < end; i++) {
                apply(book, i);
            }
        } else {
            for (int i = stream.prefill; i < end; i++) {
                final long t0 = System.nanoTime();
                apply(book, i);
                latencies.recordValue(System.nanoTime() - t0);
            }
        }
        final long nanos = System.nanoTime() - start;
        final long allocated = Allocation.currentThread() - allocBefore;
        final long resting = book.getOrdersNum(OrderAction.BID) + book.getOrdersNum(OrderAction.ASK);
        String problems = failures == 0 ? "" : failures + " commands failed";
        if (resting != stream.expectedResting) {
            problems += (problems.isEmpty() ? "" : "; ") + "resting " + resting + " != model " + stream.expectedResting;
        }
        return new Pass(nanos, trades, volume, allocated, problems);
    }

    private void apply(final IOrderBook book, final int i) {
        final CommandStream s = stream;
        final OrderCommand c = cmd;
        c.matcherEvent = null;
        c.marketData = null;
        c.orderId = s.ecOrderId[i];
        c.uid = s.account[i];
        c.symbol = symbol.symbolId;
        c.timestamp = i;
        c.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        final byte op = s.op[i];
        switch (op) {
            case CommandStream.GTC, CommandStream.IOC, CommandStream.MARKET -> {
                final boolean buy = s.buy[i];
                c.command = OrderCommandType.PLACE_ORDER;
                c.action = buy ? OrderAction.BID : OrderAction.ASK;
                c.orderType = op == CommandStream.GTC ? OrderType.GTC : OrderType.IOC;
                c.price = op == CommandStream.MARKET ? (buy ? cap : floor) : s.price[i];
                // GTC bids reserve the cap, so that a later move up is within their risk hold (as the pipeline runner does)
                c.reserveBidPrice = buy && op == CommandStream.GTC ? cap : c.price;
                c.size = s.quantity[i];
            }
            case CommandStream.CANCEL -> c.command = OrderCommandType.CANCEL_ORDER;
            case CommandStream.MOVE -> {
                c.command = OrderCommandType.MOVE_ORDER;
                c.price = s.price[i];
            }
            default -> throw new IllegalStateException("op " + op);
        }
        if (IOrderBook.processCommand(book, c) != CommandResultCode.SUCCESS) {
            failures++;
        }
        for (MatcherTradeEvent event = c.matcherEvent; event != null; event = event.nextEvent) {
            if (event.eventType == MatcherEventType.TRADE) {
                trades++;
                volume += event.size;
            }
        }
    }
}
