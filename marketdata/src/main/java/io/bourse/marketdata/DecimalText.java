package io.bourse.marketdata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Fixed-point numbers as decimal text, and the exact roundings the ticker needs, without allocating on the usual path.
 * The one decimal formatter of Bourse's JSON (market streams here, the gateway's REST and user data answers).
 */
public final class DecimalText {
    static final int MAX_SCALE = 18;
    private static final long[] POW10 = new long[MAX_SCALE + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i <= MAX_SCALE; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private DecimalText() {
    }

    static long pow10(final int scale) {
        return POW10[scale];
    }

    /** Appends {@code units / 10^scale} with exactly {@code scale} decimals: 1000000 at scale 8 is "0.01000000". */
    public static void append(final StringBuilder out, final long units, final int scale) {
        if (units < 0) {
            if (units == Long.MIN_VALUE) {
                out.append(BigDecimal.valueOf(units, scale).toPlainString());
                return;
            }
            out.append('-');
            append(out, -units, scale);
            return;
        }
        if (scale == 0) {
            out.append(units);
            return;
        }
        final long pow = POW10[scale];
        final long fraction = units % pow;
        out.append(units / pow).append('.');
        for (long p = pow / 10; p > 1 && fraction < p; p /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    /** {@code a * b / c} rounded half away from zero, for {@code c > 0}; exact for any longs, the result must fit. */
    static long mulDivHalfUp(final long a, final long b, final long c) {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            final long magnitude = Math.abs(low);
            if (magnitude >= 0) {
                final long quotient = magnitude / c;
                final long remainder = magnitude % c;
                final long rounded = remainder >= c - remainder ? quotient + 1 : quotient;
                return low < 0 ? -rounded : rounded;
            }
        }
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))).divide(BigDecimal.valueOf(c), 0, RoundingMode.HALF_UP)
            .longValueExact();
    }
}
