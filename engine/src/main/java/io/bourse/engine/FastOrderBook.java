package io.bourse.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The engine's order book. Each side keeps its price levels in a sorted array with the best level at the end, so the
 * levels that change most (at and near the touch) are appended and removed without shifting; a level holds its
 * orders as an intrusive doubly-linked FIFO, so a cancel is O(1) once the order is found through the id map. Levels
 * are pooled; nothing is allocated per command once the arrays and the map have grown.
 */
public final class FastOrderBook implements OrderBook {
    private static final int INITIAL_LEVELS = 64;
    /** Empty levels kept for reuse; beyond this they are left to the garbage collector. */
    private static final int LEVEL_POOL_MAX = 4096;
    /** Levels scanned linearly from the touch before a binary search. */
    private static final int NEAR_TOUCH_LEVELS = 8;

    private final Long2ObjectHashMap<Order> ordersById = new Long2ObjectHashMap<>();
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    private final ArrayDeque<Level> levelPool = new ArrayDeque<>();

    /** One price with its FIFO of orders. */
    static final class Level {
        long price;
        long totalQuantity;
        int count;
        Order head;
        Order tail;
    }

    /**
     * One side's levels, sorted by key ascending, where the key is the price for bids and the negated price for asks,
     * so that the best level of either side is the last one.
     */
    static final class BookSide {
        final Side side;
        long[] keys = new long[INITIAL_LEVELS];
        Level[] levels = new Level[INITIAL_LEVELS];
        int size;

        BookSide(final Side side) {
            this.side = side;
        }

        long key(final long price) {
            return side == Side.BUY ? price : -price;
        }

        Level best() {
            return size == 0 ? null : levels[size - 1];
        }

        /**
         * Index of the key, or -(insertion point) - 1. Most lookups land a few levels from the touch (the end of the
         * array), so a short scan from there comes before the binary search.
         */
        int find(final long key) {
            int high = size - 1;
            final int scanEnd = Math.max(0, size - NEAR_TOUCH_LEVELS);
            for (; high >= scanEnd; high--) {
                final long candidate = keys[high];
                if (candidate == key) {
                    return high;
                }
                if (candidate < key) {
                    return -(high + 2);
                }
            }
            int low = 0;
            while (low <= high) {
                final int mid = (low + high) >>> 1;
                final long midKey = keys[mid];
                if (midKey < key) {
                    low = mid + 1;
                } else if (midKey > key) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        void insertAt(final int index, final long key, final Level level) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                levels = Arrays.copyOf(levels, size * 2);
            }
            final int tail = size - index;
            if (tail > 0) {
                System.arraycopy(keys, index, keys, index + 1, tail);
                System.arraycopy(levels, index, levels, index + 1, tail);
            }
            keys[index] = key;
            levels[index] = level;
            size++;
        }

        void removeAt(final int index) {
            final int tail = size - index - 1;
            if (tail > 0) {
                System.arraycopy(keys, index + 1, keys, index, tail);
                System.arraycopy(levels, index + 1, levels, index, tail);
            }
            size--;
            levels[size] = null;
        }
    }

    @Override
    public void add(final Order order) {
        final BookSide bookSide = order.side == Side.BUY ? bids : asks;
        final long key = bookSide.key(order.price);
        final int index = bookSide.find(key);
        final Level level;
        if (index >= 0) {
            level = bookSide.levels[index];
        } else {
            level = newLevel(order.price);
            bookSide.insertAt(-index - 1, key, level);
        }
        order.level = level;
        order.next = null;
        order.prev = level.tail;
        if (level.tail == null) {
            level.head = order;
        } else {
            level.tail.next = order;
        }
        level.tail = order;
        level.count++;
        level.totalQuantity += order.remaining;
        ordersById.put(order.orderId, order);
    }

    @Override
    public Order remove(final long orderId) {
        final Order order = ordersById.remove(orderId);
        if (order == null) {
            return null;
        }
        final Level level = (Level)order.level;
        unlink(order, level);
        if (level.count == 0) {
            removeLevel(order.side == Side.BUY ? bids : asks, level);
        }
        return order;
    }

