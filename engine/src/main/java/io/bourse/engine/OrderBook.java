package io.bourse.engine;

import java.util.function.Consumer;

/**
 * One symbol's limit order book with price-time priority: the data structure and the matching loop, nothing about
 * money. Two implementations answer to the same contract: {@link FastOrderBook} (the engine's) and a small
 * reference book in the tests, and a differential test holds them to identical behaviour.
 *
 * <p>Prices are ticks, quantities steps. Bids match best (highest) first, asks best (lowest) first, and within a
 * price the earliest order first.
 */
public interface OrderBook {

    /** {@link #match} ended because the taker filled, or the book had nothing more at an acceptable price. */
    int MATCH_COMPLETE = 0;
    /** {@link #match} ended because self-trade prevention expired the taker (EXPIRE_TAKER or EXPIRE_BOTH). */
    int MATCH_TAKER_EXPIRED = 1;
    /** {@link #match} ended because the handler traded less than it was offered (the taker's money ran out). */
    int MATCH_STOPPED = 2;

    /** Returned by {@link #bestPrice} for an empty side. */
    long NO_PRICE = Long.MIN_VALUE;

    /** Rests an order at the back of its price level; {@code price}, {@code side} and {@code remaining} are set. */
    void add(Order order);

    /** Unlinks a resting order by id; returns it, or null if no such order rests here. */
    Order remove(long orderId);

    /** The resting order with this id, or null. */
    Order get(long orderId);

    /**
     * Matches {@code taker} against the opposite side while it has {@code remaining} and the best opposite price is
     * at or better than {@code limitPrice} ({@link Long#MAX_VALUE} for a market buy, 0 for a market sell). When the
     * next maker belongs to the taker's account and the taker's STP mode is not NONE: EXPIRE_TAKER stops with
     * {@link #MATCH_TAKER_EXPIRED}; EXPIRE_MAKER unlinks the maker, calls {@link MatchHandler#onMakerExpired} and goes
     * on; EXPIRE_BOTH does both. Otherwise it offers {@code min(maker.remaining, taker.remaining)} to
     * {@link MatchHandler#onMatch}, reduces both orders by what was traded, unlinks a filled maker and calls
     * {@link MatchHandler#onMakerFilled}, and stops with {@link #MATCH_STOPPED} if the handler traded less than offered.
     */
    int match(Order taker, long limitPrice, MatchHandler handler);

    /**
     * How much of {@code wanted} a taker on {@code takerSide} could fill at {@code limitPrice} or better, under the
     * same self-trade prevention rules as {@link #match} (own makers count for NONE, are skipped for EXPIRE_MAKER, and
     * end the walk for EXPIRE_TAKER and EXPIRE_BOTH). Changes nothing. Used for FOK.
     */
    long fillableQuantity(Side takerSide, long limitPrice, long accountId, StpMode stpMode, long wanted);

    /**
     * The sum of {@code price * quantity} (ticks times steps) a taker on {@code takerSide} would trade to fill
     * {@code wanted} steps at any price, walking the book best first with every order counted; stops early and
     * returns a value above {@code cap} once the sum passes {@code cap}. Changes nothing. Used to size a market
     * order's hold.
     */
    long walkCost(Side takerSide, long wanted, long cap);

    /** The best price on a side, in ticks, or {@link #NO_PRICE}. */
    long bestPrice(Side side);

    /**
     * Fills {@code prices} and {@code quantities} with up to {@code maxLevels} aggregated levels of a side, best
     * first; returns how many were written.
     */
    int depth(Side side, int maxLevels, long[] prices, long[] quantities);

    /** Number of resting orders. */
    int orderCount();

    /** Calls {@code visitor} for every resting order: bids best to worst, then asks best to worst, each level in time order. */
    void forEachOrder(Consumer<Order> visitor);

    /** Checks the book's internal consistency; throws {@link IllegalStateException} naming the first problem. */
    void validate();
}
