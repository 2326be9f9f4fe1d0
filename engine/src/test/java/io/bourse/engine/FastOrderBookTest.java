package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Hand-written cases for {@link FastOrderBook}: each runs the same operations on a fast book and on a
 * {@link ReferenceOrderBook}, asserts the expected outcome explicitly and requires both books to agree on every
 * handler call, result and resulting state. A last case drives both books with random operations.
 */
class FastOrderBookTest {
    private static final long TAKER = 99;
    private static final long NO_LIMIT_BUY = Long.MAX_VALUE;
    private static final long NO_LIMIT_SELL = 0;

    /** Records every handler call; trades what it is told (everything by default); clears makers as the engine recycles them. */
    private static final class Recorder implements MatchHandler {
        final List<String> calls = new ArrayList<>();
        final ArrayDeque<Long> allowances = new ArrayDeque<>();
        SplittableRandom random;

        @Override
        public long onMatch(final Order taker, final Order maker, final long price, final long quantity) {
            long traded = quantity;
            if (!allowances.isEmpty()) {
                traded = Math.min(quantity, allowances.poll());
            } else if (random != null && random.nextInt(8) == 0) {
                traded = random.nextLong(quantity + 1);
            }
            calls.add("match " + taker.orderId + "x" + maker.orderId + " " + quantity + "@" + price + " traded " + traded
                + " (maker had " + maker.remaining + ", taker had " + taker.remaining + ")");
            return traded;
        }

        @Override
        public void onMakerFilled(final Order maker) {
            calls.add("filled " + maker.orderId + " remaining " + maker.remaining);
            maker.clear();
        }

        @Override
        public void onMakerExpired(final Order maker) {
            calls.add("expired " + maker.orderId + " remaining " + maker.remaining);
            maker.clear();
        }
    }

    /** A fast and a reference book given the same operations, each with its own copies of the orders. */
    private static final class Pair {
        final FastOrderBook fast = new FastOrderBook();
        final ReferenceOrderBook reference = new ReferenceOrderBook();
        final Recorder fastCalls = new Recorder();
        final Recorder referenceCalls = new Recorder();

        Pair rest(final long id, final long account, final Side side, final long price, final long quantity) {
            fast.add(Order.limit(id, account, side, price, quantity));
            reference.add(Order.limit(id, account, side, price, quantity));
            assertSame();
            return this;
        }

        Pair ask(final long id, final long account, final long price, final long quantity) {
            return rest(id, account, Side.SELL, price, quantity);
        }

        Pair bid(final long id, final long account, final long price, final long quantity) {
            return rest(id, account, Side.BUY, price, quantity);
        }

        /** Matches a taker on both books; returns the result, and the taker's remaining quantity through {@code left}. */
        int match(final long id, final long account, final Side side, final long limit, final long quantity, final StpMode stp,
            final long[] left) {
            final Order fastTaker = Order.limit(id, account, side, Math.max(1, limit), quantity);
            fastTaker.stpMode = stp;
            final Order referenceTaker = Order.limit(id, account, side, Math.max(1, limit), quantity);
            referenceTaker.stpMode = stp;
            referenceCalls.allowances.clear();
            referenceCalls.allowances.addAll(fastCalls.allowances);
            final int fastResult = fast.match(fastTaker, limit, fastCalls);
            final int referenceResult = reference.match(referenceTaker, limit, referenceCalls);
            assertThat(fastCalls.calls).as("handler calls").isEqualTo(referenceCalls.calls);
            assertThat(fastResult).as("match result").isEqualTo(referenceResult);
            assertThat(fastTaker.remaining).as("taker remaining").isEqualTo(referenceTaker.remaining);
            assertSame();
            if (left != null) {
                left[0] = fastTaker.remaining;
            }
            return fastResult;
        }

        int match(final long id, final long account, final Side side, final long limit, final long quantity, final StpMode stp) {
            return match(id, account, side, limit, quantity, stp, null);
        }

        List<String> calls() {
            return fastCalls.calls;
        }

        Order remove(final long id) {
            final Order fastRemoved = fast.remove(id);
            final Order referenceRemoved = reference.remove(id);
            assertThat(describe(fastRemoved)).as("removed").isEqualTo(describe(referenceRemoved));
            assertSame();
            return fastRemoved;
        }

