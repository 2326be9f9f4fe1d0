package io.bourse.bench.engine;

import java.util.Locale;

/**
 * A generated command stream in a neutral form (parallel arrays of primitives), made once and fed to every
 * implementation. The first {@link #prefill} commands are passive GTC orders that build the books; the rest is the
 * timed mix. Prices are in ticks, quantities in steps.
 *
 * <p>Order ids: Bourse's engine numbers the accepted orders of each symbol 1, 2, 3, ...; a cancel-replace gives the
 * replacement a new id. exchange-core takes the client's id and keeps it across a move. So every new order gets the
 * same id on both sides ({@link #orderId}), and a cancel or move names its target by Bourse's id ({@link #orderId})
 * and by exchange-core's ({@link #ecOrderId}); at book level both books use exchange-core's ids (a book-level move
 * keeps the id).
 */
public final class CommandStream {
    /** A GTC limit order (passive or crossing). */
    public static final byte GTC = 0;
    /** An IOC limit order. */
    public static final byte IOC = 1;
    /** A market order by base quantity. */
    public static final byte MARKET = 2;
    /** A cancel of an open order. */
    public static final byte CANCEL = 3;
    /** A move of an open order to a new price, keeping its remaining quantity (cancel-replace on Bourse). */
    public static final byte MOVE = 4;
    /** Names of the operations, by code. */
    static final String[] OP_NAMES = {"gtc", "ioc", "market", "cancel", "move (cancel-replace)"};

    public final ScenarioSpec spec;
    public final int size;
    public final int prefill;
    public final byte[] op;
    /** Symbol index (0-based); the symbol id is {@link Units#symbolId}. */
    public final int[] symbol;
    public final long[] account;
    public final boolean[] buy;
    /** Limit price for GTC/IOC, the new price for MOVE, 0 otherwise. */
    public final long[] price;
    /** Quantity for new orders; for MOVE the order's remaining quantity (the replacement's quantity on Bourse). */
    public final long[] quantity;
    /** New orders: the id both sides give it. CANCEL/MOVE: the target's id on Bourse's engine. */
    public final long[] orderId;
    /** CANCEL/MOVE: the target's id on exchange-core (and at book level); new orders: same as {@link #orderId}. */
    public final long[] ecOrderId;

    /** What the model book says the timed part does: trades (maker fills) and traded steps. */
    long expectedTrades;
    long expectedVolume;
    /** Orders Bourse's engine accepts in the timed part (new orders plus replacements). */
    long expectedAccepted;
    /** Orders resting at the end of the stream, all books. */
    long expectedResting;
    final long[] opCounts = new long[OP_NAMES.length];
    /** GTC orders of the timed part that cross the spread when they arrive (the rest of the GTC orders are passive). */
    long crossingGtc;

    CommandStream(final ScenarioSpec spec, final int size, final int prefill) {
        this.spec = spec;
        this.size = size;
        this.prefill = prefill;
        this.op = new byte[size];
        this.symbol = new int[size];
        this.account = new long[size];
        this.buy = new boolean[size];
        this.price = new long[size];
        this.quantity = new long[size];
        this.orderId = new long[size];
        this.ecOrderId = new long[size];
    }

    /** Commands in the timed part. */
    public int benchSize() {
        return size - prefill;
    }

    public long expectedTrades() {
        return expectedTrades;
    }

    public long expectedVolume() {
        return expectedVolume;
    }

    public long expectedAccepted() {
        return expectedAccepted;
    }

    /** The mix of the timed part, e.g. "gtc 50.1% ioc 8.0% ...". */
    public String mix() {
        final long total = benchSize();
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "passive gtc %.1f%%, crossing gtc %.1f%%", 100.0 * (opCounts[GTC] - crossingGtc) / total,
            100.0 * crossingGtc / total));
        for (int i = GTC + 1; i < OP_NAMES.length; i++) {
            out.append(", ").append(OP_NAMES[i]).append(' ').append(String.format(Locale.ROOT, "%.1f%%", 100.0 * opCounts[i] / total));
        }
        return out.toString();
    }

    /** One-line description of the stream and of what the model expects. */
    public String describe() {
        return String.format(Locale.ROOT,
            "%s: %d symbol(s), %d accounts, %d resting orders pre-filled, %d timed commands (%s); model: %d trades, %d steps traded, "
                + "%d resting at the end",
            spec.name(), spec.symbols(), spec.accounts(), prefill, benchSize(), mix(), expectedTrades, expectedVolume, expectedResting);
    }
}
