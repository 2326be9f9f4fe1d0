package io.bourse.engine;

import java.math.BigInteger;

/**
 * Exact fixed-point helpers on non-negative {@code long}s. Products that may pass 63 bits are computed with 128-bit
 * intermediates ({@link Math#multiplyHigh}); the rare case that needs a 128-bit division falls back to
 * {@link BigInteger}. Nothing here rounds silently: every method names its rounding.
 */
public final class Fixed {
    /** Fee rates are parts per million of the notional. */
    public static final long PPM = 1_000_000;

    private Fixed() {
    }

    /** {@code floor(notional * ppm / 1e6)} without overflow, for {@code 0 <= ppm <= 1e6}. */
    public static long feeFloor(final long notional, final long ppm) {
        return (notional / PPM) * ppm + ((notional % PPM) * ppm) / PPM;
    }

    /** {@code ceil(notional * ppm / 1e6)} without overflow, for {@code 0 <= ppm <= 1e6}. */
    public static long feeCeil(final long notional, final long ppm) {
        final long remainder = (notional % PPM) * ppm;
        return (notional / PPM) * ppm + remainder / PPM + (remainder % PPM == 0 ? 0 : 1);
    }

    /** {@code floor(a * b / c)} for non-negative a, b and positive c; the result must fit in a long. */
    public static long mulDivFloor(final long a, final long b, final long c) {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (high == 0 && low >= 0) {
            return low / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    /** The sign of {@code a * b - c * d} for non-negative operands, exactly. */
    public static int compareProducts(final long a, final long b, final long c, final long d) {
        final long leftHigh = Math.multiplyHigh(a, b);
        final long rightHigh = Math.multiplyHigh(c, d);
        if (leftHigh != rightHigh) {
            return leftHigh < rightHigh ? -1 : 1;
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** {@code 10^exponent}, for 0 to 18. */
    public static long pow10(final int exponent) {
        if (exponent < 0 || exponent > 18) {
            throw new IllegalArgumentException("exponent out of range: " + exponent);
        }
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
