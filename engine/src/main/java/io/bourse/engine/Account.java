package io.bourse.engine;

import java.util.Arrays;

/**
 * An account: identity and KYC fields, fee tier, kill-switch flag, and per-asset free and locked balances (indexed
 * by asset id). Balances change only inside the engine, always in pairs that keep each asset's total conserved.
 */
final class Account {
    final long accountId;
    int feeTier;
    String country;
    int kycTier;
    boolean frozen;
    long[] free;
    long[] locked;
    /** Open orders (resting and conditional) per symbol id, for MAX_NUM_ORDERS. */
    int[] openOrders;

    Account(final long accountId, final int feeTier, final String country, final int kycTier, final int assets, final int symbols) {
        this.accountId = accountId;
        this.feeTier = feeTier;
        this.country = country;
        this.kycTier = kycTier;
        this.free = new long[Math.max(1, assets)];
        this.locked = new long[Math.max(1, assets)];
        this.openOrders = new int[Math.max(1, symbols)];
    }

    void ensureAssets(final int assets) {
        if (free.length < assets) {
            free = Arrays.copyOf(free, assets);
            locked = Arrays.copyOf(locked, assets);
        }
    }

    void ensureSymbols(final int symbols) {
        if (openOrders.length < symbols) {
            openOrders = Arrays.copyOf(openOrders, symbols);
        }
    }

    /** Moves {@code amount} from free to locked. */
    void lock(final int assetId, final long amount) {
        free[assetId] -= amount;
        locked[assetId] += amount;
    }

    /** Moves {@code amount} from locked back to free. */
    void unlock(final int assetId, final long amount) {
        locked[assetId] -= amount;
        free[assetId] += amount;
    }
}
