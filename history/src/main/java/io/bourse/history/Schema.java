package io.bourse.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's tables, one schema for both databases. Enums are stored by name (readable in ad-hoc SQL); times are
 * epoch milliseconds; amounts are the engine's raw units. Per symbol, order ids and trade ids grow with time (the
 * engine's clock never runs backwards), so a time bound is turned into an id bound through the time indexes and every
 * list query is a range scan of an id index.
 *
 * <ul>
 *   <li>{@code projection}: one row, the last projected sequence number, written in the same transaction as the data
 *       it covers.</li>
 *   <li>{@code orders}: every accepted order; indexes for an account's orders, client order ids and time.</li>
 *   <li>{@code trades}: every trade with both sides (one row, not one per account), and the aggregate trade it
 *       belongs to; indexes for the buyer's and the seller's trades, each side's order, and time.</li>
 *   <li>{@code agg_trades}: aggregate trades, ids dense per symbol, assigned at projection time.</li>
 *   <li>{@code klines}: every interval maintained incrementally; the first and last trade ids serve the 24-hour
 *       ticker, which sums whole minutes from here.</li>
 * </ul>
 */
final class Schema {
    /** Bumped when the tables change incompatibly; a database of another version is refused. */
    static final int VERSION = 1;

    static final String ORDER_COLUMNS = "symbol_id, order_id, account_id, client_order_id, side, order_type, time_in_force, price, "
        + "orig_qty, executed_qty, cumulative_quote_qty, status, stop_price, orig_quote_order_qty, time_ms, update_time_ms, "
        + "working_time_ms, stp_mode";
    static final String TRADE_COLUMNS = "symbol_id, trade_id, price, quantity, quote_qty, time_ms, taker_side, buy_order_id, "
        + "buy_account_id, buyer_fee, sell_order_id, sell_account_id, seller_fee";
    static final String AGG_COLUMNS = "agg_id, price, quantity, first_trade_id, last_trade_id, time_ms, buyer_is_maker";
    static final String KLINE_COLUMNS = "open_time_ms, open_price, high_price, low_price, close_price, volume, close_time_ms, "
        + "quote_volume, trade_count, taker_buy_base_volume, taker_buy_quote_volume, first_trade_id, last_trade_id";

    private Schema() {
    }

    private static List<String> ddl(final SqlDialect dialect) {
        final String options = dialect.tableOptions();
        return List.of(
            "CREATE TABLE IF NOT EXISTS projection (id INTEGER NOT NULL PRIMARY KEY, last_seq BIGINT NOT NULL, "
                + "schema_version INTEGER NOT NULL)",
            "INSERT INTO projection (id, last_seq, schema_version) VALUES (1, 0, " + VERSION + ") ON CONFLICT (id) DO NOTHING",
            "CREATE TABLE IF NOT EXISTS orders ("
                + "symbol_id INTEGER NOT NULL, order_id BIGINT NOT NULL, account_id BIGINT NOT NULL, client_order_id TEXT, "
                + "side TEXT NOT NULL, order_type TEXT NOT NULL, time_in_force TEXT, price BIGINT NOT NULL, orig_qty BIGINT NOT NULL, "
                + "executed_qty BIGINT NOT NULL, cumulative_quote_qty BIGINT NOT NULL, status TEXT NOT NULL, stop_price BIGINT NOT NULL, "
                + "orig_quote_order_qty BIGINT NOT NULL, time_ms BIGINT NOT NULL, update_time_ms BIGINT NOT NULL, "
                + "working_time_ms BIGINT NOT NULL, stp_mode TEXT NOT NULL, PRIMARY KEY (symbol_id, order_id))" + options,
            "CREATE INDEX IF NOT EXISTS orders_by_account ON orders (account_id, symbol_id, order_id)",
            "CREATE INDEX IF NOT EXISTS orders_by_client_id ON orders (account_id, symbol_id, client_order_id, order_id)",
            "CREATE INDEX IF NOT EXISTS orders_by_time ON orders (symbol_id, time_ms, order_id)",
            "CREATE TABLE IF NOT EXISTS trades ("
                + "symbol_id INTEGER NOT NULL, trade_id BIGINT NOT NULL, price BIGINT NOT NULL, quantity BIGINT NOT NULL, "
                + "quote_qty BIGINT NOT NULL, time_ms BIGINT NOT NULL, taker_side TEXT NOT NULL, buy_order_id BIGINT NOT NULL, "
                + "buy_account_id BIGINT NOT NULL, buyer_fee BIGINT NOT NULL, sell_order_id BIGINT NOT NULL, "
                + "sell_account_id BIGINT NOT NULL, seller_fee BIGINT NOT NULL, agg_id BIGINT NOT NULL, "
                + "PRIMARY KEY (symbol_id, trade_id))" + options,
            "CREATE INDEX IF NOT EXISTS trades_by_time ON trades (symbol_id, time_ms, trade_id)",
            "CREATE INDEX IF NOT EXISTS trades_by_buyer ON trades (buy_account_id, symbol_id, trade_id)",
            "CREATE INDEX IF NOT EXISTS trades_by_seller ON trades (sell_account_id, symbol_id, trade_id)",
            "CREATE INDEX IF NOT EXISTS trades_by_buy_order ON trades (symbol_id, buy_order_id)",
            "CREATE INDEX IF NOT EXISTS trades_by_sell_order ON trades (symbol_id, sell_order_id)",
            "CREATE TABLE IF NOT EXISTS agg_trades ("
                + "symbol_id INTEGER NOT NULL, agg_id BIGINT NOT NULL, price BIGINT NOT NULL, quantity BIGINT NOT NULL, "
                + "first_trade_id BIGINT NOT NULL, last_trade_id BIGINT NOT NULL, time_ms BIGINT NOT NULL, "
                + "buyer_is_maker INTEGER NOT NULL, taker_order_id BIGINT NOT NULL, PRIMARY KEY (symbol_id, agg_id))" + options,
            "CREATE TABLE IF NOT EXISTS klines ("
                + "symbol_id INTEGER NOT NULL, interval_code TEXT NOT NULL, open_time_ms BIGINT NOT NULL, close_time_ms BIGINT NOT NULL, "
                + "open_price BIGINT NOT NULL, high_price BIGINT NOT NULL, low_price BIGINT NOT NULL, close_price BIGINT NOT NULL, "
                + "volume BIGINT NOT NULL, quote_volume BIGINT NOT NULL, trade_count BIGINT NOT NULL, "
                + "taker_buy_base_volume BIGINT NOT NULL, taker_buy_quote_volume BIGINT NOT NULL, first_trade_id BIGINT NOT NULL, "
                + "last_trade_id BIGINT NOT NULL, PRIMARY KEY (symbol_id, interval_code, open_time_ms))" + options);
    }

    /** Creates what is missing and checks the version; commits. Returns the last projected sequence number. */
    static long create(final Connection connection, final SqlDialect dialect) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (final String sql : ddl(dialect)) {
                statement.execute(sql);
            }
        }
        connection.commit();
        try (PreparedStatement statement = connection.prepareStatement("SELECT last_seq, schema_version FROM projection WHERE id = 1");
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new HistoryStoreException("the projection row is missing");
            }
            final int version = row.getInt(2);
            if (version != VERSION) {
                throw new HistoryStoreException("the history database has schema version " + version + ", this build expects " + VERSION
                    + ": move it away and let the projector rebuild it from the journal");
            }
            final long seq = row.getLong(1);
            connection.commit();
            return seq;
        }
    }
}
