package io.bourse.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.bourse.engine.Event;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;
import io.bourse.marketdata.KlineInterval;

/**
 * The {@link HistoryStore} on JDBC: SQLite ({@code jdbc:sqlite:<file>}, the default, in the data directory) or
 * PostgreSQL ({@code jdbc:postgresql://host:port/db}, user and password in the URL or the properties). One schema
 * ({@link Schema}); the few differences live in {@link SqlDialect}.
 *
 * <p>Writes: {@link #apply} merges events in memory ({@link ProjectionBuffer}); {@link #flush()} writes them and the
 * new last sequence number in one transaction on the one writing connection, so a crash never applies a command twice
 * nor half of one. {@code apply} and {@code flush} belong to one thread (the projector's).
 *
 * <p>Reads: any thread; each query borrows a connection of its own from a small pool (SQLite in WAL mode lets readers
 * run beside the writer) and sees only committed data.
 *
 * <p>Durability: SQLite runs with synchronous=NORMAL and PostgreSQL's projector session with synchronous_commit=off,
 * so a commit does not wait for the disk: after a machine crash the last fraction of a second may be missing, and the
 * projector's catch-up from the journal restores it, since the sequence number and the data always commit together.
 */
public final class JdbcHistoryStore implements HistoryStore {
    /** The most query connections open at once. */
    public static final int MAX_READERS = 8;
    /** Pending rows beyond which {@link #apply} commits by itself, so that a long catch-up runs in bounded memory. */
    static final int AUTO_FLUSH_ROWS = 50_000;
    /** The file name of the default SQLite database in a data directory. */
    public static final String DEFAULT_FILE_NAME = "history.db";

    private static final System.Logger LOG = System.getLogger(JdbcHistoryStore.class.getName());
    private static final long MINUTE_MILLIS = 60_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    private static final String UPDATE_SEQ = "UPDATE projection SET last_seq = ? WHERE id = 1";
    private static final String ORDER_BY_ID = "SELECT " + Schema.ORDER_COLUMNS + " FROM orders "
        + "WHERE symbol_id = ? AND order_id = ? AND account_id = ?";
    private static final String ORDER_BY_CLIENT_ID = "SELECT " + Schema.ORDER_COLUMNS + " FROM orders "
        + "WHERE account_id = ? AND symbol_id = ? AND client_order_id = ? ORDER BY order_id DESC LIMIT 1";
    private static final String FIRST_ORDER_AT = "SELECT order_id FROM orders WHERE symbol_id = ? AND time_ms >= ? "
        + "ORDER BY time_ms, order_id LIMIT 1";
    private static final String LAST_ORDER_AT = "SELECT order_id FROM orders WHERE symbol_id = ? AND time_ms <= ? "
        + "ORDER BY time_ms DESC, order_id DESC LIMIT 1";
    private static final String ALL_ORDERS = "SELECT " + Schema.ORDER_COLUMNS + " FROM orders "
        + "WHERE account_id = ? AND symbol_id = ? AND order_id >= ? AND order_id <= ? ORDER BY order_id ";
    private static final String FIRST_TRADE_AT = "SELECT trade_id, agg_id FROM trades WHERE symbol_id = ? AND time_ms >= ? "
        + "ORDER BY time_ms, trade_id LIMIT 1";
    private static final String LAST_TRADE_AT = "SELECT trade_id, agg_id FROM trades WHERE symbol_id = ? AND time_ms <= ? "
        + "ORDER BY time_ms DESC, trade_id DESC LIMIT 1";
    private static final String TRADES = "SELECT " + Schema.TRADE_COLUMNS + " FROM trades "
        + "WHERE symbol_id = ? AND trade_id >= ? ORDER BY trade_id ";
    private static final String TRADE_PRICE = "SELECT price, quantity FROM trades WHERE symbol_id = ? AND trade_id = ?";
    private static final String AGG_TRADES = "SELECT " + Schema.AGG_COLUMNS + " FROM agg_trades "
        + "WHERE symbol_id = ? AND agg_id >= ? AND agg_id <= ? ORDER BY agg_id ";
    private static final String KLINES = "SELECT " + Schema.KLINE_COLUMNS + " FROM klines "
        + "WHERE symbol_id = ? AND interval_code = ? AND open_time_ms >= ? AND open_time_ms <= ? ORDER BY open_time_ms ";
    private static final String WINDOW_TRADES = "SELECT COUNT(*), SUM(quantity), SUM(quote_qty), MAX(price), MIN(price), "
        + "MIN(trade_id), MAX(trade_id) FROM trades WHERE symbol_id = ? AND time_ms >= ? AND time_ms <= ?";
    private static final String WINDOW_MINUTES = "SELECT SUM(trade_count), SUM(volume), SUM(quote_volume), MAX(high_price), "
        + "MIN(low_price), MIN(first_trade_id), MAX(last_trade_id) FROM klines WHERE symbol_id = ? AND interval_code = '"
        + KlineInterval.M1.code() + "' AND open_time_ms >= ? AND open_time_ms <= ?";
    /** [ascending][by order]: an account's trades are its buys and its sells, each side through its own index. */
    private static final String[][] MY_TRADES = {
        {myTradesSql(false, false), myTradesSql(false, true)},
        {myTradesSql(true, false), myTradesSql(true, true)},
    };

