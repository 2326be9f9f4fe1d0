package io.bourse.bench.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generates a scenario's command stream, seeded and deterministic. It keeps its own simple price-time model of every
 * book, so it knows which orders are open (cancels and moves only target open orders, so none is refused on either
 * side), what each order's remaining quantity is (a move keeps it), which id Bourse's engine gives every accepted
 * order, and how many trades and traded steps the timed part must produce (the sanity check for both sides).
 *
 * <p>The mix of the timed part: passive GTC limits (the most), crossing GTC limits (that may rest their remainder),
 * IOC limits, market orders (small, and only when the opposite side can fill them), cancels, and moves
 * (cancel-replace on Bourse). A controller leans toward adds or cancels to keep every book near its target size,
 * and the side of aggressive orders leans against the drift of the mid, so prices stay in the band
 * [{@link ScenarioSpec#floorPrice}, {@link ScenarioSpec#capPrice}].
 */
public final class StreamGenerator {
    /** Mean distance, in ticks, of a passive order behind the opposite best price. */
    private static final double PASSIVE_DEPTH_MEAN = 40.0;
    private static final int PASSIVE_MAX_STEPS = 100;
    private static final int AGGRESSIVE_MAX_STEPS = 150;
    private static final int MARKET_MAX_STEPS = 80;

    private static final double W_PASSIVE = 0.40;
    private static final double W_CANCEL = 0.25;
    private static final double W_MOVE = 0.12;
    private static final double W_CROSS = 0.10;
    private static final double W_IOC = 0.08;
    private static final double W_MARKET = 0.05;
    /** How hard the controller pulls the book size back to its target. */
    private static final double SIZE_GAIN = 2.0;
    /** Share of moves that cross the spread (and trade) rather than re-quote passively. */
    private static final double AGGRESSIVE_MOVE_SHARE = 0.15;

    private final ScenarioSpec spec;
    private final SplittableRandom random;
    private final ModelBook[] books;
    private final CommandStream out;
    private int cursor;
    private boolean timed;

    private StreamGenerator(final ScenarioSpec spec) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.books = new ModelBook[spec.symbols()];
        for (int k = 0; k < books.length; k++) {
            books[k] = new ModelBook(spec.referencePrice(k), spec.floorPrice(k), spec.capPrice(k));
        }
        this.out = new CommandStream(spec, spec.totalResting() + spec.benchCommands(), spec.totalResting());
    }

    /** Generates the pre-fill and the timed mix of a scenario. */
    public static CommandStream generate(final ScenarioSpec spec) {
        final StreamGenerator generator = new StreamGenerator(spec);
        generator.prefill();
        generator.timed = true;
        for (int i = 0; i < spec.benchCommands(); i++) {
            generator.next();
        }
        long resting = 0;
        for (final ModelBook book : generator.books) {
            resting += book.open.size();
        }
        generator.out.expectedResting = resting;
        return generator.out;
    }

    private void prefill() {
        for (int r = 0; r < spec.restingPerSymbol(); r++) {
            for (int k = 0; k < books.length; k++) {
                final ModelBook book = books[k];
                final boolean buy = random.nextBoolean();
                final long depth = 1 + depth();
                final long price = clamp(book, buy ? book.reference - depth : book.reference + depth);
                newOrder(k, CommandStream.GTC, account(k), buy, price, 1 + random.nextInt(PASSIVE_MAX_STEPS));
            }
        }
    }

    private void next() {
        final int k = random.nextInt(books.length);
        final ModelBook book = books[k];
        final double fill = (double) book.open.size() / spec.restingPerSymbol();
        final double passive = Math.max(0.05, W_PASSIVE + SIZE_GAIN * (1.0 - fill));
        final double cancel = Math.max(0.05, W_CANCEL + SIZE_GAIN * (fill - 1.0));
        final double total = passive + cancel + W_MOVE + W_CROSS + W_IOC + W_MARKET;
        double r = random.nextDouble() * total;
        if ((r -= passive) < 0 || book.open.isEmpty()) {
            passive(k);
        } else if ((r -= cancel) < 0) {
            cancel(k);
        } else if ((r -= W_MOVE) < 0) {
            move(k);
        } else if ((r -= W_CROSS) < 0) {
            aggressive(k, CommandStream.GTC);
        } else if ((r -= W_IOC) < 0) {
            aggressive(k, CommandStream.IOC);
        } else {
            market(k);
        }
    }

    private void passive(final int k) {
        final boolean buy = random.nextBoolean();
        newOrder(k, CommandStream.GTC, account(k), buy, passivePrice(books[k], buy), 1 + random.nextInt(PASSIVE_MAX_STEPS));
    }

    private void aggressive(final int k, final byte type) {
        final ModelBook book = books[k];
        final boolean buy = aggressiveSide(book);
        final TreeMap<Long, ArrayDeque<ModelOrder>> opposite = buy ? book.asks : book.bids;
        if (opposite.isEmpty()) {
            passive(k);
            return;
        }
        final long through = random.nextInt(type == CommandStream.GTC ? 5 : 3);
        final long best = opposite.firstKey();
        final long price = clamp(book, buy ? best + through : best - through);
        if (timed && type == CommandStream.GTC) {
            out.crossingGtc++;
        }
        newOrder(k, type, account(k), buy, price, 1 + random.nextInt(AGGRESSIVE_MAX_STEPS));
    }

    private void market(final int k) {
        final ModelBook book = books[k];
        final boolean buy = aggressiveSide(book);
        final long available = buy ? book.askVolume : book.bidVolume;
        if (available == 0) {
            passive(k);
            return;
        }
        final long quantity = Math.min(available, 1 + random.nextInt(MARKET_MAX_STEPS));
        newOrder(k, CommandStream.MARKET, account(k), buy, 0, quantity);
    }

    private void cancel(final int k) {
        final ModelBook book = books[k];
        final ModelOrder order = book.open.get(random.nextInt(book.open.size()));
        final int i = emit(k, CommandStream.CANCEL, order.account, order.buy, order.price, order.remaining);
        out.orderId[i] = order.bourseId;
        out.ecOrderId[i] = order.ecId;
        book.unlink(order);
    }

    private void move(final int k) {
        final ModelBook book = books[k];
        final ModelOrder order = book.open.get(random.nextInt(book.open.size()));
        final TreeMap<Long, ArrayDeque<ModelOrder>> opposite = order.buy ? book.asks : book.bids;
        long price;
        if (random.nextDouble() < AGGRESSIVE_MOVE_SHARE && !opposite.isEmpty()) {
            final long best = opposite.firstKey();
            final long through = random.nextInt(3);
            price = order.buy ? best + through : best - through;
        } else {
            price = passivePrice(book, order.buy);
        }
        price = clamp(book, price);
        if (price == order.price) {
            price = clamp(book, order.buy ? price - 1 : price + 1);
        }
        final int i = emit(k, CommandStream.MOVE, order.account, order.buy, price, order.remaining);
        out.orderId[i] = order.bourseId;
        out.ecOrderId[i] = order.ecId;
        book.unlink(order);
        order.bourseId = book.nextId++;
        order.price = price;
        if (timed) {
            out.expectedAccepted++;
        }
        match(book, order, price);
        if (order.remaining > 0) {
            book.rest(order);
        }
    }

    private void newOrder(final int k, final byte type, final long account, final boolean buy, final long price, final long quantity) {
        final ModelBook book = books[k];
        final int i = emit(k, type, account, buy, price, quantity);
        final ModelOrder order = new ModelOrder();
        order.bourseId = book.nextId++;
        order.ecId = order.bourseId;
        order.account = account;
        order.buy = buy;
        order.price = price;
        order.remaining = quantity;
        out.orderId[i] = order.bourseId;
        out.ecOrderId[i] = order.ecId;
        if (timed) {
            out.expectedAccepted++;
        }
        final long limit = type == CommandStream.MARKET ? (buy ? Long.MAX_VALUE : 0) : price;
        match(book, order, limit);
        if (type == CommandStream.GTC && order.remaining > 0) {
            book.rest(order);
        }
    }

    /** Price-time matching of a taker against the model book; makers trade at their own price. */
    private void match(final ModelBook book, final ModelOrder taker, final long limit) {
        final TreeMap<Long, ArrayDeque<ModelOrder>> opposite = taker.buy ? book.asks : book.bids;
        while (taker.remaining > 0 && !opposite.isEmpty()) {
            final Map.Entry<Long, ArrayDeque<ModelOrder>> level = opposite.firstEntry();
            final long levelPrice = level.getKey();
            if (taker.buy ? levelPrice > limit : levelPrice < limit) {
                break;
            }
            final ModelOrder maker = level.getValue().peekFirst();
            final long traded = Math.min(taker.remaining, maker.remaining);
            taker.remaining -= traded;
            maker.remaining -= traded;
            if (maker.buy) {
                book.bidVolume -= traded;
            } else {
                book.askVolume -= traded;
            }
            if (timed) {
                out.expectedTrades++;
                out.expectedVolume += traded;
            }
            if (maker.remaining == 0) {
                book.unlinkFilled(maker);
            }
        }
    }

    private int emit(final int k, final byte type, final long account, final boolean buy, final long price, final long quantity) {
        final int i = cursor++;
        out.op[i] = type;
        out.symbol[i] = k;
        out.account[i] = account;
        out.buy[i] = buy;
        out.price[i] = price;
        out.quantity[i] = quantity;
        if (timed) {
            out.opCounts[type]++;
        }
        return i;
    }

    private long account(final int k) {
        return spec.account(k, random.nextInt(spec.accountsPerSymbol()));
    }

    private long depth() {
        return (long) (-Math.log(1.0 - random.nextDouble()) * PASSIVE_DEPTH_MEAN);
    }

    /** A price behind the opposite best (or the last mid), at an exponentially distributed depth. */
    private long passivePrice(final ModelBook book, final boolean buy) {
        final long mid = book.mid();
        final long bestAsk = book.asks.isEmpty() ? mid + 1 : book.asks.firstKey();
        final long bestBid = book.bids.isEmpty() ? mid - 1 : book.bids.firstKey();
        final long depth = depth();
        return clamp(book, buy ? bestAsk - 1 - depth : bestBid + 1 + depth);
    }

    /** BUY or SELL for an aggressive order: even odds, leaning against the mid's drift from the reference price. */
    private boolean aggressiveSide(final ModelBook book) {
        final double drift = (double) (book.mid() - book.reference) / (book.reference * 0.01);
        final double sell = 0.5 + 0.4 * Math.max(-1.0, Math.min(1.0, drift));
        return random.nextDouble() >= sell;
    }

    private static long clamp(final ModelBook book, final long price) {
        return Math.max(book.floor + 1, Math.min(book.cap - 1, price));
    }

    /** One order of the model. */
    private static final class ModelOrder {
        long bourseId;
        long ecId;
        long account;
        boolean buy;
        long price;
        long remaining;
        int openIndex = -1;
    }

    /** One symbol's model book: price levels in time order, and the open orders in a list for random picks. */
    private static final class ModelBook {
        final TreeMap<Long, ArrayDeque<ModelOrder>> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, ArrayDeque<ModelOrder>> asks = new TreeMap<>();
        final ArrayList<ModelOrder> open = new ArrayList<>();
        final long reference;
        final long floor;
        final long cap;
        long nextId = 1;
        long bidVolume;
        long askVolume;
        long lastMid;

        ModelBook(final long reference, final long floor, final long cap) {
            this.reference = reference;
            this.floor = floor;
            this.cap = cap;
            this.lastMid = reference;
        }

        long mid() {
            if (!bids.isEmpty() && !asks.isEmpty()) {
                lastMid = (bids.firstKey() + asks.firstKey()) / 2;
            }
            return lastMid;
        }

        void rest(final ModelOrder order) {
            (order.buy ? bids : asks).computeIfAbsent(order.price, p -> new ArrayDeque<>()).addLast(order);
            if (order.buy) {
                bidVolume += order.remaining;
            } else {
                askVolume += order.remaining;
            }
            order.openIndex = open.size();
            open.add(order);
        }

        /** Removes a resting order (cancel or move). */
        void unlink(final ModelOrder order) {
            final TreeMap<Long, ArrayDeque<ModelOrder>> side = order.buy ? bids : asks;
            final ArrayDeque<ModelOrder> level = side.get(order.price);
            level.remove(order);
            if (level.isEmpty()) {
                side.remove(order.price);
            }
            if (order.buy) {
                bidVolume -= order.remaining;
            } else {
                askVolume -= order.remaining;
            }
            dropOpen(order);
        }

        /** Removes a maker that just filled: it is at the head of the best level. */
        void unlinkFilled(final ModelOrder order) {
            final TreeMap<Long, ArrayDeque<ModelOrder>> side = order.buy ? bids : asks;
            final ArrayDeque<ModelOrder> level = side.get(order.price);
            level.pollFirst();
            if (level.isEmpty()) {
                side.remove(order.price);
            }
            dropOpen(order);
        }

        private void dropOpen(final ModelOrder order) {
            final int i = order.openIndex;
            final ModelOrder last = open.remove(open.size() - 1);
            if (last != order) {
                open.set(i, last);
                last.openIndex = i;
            }
            order.openIndex = -1;
        }
    }
}
