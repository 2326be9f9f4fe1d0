package io.bourse.engine;

/**
 * What a book calls while it matches a taker: the engine settles each trade, pays fees and emits events here. The
 * book owns the queue and the quantities; the handler owns the money.
 */
public interface MatchHandler {

    /**
     * A trade of up to {@code quantity} steps between the taker and the maker at the maker's price (ticks). Returns
     * the quantity actually traded, at most {@code quantity}; less means the taker's money ran out, and the book stops
     * matching. Called before the book reduces either order's {@code remaining}.
     */
    long onMatch(Order taker, Order maker, long price, long quantity);

    /** The maker has no quantity left; the book has already unlinked it. */
    void onMakerFilled(Order maker);

    /** The maker was expired by the taker's self-trade prevention; the book has already unlinked it. */
    void onMakerExpired(Order maker);
}