    private final String url;
    private final Properties properties;
    private final SqlDialect dialect;
    private final ProjectionBuffer buffer = new ProjectionBuffer();
    private final ReaderPool readers;

    // Projector thread only.
    private CachedConnection writer;
    private long appliedSeq;
    private int unknownOrdersLogged;

    private volatile long committedSeq;
    private volatile boolean closed;

    private JdbcHistoryStore(final String url, final Properties properties, final SqlDialect dialect) {
        this.url = url;
        this.properties = properties;
        this.dialect = dialect;
        this.readers = new ReaderPool(() -> {
            final Connection connection = connect();
            try {
                dialect.configureReader(connection);
            } catch (final SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        }, MAX_READERS);
    }

    /** Opens (creating its tables if needed) the history database at a JDBC URL. */
    public static JdbcHistoryStore open(final String jdbcUrl) {
        return open(jdbcUrl, new Properties());
    }

    /** Opens the history database at a JDBC URL with connection properties (e.g. {@code user} and {@code password}). */
    public static JdbcHistoryStore open(final String jdbcUrl, final Properties properties) {
        final SqlDialect dialect = SqlDialect.of(jdbcUrl);
        dialect.prepare(jdbcUrl);
        final JdbcHistoryStore store = new JdbcHistoryStore(jdbcUrl, dialect.properties(properties), dialect);
        try {
            store.writer();
        } catch (final SQLException | RuntimeException e) {
            store.close();
            throw new HistoryStoreException("cannot open the history database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The default database of a data directory: SQLite, {@value #DEFAULT_FILE_NAME}. */
    public static String defaultUrl(final Path dataDirectory) {
        return "jdbc:sqlite:" + dataDirectory.resolve(DEFAULT_FILE_NAME).toAbsolutePath();
    }

    /** The URL with any password masked, for messages. */
    static String redact(final String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    private CachedConnection writer() throws SQLException {
        if (closed) {
            throw new HistoryStoreException("the history store is closed");
        }
        if (writer == null) {
            final Connection connection = connect();
            try {
                dialect.configureWriter(connection);
                final long seq = Schema.create(connection, dialect);
                writer = new CachedConnection(connection);
                committedSeq = seq;
                appliedSeq = seq;
            } catch (final SQLException | RuntimeException e) {
                try {
                    connection.close();
                } catch (final SQLException ignored) {
                    // the original failure matters
                }
                throw e;
            }
        }
        return writer;
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public void apply(final long seq, final List<Event> events) {
        try {
            final CachedConnection connection = writer();
            if (seq <= appliedSeq) {
                return;
            }
            for (final Event event : events) {
                buffer.accept(connection, event);
            }
            appliedSeq = seq;
        } catch (final SQLException | RuntimeException e) {
            fail();
            throw new HistoryStoreException("history projection of seq " + seq + " failed: " + e.getMessage(), e);
        }
        if (buffer.pendingRows() >= AUTO_FLUSH_ROWS) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (writer == null || appliedSeq == committedSeq) {
            return;
        }
        try {
            final CachedConnection connection = writer();
            buffer.write(connection);
            final PreparedStatement statement = connection.prepare(UPDATE_SEQ);
            statement.setLong(1, appliedSeq);
            statement.executeUpdate();
            connection.connection().commit();
            buffer.committed();
            committedSeq = appliedSeq;
        } catch (final SQLException | RuntimeException e) {
            final long failedSeq = appliedSeq;
            fail();
            throw new HistoryStoreException("history commit up to seq " + failedSeq + " failed: " + e.getMessage(), e);
        }
        if (buffer.unknownOrders() > unknownOrdersLogged) {
            LOG.log(System.Logger.Level.WARNING, (buffer.unknownOrders() - unknownOrdersLogged)
                + " order updates found no order row (a history that does not start at seq 1?)");
            unknownOrdersLogged = buffer.unknownOrders();
        }
    }

    /** Drops the pending writes and the connection; the next apply reconnects and rereads the last committed seq. */
    private void fail() {
        buffer.discard();
        appliedSeq = committedSeq;
        if (writer != null) {
            try {
                writer.connection().rollback();
            } catch (final SQLException ignored) {
                // the connection may be gone
            }
            writer.close();
            writer = null;
        }
    }

    @Override
    public long lastProjectedSeq() {
        return committedSeq;
    }

    /** Closes the connections; what was applied but not flushed is discarded (as a crash would). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.close();
        if (writer != null) {
            try {
                writer.connection().rollback();
            } catch (final SQLException ignored) {
                // closing anyway
            }
            writer.close();
            writer = null;
        }
        buffer.discard();
    }

    // ------------------------------------------------------------------------------------------------ queries

    @FunctionalInterface
    private interface Query<T> {
        T run(CachedConnection connection) throws SQLException;
    }

    /**
     * Runs a query on a pooled connection. A pooled connection can have died meanwhile (a database restart, an idle
     * timeout): when a query fails on a connection that is no longer valid, it runs once more on a new one.
     */
    private <T> T read(final Query<T> query) {
        for (int attempt = 1;; attempt++) {
            if (closed) {
                throw new HistoryStoreException("the history store is closed");
            }
            final CachedConnection connection;
            try {
                connection = readers.borrow();
            } catch (final SQLException e) {
                throw new HistoryStoreException("cannot connect to the history database: " + e.getMessage(), e);
            }
            boolean ok = false;
            try {
                final T result = query.run(connection);
                ok = true;
                return result;
            } catch (final SQLException e) {
                if (attempt == 1 && !valid(connection)) {
                    continue;
                }
                throw new HistoryStoreException("history query failed: " + e.getMessage(), e);
            } finally {
                readers.release(connection, !ok);
            }
        }
    }

    private static boolean valid(final CachedConnection connection) {
        try {
            return connection.connection().isValid(2);
        } catch (final SQLException e) {
            return false;
        }
    }

    /**
     * {@inheritDoc} When both are given, the order found by id must also carry the client order id (as Binance
     * checks). A client order id names the account's most recent order with it (ids may be reused once closed).
     */
    @Override
    public Optional<OrderRecord> order(final int symbolId, final long accountId, final long orderId, final String clientOrderId) {
        if (orderId <= 0 && clientOrderId == null) {
            return Optional.empty();
        }
        return read(connection -> {
            final PreparedStatement statement;
            if (orderId > 0) {
                statement = connection.prepare(ORDER_BY_ID);
                statement.setInt(1, symbolId);
                statement.setLong(2, orderId);
                statement.setLong(3, accountId);
            } else {
                statement = connection.prepare(ORDER_BY_CLIENT_ID);
                statement.setLong(1, accountId);
                statement.setInt(2, symbolId);
                statement.setString(3, clientOrderId);
            }
            final List<OrderRecord> rows = orders(statement);
            if (rows.isEmpty() || orderId > 0 && clientOrderId != null && !clientOrderId.equals(rows.get(0).clientOrderId())) {
                return Optional.empty();
            }
            return Optional.of(rows.get(0));
        });
    }

    /**
     * {@inheritDoc} Filters combine. With {@code fromOrderId} or a start time the oldest {@code limit} orders that match
     * are returned, otherwise (nothing, or only an end time) the newest {@code limit}; either way oldest first.
     */
    @Override
    public List<OrderRecord> allOrders(
        final int symbolId, final long accountId, final Long fromOrderId, final Long startTimeMillis, final Long endTimeMillis,
        final int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(connection -> {
            final long[] range = idRange(connection, FIRST_ORDER_AT, LAST_ORDER_AT, 1, symbolId, fromOrderId, startTimeMillis,
                endTimeMillis);
            if (range == null) {
                return List.of();
            }
            final boolean ascending = fromOrderId != null || startTimeMillis != null;
            final PreparedStatement statement = connection.prepare(ALL_ORDERS + (ascending ? "ASC" : "DESC") + " LIMIT ?");
            statement.setLong(1, accountId);
            statement.setInt(2, symbolId);
            statement.setLong(3, range[0]);
            statement.setLong(4, range[1]);
            statement.setInt(5, limit);
            return oldestFirst(orders(statement), ascending);
        });
    }

    /**
     * {@inheritDoc} Filters combine; ordering as {@link #allOrders}. A trade of the account with itself (possible only
     * with self-trade prevention NONE) is one record, naming both of its orders.
     */
    @Override
    public List<TradeRecord> myTrades(
        final int symbolId, final long accountId, final Long orderId, final Long fromTradeId, final Long startTimeMillis,
        final Long endTimeMillis, final int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(connection -> {
            final long[] range = idRange(connection, FIRST_TRADE_AT, LAST_TRADE_AT, 1, symbolId, fromTradeId, startTimeMillis,
                endTimeMillis);
            if (range == null) {
                return List.of();
            }
            final boolean ascending = fromTradeId != null || startTimeMillis != null;
            final PreparedStatement statement = connection.prepare(MY_TRADES[ascending ? 1 : 0][orderId != null ? 1 : 0]);
            int p = 1;
            for (int side = 0; side < 2; side++) {
                statement.setLong(p++, accountId);
                statement.setInt(p++, symbolId);
                statement.setLong(p++, range[0]);
                statement.setLong(p++, range[1]);
                if (orderId != null) {
                    statement.setLong(p++, orderId);
                }
                statement.setInt(p++, limit);
            }
            statement.setInt(p, limit);
            return oldestFirst(trades(statement), ascending);
        });
    }

    private static String myTradesSql(final boolean ascending, final boolean byOrder) {
        final String direction = ascending ? "ASC" : "DESC";
        final StringBuilder sql = new StringBuilder();
        for (final String side : new String[] {"buy", "sell"}) {
            if (sql.length() > 0) {
                sql.append(" UNION ");
            }
            sql.append("SELECT * FROM (SELECT ").append(Schema.TRADE_COLUMNS).append(" FROM trades WHERE ").append(side)
                .append("_account_id = ? AND symbol_id = ? AND trade_id >= ? AND trade_id <= ?");
            if (byOrder) {
                sql.append(" AND ").append(side).append("_order_id = ?");
            }
            sql.append(" ORDER BY trade_id ").append(direction).append(" LIMIT ?) ").append(side).append("_side");
        }
        return sql.append(" ORDER BY trade_id ").append(direction).append(" LIMIT ?").toString();
    }

    @Override
    public List<TradeRecord> trades(final int symbolId, final Long fromTradeId, final int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(connection -> {
            final boolean ascending = fromTradeId != null;
            final PreparedStatement statement = connection.prepare(TRADES + (ascending ? "ASC" : "DESC") + " LIMIT ?");
            statement.setInt(1, symbolId);
            statement.setLong(2, ascending ? fromTradeId : Long.MIN_VALUE);
            statement.setInt(3, limit);
            return oldestFirst(trades(statement), ascending);
        });
    }

    /**
     * {@inheritDoc} Filters combine; with {@code fromAggId} or a start time the oldest matching {@code limit}, else the
     * newest. A time bound selects the aggregates whose trades fall inside it.
     */
    @Override
    public List<AggTradeRecord> aggTrades(
        final int symbolId, final Long fromAggId, final Long startTimeMillis, final Long endTimeMillis, final int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(connection -> {
            final long[] range = idRange(connection, FIRST_TRADE_AT, LAST_TRADE_AT, 2, symbolId, fromAggId, startTimeMillis,
                endTimeMillis);
            if (range == null) {
                return List.of();
            }
            final boolean ascending = fromAggId != null || startTimeMillis != null;
            final PreparedStatement statement = connection.prepare(AGG_TRADES + (ascending ? "ASC" : "DESC") + " LIMIT ?");
            statement.setInt(1, symbolId);
            statement.setLong(2, range[0]);
            statement.setLong(3, range[1]);
            statement.setInt(4, limit);
            final List<AggTradeRecord> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new AggTradeRecord(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                        row.getLong(6), row.getInt(7) != 0));
                }
            }
            return oldestFirst(rows, ascending);
        });
    }

    /**
     * {@inheritDoc} The klines whose open time lies in [start, end]; with a start time the oldest {@code limit} of them,
     * otherwise the newest.
     */
    @Override
    public List<KlineRecord> klines(
        final int symbolId, final KlineInterval interval, final Long startTimeMillis, final Long endTimeMillis, final int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return read(connection -> {
            final boolean ascending = startTimeMillis != null;
            final PreparedStatement statement = connection.prepare(KLINES + (ascending ? "ASC" : "DESC") + " LIMIT ?");
            statement.setInt(1, symbolId);
            statement.setString(2, interval.code());
            statement.setLong(3, startTimeMillis == null ? Long.MIN_VALUE : startTimeMillis);
            statement.setLong(4, endTimeMillis == null ? Long.MAX_VALUE : endTimeMillis);
            statement.setInt(5, limit);
            final List<KlineRecord> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new KlineRecord(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                        row.getLong(6), row.getLong(7), row.getLong(8), row.getLong(9), row.getLong(10), row.getLong(11)));
                }
            }
            return oldestFirst(rows, ascending);
        });
    }

