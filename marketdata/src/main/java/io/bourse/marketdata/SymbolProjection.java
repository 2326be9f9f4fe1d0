package io.bourse.marketdata;

import java.util.ArrayList;
import java.util.concurrent.locks.StampedLock;

import io.bourse.engine.Event;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * One symbol's market data state: the aggregated book with its update id, the orders that make it up, the current
 * aggregate trade, the newest candle of every interval and the rolling 24-hour window. Everything but
 * {@link #snapshot} and {@link #lastUpdateId} belongs to the projector's thread.
 *
 * <p>The book changes only at the end of a command, all at once, under the write lock of a {@link StampedLock}: during
 * the command, events only accumulate net level changes ({@link LevelDeltas}), so the book a reader sees is always the
 * state after some whole command, and its update id is the {@code u} of the diff that led to it. Readers copy the top
 * levels optimistically and fall back to the read lock only when writes keep interrupting them.
 */
final class SymbolProjection {
    /** Optimistic copies tried before a reader takes the read lock (and briefly holds the writer off). */
    private static final int OPTIMISTIC_ATTEMPTS = 4;

    final int symbolId;
    final String symbol;
    final SymbolSpec spec;
    final BookSide bids = new BookSide(true);
    final BookSide asks = new BookSide(false);
    private final StampedLock lock = new StampedLock();
    /** Written under the write lock only. */
    private long lastUpdateId;

    final Long2ObjectHashMap<RestingOrder> orders = new Long2ObjectHashMap<>();
    private final ArrayList<RestingOrder> pending = new ArrayList<>();
    private final LevelDeltas bidDeltas = new LevelDeltas();
    private final LevelDeltas askDeltas = new LevelDeltas();

    /** Whether the current command touched this symbol (it is in the projector's list of symbols to finish). */
    boolean touched;
    private boolean traded;
    private long lastTradeMillis;

    private long topBidPrice;
    private long topBidQuantity;
    private long topAskPrice;
    private long topAskQuantity;

    private boolean aggOpen;
    private long aggId;
    private long aggTakerOrderId;
    private long aggPrice;
    private long aggQuantity;
    private long aggFirstTradeId;
    private long aggLastTradeId;
    private long aggTimeMillis;
    private boolean aggBuyerIsMaker;

    final KlineBuilder[] klines;
    final TickerWindow window = new TickerWindow();

    SymbolProjection(final SymbolSpec spec) {
        this.spec = spec;
        this.symbolId = spec.symbolId();
        this.symbol = spec.name();
        final KlineInterval[] intervals = KlineInterval.values();
        klines = new KlineBuilder[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            klines[i] = new KlineBuilder(intervals[i]);
        }
    }

    // ------------------------------------------------------------------------------------------------ order events

    void onAccepted(final Event.OrderAccepted e, final MarketDataProjector owner) {
        final OrderType type = e.type();
        final boolean gtc = e.timeInForce() == TimeInForce.GTC;
        final byte state;
        if (type == OrderType.LIMIT_MAKER || (type == OrderType.LIMIT && gtc)) {
            state = RestingOrder.PENDING;
        } else if ((type == OrderType.STOP_LOSS_LIMIT || type == OrderType.TAKE_PROFIT_LIMIT) && gtc) {
            state = RestingOrder.CONDITIONAL;
        } else {
            return;
        }
        final RestingOrder order = owner.newOrder().set(e.orderId(), e.side() == Side.BUY, e.price(), e.quantity(), state);
        orders.put(order.orderId, order);
        if (state == RestingOrder.PENDING) {
            pending.add(order);
        }
    }

    void onTriggered(final long orderId) {
        final RestingOrder order = orders.get(orderId);
        if (order != null && order.state == RestingOrder.CONDITIONAL) {
            order.state = RestingOrder.PENDING;
            pending.add(order);
        }
    }

    void onClosed(final long orderId, final MarketDataProjector owner) {
        final RestingOrder order = orders.remove(orderId);
        if (order == null) {
            return;
        }
        switch (order.state) {
            case RestingOrder.RESTING -> {
                if (order.remaining > 0) {
                    deltas(order.bid).add(order.price, -order.remaining);
                }
                owner.recycle(order);
            }
            case RestingOrder.PENDING -> order.state = RestingOrder.CLOSED;
            default -> owner.recycle(order);
        }
    }

    /** The maker's level loses what traded; a pending taker or maker (rested earlier in this command) its remaining. */
    void onTradeBook(final Event.Trade e) {
        final RestingOrder maker = orders.get(e.makerOrderId());
        if (maker == null || maker.price != e.price()) {
            throw new IllegalStateException(symbol + ": trade " + e.tradeId() + " names maker " + e.makerOrderId()
                + (maker == null ? ", which the projector never saw rest" : " at " + maker.price + ", not " + e.price())
                + " (was the projector bootstrapped from the engine?)");
        }
        if (maker.state == RestingOrder.RESTING) {
            deltas(maker.bid).add(maker.price, -e.quantity());
        }
        maker.remaining -= e.quantity();
        final RestingOrder taker = orders.get(e.takerOrderId());
        if (taker != null && taker.state == RestingOrder.PENDING) {
            taker.remaining -= e.quantity();
        }
    }

    private LevelDeltas deltas(final boolean bid) {
        return bid ? bidDeltas : askDeltas;
    }

    // ------------------------------------------------------------------------------------------------ trades

    void onTrade(final Event.Trade e, final long eventMillis, final MarketDataProjector owner) {
        onTradeBook(e);
        traded = true;
        final long time = e.timestampNanos() / MarketDataProjector.NANOS_PER_MILLI;
        lastTradeMillis = time;
        final boolean takerBought = e.takerSide() == Side.BUY;
        final MarketDataListener listener = owner.listener;
        final boolean continues = aggOpen && aggTakerOrderId == e.takerOrderId() && aggPrice == e.price() && aggLastTradeId + 1 == e.tradeId();
        if (!continues) {
            closeAggregate(eventMillis, owner);
        }
        if (owner.publishes(UpdateKind.TRADE)) {
            listener.onTrade(new TradeUpdate(symbolId, symbol, eventMillis, e.tradeId(), e.price(), e.quantity(), e.quoteQty(), time, !takerBought,
                takerBought ? e.takerOrderId() : e.makerOrderId(), takerBought ? e.makerOrderId() : e.takerOrderId()));
        }
        if (continues) {
            aggQuantity += e.quantity();
            aggLastTradeId = e.tradeId();
        } else {
            aggOpen = true;
            aggId++;
            aggTakerOrderId = e.takerOrderId();
            aggPrice = e.price();
            aggQuantity = e.quantity();
            aggFirstTradeId = e.tradeId();
            aggLastTradeId = e.tradeId();
            aggTimeMillis = time;
            aggBuyerIsMaker = !takerBought;
        }
        final boolean publishKlines = owner.publishes(UpdateKind.KLINE);
        for (final KlineBuilder kline : klines) {
            if (kline.endsBefore(time)) {
                if (publishKlines && kline.trades > 0 && !kline.closedSent) {
                    listener.onKline(kline.toUpdate(symbolId, symbol, eventMillis, true));
                }
                kline.reset(time);
            }
            kline.add(e.tradeId(), e.price(), e.quantity(), e.quoteQty(), takerBought);
        }
        window.onTrade(time, e.tradeId(), e.price(), e.quantity(), e.quoteQty());
    }

    private void closeAggregate(final long eventMillis, final MarketDataProjector owner) {
        if (aggOpen) {
            aggOpen = false;
            if (owner.publishes(UpdateKind.AGG_TRADE)) {
                owner.listener.onAggTrade(new AggTradeUpdate(symbolId, symbol, eventMillis, aggId, aggPrice, aggQuantity, aggFirstTradeId,
                    aggLastTradeId, aggTimeMillis, aggBuyerIsMaker));
            }
        }
    }

    /** Continues aggregate ids after {@code lastAggId} (e.g. the history store's newest), instead of from 1. */
    void seedAggTradeId(final long lastAggId) {
        aggId = lastAggId;
    }

    // ------------------------------------------------------------------------------------------------ end of command

    /** Rests the pending orders, applies the command's net level changes, and publishes what changed. */
    void finish(final long eventMillis, final MarketDataProjector owner) {
        touched = false;
        for (int i = 0, n = pending.size(); i < n; i++) {
            final RestingOrder order = pending.get(i);
            if (order.state == RestingOrder.PENDING) {
                order.state = RestingOrder.RESTING;
                if (order.remaining > 0) {
                    deltas(order.bid).add(order.price, order.remaining);
                }
            } else if (order.state == RestingOrder.CLOSED) {
                owner.recycle(order);
            }
        }
        pending.clear();
        closeAggregate(eventMillis, owner);
        final MarketDataListener listener = owner.listener;
        if (!bidDeltas.isEmpty() || !askDeltas.isEmpty()) {
            final DepthDiff diff = applyDeltas(eventMillis, owner.publishes(UpdateKind.DEPTH));
            if (diff != null) {
                listener.onDepthDiff(diff);
            }
            if (bids.bestPrice() != topBidPrice || bids.bestQuantity() != topBidQuantity || asks.bestPrice() != topAskPrice
                || asks.bestQuantity() != topAskQuantity) {
                topBidPrice = bids.bestPrice();
                topBidQuantity = bids.bestQuantity();
                topAskPrice = asks.bestPrice();
                topAskQuantity = asks.bestQuantity();
                if (owner.publishes(UpdateKind.BOOK_TICKER)) {
                    listener.onBookTicker(new BookTickerUpdate(symbolId, symbol, eventMillis, lastUpdateId, topBidPrice, topBidQuantity,
                        topAskPrice, topAskQuantity));
                }
            }
        }
        if (traded) {
            traded = false;
            final boolean publishKlines = owner.publishes(UpdateKind.KLINE);
            for (final KlineBuilder kline : klines) {
                if (kline.dirty) {
                    kline.dirty = false;
                    if (publishKlines) {
                        listener.onKline(kline.toUpdate(symbolId, symbol, eventMillis, false));
                    }
                }
            }
            if (owner.publishes(UpdateKind.TICKER)) {
                listener.onTicker(window.toUpdate(symbolId, symbol, lastTradeMillis, bids, asks));
            }
        }
    }

    /**
     * Applies the net changes under the write lock and moves the update id on by one if any level really changed;
     * returns the diff (bids descending, asks ascending), or null if nothing changed or {@code build} is false.
     */
    private DepthDiff applyDeltas(final long eventMillis, final boolean build) {
        final int bidCount = bidDeltas.size();
        final int askCount = askDeltas.size();
        final long[] bidPrices = build && bidCount > 0 ? new long[bidCount] : null;
        final long[] bidQuantities = build && bidCount > 0 ? new long[bidCount] : null;
        final long[] askPrices = build && askCount > 0 ? new long[askCount] : null;
        final long[] askQuantities = build && askCount > 0 ? new long[askCount] : null;
        int bidChanges = 0;
        int askChanges = 0;
        final long id;
        final long stamp = lock.writeLock();
        try {
            if (bidCount > 0) {
                final long[] sorted = bidDeltas.sortedPrices();
                for (int i = bidCount - 1; i >= 0; i--) {
                    final long price = sorted[i];
                    final long delta = bidDeltas.delta(price);
                    if (delta != 0) {
                        final long quantity = bids.add(price, delta);
                        if (build) {
                            bidPrices[bidChanges] = price;
                            bidQuantities[bidChanges] = quantity;
                        }
                        bidChanges++;
                    }
                }
            }
            if (askCount > 0) {
                final long[] sorted = askDeltas.sortedPrices();
                for (int i = 0; i < askCount; i++) {
                    final long price = sorted[i];
                    final long delta = askDeltas.delta(price);
                    if (delta != 0) {
                        final long quantity = asks.add(price, delta);
                        if (build) {
                            askPrices[askChanges] = price;
                            askQuantities[askChanges] = quantity;
                        }
                        askChanges++;
                    }
                }
            }
            if (bidChanges + askChanges > 0) {
                lastUpdateId++;
            }
            id = lastUpdateId;
        } finally {
            lock.unlockWrite(stamp);
        }
        bidDeltas.clear();
        askDeltas.clear();
        if (!build || bidChanges + askChanges == 0) {
            return null;
        }
        return new DepthDiff(symbolId, symbol, eventMillis, id, id, levels(bidPrices, bidQuantities, bidChanges),
            levels(askPrices, askQuantities, askChanges));
    }

    private static PriceLevels levels(final long[] prices, final long[] quantities, final int count) {
        if (count == 0) {
            return PriceLevels.EMPTY;
        }
        return count == prices.length ? new PriceLevels(prices, quantities) : PriceLevels.of(prices, quantities, count);
    }

    // ------------------------------------------------------------------------------------------------ time

    /** Moves the window and closes ended candles at {@code nowMillis}; publishes what changed. */
    void advanceTime(final long nowMillis, final MarketDataProjector owner) {
        final MarketDataListener listener = owner.listener;
        if (window.evict(nowMillis) && owner.publishes(UpdateKind.TICKER)) {
            listener.onTicker(window.toUpdate(symbolId, symbol, nowMillis, bids, asks));
        }
        final boolean publishKlines = owner.publishes(UpdateKind.KLINE);
        for (final KlineBuilder kline : klines) {
            if (kline.trades > 0 && !kline.closedSent && nowMillis > kline.closeTime) {
                kline.closedSent = true;
                if (publishKlines) {
                    listener.onKline(kline.toUpdate(symbolId, symbol, nowMillis, true));
                }
            }
        }
    }

    /** The 24-hour statistics at {@code nowMillis}; projector thread only. */
    TickerUpdate ticker(final long nowMillis) {
        window.evict(nowMillis);
        return window.toUpdate(symbolId, symbol, nowMillis, bids, asks);
    }

    // ------------------------------------------------------------------------------------------------ readers

    /** The best {@code limit} levels of both sides at one update id; safe on any thread. */
    DepthSnapshot snapshot(final int limit) {
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            final long stamp = lock.tryOptimisticRead();
            if (stamp == 0) {
                Thread.onSpinWait();
                continue;
            }
            final long id = lastUpdateId;
            final PriceLevels bidLevels = bids.copyTop(limit);
            final PriceLevels askLevels = asks.copyTop(limit);
            if (bidLevels != null && askLevels != null && lock.validate(stamp)) {
                return new DepthSnapshot(symbolId, symbol, id, bidLevels, askLevels);
            }
        }
        final long stamp = lock.readLock();
        try {
            return new DepthSnapshot(symbolId, symbol, lastUpdateId, bids.copyTop(limit), asks.copyTop(limit));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The book's update id; safe on any thread. */
    long lastUpdateId() {
        final long stamp = lock.tryOptimisticRead();
        final long id = lastUpdateId;
        if (stamp != 0 && lock.validate(stamp)) {
            return id;
        }
        final long read = lock.readLock();
        try {
            return lastUpdateId;
        } finally {
            lock.unlockRead(read);
        }
    }

    // ------------------------------------------------------------------------------------------------ bootstrap

    /** Sets the starting update id and book (projector thread, before any command). */
    void seed(final long updateId, final long[] bidPrices, final long[] bidQuantities, final int bidCount, final long[] askPrices,
        final long[] askQuantities, final int askCount) {
        final long stamp = lock.writeLock();
        try {
            lastUpdateId = updateId;
            for (int i = 0; i < bidCount; i++) {
                bids.add(bidPrices[i], bidQuantities[i]);
            }
            for (int i = 0; i < askCount; i++) {
                asks.add(askPrices[i], askQuantities[i]);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        topBidPrice = bids.bestPrice();
        topBidQuantity = bids.bestQuantity();
        topAskPrice = asks.bestPrice();
        topAskQuantity = asks.bestQuantity();
    }
}
