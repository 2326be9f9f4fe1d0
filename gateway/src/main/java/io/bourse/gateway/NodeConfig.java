package io.bourse.gateway;

import java.nio.file.Path;

import io.bourse.gateway.ws.MarketStreamsConfig;

/**
 * Everything an {@link ExchangeNode} is started with.
 *
 * @param dataDir              journal, snapshots, API keys, admin token, history database
 * @param host                 the address the HTTP server binds (127.0.0.1 by default)
 * @param port                 the HTTP port (0: any free one)
 * @param adminToken           the admin API's bearer token, or null to use the one in the data directory (created once)
 * @param marketsFile          a markets file, or null for the built-in BTCUSDT and ETHUSDT
 * @param rateLimits           request and order limits
 * @param historyJdbcUrl       the history database, or null for SQLite in the data directory ({@code memory:} keeps it in memory)
 * @param fsync                whether the journal forces every batch to disk
 * @param eventLoops           HTTP event-loop threads
 * @param commandTimeoutMillis how long a request waits for its command's result before {@code -1007}
 * @param historyWaitMillis    how long a history read waits for the projection to catch up before {@code -1007}
 * @param marketStreams        limits and timings of the WebSocket market streams
 */
public record NodeConfig(Path dataDir, String host, int port, String adminToken, Path marketsFile, RateLimiter.Limits rateLimits,
    String historyJdbcUrl, boolean fsync, int eventLoops, long commandTimeoutMillis, long historyWaitMillis, MarketStreamsConfig marketStreams) {

    /** The embedded defaults for a data directory: 127.0.0.1:8080, Binance's limits, the built-in markets. */
    public static NodeConfig defaults(final Path dataDir) {
        return new NodeConfig(dataDir, "127.0.0.1", 8080, null, null, RateLimiter.Limits.binance(), null, true,
            Math.max(1, Runtime.getRuntime().availableProcessors()), 10_000, 5_000, MarketStreamsConfig.defaults());
    }

    /** With another port. */
    public NodeConfig withPort(final int value) {
        return new NodeConfig(dataDir, host, value, adminToken, marketsFile, rateLimits, historyJdbcUrl, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With an admin token. */
    public NodeConfig withAdminToken(final String value) {
        return new NodeConfig(dataDir, host, port, value, marketsFile, rateLimits, historyJdbcUrl, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With a markets file. */
    public NodeConfig withMarketsFile(final Path value) {
        return new NodeConfig(dataDir, host, port, adminToken, value, rateLimits, historyJdbcUrl, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With other rate limits. */
    public NodeConfig withRateLimits(final RateLimiter.Limits value) {
        return new NodeConfig(dataDir, host, port, adminToken, marketsFile, value, historyJdbcUrl, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With a history database. */
    public NodeConfig withHistoryJdbcUrl(final String value) {
        return new NodeConfig(dataDir, host, port, adminToken, marketsFile, rateLimits, value, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With or without fsync per batch. */
    public NodeConfig withFsync(final boolean value) {
        return new NodeConfig(dataDir, host, port, adminToken, marketsFile, rateLimits, historyJdbcUrl, value, eventLoops, commandTimeoutMillis,
            historyWaitMillis, marketStreams);
    }

    /** With other market stream limits and timings. */
    public NodeConfig withMarketStreams(final MarketStreamsConfig value) {
        return new NodeConfig(dataDir, host, port, adminToken, marketsFile, rateLimits, historyJdbcUrl, fsync, eventLoops, commandTimeoutMillis,
            historyWaitMillis, value);
    }
}