    /**
     * {@inheritDoc} The window [now - 24h, now], both ends included, to the millisecond: the whole minutes inside it
     * are summed from the 1m klines, the partial minutes at its two ends from the trades, so the cost does not grow
     * with the day's number of trades. With no trade in the window every price and volume is 0 and the trade ids -1.
     */
    @Override
    public TickerRecord ticker24h(final int symbolId, final long nowMillis) {
        final long start = nowMillis - DAY_MILLIS;
        final long firstMinute = Math.floorDiv(start + MINUTE_MILLIS - 1, MINUTE_MILLIS) * MINUTE_MILLIS;
        final long lastMinute = Math.floorDiv(nowMillis + 1, MINUTE_MILLIS) * MINUTE_MILLIS - MINUTE_MILLIS;
        return read(connection -> {
            final WindowStats stats = new WindowStats();
            if (firstMinute <= lastMinute) {
                stats.add(connection.prepare(WINDOW_TRADES), symbolId, start, firstMinute - 1);
                stats.add(connection.prepare(WINDOW_MINUTES), symbolId, firstMinute, lastMinute);
                stats.add(connection.prepare(WINDOW_TRADES), symbolId, lastMinute + MINUTE_MILLIS, nowMillis);
            } else {
                stats.add(connection.prepare(WINDOW_TRADES), symbolId, start, nowMillis);
            }
            // The last trade before the window: the one before its first (ids are consecutive per symbol), or, with an
            // empty window, the last at or before its start minus a millisecond.
            final Long before = stats.count > 0 ? (Long) (stats.firstTradeId - 1) : idAt(connection.prepare(LAST_TRADE_AT), 1, symbolId, start - 1);
            final long prevClose = before == null || before < 1 ? 0 : priceAndQuantity(connection, symbolId, before)[0];
            if (stats.count == 0) {
                return new TickerRecord(0, 0, 0, 0, 0, 0, 0, start, nowMillis, -1, -1, 0, prevClose);
            }
            final long[] first = priceAndQuantity(connection, symbolId, stats.firstTradeId);
            final long[] last = priceAndQuantity(connection, symbolId, stats.lastTradeId);
            return new TickerRecord(first[0], stats.high, stats.low, last[0], last[1], stats.volume, stats.quoteVolume, start,
                nowMillis, stats.firstTradeId, stats.lastTradeId, stats.count, prevClose);
        });
    }

