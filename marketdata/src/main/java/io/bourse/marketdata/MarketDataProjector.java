package io.bourse.marketdata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

/**
 * Projects the engine's events into Binance's market data: per symbol, the aggregated order book with a
 * {@code lastUpdateId}, the level changes of every command (diff depth), trades, aggregate trades, klines of every
 * interval, the rolling 24-hour ticker and the book ticker. It publishes typed, immutable updates to one
 * {@link MarketDataListener}, and answers {@link #depth} snapshots consistent with the diffs on any thread.
 *
 * <h2>Threads</h2>
 * {@link #onCommand}, {@link #advanceTime}, {@link #bootstrap} and {@link #ticker} run on one thread, the sequencer's,
 * in sequence order. {@link #depth}, {@link #lastUpdateId}, {@link #symbolId} and {@link #publish} are safe on any
 * thread.
 *
 * <h2>The book from the events</h2>
 * An order adds its remaining quantity to its level when it comes to rest: a GTC LIMIT or a LIMIT_MAKER accepted in a
 * command, or a GTC STOP_LOSS_LIMIT/TAKE_PROFIT_LIMIT triggered in it, that has not closed by the end of that command.
 * A trade takes its quantity from the maker's level; a close (fill, cancel, expiry) removes what is left. The changes of
 * one command are netted per price and applied at its end, all at once.
 *
 * <h2>Update ids</h2>
 * Each symbol's {@code lastUpdateId} goes up by exactly one for every command that changed at least one of its levels
 * (a command whose changes cancel out changes nothing and publishes no diff). A command's diff has
 * {@code U == u == lastUpdateId}, so the diffs of a symbol have no gaps: each {@code U} is the previous {@code u + 1}.
 * A {@link #depth} snapshot with {@code lastUpdateId = L} is exactly the book after the diff {@code u = L}.
 */
public final class MarketDataProjector {
    /** The most levels per side a {@link #depth} snapshot returns (Binance's REST maximum). */
    public static final int MAX_DEPTH_LIMIT = 5000;
    static final long NANOS_PER_MILLI = 1_000_000L;
    /** Finished order records kept for reuse; beyond this they are left to the garbage collector. */
    private static final int ORDER_POOL_MAX = 1 << 16;
    private static final int ALL_KINDS = (1 << UpdateKind.values().length) - 1;

    final MarketDataListener listener;
    private volatile int publishMask = ALL_KINDS;
    /** {@link #publishMask} as read at the start of the current command. */
    private int mask = ALL_KINDS;
    private volatile SymbolProjection[] symbols = new SymbolProjection[0];
    private final Map<String, SymbolProjection> byName = new ConcurrentHashMap<>();
    private final ArrayList<SymbolProjection> touched = new ArrayList<>();
    private final ArrayDeque<RestingOrder> orderPool = new ArrayDeque<>();
    private long lastTimeNanos;
    private long lastSeq;

