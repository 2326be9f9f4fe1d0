package io.bourse.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The test oracle for {@link OrderBook}: the contract written out as plainly as possible, with no concern for speed.
 * Each side is one list of orders kept in priority order (best price first, and within a price in arrival order), so
 * the best maker is always the first element; lookups are linear scans. It is deliberately built differently from
 * {@link FastOrderBook} (no levels, no links, no index) so that the two are independent implementations that a
 * differential test can hold against each other.
 *
 * <p>The engine recycles an order as soon as {@link MatchHandler#onMakerFilled} or {@link MatchHandler#onMakerExpired}
 * returns, so this book removes the maker from its list before the call and never reads the object afterwards.
 */
final class ReferenceOrderBook implements OrderBook {
    /** Resting buys: highest price first, then earliest arrival. */
    private final List<Order> bids = new ArrayList<>();
    /** Resting sells: lowest price first, then earliest arrival. */
    private final List<Order> asks = new ArrayList<>();

    private List<Order> sideList(final Side side) {
        return side == Side.BUY ? bids : asks;
    }

    /** Whether {@code price} is strictly better than {@code other} for an order resting on {@code side}. */
    private static boolean strictlyBetter(final Side side, final long price, final long other) {
        return side == Side.BUY ? price > other : price < other;
    }

    /** Whether a taker on {@code takerSide} with this limit may trade at {@code makerPrice}. */
    private static boolean acceptable(final Side takerSide, final long makerPrice, final long limitPrice) {
        return takerSide == Side.BUY ? makerPrice <= limitPrice : makerPrice >= limitPrice;
    }

    @Override
    public void add(final Order order) {
        if (order.side == null || order.remaining <= 0 || order.price <= 0) {
            throw new IllegalStateException("cannot rest " + order);
        }
        if (get(order.orderId) != null) {
            throw new IllegalStateException("order id already rests here: " + order);
        }
        final List<Order> list = sideList(order.side);
        // Behind every order whose price is at least as good: the first order it beats is where it goes.
        int position = 0;
        while (position < list.size() && !strictlyBetter(order.side, order.price, list.get(position).price)) {
            position++;
        }
        list.add(position, order);
    }

    @Override
    public Order remove(final long orderId) {
        for (final List<Order> list : List.of(bids, asks)) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).orderId == orderId) {
                    return list.remove(i);
                }
            }
        }
        return null;
    }

    @Override
    public Order get(final long orderId) {
        for (final List<Order> list : List.of(bids, asks)) {
            for (final Order order : list) {
                if (order.orderId == orderId) {
                    return order;
                }
            }
        }
        return null;
    }

    @Override
    public int match(final Order taker, final long limitPrice, final MatchHandler handler) {
        final List<Order> makers = sideList(taker.side.opposite());
        while (taker.remaining > 0) {
            if (makers.isEmpty()) {
                return MATCH_COMPLETE;
            }
            final Order maker = makers.get(0);
            if (!acceptable(taker.side, maker.price, limitPrice)) {
                return MATCH_COMPLETE;
            }
            if (maker.accountId == taker.accountId && taker.stpMode != StpMode.NONE) {
                switch (taker.stpMode) {
                    case EXPIRE_TAKER -> {
                        return MATCH_TAKER_EXPIRED;
                    }
                    case EXPIRE_MAKER -> {
                        makers.remove(0);
                        handler.onMakerExpired(maker);
                        continue;
                    }
                    case EXPIRE_BOTH -> {
                        makers.remove(0);
                        handler.onMakerExpired(maker);
                        return MATCH_TAKER_EXPIRED;
                    }
                    default -> throw new IllegalStateException("unexpected STP mode " + taker.stpMode);
                }
            }
            final long offered = Math.min(maker.remaining, taker.remaining);
            final long traded = handler.onMatch(taker, maker, maker.price, offered);
            if (traded < 0 || traded > offered) {
                throw new IllegalStateException("handler traded " + traded + " of " + offered + " offered");
            }
            maker.remaining -= traded;
            taker.remaining -= traded;
            if (maker.remaining == 0) {
                makers.remove(0);
                handler.onMakerFilled(maker);
            }
            if (traded < offered) {
                return MATCH_STOPPED;
            }
        }
        return MATCH_COMPLETE;
    }

    @Override
    public long fillableQuantity(final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted) {
        long fillable = 0;
        for (final Order maker : sideList(takerSide.opposite())) {
            if (fillable >= wanted || !acceptable(takerSide, maker.price, limitPrice)) {
                break;
            }
            if (maker.accountId == accountId && stpMode != StpMode.NONE) {
                if (stpMode == StpMode.EXPIRE_MAKER) {
                    continue;
                }
                break;
            }
            fillable += Math.min(maker.remaining, wanted - fillable);
        }
        return fillable;
    }

    @Override
    public long walkCost(final Side takerSide, final long wanted, final long cap) {
        long left = wanted;
        long cost = 0;
        for (final Order maker : sideList(takerSide.opposite())) {
            if (left == 0) {
                break;
            }
            final long quantity = Math.min(maker.remaining, left);
            try {
                cost = Math.addExact(cost, Math.multiplyExact(maker.price, quantity));
            } catch (final ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
            if (cost > cap) {
                return cost;
            }
            left -= quantity;
        }
        return cost;
    }

    @Override
    public long bestPrice(final Side side) {
        final List<Order> list = sideList(side);
        return list.isEmpty() ? NO_PRICE : list.get(0).price;
    }

    @Override
    public int depth(final Side side, final int maxLevels, final long[] prices, final long[] quantities) {
        int written = 0;
        for (final Order order : sideList(side)) {
            if (written > 0 && prices[written - 1] == order.price) {
                quantities[written - 1] += order.remaining;
            } else if (written == maxLevels) {
                break;
            } else {
                prices[written] = order.price;
                quantities[written] = order.remaining;
                written++;
            }
        }
        return written;
    }

    @Override
    public int orderCount() {
        return bids.size() + asks.size();
    }

    @Override
    public void forEachOrder(final Consumer<Order> visitor) {
        for (final Order order : List.copyOf(bids)) {
            visitor.accept(order);
        }
        for (final Order order : List.copyOf(asks)) {
            visitor.accept(order);
        }
    }

    @Override
    public void validate() {
        final Set<Long> ids = new HashSet<>();
        for (final Side side : Side.values()) {
            final List<Order> list = sideList(side);
            for (int i = 0; i < list.size(); i++) {
                final Order order = list.get(i);
                if (order.side != side) {
                    throw new IllegalStateException(order + " rests on the " + side + " side");
                }
                if (order.remaining <= 0) {
                    throw new IllegalStateException("resting order without quantity " + order);
                }
                if (!ids.add(order.orderId)) {
                    throw new IllegalStateException("order id rests twice: " + order);
                }
                if (i > 0 && strictlyBetter(side, order.price, list.get(i - 1).price)) {
                    throw new IllegalStateException(side + " orders out of price order at " + order);
                }
            }
        }
        if (!bids.isEmpty() && !asks.isEmpty() && bids.get(0).price >= asks.get(0).price) {
            throw new IllegalStateException("crossed book: bid " + bids.get(0).price + " >= ask " + asks.get(0).price);
        }
    }
}
