package io.bourse.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The legacy user-data-stream listenKeys: one per account, valid for 60 minutes after its last keepalive. The
 * WebSocket side that streams an account's events to its listenKey reads {@link #accountOf}, and learns from
 * {@link #onEnded} when a key is closed or found expired, so that it can tell its listeners and hang up.
 */
public final class ListenKeys {
    /** How long a key lives after its last keepalive. */
    public static final long VALIDITY_MILLIS = 60 * 60 * 1000;
    /** The most keys kept; beyond it, expired ones are dropped first and a new key is refused if none are. */
    public static final int MAX_KEYS = 100_000;

    private record Entry(long accountId, long expiresMillis) {
    }

    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final Map<Long, String> byAccount = new ConcurrentHashMap<>();
    private volatile Consumer<String> ended = key -> { };

    /** Sets what to call (quickly, without blocking) with each key that is closed or found expired. */
    public void onEnded(final Consumer<String> listener) {
        ended = listener;
    }

    /** The account's key, extended, or a new one. */
    public synchronized String start(final long accountId, final long nowMillis) {
        final String existing = byAccount.get(accountId);
        if (existing != null) {
            final Entry entry = byKey.get(existing);
            if (entry != null && entry.expiresMillis() > nowMillis) {
                byKey.put(existing, new Entry(accountId, nowMillis + VALIDITY_MILLIS));
                return existing;
            }
            byKey.remove(existing);
            ended.accept(existing);
        }
        if (byKey.size() >= MAX_KEYS) {
            purge(nowMillis);
            if (byKey.size() >= MAX_KEYS) {
                throw ApiError.serverBusy().exception();
            }
        }
        final String key = ApiKeyStore.random(60);
        byKey.put(key, new Entry(accountId, nowMillis + VALIDITY_MILLIS));
        byAccount.put(accountId, key);
        return key;
    }

    /** Extends a key of this account; {@code -1125} when unknown or expired. */
    public synchronized void keepAlive(final String key, final long accountId, final long nowMillis) {
        final Entry entry = byKey.get(key);
        if (entry == null || entry.accountId() != accountId || entry.expiresMillis() <= nowMillis) {
            throw ApiError.invalidListenKey().exception();
        }
        byKey.put(key, new Entry(accountId, nowMillis + VALIDITY_MILLIS));
    }

    /** Closes a key of this account; {@code -1125} when unknown. */
    public synchronized void close(final String key, final long accountId) {
        final Entry entry = byKey.get(key);
        if (entry == null || entry.accountId() != accountId) {
            throw ApiError.invalidListenKey().exception();
        }
        byKey.remove(key);
        byAccount.remove(accountId, key);
        ended.accept(key);
    }

    /** The account a live key belongs to, or -1. */
    public long accountOf(final String key, final long nowMillis) {
        final Entry entry = byKey.get(key);
        return entry == null || entry.expiresMillis() <= nowMillis ? -1 : entry.accountId();
    }

    /** Drops expired keys. */
    public synchronized void purge(final long nowMillis) {
        byKey.entrySet().removeIf(e -> {
            if (e.getValue().expiresMillis() <= nowMillis) {
                byAccount.remove(e.getValue().accountId(), e.getKey());
                ended.accept(e.getKey());
                return true;
            }
            return false;
        });
    }
}
