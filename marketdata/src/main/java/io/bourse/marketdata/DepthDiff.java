package io.bourse.marketdata;

/**
 * Binance's {@code depthUpdate}: the levels of one symbol's book that changed, with their new total quantity (0 =
 * the level is gone). Update ids are per symbol and gap-free: the projector's diffs cover one command each
 * ({@code U == u}); a {@link DepthConflator}'s cover a run ({@code U} of the first, {@code u} of the last). Each diff's
 * {@code U} is the previous diff's {@code u + 1}.
 *
 * @param symbolId        the engine's symbol id
 * @param symbol          the symbol's name
 * @param eventTimeMillis {@code E}
 * @param firstUpdateId   {@code U}
 * @param finalUpdateId   {@code u}
 * @param bids            {@code b}, highest price first
 * @param asks            {@code a}, lowest price first
 */
public record DepthDiff(int symbolId, String symbol, long eventTimeMillis, long firstUpdateId, long finalUpdateId, PriceLevels bids,
    PriceLevels asks) implements MarketDataUpdate {
}
