package io.bourse.engine;

import java.util.function.Consumer;

/** STUB. */
public final class FastOrderBook implements OrderBook {
    public void add(final Order order) {
    }
    public Order remove(final long orderId) {
        return null;
    }
    public Order get(final long orderId) {
        return null;
    }
    public int match(final Order taker, final long limitPrice, final MatchHandler handler) {
        return 0;
    }
    public long fillableQuantity(final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted) {
        return 0;
    }
    public long walkCost(final Side takerSide, final long wanted, final long cap) {
        return 0;
    }
    public long bestPrice(final Side side) {
        return NO_PRICE;
    }
    public int depth(final Side side, final int maxLevels, final long[] prices, final long[] quantities) {
        return 0;
    }
    public int orderCount() {
        return 0;
    }
    public void forEachOrder(final Consumer<Order> visitor) {
    }
    public void validate() {
    }
}