    /** Sums of a window's parts. */
    private static final class WindowStats {
        long count;
        long volume;
        long quoteVolume;
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long firstTradeId = Long.MAX_VALUE;
        long lastTradeId = Long.MIN_VALUE;

        /** Adds one part; both statements return count, volume, quote volume, high, low, first and last trade id. */
        void add(final PreparedStatement statement, final int symbolId, final long from, final long to) throws SQLException {
            if (from > to) {
                return;
            }
            statement.setInt(1, symbolId);
            statement.setLong(2, from);
            statement.setLong(3, to);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return;
                }
                final long partCount = row.getLong(1);
                if (partCount == 0) {
                    return;
                }
                count += partCount;
                volume = Candle.saturatingAdd(volume, row.getLong(2));
                quoteVolume = Candle.saturatingAdd(quoteVolume, row.getLong(3));
                high = Math.max(high, row.getLong(4));
                low = Math.min(low, row.getLong(5));
                firstTradeId = Math.min(firstTradeId, row.getLong(6));
                lastTradeId = Math.max(lastTradeId, row.getLong(7));
            }
        }
    }

    private static long[] priceAndQuantity(final CachedConnection connection, final int symbolId, final long tradeId) throws SQLException {
        final PreparedStatement statement = connection.prepare(TRADE_PRICE);
        statement.setInt(1, symbolId);
        statement.setLong(2, tradeId);
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("trade " + tradeId + " of symbol " + symbolId + " is missing");
            }
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    /**
     * The id bounds [low, high] of a list query: from an id, and from the first row at or after the start time to the
     * last at or before the end time (column {@code idColumn} of the time statements); null when nothing can match.
     */
    private static long[] idRange(
        final CachedConnection connection, final String firstAt, final String lastAt, final int idColumn, final int symbolId,
        final Long fromId, final Long startTimeMillis, final Long endTimeMillis) throws SQLException {
        long low = fromId == null ? Long.MIN_VALUE : fromId;
        long high = Long.MAX_VALUE;
        if (startTimeMillis != null) {
            final Long id = idAt(connection.prepare(firstAt), idColumn, symbolId, startTimeMillis);
            if (id == null) {
                return null;
            }
            low = Math.max(low, id);
        }
        if (endTimeMillis != null) {
            final Long id = idAt(connection.prepare(lastAt), idColumn, symbolId, endTimeMillis);
            if (id == null) {
                return null;
            }
            high = id;
        }
        return low <= high ? new long[] {low, high} : null;
    }

    private static Long idAt(final PreparedStatement statement, final int column, final int symbolId, final long timeMillis)
        throws SQLException {
        statement.setInt(1, symbolId);
        statement.setLong(2, timeMillis);
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(column) : null;
        }
    }

    private static <T> List<T> oldestFirst(final List<T> rows, final boolean ascending) {
        if (!ascending) {
            Collections.reverse(rows);
        }
        return rows;
    }

    private static List<OrderRecord> orders(final PreparedStatement statement) throws SQLException {
        final List<OrderRecord> rows = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                final String timeInForce = row.getString(7);
                rows.add(new OrderRecord(row.getInt(1), row.getLong(2), row.getLong(3), row.getString(4), Side.valueOf(row.getString(5)),
                    OrderType.valueOf(row.getString(6)), timeInForce == null ? null : TimeInForce.valueOf(timeInForce), row.getLong(8),
                    row.getLong(9), row.getLong(10), row.getLong(11), OrderStatus.valueOf(row.getString(12)), row.getLong(13),
                    row.getLong(14), row.getLong(15), row.getLong(16), row.getLong(17), StpMode.valueOf(row.getString(18))));
            }
        }
        return rows;
    }

    private static List<TradeRecord> trades(final PreparedStatement statement) throws SQLException {
        final List<TradeRecord> rows = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                rows.add(new TradeRecord(row.getInt(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
                    Side.valueOf(row.getString(7)), row.getLong(8), row.getLong(9), row.getLong(10), row.getLong(11), row.getLong(12),
                    row.getLong(13)));
            }
        }
        return rows;
    }
}
