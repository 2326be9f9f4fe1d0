package io.bourse.marketdata;

/**
 * The top of one symbol's book at one update id, as REST {@code depth} and the partial-book streams
 * ({@code @depth5/10/20}) show it: exactly the state after the diff whose {@code u} is {@link #lastUpdateId}.
 *
 * @param symbolId     the engine's symbol id
 * @param symbol       the symbol's name
 * @param lastUpdateId the update id the book is at (0 before the symbol's book first changed)
 * @param bids         best (highest) first
 * @param asks         best (lowest) first
 */
public record DepthSnapshot(int symbolId, String symbol, long lastUpdateId, PriceLevels bids, PriceLevels asks) {
}
