package io.bourse.gateway;

import io.bourse.marketdata.DecimalText;

/**
 * Exact conversion between the API's decimal strings and the engine's minor units: {@code "1.5"} with scale 8 is
 * {@code 150000000}. Parsing follows Binance's rules for DECIMAL parameters: digits with an optional fraction, no sign
 * or exponent ({@code -1100}), at most {@code scale} significant decimals ({@code -1111}), and a value that fits
 * ({@code -1108}).
 */
public final class Decimals {
    /** The legal range Binance names for decimal parameters. */
    public static final String LEGAL_RANGE = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";
    private static final int MAX_DIGITS = 20;

    private Decimals() {
    }

    /** Parses {@code text} into minor units of an asset with {@code scale} decimals, or throws the Binance error for {@code param}. */
    public static long parse(final String text, final int scale, final String param) {
        final int length = text.length();
        final int dot = text.indexOf('.');
        final int intEnd = dot < 0 ? length : dot;
        if (intEnd == 0 || intEnd > MAX_DIGITS || (dot >= 0 && (dot == length - 1 || length - dot - 1 > MAX_DIGITS))) {
            throw ApiError.illegalChars(param, LEGAL_RANGE).exception();
        }
        for (int i = 0; i < length; i++) {
            final char c = text.charAt(i);
            if (i != dot && (c < '0' || c > '9')) {
                throw ApiError.illegalChars(param, LEGAL_RANGE).exception();
            }
        }
        int fractionEnd = length;
        if (dot >= 0) {
            while (fractionEnd > dot + 1 && text.charAt(fractionEnd - 1) == '0') {
                fractionEnd--;
            }
            if (fractionEnd - dot - 1 > scale) {
                throw ApiError.tooMuchPrecision(param).exception();
            }
        }
        try {
            long value = 0;
            for (int i = 0; i < intEnd; i++) {
                value = Math.addExact(Math.multiplyExact(value, 10), text.charAt(i) - '0');
            }
            int decimals = 0;
            if (dot >= 0) {
                for (int i = dot + 1; i < fractionEnd; i++) {
                    value = Math.addExact(Math.multiplyExact(value, 10), text.charAt(i) - '0');
                    decimals++;
                }
            }
            for (; decimals < scale; decimals++) {
                value = Math.multiplyExact(value, 10);
            }
            return value;
        } catch (final ArithmeticException e) {
            throw ApiError.overflow(param).exception();
        }
    }

    /** Minor units as a decimal string with exactly {@code scale} decimals. */
    public static String format(final long units, final int scale) {
        final StringBuilder out = new StringBuilder(24);
        append(out, units, scale);
        return out.toString();
    }

    /** Appends minor units as a decimal string with exactly {@code scale} decimals. */
    public static void append(final StringBuilder out, final long units, final int scale) {
        DecimalText.append(out, units, scale);
    }

    /** A fixed-point value with {@code scale} decimals, without trailing zeros ("5", "0.2"), as Binance writes multipliers. */
    public static String stripped(final long units, final int scale) {
        String text = format(units, scale);
        if (text.indexOf('.') >= 0) {
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
            text = text.substring(0, end);
        }
        return text;
    }
}