        long fillable(final Side side, final long limit, final long account, final StpMode stp, final long wanted) {
            final String before = state(fast);
            final long fastValue = fast.fillableQuantity(side, limit, account, stp, wanted);
            final long referenceValue = reference.fillableQuantity(side, limit, account, stp, wanted);
            assertThat(fastValue).as("fillable quantity").isEqualTo(referenceValue);
            assertThat(state(fast)).as("fillableQuantity changes nothing").isEqualTo(before);
            assertSame();
            return fastValue;
        }

        /** walkCost of both; they must agree exactly up to the cap and both be above it past the cap. */
        long walk(final Side side, final long wanted, final long cap) {
            final long fastValue = fast.walkCost(side, wanted, cap);
            final long referenceValue = reference.walkCost(side, wanted, cap);
            if (fastValue <= cap || referenceValue <= cap) {
                assertThat(fastValue).as("walk cost of %d with cap %d", wanted, cap).isEqualTo(referenceValue);
            } else if (cap == Long.MAX_VALUE) {
                assertThat(fastValue).isEqualTo(referenceValue).isEqualTo(Long.MAX_VALUE);
            }
            assertSame();
            return fastValue;
        }

        void assertSame() {
            assertThat(state(fast)).as("book state").isEqualTo(state(reference));
            fast.validate();
            reference.validate();
        }
    }

    private static String describe(final Order order) {
        return order == null ? "null" : order.orderId + " " + order.side + " " + order.remaining + "@" + order.price;
    }

    /** Everything observable about a book: orders in visiting order, best prices, depth, count. */
    static String state(final OrderBook book) {
        final StringBuilder text = new StringBuilder();
        book.forEachOrder(order -> text.append(order.orderId).append(order.side == Side.BUY ? "b" : "s").append(order.remaining)
            .append('@').append(order.price).append('/').append(order.accountId).append(' '));
        text.append("| best ").append(book.bestPrice(Side.BUY)).append(' ').append(book.bestPrice(Side.SELL));
        final long[] prices = new long[1000];
        final long[] quantities = new long[1000];
        for (final Side side : Side.values()) {
            final int levels = book.depth(side, prices.length, prices, quantities);
            text.append(" | ").append(side);
            for (int i = 0; i < levels; i++) {
                text.append(' ').append(quantities[i]).append('@').append(prices[i]);
            }
        }
        text.append(" | n=").append(book.orderCount());
        return text.toString();
    }

    private static List<Long> ids(final OrderBook book) {
        final List<Long> ids = new ArrayList<>();
        book.forEachOrder(order -> ids.add(order.orderId));
        return ids;
    }

    @Test
    void buyTakerTakesBestPriceFirstThenEarliestOrder() {
        final Pair books = new Pair().ask(1, 10, 101, 5).ask(2, 11, 100, 3).ask(3, 12, 100, 4).ask(4, 13, 102, 1);
        assertThat(ids(books.fast)).containsExactly(2L, 3L, 1L, 4L);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 10, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(books.calls()).containsExactly(
            "match 100x2 3@100 traded 3 (maker had 3, taker had 10)",
            "filled 2 remaining 0",
            "match 100x3 4@100 traded 4 (maker had 4, taker had 7)",
            "filled 3 remaining 0",
            "match 100x1 3@101 traded 3 (maker had 5, taker had 3)");
        assertThat(left[0]).isZero();
        assertThat(state(books.fast)).startsWith("1s2@101/10 4s1@102/13 | best " + OrderBook.NO_PRICE + " 101");
    }

    @Test
    void sellTakerTakesHighestBidFirstAndStopsAtItsLimit() {
        final Pair books = new Pair().bid(1, 10, 99, 2).bid(2, 11, 100, 2).bid(3, 12, 98, 2).bid(5, 14, 100, 1);
        assertThat(ids(books.fast)).containsExactly(2L, 5L, 1L, 3L);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.SELL, 99, 10, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(books.calls()).containsExactly(
            "match 100x2 2@100 traded 2 (maker had 2, taker had 10)",
            "filled 2 remaining 0",
            "match 100x5 1@100 traded 1 (maker had 1, taker had 8)",
            "filled 5 remaining 0",
            "match 100x1 2@99 traded 2 (maker had 2, taker had 7)",
            "filled 1 remaining 0");
        assertThat(left[0]).isEqualTo(5);
        assertThat(ids(books.fast)).containsExactly(3L);
        assertThat(books.fast.bestPrice(Side.BUY)).isEqualTo(98);
    }

