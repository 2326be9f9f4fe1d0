package io.bourse.history;

/** Binance's kline intervals; months are calendar months (UTC), everything else a fixed length. */
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

    /** The interval for a Binance code, or null. */
    public static KlineInterval of(final String code) {
        for (final KlineInterval interval : values()) {
            if (interval.code.equals(code)) {
                return interval;
            }
        }
        return null;
    }
}