    @Override
    public Order get(final long orderId) {
        return ordersById.get(orderId);
    }

    @Override
    public int match(final Order taker, final long limitPrice, final MatchHandler handler) {
        final boolean buy = taker.side == Side.BUY;
        final BookSide opposite = buy ? asks : bids;
        final boolean stp = taker.stpMode != StpMode.NONE;
        while (taker.remaining > 0) {
            final Level level = opposite.best();
            if (level == null || (buy ? level.price > limitPrice : level.price < limitPrice)) {
                return MATCH_COMPLETE;
            }
            Order maker = level.head;
            while (maker != null && taker.remaining > 0) {
                final Order nextMaker = maker.next;
                if (stp && maker.accountId == taker.accountId) {
                    final StpMode mode = taker.stpMode;
                    if (mode == StpMode.EXPIRE_TAKER) {
                        return MATCH_TAKER_EXPIRED;
                    }
                    expire(maker, level, handler);
                    if (mode == StpMode.EXPIRE_BOTH) {
                        dropIfEmpty(opposite, level);
                        return MATCH_TAKER_EXPIRED;
                    }
                    maker = nextMaker;
                    continue;
                }
                final long offered = Math.min(maker.remaining, taker.remaining);
                final long traded = handler.onMatch(taker, maker, level.price, offered);
                maker.remaining -= traded;
                taker.remaining -= traded;
                level.totalQuantity -= traded;
                if (maker.remaining == 0) {
                    ordersById.remove(maker.orderId);
                    unlink(maker, level);
                    handler.onMakerFilled(maker);
                }
                if (traded < offered) {
                    dropIfEmpty(opposite, level);
                    return MATCH_STOPPED;
                }
                maker = nextMaker;
            }
            dropIfEmpty(opposite, level);
        }
        return MATCH_COMPLETE;
    }

    @Override
    public long fillableQuantity(final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted) {
        final boolean buy = takerSide == Side.BUY;
        final BookSide opposite = buy ? asks : bids;
        long found = 0;
        for (int i = opposite.size - 1; i >= 0 && found < wanted; i--) {
            final Level level = opposite.levels[i];
            if (buy ? level.price > limitPrice : level.price < limitPrice) {
                break;
            }
            for (Order maker = level.head; maker != null && found < wanted; maker = maker.next) {
                if (stpMode != StpMode.NONE && maker.accountId == accountId) {
                    if (stpMode == StpMode.EXPIRE_MAKER) {
                        continue;
                    }
                    return found;
                }
                found += Math.min(maker.remaining, wanted - found);
            }
        }
        return found;
    }

    @Override
    public long walkCost(final Side takerSide, final long wanted, final long cap) {
        final BookSide opposite = takerSide == Side.BUY ? asks : bids;
        long left = wanted;
        long cost = 0;
        for (int i = opposite.size - 1; i >= 0 && left > 0; i--) {
            final Level level = opposite.levels[i];
            final long quantity = Math.min(level.totalQuantity, left);
            final long high = Math.multiplyHigh(level.price, quantity);
            final long product = level.price * quantity;
            if (high != 0 || product < 0 || product > cap - cost) {
                return cap == Long.MAX_VALUE ? Long.MAX_VALUE : cap + 1;
            }
            cost += product;
            left -= quantity;
        }
        return cost;
    }

    @Override
    public long bestPrice(final Side side) {
        final Level level = (side == Side.BUY ? bids : asks).best();
        return level == null ? NO_PRICE : level.price;
    }

    @Override
    public int depth(final Side side, final int maxLevels, final long[] prices, final long[] quantities) {
        final BookSide bookSide = side == Side.BUY ? bids : asks;
        int written = 0;
        for (int i = bookSide.size - 1; i >= 0 && written < maxLevels; i--) {
            prices[written] = bookSide.levels[i].price;
            quantities[written] = bookSide.levels[i].totalQuantity;
            written++;
        }
        return written;
    }