    @Test
    void marketTakersWalkEveryLevel() {
        final Pair books = new Pair().ask(1, 10, 100, 1).ask(2, 10, 1_000_000, 1).bid(3, 10, 50, 1).bid(4, 10, 1, 1);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, NO_LIMIT_BUY, 5, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(left[0]).isEqualTo(3);
        assertThat(books.match(101, TAKER, Side.SELL, NO_LIMIT_SELL, 5, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(left[0]).isEqualTo(3);
        assertThat(books.fast.orderCount()).isZero();
        assertThat(books.fast.bestPrice(Side.BUY)).isEqualTo(OrderBook.NO_PRICE);
        assertThat(books.fast.bestPrice(Side.SELL)).isEqualTo(OrderBook.NO_PRICE);
    }

    @Test
    void partialFillKeepsTheMakerAtTheFrontOfItsLevel() {
        final Pair books = new Pair().ask(1, 10, 100, 10).ask(2, 11, 100, 5);
        books.match(100, TAKER, Side.BUY, 100, 4, StpMode.NONE);
        assertThat(state(books.fast)).startsWith("1s6@100/10 2s5@100/11 |").contains("SELL 11@100 |");
        books.match(101, TAKER, Side.BUY, 100, 7, StpMode.NONE);
        assertThat(state(books.fast)).startsWith("2s4@100/11 |").contains("SELL 4@100 |");
    }

    @Test
    void emptiedLevelIsRemovedAndTheNextBecomesBest() {
        final Pair books = new Pair().ask(1, 10, 100, 2).ask(2, 10, 101, 3).ask(3, 10, 103, 3);
        books.match(100, TAKER, Side.BUY, 100, 5, StpMode.NONE);
        assertThat(books.fast.bestPrice(Side.SELL)).isEqualTo(101);
        final long[] prices = new long[4];
        final long[] quantities = new long[4];
        assertThat(books.fast.depth(Side.SELL, 4, prices, quantities)).isEqualTo(2);
        assertThat(prices).startsWith(101, 103);
        assertThat(quantities).startsWith(3, 3);
        assertThat(books.fast.depth(Side.SELL, 1, prices, quantities)).isEqualTo(1);
        books.remove(2);
        assertThat(books.fast.bestPrice(Side.SELL)).isEqualTo(103);
        books.remove(3);
        assertThat(books.fast.bestPrice(Side.SELL)).isEqualTo(OrderBook.NO_PRICE);
        assertThat(books.fast.depth(Side.SELL, 4, prices, quantities)).isZero();
        // Levels come back at the same prices, in a fresh time order.
        books.ask(4, 11, 101, 1).ask(5, 12, 100, 1).ask(6, 13, 101, 1);
        assertThat(ids(books.fast)).containsExactly(5L, 4L, 6L);
    }

    @Test
    void cancelInTheMiddleOfALevelKeepsTheOthersInTimeOrder() {
        final Pair books = new Pair().bid(1, 10, 100, 1).bid(2, 11, 100, 2).bid(3, 12, 100, 3).bid(4, 13, 99, 4);
        assertThat(books.remove(2)).isNotNull().extracting(Order::orderId).isEqualTo(2L);
        assertThat(books.fast.get(2)).isNull();
        assertThat(books.remove(2)).isNull();
        assertThat(books.remove(77)).isNull();
        assertThat(ids(books.fast)).containsExactly(1L, 3L, 4L);
        assertThat(state(books.fast)).contains("BUY 4@100 4@99 |");
        books.bid(5, 14, 100, 5);
        assertThat(ids(books.fast)).containsExactly(1L, 3L, 5L, 4L);
        books.match(100, TAKER, Side.SELL, 100, 100, StpMode.NONE);
        assertThat(books.calls()).containsExactly(
            "match 100x1 1@100 traded 1 (maker had 1, taker had 100)",
            "filled 1 remaining 0",
            "match 100x3 3@100 traded 3 (maker had 3, taker had 99)",
            "filled 3 remaining 0",
            "match 100x5 5@100 traded 5 (maker had 5, taker had 96)",
            "filled 5 remaining 0");
        // Removing the head and the tail of a level.
        books.bid(6, 10, 99, 1).bid(7, 10, 99, 1);
        books.remove(4);
        books.remove(7);
        assertThat(ids(books.fast)).containsExactly(6L);
        assertThat(books.fast.get(6)).isNotNull();
    }

    /** Asks: 1 at 100 of another account, 2 at 100 of the taker's account, 3 at 101 of another account. */
    private static Pair ownOrderInTheMiddle() {
        return new Pair().ask(1, 10, 100, 2).ask(2, TAKER, 100, 2).ask(3, 11, 101, 2);
    }

    @Test
    void stpNoneTradesWithTheTakersOwnOrders() {
        final Pair books = ownOrderInTheMiddle();
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 5, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(books.calls()).containsExactly(
            "match 100x1 2@100 traded 2 (maker had 2, taker had 5)", "filled 1 remaining 0",
            "match 100x2 2@100 traded 2 (maker had 2, taker had 3)", "filled 2 remaining 0",
            "match 100x3 1@101 traded 1 (maker had 2, taker had 1)");
        assertThat(left[0]).isZero();
    }

    @Test
    void stpExpireTakerStopsBeforeTheOwnOrder() {
        final Pair books = ownOrderInTheMiddle();
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 5, StpMode.EXPIRE_TAKER, left)).isEqualTo(OrderBook.MATCH_TAKER_EXPIRED);
        assertThat(books.calls()).containsExactly("match 100x1 2@100 traded 2 (maker had 2, taker had 5)", "filled 1 remaining 0");
        assertThat(left[0]).isEqualTo(3);
        assertThat(ids(books.fast)).containsExactly(2L, 3L);
    }

