package io.bourse.marketdata;

import java.time.LocalDate;

/**
 * Binance's kline intervals. Months are calendar months (UTC), everything else a fixed length aligned to the epoch,
 * except weeks, which open on Monday 00:00 UTC as Binance's do. The same rules as the history module's klines, so that
 * a streamed kline and a REST kline of the same period agree.
 */
public enum KlineInterval {
    S1("1s", 1_000L),
    M1("1m", 60_000L),
    M3("3m", 180_000L),
    M5("5m", 300_000L),
    M15("15m", 900_000L),
    M30("30m", 1_800_000L),
    H1("1h", 3_600_000L),
    H2("2h", 7_200_000L),
    H4("4h", 14_400_000L),
    H6("6h", 21_600_000L),
    H8("8h", 28_800_000L),
    H12("12h", 43_200_000L),
    D1("1d", 86_400_000L),
    D3("3d", 259_200_000L),
    W1("1w", 604_800_000L),
    MONTH1("1M", 0L);

    private static final long DAY_MILLIS = 86_400_000L;
    /** 1970-01-05T00:00Z, the first Monday after the epoch: weekly klines open on Mondays. */
    private static final long WEEK_ORIGIN_MILLIS = 4 * DAY_MILLIS;
    private static final KlineInterval[] VALUES = values();

    private final String code;
    private final long millis;

    KlineInterval(final String code, final long millis) {
        this.code = code;
        this.millis = millis;
    }

    /** The interval as Binance writes it ("1m", "1M"). */
    public String code() {
        return code;
    }

    /** Fixed length in milliseconds, or 0 for calendar months. */
    public long millis() {
        return millis;
    }

    /** The interval for a Binance code (case-sensitive: "1m" is a minute, "1M" a month), or null. */
    public static KlineInterval of(final String code) {
        for (final KlineInterval interval : VALUES) {
            if (interval.code.equals(code)) {
                return interval;
            }
        }
        return null;
    }

    /** The open time of the kline of this interval that contains {@code timeMillis}. */
    public long openTime(final long timeMillis) {
        if (millis == 0) {
            final LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(timeMillis, DAY_MILLIS));
            return day.withDayOfMonth(1).toEpochDay() * DAY_MILLIS;
        }
        final long origin = this == W1 ? WEEK_ORIGIN_MILLIS : 0;
        return Math.floorDiv(timeMillis - origin, millis) * millis + origin;
    }

    /** The close time (inclusive, the last millisecond) of the kline that opens at {@code openTimeMillis}. */
    public long closeTime(final long openTimeMillis) {
        if (millis == 0) {
            final LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(openTimeMillis, DAY_MILLIS));
            return day.withDayOfMonth(1).plusMonths(1).toEpochDay() * DAY_MILLIS - 1;
        }
        return openTimeMillis + millis - 1;
    }
}