    /** A projector that publishes every kind of update to {@code listener}. */
    public MarketDataProjector(final MarketDataListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Which kinds of update to build and publish from now on (the state behind all of them stays current either way).
     * Safe on any thread; takes effect from the next command.
     */
    public void publish(final Set<UpdateKind> kinds) {
        int bits = 0;
        for (final UpdateKind kind : kinds) {
            bits |= 1 << kind.ordinal();
        }
        publishMask = bits;
    }

    /** The kinds being published. */
    public Set<UpdateKind> publishing() {
        final EnumSet<UpdateKind> kinds = EnumSet.noneOf(UpdateKind.class);
        final int bits = publishMask;
        for (final UpdateKind kind : UpdateKind.values()) {
            if ((bits & (1 << kind.ordinal())) != 0) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    boolean publishes(final UpdateKind kind) {
        return (mask & (1 << kind.ordinal())) != 0;
    }

    // ------------------------------------------------------------------------------------------------ the event stream

    /**
     * Projects one command's events (in the order the engine produced them) and publishes the resulting updates,
     * then {@link MarketDataListener#onCommandEnd}. Commands must come in sequence order, each exactly once.
     */
    public void onCommand(final long seq, final long timestampNanos, final List<Event> events) {
        if (seq <= lastSeq) {
            throw new IllegalArgumentException("command " + seq + " is not after " + lastSeq);
        }
        lastSeq = seq;
        lastTimeNanos = Math.max(lastTimeNanos, timestampNanos);
        final long eventMillis = lastTimeNanos / NANOS_PER_MILLI;
        mask = publishMask;
        for (int i = 0, n = events.size(); i < n; i++) {
            switch (events.get(i)) {
                case Event.OrderAccepted e -> touch(e.symbolId()).onAccepted(e, this);
                case Event.Trade e -> touch(e.symbolId()).onTrade(e, eventMillis, this);
                case Event.OrderClosed e -> touch(e.symbolId()).onClosed(e.orderId(), this);
                case Event.OrderTriggered e -> touch(e.symbolId()).onTriggered(e.orderId());
                case Event.AdminApplied e -> {
                    if (e.command() instanceof Command.AddSymbol add) {
                        addSymbol(add.spec());
                    }
                }
                default -> {
                }
            }
        }
        for (int i = 0, n = touched.size(); i < n; i++) {
            touched.get(i).finish(eventMillis, this);
        }
        touched.clear();
        listener.onCommandEnd(seq, timestampNanos);
    }

    /**
     * Lets time pass without a command: drops the seconds that left every symbol's 24-hour window (publishing the
     * tickers that changed) and publishes as closed the candles whose interval has ended. Call it periodically (say
     * every second) on the projector's thread; a time before the last command's is taken as that time.
     */
    public void advanceTime(final long nowNanos) {
        lastTimeNanos = Math.max(lastTimeNanos, nowNanos);
        final long nowMillis = lastTimeNanos / NANOS_PER_MILLI;
        mask = publishMask;
        for (final SymbolProjection s : symbols) {
            if (s != null) {
                s.advanceTime(nowMillis, this);
            }
        }
        listener.onCommandEnd(0, lastTimeNanos);
    }

    private SymbolProjection touch(final int symbolId) {
        final SymbolProjection[] known = symbols;
        final SymbolProjection s = symbolId >= 0 && symbolId < known.length ? known[symbolId] : null;
        if (s == null) {
            throw new IllegalStateException("symbol " + symbolId + " is unknown to the projector: feed it every command from the "
                + "first, or bootstrap it from the engine");
        }
        if (!s.touched) {
            s.touched = true;
            touched.add(s);
        }
        return s;
    }

    /** Registers a symbol (done by itself for every AddSymbol the engine applies); idempotent for the same spec. Projector thread. */
    public void addSymbol(final SymbolSpec spec) {
        final SymbolProjection[] known = symbols;
        final int id = spec.symbolId();
        if (id < known.length && known[id] != null) {
            if (!known[id].spec.equals(spec)) {
                throw new IllegalStateException("symbol " + id + " is already " + known[id].spec.name());
            }
            return;
        }
        final SymbolProjection s = new SymbolProjection(spec);
        final SymbolProjection[] grown = Arrays.copyOf(known, Math.max(known.length, id + 1));
        grown[id] = s;
        byName.put(spec.name(), s);
        symbols = grown;
    }

    RestingOrder newOrder() {
        final RestingOrder pooled = orderPool.poll();
        return pooled != null ? pooled : new RestingOrder();
    }

    void recycle(final RestingOrder order) {
        if (orderPool.size() < ORDER_POOL_MAX) {
            orderPool.push(order);
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * The best {@code limit} levels of each side (1 to {@link #MAX_DEPTH_LIMIT}) and the update id they are at, or
     * null for an unknown symbol. Safe on any thread; it never blocks the projector unless writes keep interrupting
     * its optimistic copy, and then only for one copy of at most {@code 2 * limit} levels.
     */
    public DepthSnapshot depth(final int symbolId, final int limit) {
        final SymbolProjection s = symbol(symbolId);
        return s == null ? null : s.snapshot(checkLimit(limit));
    }

    /** {@link #depth(int, int)} by symbol name (as the engine has it, e.g. BTCUSDT). */
    public DepthSnapshot depth(final String symbol, final int limit) {
        final SymbolProjection s = byName.get(symbol);
        return s == null ? null : s.snapshot(checkLimit(limit));
    }

    private static int checkLimit(final int limit) {
        if (limit < 1 || limit > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("depth limit " + limit + " outside 1.." + MAX_DEPTH_LIMIT);
        }
        return limit;
    }

    /** A symbol's current update id (0 before its book first changed), or -1 if unknown. Safe on any thread. */
    public long lastUpdateId(final int symbolId) {
        final SymbolProjection s = symbol(symbolId);
        return s == null ? -1 : s.lastUpdateId();
    }

    /** The id of a symbol by name, or -1. Safe on any thread. */
    public int symbolId(final String symbol) {
        final SymbolProjection s = byName.get(symbol);
        return s == null ? -1 : s.symbolId;
    }

    /** The spec of a symbol, or null. Safe on any thread. */
    public SymbolSpec symbolSpec(final int symbolId) {
        final SymbolProjection s = symbol(symbolId);
        return s == null ? null : s.spec;
    }

    /**
     * A symbol's 24-hour statistics at {@code nowNanos} with the current best bid and ask, or null if unknown. Projector
     * thread only (the gateway's periodic pushes can instead keep the latest published ticker and book ticker).
     */
    public TickerUpdate ticker(final int symbolId, final long nowNanos) {
        final SymbolProjection s = symbol(symbolId);
        return s == null ? null : s.ticker(Math.max(nowNanos, lastTimeNanos) / NANOS_PER_MILLI);
    }

    private SymbolProjection symbol(final int symbolId) {
        final SymbolProjection[] known = symbols;
        return symbolId >= 0 && symbolId < known.length ? known[symbolId] : null;
    }

    // ------------------------------------------------------------------------------------------------ start-up

    /**
     * Starts the projector from an engine's current state instead of from its first command (after recovery from a
     * snapshot): registers every symbol, rebuilds every book and the orders it is made of, and starts every symbol's
     * update id at the engine's last sequence number, so that ids keep growing across restarts (a symbol's id never
     * exceeds the number of commands). Trades, klines and tickers start empty. Run it on the projector's thread (e.g.
     * through the sequencer's query), before the next command.
     *
     * <p>An open STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT order may be waiting for its trigger or resting in the book, and
     * the engine's open-order view does not say which: one with fills rests; for the others, the levels decide (each
     * level's quantity minus its plain limit orders must be made of all or none of them). If the levels cannot decide,
     * this throws, and the projector must be fed from the engine's first command instead.
     */
    public void bootstrap(final Engine engine) {
        if (lastSeq != 0 || symbols.length != 0) {
            throw new IllegalStateException("bootstrap a fresh projector only");
        }
        for (final int symbolId : engine.symbolIds()) {
            final SymbolSpec spec = engine.symbolSpec(symbolId);
            addSymbol(spec);
            bootstrapSymbol(engine, symbol(symbolId));
        }
        lastSeq = engine.lastSequence();
        lastTimeNanos = engine.lastTimestamp();
    }

    private void bootstrapSymbol(final Engine engine, final SymbolProjection s) {
        final List<OpenOrder> open = engine.openOrders(s.symbolId, -1);
        final int maxLevels = open.size() + 1;
        final long[] bidPrices = new long[maxLevels];
        final long[] bidQuantities = new long[maxLevels];
        final long[] askPrices = new long[maxLevels];
        final long[] askQuantities = new long[maxLevels];
        final int bidCount = engine.depth(s.symbolId, Side.BUY, maxLevels, bidPrices, bidQuantities);
        final int askCount = engine.depth(s.symbolId, Side.SELL, maxLevels, askPrices, askQuantities);
        // What the levels hold beyond the orders known to rest, per side and price; and the undecided orders.
        final Map<Long, Long> residual = new HashMap<>();
        for (int i = 0; i < bidCount; i++) {
            residual.put(levelKey(true, bidPrices[i]), bidQuantities[i]);
        }
        for (int i = 0; i < askCount; i++) {
            residual.put(levelKey(false, askPrices[i]), askQuantities[i]);
        }
        final Map<Long, List<OpenOrder>> undecided = new HashMap<>();
        for (final OpenOrder o : open) {
            final OrderType type = o.type();
            final boolean conditionalLimit = (type == OrderType.STOP_LOSS_LIMIT || type == OrderType.TAKE_PROFIT_LIMIT)
                && o.timeInForce() == TimeInForce.GTC;
            final boolean plain = type == OrderType.LIMIT_MAKER || (type == OrderType.LIMIT && o.timeInForce() == TimeInForce.GTC);
            if (!plain && !conditionalLimit) {
                continue;
            }
            final long key = levelKey(o.side() == Side.BUY, o.price());
            if (plain || o.executedQty() > 0) {
                residual.merge(key, -(o.origQty() - o.executedQty()), Long::sum);
                addBootstrapOrder(s, o, RestingOrder.RESTING);
            } else {
                undecided.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
            }
        }
        for (final Map.Entry<Long, List<OpenOrder>> entry : undecided.entrySet()) {
            final long left = residual.getOrDefault(entry.getKey(), 0L);
            long sum = 0;
            for (final OpenOrder o : entry.getValue()) {
                sum += o.origQty();
            }
            final byte state;
            if (left == 0) {
                state = RestingOrder.CONDITIONAL;
            } else if (left == sum) {
                state = RestingOrder.RESTING;
                residual.put(entry.getKey(), 0L);
            } else {
                throw new IllegalStateException(s.symbol + ": cannot tell which conditional orders rest at " + entry.getValue().get(0).price());
            }
            for (final OpenOrder o : entry.getValue()) {
                addBootstrapOrder(s, o, state);
            }
        }
        for (final Map.Entry<Long, Long> entry : residual.entrySet()) {
            if (entry.getValue() != 0) {
                throw new IllegalStateException(s.symbol + ": the engine's level " + entry.getKey() + " is not the sum of its orders");
            }
        }
        s.seed(engine.lastSequence(), bidPrices, bidQuantities, bidCount, askPrices, askQuantities, askCount);
    }

    /** Side and price in one map key (prices are positive). */
    private static long levelKey(final boolean bid, final long price) {
        return bid ? price : -price;
    }

    private void addBootstrapOrder(final SymbolProjection s, final OpenOrder o, final byte state) {
        final long remaining = state == RestingOrder.CONDITIONAL ? o.origQty() : o.origQty() - o.executedQty();
        s.orders.put(o.orderId(), newOrder().set(o.orderId(), o.side() == Side.BUY, o.price(), remaining, state));
    }

    /**
     * Continues a symbol's aggregate trade ids after {@code lastAggTradeId} (the history store's newest) rather than
     * from 1, after a {@link #bootstrap}; projector thread.
     */
    public void seedAggTradeId(final int symbolId, final long lastAggTradeId) {
        final SymbolProjection s = symbol(symbolId);
        if (s == null) {
            throw new IllegalArgumentException("unknown symbol " + symbolId);
        }
        s.seedAggTradeId(lastAggTradeId);
    }
}