    @Test
    void stpExpireMakerExpiresTheOwnOrderAndGoesOn() {
        final Pair books = ownOrderInTheMiddle();
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 5, StpMode.EXPIRE_MAKER, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(books.calls()).containsExactly(
            "match 100x1 2@100 traded 2 (maker had 2, taker had 5)", "filled 1 remaining 0",
            "expired 2 remaining 2",
            "match 100x3 2@101 traded 2 (maker had 2, taker had 3)", "filled 3 remaining 0");
        assertThat(left[0]).isEqualTo(1);
        assertThat(books.fast.orderCount()).isZero();
    }

    @Test
    void stpExpireBothExpiresTheOwnOrderAndStops() {
        final Pair books = ownOrderInTheMiddle();
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 5, StpMode.EXPIRE_BOTH, left)).isEqualTo(OrderBook.MATCH_TAKER_EXPIRED);
        assertThat(books.calls()).containsExactly(
            "match 100x1 2@100 traded 2 (maker had 2, taker had 5)", "filled 1 remaining 0", "expired 2 remaining 2");
        assertThat(left[0]).isEqualTo(3);
        assertThat(ids(books.fast)).containsExactly(3L);
        assertThat(books.fast.bestPrice(Side.SELL)).isEqualTo(101);
    }

    @Test
    void stpExpireMakerCanEmptySeveralLevelsOfOwnOrders() {
        final Pair books = new Pair().bid(1, TAKER, 100, 1).bid(2, TAKER, 100, 1).bid(3, TAKER, 99, 1).bid(4, 10, 98, 1);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.SELL, 98, 1, StpMode.EXPIRE_MAKER, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(books.calls()).containsExactly("expired 1 remaining 1", "expired 2 remaining 1", "expired 3 remaining 1",
            "match 100x4 1@98 traded 1 (maker had 1, taker had 1)", "filled 4 remaining 0");
        assertThat(left[0]).isZero();
        assertThat(books.fast.orderCount()).isZero();
    }

    @Test
    void ownOrderBeyondTheLimitIsNotTouched() {
        final Pair books = new Pair().ask(1, 10, 100, 1).ask(2, TAKER, 101, 1);
        assertThat(books.match(100, TAKER, Side.BUY, 100, 5, StpMode.EXPIRE_BOTH)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(ids(books.fast)).containsExactly(2L);
    }

    @Test
    void handlerTradingLessThanOfferedStopsTheMatch() {
        final Pair books = new Pair().ask(1, 10, 100, 10).ask(2, 11, 100, 10);
        books.fastCalls.allowances.add(4L);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 100, 10, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_STOPPED);
        assertThat(books.calls()).containsExactly("match 100x1 10@100 traded 4 (maker had 10, taker had 10)");
        assertThat(left[0]).isEqualTo(6);
        assertThat(state(books.fast)).startsWith("1s6@100/10 2s10@100/11 |");

        // Nothing traded at all.
        books.fastCalls.allowances.add(0L);
        assertThat(books.match(101, TAKER, Side.BUY, 100, 3, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_STOPPED);
        assertThat(left[0]).isEqualTo(3);
        assertThat(state(books.fast)).startsWith("1s6@100/10 2s10@100/11 |");

        // The first maker fills, the second trades short.
        books.fastCalls.allowances.add(6L);
        books.fastCalls.allowances.add(1L);
        assertThat(books.match(102, TAKER, Side.BUY, 100, 20, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_STOPPED);
        assertThat(left[0]).isEqualTo(13);
        assertThat(state(books.fast)).startsWith("2s9@100/11 |");
    }

    @Test
    void takerWithoutQuantityLimitTakesWholeMakers() {
        final Pair books = new Pair().ask(1, 10, 100, 7).ask(2, 11, 105, 3);
        books.fastCalls.allowances.add(7L);
        books.fastCalls.allowances.add(2L);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, NO_LIMIT_BUY, Long.MAX_VALUE, StpMode.NONE, left)).isEqualTo(OrderBook.MATCH_STOPPED);
        assertThat(books.calls()).containsExactly(
            "match 100x1 7@100 traded 7 (maker had 7, taker had " + Long.MAX_VALUE + ")", "filled 1 remaining 0",
            "match 100x2 3@105 traded 2 (maker had 3, taker had " + (Long.MAX_VALUE - 7) + ")");
        assertThat(left[0]).isEqualTo(Long.MAX_VALUE - 9);
    }

    @Test
    void fillableQuantityFollowsLimitWantedAndStp() {
        final Pair books = new Pair().ask(1, 10, 100, 3).ask(2, TAKER, 101, 4).ask(3, 11, 102, 5)
            .bid(4, 10, 90, 3).bid(5, TAKER, 89, 4).bid(6, 11, 88, 5);
        assertThat(books.fillable(Side.BUY, 102, TAKER, StpMode.NONE, 100)).isEqualTo(12);
        assertThat(books.fillable(Side.BUY, 102, TAKER, StpMode.NONE, 5)).isEqualTo(5);
        assertThat(books.fillable(Side.BUY, 101, TAKER, StpMode.NONE, 100)).isEqualTo(7);
        assertThat(books.fillable(Side.BUY, 99, TAKER, StpMode.NONE, 100)).isZero();
        assertThat(books.fillable(Side.BUY, NO_LIMIT_BUY, TAKER, StpMode.EXPIRE_MAKER, 100)).isEqualTo(8);
        assertThat(books.fillable(Side.BUY, NO_LIMIT_BUY, TAKER, StpMode.EXPIRE_TAKER, 100)).isEqualTo(3);
        assertThat(books.fillable(Side.BUY, NO_LIMIT_BUY, TAKER, StpMode.EXPIRE_BOTH, 100)).isEqualTo(3);
        assertThat(books.fillable(Side.BUY, NO_LIMIT_BUY, 12, StpMode.EXPIRE_BOTH, 100)).isEqualTo(12);
        assertThat(books.fillable(Side.BUY, NO_LIMIT_BUY, TAKER, StpMode.EXPIRE_TAKER, 2)).isEqualTo(2);
        assertThat(books.fillable(Side.SELL, 89, TAKER, StpMode.NONE, 100)).isEqualTo(7);
        assertThat(books.fillable(Side.SELL, NO_LIMIT_SELL, TAKER, StpMode.EXPIRE_MAKER, 100)).isEqualTo(8);
        assertThat(books.fillable(Side.SELL, NO_LIMIT_SELL, TAKER, StpMode.EXPIRE_TAKER, 100)).isEqualTo(3);
        assertThat(books.fillable(Side.SELL, 91, TAKER, StpMode.NONE, 100)).isZero();
        assertThat(new ReferenceOrderBook().fillableQuantity(Side.BUY, NO_LIMIT_BUY, TAKER, StpMode.NONE, 5)).isZero();
    }

    @Test
    void walkCostCountsEveryOrderAndStopsPastTheCap() {
        final Pair books = new Pair().ask(1, 10, 100, 3).ask(2, TAKER, 101, 4).ask(3, 11, 200, 1).bid(4, 10, 50, 2).bid(5, 10, 40, 2);
        assertThat(books.walk(Side.BUY, 3, Long.MAX_VALUE)).isEqualTo(300);
        assertThat(books.walk(Side.BUY, 5, Long.MAX_VALUE)).isEqualTo(502);
        assertThat(books.walk(Side.BUY, 7, 704)).isEqualTo(704);
        assertThat(books.walk(Side.BUY, 7, 703)).isGreaterThan(703);
        assertThat(books.walk(Side.BUY, 100, Long.MAX_VALUE)).as("the whole side when it is short").isEqualTo(904);
        assertThat(books.walk(Side.BUY, 100, 0)).isGreaterThan(0);
        assertThat(books.walk(Side.BUY, 0, 0)).isZero();
        assertThat(books.walk(Side.SELL, 3, Long.MAX_VALUE)).isEqualTo(140);
        assertThat(books.walk(Side.SELL, 3, 139)).isGreaterThan(139);
        assertThat(new ReferenceOrderBook().walkCost(Side.SELL, 3, 10)).isZero();
    }

    @Test
    void walkCostPastLongRangeIsAboveTheCap() {
        final long huge = Long.MAX_VALUE / 2;
        final Pair books = new Pair().ask(1, 10, huge, 3).ask(2, 10, huge + 1, 3);
        assertThat(books.walk(Side.BUY, 1, Long.MAX_VALUE)).isEqualTo(huge);
        assertThat(books.walk(Side.BUY, 2, Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(books.walk(Side.BUY, 3, Long.MAX_VALUE - 1)).isGreaterThan(Long.MAX_VALUE - 1);
        assertThat(books.walk(Side.BUY, 4, 1L << 62)).isGreaterThan(1L << 62);
        assertThat(books.walk(Side.BUY, 6, Long.MAX_VALUE)).as("saturates when the cap is the largest long").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void makersRecycledByTheHandlerAreNeverTouchedAgain() {
        // The recorder clears every filled or expired maker, as the engine does when it pools the order.
        final Pair books = new Pair().ask(1, 10, 100, 1).ask(2, TAKER, 100, 1).ask(3, 10, 100, 1).ask(4, 10, 101, 1);
        final long[] left = new long[1];
        assertThat(books.match(100, TAKER, Side.BUY, 101, 3, StpMode.EXPIRE_MAKER, left)).isEqualTo(OrderBook.MATCH_COMPLETE);
        assertThat(left[0]).isZero();
        assertThat(books.fast.orderCount()).isZero();
        books.ask(5, 10, 100, 1);
        assertThat(ids(books.fast)).containsExactly(5L);
    }

    @Test
    void randomOperationsAgreeWithTheReferenceBook() {
        for (long seed = 1; seed <= 20; seed++) {
            randomOperations(seed, 2_500);
        }
    }

    private static void randomOperations(final long seed, final int operations) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Pair books = new Pair();
        books.fastCalls.random = new SplittableRandom(seed + 1000);
        books.referenceCalls.random = new SplittableRandom(seed + 1000);
        final StpMode[] modes = StpMode.values();
        final long mid = 1_000;
        long nextId = 1;
        for (int i = 0; i < operations; i++) {
            final String where = "seed " + seed + " operation " + i;
            final int r = random.nextInt(100);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long account = 1 + random.nextInt(4);
            if (r < 45) {
                final long offset = random.nextLong(-3, 12);
                final long price = side == Side.BUY ? mid - offset : mid + offset;
                // Only rest what would not cross, as the engine does.
                final long opposite = books.fast.bestPrice(side.opposite());
                if (opposite == OrderBook.NO_PRICE || (side == Side.BUY ? price < opposite : price > opposite)) {
                    books.rest(nextId++, account, side, price, 1 + random.nextLong(10));
                }
            } else if (r < 60) {
                final List<Long> ids = ids(books.fast);
                final long id = ids.isEmpty() || random.nextInt(10) == 0 ? nextId + 5 : ids.get(random.nextInt(ids.size()));
                books.remove(id);
            } else if (r < 85) {
                final long limit = random.nextInt(10) == 0 ? (side == Side.BUY ? NO_LIMIT_BUY : NO_LIMIT_SELL)
                    : side == Side.BUY ? mid + random.nextLong(-5, 10) : mid - random.nextLong(-5, 10);
                books.match(nextId++, account, side, limit, 1 + random.nextLong(25), modes[random.nextInt(modes.length)]);
            } else if (r < 93) {
                books.fillable(side, side == Side.BUY ? mid + random.nextLong(-5, 10) : mid - random.nextLong(-5, 10), account,
                    modes[random.nextInt(modes.length)], 1 + random.nextLong(40));
            } else {
                final long wanted = random.nextLong(50);
                books.walk(side, wanted, random.nextInt(4) == 0 ? Long.MAX_VALUE : random.nextLong(wanted * mid * 2 + 1));
            }
            assertThat(books.fast.orderCount()).as(where).isEqualTo(books.reference.orderCount());
        }
    }
}