    @Override
    public int orderCount() {
        return ordersById.size();
    }

    @Override
    public void forEachOrder(final Consumer<Order> visitor) {
        visitSide(bids, visitor);
        visitSide(asks, visitor);
    }

    @Override
    public void validate() {
        int total = 0;
        total += validateSide(bids);
        total += validateSide(asks);
        if (total != ordersById.size()) {
            throw new IllegalStateException("book holds " + total + " linked orders but indexes " + ordersById.size());
        }
        final Level bestBid = bids.best();
        final Level bestAsk = asks.best();
        if (bestBid != null && bestAsk != null && bestBid.price >= bestAsk.price) {
            throw new IllegalStateException("crossed book: bid " + bestBid.price + " >= ask " + bestAsk.price);
        }
    }

    private int validateSide(final BookSide bookSide) {
        int total = 0;
        for (int i = 0; i < bookSide.size; i++) {
            final Level level = bookSide.levels[i];
            if (i > 0 && bookSide.keys[i - 1] >= bookSide.keys[i]) {
                throw new IllegalStateException(bookSide.side + " levels out of order at index " + i);
            }
            if (bookSide.keys[i] != bookSide.key(level.price)) {
                throw new IllegalStateException(bookSide.side + " level key does not match price " + level.price);
            }
            int count = 0;
            long quantity = 0;
            Order previous = null;
            for (Order order = level.head; order != null; order = order.next) {
                if (order.prev != previous || order.level != level || order.side != bookSide.side || order.price != level.price) {
                    throw new IllegalStateException("broken link or misplaced order " + order);
                }
                if (order.remaining <= 0) {
                    throw new IllegalStateException("resting order without quantity " + order);
                }
                if (ordersById.get(order.orderId) != order) {
                    throw new IllegalStateException("order not indexed " + order);
                }
                count++;
                quantity += order.remaining;
                previous = order;
            }
            if (previous != level.tail || count != level.count || quantity != level.totalQuantity || count == 0) {
                throw new IllegalStateException("level " + level.price + " totals disagree with its orders");
            }
            total += count;
        }
        return total;
    }

    private static void visitSide(final BookSide bookSide, final Consumer<Order> visitor) {
        for (int i = bookSide.size - 1; i >= 0; i--) {
            for (Order order = bookSide.levels[i].head; order != null; order = order.next) {
                visitor.accept(order);
            }
        }
    }

    private void expire(final Order maker, final Level level, final MatchHandler handler) {
        ordersById.remove(maker.orderId);
        unlink(maker, level);
        handler.onMakerExpired(maker);
    }

    private static void unlink(final Order order, final Level level) {
        final Order prev = order.prev;
        final Order next = order.next;
        if (prev == null) {
            level.head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            level.tail = prev;
        } else {
            next.prev = prev;
        }
        if (order.remaining > 0) {
            level.totalQuantity -= order.remaining;
        }
        level.count--;
        order.prev = null;
        order.next = null;
        order.level = null;
    }

    private void dropIfEmpty(final BookSide bookSide, final Level level) {
        if (level.count == 0) {
            removeLevel(bookSide, level);
        }
    }

    private void removeLevel(final BookSide bookSide, final Level level) {
        final int last = bookSide.size - 1;
        if (last >= 0 && bookSide.levels[last] == level) {
            bookSide.size = last;
            bookSide.levels[last] = null;
        } else {
            final int index = bookSide.find(bookSide.key(level.price));
            bookSide.removeAt(index);
        }
        level.head = null;
        level.tail = null;
        level.totalQuantity = 0;
        level.count = 0;
        if (levelPool.size() < LEVEL_POOL_MAX) {
            levelPool.push(level);
        }
    }

    private Level newLevel(final long price) {
        final Level pooled = levelPool.poll();
        final Level level = pooled == null ? new Level() : pooled;
        level.price = price;
        return level;
    }
}
