package io.bourse.bench.engine;

/**
 * The one market shape every scenario uses, in the units of both implementations. Assets have 8 decimals; a symbol
 * trades a base asset against the quote asset with a tick of 0.01 quote and a step of 0.00001 base. The generated
 * streams speak ticks and steps; Bourse's engine takes raw minor units (ticks times {@link #TICK}, steps times
 * {@link #STEP}); exchange-core takes ticks and lots directly, with {@code baseScaleK = STEP} (base minor units per
 * lot) and {@code quoteScaleK = UNIT_NOTIONAL} (quote minor units per tick per lot).
 */
public final class Units {
    /** Decimals of every asset. */
    public static final int SCALE = 8;
    /** Tick size in quote minor units: 0.01. */
    public static final long TICK = 1_000_000L;
    /** Step size in base minor units: 0.00001. */
    public static final long STEP = 1_000L;
    /** Quote minor units of one tick times one step: TICK * STEP / 10^SCALE. */
    public static final long UNIT_NOTIONAL = TICK * STEP / 100_000_000L;
    /** The quote asset's id on both sides (USDT); base assets are 2, 3, ... */
    public static final int QUOTE_ASSET = 1;
    /** Bourse's maker fee, parts per million of the notional (0.05%). */
    public static final long MAKER_FEE_PPM = 500;
    /** Bourse's taker fee, parts per million of the notional (0.1%). */
    public static final long TAKER_FEE_PPM = 1_000;

    private Units() {
    }

    /** The base asset id of the symbol with this index. */
    public static int baseAsset(final int symbolIndex) {
        return QUOTE_ASSET + 1 + symbolIndex;
    }

    /** The symbol id (on both sides) of the symbol with this index. */
    public static int symbolId(final int symbolIndex) {
        return symbolIndex + 1;
    }

    /**
     * exchange-core charges a fixed fee per lot; this is Bourse's ppm rate at the symbol's reference price, so both
     * charge the same at that price (and within a few percent of it across the price band the streams stay in).
     */
    public static long feePerLot(final long referencePriceTicks, final long ppm) {
        return referencePriceTicks * UNIT_NOTIONAL * ppm / 1_000_000L;
    }
}
