package io.bourse.bench.engine;

import java.util.ArrayDeque;

import io.bourse.engine.FastOrderBook;
import io.bourse.engine.MatchHandler;
import io.bourse.engine.Order;
import io.bourse.engine.Side;

import org.HdrHistogram.Histogram;

/**
 * Scenario (a) on Bourse's {@link FastOrderBook}, single-threaded, with the book's own contract: a new GTC order is
 * matched and then rests what is left; IOC only matches; a market order matches with no price limit; a cancel
 * removes; a move removes and enters a new order with the same id and remaining quantity at the new price. The
 * handler trades everything it is offered and counts.
 */
public final class BourseBookRunner implements MatchHandler {
    private final CommandStream stream;
    /** Orders are pooled as exchange-core's book pools its own: what leaves the book is reused. */
    private final ArrayDeque<Order> pool = new ArrayDeque<>();
    private long trades;
    private long volume;

    public BourseBookRunner(final CommandStream stream) {
        if (stream.spec.symbols() != 1) {
            throw new IllegalArgumentException("the book-level scenario has one symbol");
        }
        this.stream = stream;
    }

    /** One pass on a fresh book: the pre-fill untimed, then the mix timed; with {@code latencies}, each command is timed. */
    public Pass run(final Histogram latencies) {
        final FastOrderBook book = new FastOrderBook();
        for (int i = 0; i < stream.prefill; i++) {
            apply(book, i);
        }
        trades = 0;
        volume = 0;
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
        final String problems = book.orderCount() == stream.expectedResting ? ""
            : "resting " + book.orderCount() + " != model " + stream.expectedResting;
        return new Pass(nanos, trades, volume, allocated, problems);
    }

    private void apply(final FastOrderBook book, final int i) {
        final CommandStream s = stream;
        switch (s.op[i]) {
            case CommandStream.GTC -> {
                final Order order = order(s.ecOrderId[i], s.account[i], side(s.buy[i]), s.price[i], s.quantity[i]);
                book.match(order, s.price[i], this);
                rest(book, order);
            }
            case CommandStream.IOC -> {
                final Order order = order(s.ecOrderId[i], s.account[i], side(s.buy[i]), s.price[i], s.quantity[i]);
                book.match(order, s.price[i], this);
                pool.push(order);
            }
            case CommandStream.MARKET -> {
                final Order order = order(s.ecOrderId[i], s.account[i], side(s.buy[i]), 0, s.quantity[i]);
                book.match(order, s.buy[i] ? Long.MAX_VALUE : 0, this);
                pool.push(order);
            }
            case CommandStream.CANCEL -> {
                final Order old = book.remove(s.ecOrderId[i]);
                if (old != null) {
                    pool.push(old);
                }
            }
            case CommandStream.MOVE -> {
                final Order old = book.remove(s.ecOrderId[i]);
                if (old != null) {
                    final Order order = old.resetLimit(old.orderId(), old.accountId(), old.side(), s.price[i], old.remaining());
                    book.match(order, s.price[i], this);
                    rest(book, order);
                }
            }
            default -> throw new IllegalStateException("op " + s.op[i]);
        }
    }

    private void rest(final FastOrderBook book, final Order order) {
        if (order.remaining() > 0) {
            book.add(order);
        } else {
            pool.push(order);
        }
    }

    private Order order(final long orderId, final long accountId, final Side side, final long price, final long quantity) {
        final Order pooled = pool.poll();
        return pooled == null ? Order.limit(orderId, accountId, side, price, quantity) : pooled.resetLimit(orderId, accountId, side, price,
            quantity);
    }

    private static Side side(final boolean buy) {
        return buy ? Side.BUY : Side.SELL;
    }

    @Override
    public long onMatch(final Order taker, final Order maker, final long price, final long quantity) {
        trades++;
        volume += quantity;
        return quantity;
    }

    @Override
    public void onMakerFilled(final Order maker) {
        pool.push(maker);
    }

    @Override
    public void onMakerExpired(final Order maker) {
    }
}
