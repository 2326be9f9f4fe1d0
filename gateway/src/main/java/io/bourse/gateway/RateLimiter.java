package io.bourse.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's request limits: REQUEST_WEIGHT per IP per minute, ORDERS per account per 10 seconds and per day. Each
 * counter counts in a fixed window that opens with the first request after the previous one closed. Over a limit, a
 * request gets 429 with {@code Retry-After}; an IP that keeps sending after its 429s is banned with 418, for two
 * minutes at first and twice as long each time after, up to three days.
 */
public final class RateLimiter {
    /** The longest ban. */
    public static final long MAX_BAN_MILLIS = 3L * 24 * 3600 * 1000;
    /** Beyond this many tracked IPs or accounts, idle ones are forgotten. */
    public static final int MAX_TRACKED = 100_000;
    private static final long MINUTE_MILLIS = 60_000;
    private static final long TEN_SECONDS_MILLIS = 10_000;
    private static final long DAY_MILLIS = 24 * 3600 * 1000;

    /**
     * The limits.
     *
     * @param enabled                false: count (for the headers) but never refuse
     * @param requestWeightPerMinute REQUEST_WEIGHT per IP per minute
     * @param ordersPer10Seconds     ORDERS per account per 10 seconds
     * @param ordersPerDay           ORDERS per account per day
     * @param rejectionsBeforeBan    requests refused with 429 in one window after which the IP is banned
     * @param firstBanMillis         the first ban's length; each later ban doubles it
     */
    public record Limits(boolean enabled, long requestWeightPerMinute, long ordersPer10Seconds, long ordersPerDay, int rejectionsBeforeBan,
        long firstBanMillis) {

        /** Binance's published defaults. */
        public static Limits binance() {
            return new Limits(true, 6000, 50, 160_000, 10, 2 * MINUTE_MILLIS);
        }

        /** Counting only, no refusals. */
        public Limits off() {
            return new Limits(false, requestWeightPerMinute, ordersPer10Seconds, ordersPerDay, rejectionsBeforeBan, firstBanMillis);
        }
    }

    /**
     * What a request may do.
     *
     * @param error             null when allowed, else the 429/418 error
     * @param retryAfterSeconds for {@code Retry-After} when refused
     * @param used              the counter after this request (weight, or orders in 10 s)
     * @param usedDay           orders in the day window (orders only)
     */
    public record Decision(ApiError error, long retryAfterSeconds, long used, long usedDay) {
    }

    private static final class IpState {
        long windowStart = Long.MIN_VALUE;
        long weight;
        int rejections;
        long bannedUntil;
        int bans;
    }

    private static final class AccountState {
        long shortStart = Long.MIN_VALUE;
        long shortCount;
        long dayStart = Long.MIN_VALUE;
        long dayCount;
    }

    private final Limits limits;
    private final Map<String, IpState> ips = new ConcurrentHashMap<>();
    private final Map<Long, AccountState> accounts = new ConcurrentHashMap<>();

    /** A limiter with these limits. */
    public RateLimiter(final Limits limits) {
        this.limits = limits;
    }

    /** The limits. */
    public Limits limits() {
        return limits;
    }

    /** Counts {@code weight} for {@code ip} at {@code nowMillis}. */
    public Decision acquireWeight(final String ip, final long weight, final long nowMillis) {
        if (ips.size() > MAX_TRACKED) {
            ips.entrySet().removeIf(e -> e.getValue().bannedUntil < nowMillis && e.getValue().windowStart + MINUTE_MILLIS < nowMillis);
        }
        final IpState state = ips.computeIfAbsent(ip, k -> new IpState());
        synchronized (state) {
            if (limits.enabled() && state.bannedUntil > nowMillis) {
                return new Decision(ApiError.banned(state.bannedUntil), seconds(state.bannedUntil - nowMillis), state.weight, 0);
            }
            if (state.windowStart == Long.MIN_VALUE || nowMillis >= state.windowStart + MINUTE_MILLIS) {
                state.windowStart = nowMillis;
                state.weight = 0;
                state.rejections = 0;
            }
            state.weight += weight;
            if (!limits.enabled() || state.weight <= limits.requestWeightPerMinute()) {
                return new Decision(null, 0, state.weight, 0);
            }
            final long windowEnd = state.windowStart + MINUTE_MILLIS;
            if (++state.rejections > limits.rejectionsBeforeBan()) {
                final long length = Math.min(MAX_BAN_MILLIS, limits.firstBanMillis() << Math.min(state.bans, 20));
                state.bans++;
                state.bannedUntil = nowMillis + length;
                return new Decision(ApiError.banned(state.bannedUntil), seconds(length), state.weight, 0);
            }
            return new Decision(ApiError.tooMuchWeight(limits.requestWeightPerMinute(), "1m"), seconds(windowEnd - nowMillis), state.weight, 0);
        }
    }

    /** Counts one new order for {@code accountId} at {@code nowMillis}. */
    public Decision acquireOrder(final long accountId, final long nowMillis) {
        if (accounts.size() > MAX_TRACKED) {
            accounts.entrySet().removeIf(e -> e.getValue().dayStart + DAY_MILLIS < nowMillis);
        }
        final AccountState state = accounts.computeIfAbsent(accountId, k -> new AccountState());
        synchronized (state) {
            if (state.shortStart == Long.MIN_VALUE || nowMillis >= state.shortStart + TEN_SECONDS_MILLIS) {
                state.shortStart = nowMillis;
                state.shortCount = 0;
            }
            if (state.dayStart == Long.MIN_VALUE || nowMillis >= state.dayStart + DAY_MILLIS) {
                state.dayStart = nowMillis;
                state.dayCount = 0;
            }
            if (limits.enabled() && state.shortCount >= limits.ordersPer10Seconds()) {
                return new Decision(ApiError.tooManyOrders(limits.ordersPer10Seconds(), "10 SECOND"),
                    seconds(state.shortStart + TEN_SECONDS_MILLIS - nowMillis), state.shortCount, state.dayCount);
            }
            if (limits.enabled() && state.dayCount >= limits.ordersPerDay()) {
                return new Decision(ApiError.tooManyOrders(limits.ordersPerDay(), "1 DAY"), seconds(state.dayStart + DAY_MILLIS - nowMillis),
                    state.shortCount, state.dayCount);
            }
            state.shortCount++;
            state.dayCount++;
            return new Decision(null, 0, state.shortCount, state.dayCount);
        }
    }

    private static long seconds(final long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
