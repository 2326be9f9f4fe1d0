package io.bourse.marketdata;

import java.util.function.IntUnaryOperator;

import io.bourse.engine.SymbolSpec;

/**
 * How a symbol's numbers are written: prices and quote amounts with the quote asset's decimals, quantities with the
 * base asset's (with 8 and 8, a price of 1000000 minor units is "0.01000000").
 *
 * @param priceScale    decimals of the quote asset
 * @param quantityScale decimals of the base asset
 */
public record SymbolFormat(int priceScale, int quantityScale) {

    /** Validates the scales (0 to 18, as the engine allows). */
    public SymbolFormat {
        if (priceScale < 0 || priceScale > DecimalText.MAX_SCALE || quantityScale < 0 || quantityScale > DecimalText.MAX_SCALE) {
            throw new IllegalArgumentException("scales must be within 0.." + DecimalText.MAX_SCALE + ": " + priceScale + ", " + quantityScale);
        }
    }

    /** The format of a symbol whose assets' scales {@code assetScale} gives (e.g. {@code engine::assetScale}). */
    public static SymbolFormat of(final SymbolSpec spec, final IntUnaryOperator assetScale) {
        return new SymbolFormat(assetScale.applyAsInt(spec.quoteAssetId()), assetScale.applyAsInt(spec.baseAssetId()));
    }
}
