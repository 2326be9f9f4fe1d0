package io.bourse.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.TreeMap;

import org.agrona.collections.Long2ObjectHashMap;

/** One market's working state: its book, conditional orders, id counters, last price and average-price window. */
final class SymbolState {
    final SymbolSpec spec;
    final OrderBook book;
    final int baseAssetId;
    final int quoteAssetId;
    final long tickSize;
    final long stepSize;
    /** Quote minor units per (one tick times one step): notional = priceTicks * quantitySteps * unitNotional. */
    final long unitNotional;
    /** 10^(base asset scale): notional in quote minor units = price * quantity / baseUnit, on raw units. */
    final long baseUnit;
    SymbolStatus status = SymbolStatus.TRADING;
    long nextOrderId = 1;
    long nextTradeId = 1;
    /** Last trade price in ticks; 0 before the first trade. */
    long lastPrice;
    /** Conditional orders that trigger when the last price rises to their stop (buy stop-loss, sell take-profit). */
    final TreeMap<Long, ArrayDeque<Order>> triggerAtOrAbove = new TreeMap<>();
    /** Conditional orders that trigger when the last price falls to their stop (sell stop-loss, buy take-profit). */
    final TreeMap<Long, ArrayDeque<Order>> triggerAtOrBelow = new TreeMap<>();
    final Long2ObjectHashMap<Order> conditional = new Long2ObjectHashMap<>();
    final HashMap<ClientKey, Order> byClientOrderId = new HashMap<>();
    final AveragePriceWindow averagePrice = new AveragePriceWindow();

    /** Client order ids are unique among one account's open orders on one symbol. */
    record ClientKey(long accountId, String clientOrderId) {
    }

    SymbolState(final SymbolSpec spec, final OrderBook book, final long unitNotional, final long baseUnit) {
        this.spec = spec;
        this.book = book;
        this.baseAssetId = spec.baseAssetId();
        this.quoteAssetId = spec.quoteAssetId();
        this.tickSize = spec.tickSize();
        this.stepSize = spec.stepSize();
        this.unitNotional = unitNotional;
        this.baseUnit = baseUnit;
    }

    /** Whether a conditional order of this side and type waits for the price to rise to its stop. */
    static boolean triggersRising(final Side side, final OrderType type) {
        final boolean stopLoss = type == OrderType.STOP_LOSS || type == OrderType.STOP_LOSS_LIMIT;
        return stopLoss == (side == Side.BUY);
    }

    void addConditional(final Order order) {
        final TreeMap<Long, ArrayDeque<Order>> tree = triggersRising(order.side, order.type) ? triggerAtOrAbove : triggerAtOrBelow;
        tree.computeIfAbsent(order.stopPrice, k -> new ArrayDeque<>()).addLast(order);
        conditional.put(order.orderId, order);
    }

    void removeConditional(final Order order) {
        final TreeMap<Long, ArrayDeque<Order>> tree = triggersRising(order.side, order.type) ? triggerAtOrAbove : triggerAtOrBelow;
        final ArrayDeque<Order> queue = tree.get(order.stopPrice);
        queue.remove(order);
        if (queue.isEmpty()) {
            tree.remove(order.stopPrice);
        }
        conditional.remove(order.orderId);
    }
}
