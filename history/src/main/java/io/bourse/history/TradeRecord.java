package io.bourse.history;

import io.bourse.engine.Side;

/**
 * One trade, in raw units; fees in quote minor units.
 *
 * @param symbolId       symbol
 * @param tradeId        per-symbol trade id
 * @param price          price
 * @param quantity       base quantity
 * @param quoteQty       quote quantity
 * @param timeMillis     trade time
 * @param takerSide      the taker's side (buyer is maker when the taker sold)
 * @param buyOrderId     the buyer's order
 * @param buyAccountId   the buyer
 * @param buyerFee       the buyer's fee
 * @param sellOrderId    the seller's order
 * @param sellAccountId  the seller
 * @param sellerFee      the seller's fee
 */
public record TradeRecord(
    int symbolId, long tradeId, long price, long quantity, long quoteQty, long timeMillis, Side takerSide, long buyOrderId,
    long buyAccountId, long buyerFee, long sellOrderId, long sellAccountId, long sellerFee) {

    /** Whether the buyer was the maker (Binance's {@code isBuyerMaker} / {@code m}). */
    public boolean buyerIsMaker() {
        return takerSide == Side.SELL;
    }
}
