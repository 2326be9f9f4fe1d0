package io.bourse.engine;

import java.util.Objects;

/**
 * A market's static configuration, with Binance's filters. Prices are in minor units of the quote asset per one
 * whole unit of the base asset; quantities in minor units of the base asset; notionals in minor units of the quote
 * asset. A bound of 0 disables it, as in Binance's filters. Multipliers of PERCENT_PRICE_BY_SIDE are fixed-point with
 * {@link #MULTIPLIER_SCALE} (5 is 50000, 0.2 is 2000).
 *
 * @param symbolId                   dense id, chosen by the operator
 * @param name                       e.g. BTCUSDT
 * @param baseAssetId                the traded asset
 * @param quoteAssetId               the asset prices are expressed in
 * @param tickSize                   PRICE_FILTER tickSize (must be &gt; 0)
 * @param minPrice                   PRICE_FILTER minPrice
 * @param maxPrice                   PRICE_FILTER maxPrice
 * @param stepSize                   LOT_SIZE stepSize (must be &gt; 0)
 * @param minQty                     LOT_SIZE minQty
 * @param maxQty                     LOT_SIZE maxQty
 * @param marketStepSize             MARKET_LOT_SIZE stepSize (0 = the LOT_SIZE step)
 * @param marketMinQty               MARKET_LOT_SIZE minQty
 * @param marketMaxQty               MARKET_LOT_SIZE maxQty
 * @param minNotional                NOTIONAL minNotional
 * @param applyMinToMarket           NOTIONAL applyMinToMarket
 * @param maxNotional                NOTIONAL maxNotional
 * @param applyMaxToMarket           NOTIONAL applyMaxToMarket
 * @param avgPriceMins               minutes of command time behind the average price (NOTIONAL, PERCENT_PRICE_BY_SIDE)
 * @param bidMultiplierUp            PERCENT_PRICE_BY_SIDE, scaled by {@link #MULTIPLIER_SCALE}; 0 disables the filter
 * @param bidMultiplierDown          PERCENT_PRICE_BY_SIDE
 * @param askMultiplierUp            PERCENT_PRICE_BY_SIDE
 * @param askMultiplierDown          PERCENT_PRICE_BY_SIDE
 * @param maxNumOrders               MAX_NUM_ORDERS per account on this symbol, conditional orders included (0 = none)
 * @param quoteOrderQtyMarketAllowed whether MARKET orders by quoteOrderQty are accepted
 * @param defaultStpMode             the mode used when an order names none
 */
public record SymbolSpec(
    int symbolId,
    String name,
    int baseAssetId,
    int quoteAssetId,
    long tickSize,
    long minPrice,
    long maxPrice,
    long stepSize,
    long minQty,
    long maxQty,
    long marketStepSize,
    long marketMinQty,
    long marketMaxQty,
    long minNotional,
    boolean applyMinToMarket,
    long maxNotional,
    boolean applyMaxToMarket,
    int avgPriceMins,
    long bidMultiplierUp,
    long bidMultiplierDown,
    long askMultiplierUp,
    long askMultiplierDown,
    int maxNumOrders,
    boolean quoteOrderQtyMarketAllowed,
    StpMode defaultStpMode) {
    /** Fixed-point scale of the PERCENT_PRICE_BY_SIDE multipliers. */
    public static final long MULTIPLIER_SCALE = 10_000;
    /** The longest average-price window the engine keeps. */
    public static final int MAX_AVG_PRICE_MINS = 60;

    /** Validates what can be checked without the assets. */
    public SymbolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultStpMode, "defaultStpMode");
    }

    /** A spec with the given sizes and every other bound disabled; refine it with the {@code with*} methods. */
    public static SymbolSpec of(
        final int symbolId, final String name, final int baseAssetId, final int quoteAssetId, final long tickSize, final long stepSize) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, 0, 0, stepSize, 0, 0, 0, 0, 0,
            0, false, 0, false, 5, 0, 0, 0, 0, 0, true, StpMode.EXPIRE_MAKER);
    }

    /** PRICE_FILTER bounds. */
    public SymbolSpec withPriceBounds(final long min, final long max) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, min, max, stepSize, minQty, maxQty,
            marketStepSize, marketMinQty, marketMaxQty, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, maxNumOrders,
            quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** LOT_SIZE bounds. */
    public SymbolSpec withQtyBounds(final long min, final long max) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, min, max,
            marketStepSize, marketMinQty, marketMaxQty, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, maxNumOrders,
            quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** MARKET_LOT_SIZE. */
    public SymbolSpec withMarketLot(final long step, final long min, final long max) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
            step, min, max, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, maxNumOrders,
            quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** NOTIONAL. */
    public SymbolSpec withNotional(final long min, final boolean minToMarket, final long max, final boolean maxToMarket, final int mins) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
            marketStepSize, marketMinQty, marketMaxQty, min, minToMarket, max, maxToMarket,
            mins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, maxNumOrders,
            quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** PERCENT_PRICE_BY_SIDE, multipliers scaled by {@link #MULTIPLIER_SCALE}. */
    public SymbolSpec withPercentPriceBySide(final long bidUp, final long bidDown, final long askUp, final long askDown) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
            marketStepSize, marketMinQty, marketMaxQty, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidUp, bidDown, askUp, askDown, maxNumOrders, quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** MAX_NUM_ORDERS. */
    public SymbolSpec withMaxNumOrders(final int max) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
            marketStepSize, marketMinQty, marketMaxQty, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, max,
            quoteOrderQtyMarketAllowed, defaultStpMode);
    }

    /** Whether MARKET orders by quote quantity are accepted, and the default STP mode. */
    public SymbolSpec withOrderOptions(final boolean quoteOrderQtyAllowed, final StpMode stpMode) {
        return new SymbolSpec(symbolId, name, baseAssetId, quoteAssetId, tickSize, minPrice, maxPrice, stepSize, minQty, maxQty,
            marketStepSize, marketMinQty, marketMaxQty, minNotional, applyMinToMarket, maxNotional, applyMaxToMarket,
            avgPriceMins, bidMultiplierUp, bidMultiplierDown, askMultiplierUp, askMultiplierDown, maxNumOrders,
            quoteOrderQtyAllowed, stpMode);
    }
}
