package io.bourse.gateway.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.bourse.engine.Event;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.TimeInForce;
import io.bourse.gateway.Catalog;
import io.bourse.gateway.CommandBus;
import io.bourse.gateway.Json;
import io.bourse.gateway.NewOrder;
import io.bourse.gateway.OpenOrderDetails;

/**
 * The user data streams: turns each command's events, on the sequencer thread and in the engine's order, into the
 * Binance events of the accounts they concern, and hands them to those accounts' {@link Subscriber}s.
 * <ul>
 *   <li>{@code executionReport} for every change of an order: NEW when accepted (and again, working, when a stop
 *       order triggers), TRADE for each fill (FILLED on the fill that completes it), CANCELED, EXPIRED, and
 *       TRADE_PREVENTION / EXPIRED_IN_MATCH when self-trade prevention expires it;</li>
 *   <li>{@code balanceUpdate} for each deposit or withdrawal;</li>
 *   <li>{@code outboundAccountPosition} once per command that changed the account's balances, after the command's
 *       other events, listing each changed asset with its free and locked amounts after the command.</li>
 * </ul>
 * Event and transaction times are the command's time. To fill every field of a report it keeps, for every open order
 * of every account, what was accepted and how much has filled (an entry per open order, dropped when it closes); it
 * formats events only for accounts that have subscribers. The work here must stay small: it delays every later
 * command. Writing to the sockets happens on their event loops, through each connection's bounded {@link Outbox}.
 */
public final class UserDataStreams implements CommandBus.NotedListener {
    /** The most subscriptions one account may have at a time. */
    public static final int MAX_SUBSCRIBERS_PER_ACCOUNT = 1024;
    /** Execution ids are {@code seq << EXECUTION_ID_BITS | n} for the n-th report of a command. */
    private static final int EXECUTION_ID_BITS = 20;

    /**
     * Where one subscription's events go: an outbox, and how each event is wrapped ({@code prefix + event + suffix}):
     * bare for a listenKey stream, {@code {"subscriptionId":N,"event":...}} on the WebSocket API.
     */
    public static final class Subscriber {
        private final long accountId;
        private final Outbox outbox;
        private final String prefix;
        private final String suffix;
        private boolean active = true;

        Subscriber(final long accountId, final Outbox outbox, final String prefix, final String suffix) {
            this.accountId = accountId;
            this.outbox = outbox;
            this.prefix = prefix;
            this.suffix = suffix;
        }

        /** The account it follows. */
        public long accountId() {
            return accountId;
        }

        /** Its connection's outbox. */
        public Outbox outbox() {
            return outbox;
        }

        /** Queues one event; false when it has ended or its connection refused (which then closes). */
        synchronized boolean deliver(final String event) {
            return active && outbox.offer(wrap(event));
        }

        /**
         * Ends it: no event is queued after this one's {@code lastEvent} (if not null), which follows every event
         * queued before. Returns whether it was still active.
         */
        synchronized boolean end(final String lastEvent) {
            if (!active) {
                return false;
            }
            active = false;
            if (lastEvent != null) {
                outbox.offer(wrap(lastEvent));
            }
            return true;
        }

        /** Whether it still receives events. */
        public synchronized boolean active() {
            return active && !outbox.closed();
        }

        String wrap(final String event) {
            return prefix.isEmpty() ? event : prefix + event + suffix;
        }
    }

    /** An open order as the streams follow it: what was accepted, and its progress. Sequencer thread only. */
    private static final class LiveOrder {
        final Event.OrderAccepted accepted;
        long workingNanos;
        long executed;
        long quote;
        boolean fillReported;

        LiveOrder(final Event.OrderAccepted accepted, final long workingNanos) {
            this.accepted = accepted;
            this.workingNanos = workingNanos;
        }
    }

    /** One account's events of one command, and the balances it changed. */
    private static final class AccountBatch {
        final Subscriber[] subscribers;
        final List<String> events = new ArrayList<>(4);
        final Map<Integer, long[]> balances = new LinkedHashMap<>();

        AccountBatch(final Subscriber[] subscribers) {
            this.subscribers = subscribers;
        }
    }

    private static final Subscriber[] NONE = new Subscriber[0];
    private static final Logger LOG = Logger.getLogger(UserDataStreams.class.getName());

    private final Catalog catalog;
    private final Map<Long, Subscriber[]> byAccount = new ConcurrentHashMap<>();
    private final Map<OpenOrderDetails.Key, LiveOrder> live = new HashMap<>();

    /** Streams for the markets and assets of {@code catalog}. */
    public UserDataStreams(final Catalog catalog) {
        this.catalog = catalog;
    }

    // ------------------------------------------------------------------------------------------------ subscriptions

    /**
     * Subscribes to an account's events, each wrapped as {@code prefix + event + suffix}; null when the account has
     * {@link #MAX_SUBSCRIBERS_PER_ACCOUNT} subscriptions already.
     */
    public Subscriber subscribe(final long accountId, final Outbox outbox, final String prefix, final String suffix) {
        final Subscriber subscriber = new Subscriber(accountId, outbox, prefix, suffix);
        final boolean[] added = {false};
        byAccount.compute(accountId, (id, current) -> {
            final Subscriber[] now = current == null ? NONE : current;
            if (now.length >= MAX_SUBSCRIBERS_PER_ACCOUNT) {
                return current;
            }
            final Subscriber[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = subscriber;
            added[0] = true;
            return next;
        });
        return added[0] ? subscriber : null;
    }

    /**
     * Ends a subscription; {@code lastEvent}, if not null, is its last event, after everything queued before. Returns
     * whether it was still active.
     */
    public boolean unsubscribe(final Subscriber subscriber, final String lastEvent) {
        byAccount.computeIfPresent(subscriber.accountId(), (id, current) -> {
            int kept = 0;
            final Subscriber[] next = new Subscriber[current.length];
            for (final Subscriber s : current) {
                if (s != subscriber) {
                    next[kept++] = s;
                }
            }
            return kept == 0 ? null : Arrays.copyOf(next, kept);
        });
        return subscriber.end(lastEvent);
    }

    /** How many subscriptions follow the account and still receive events (not ended, connection not closing). */
    public int subscribers(final long accountId) {
        final Subscriber[] current = byAccount.get(accountId);
        int active = 0;
        for (final Subscriber s : current == null ? NONE : current) {
            if (s.active()) {
                active++;
            }
        }
        return active;
    }

    /** Remembers an order that was open at start (before any command is applied). */
    public void remember(final OpenOrder o, final OpenOrderDetails.Details d) {
        final Event.OrderAccepted accepted = new Event.OrderAccepted(0, d.timeNanos(), d.symbolId(), d.orderId(), d.accountId(), d.clientOrderId(),
            d.side(), d.type(), d.timeInForce(), d.price(), d.quantity(), d.quoteOrderQty(), d.stopPrice(), d.stpMode());
        final LiveOrder order = new LiveOrder(accepted, d.workingTimeNanos());
        order.executed = o.executedQty();
        order.quote = o.cumulativeQuoteQty();
        live.put(new OpenOrderDetails.Key(o.symbolId(), o.orderId()), order);
    }

    // ------------------------------------------------------------------------------------------------ events

    @Override
    public void onResult(final long correlationId, final long seq, final long timestampNanos, final List<Event> events,
        final String cancelClientOrderId) {
        try {
            apply(seq, timestampNanos, events, cancelClientOrderId);
        } catch (final RuntimeException e) {
            // A bug here must not stop the sequencer thread, which calls this for every command.
            LOG.log(Level.SEVERE, "user data streams failed on command " + seq, e);
        }
    }

    private void apply(final long seq, final long timestampNanos, final List<Event> events, final String cancelClientOrderId) {
        final boolean anyone = !byAccount.isEmpty();
        final Map<Long, AccountBatch> batches = anyone ? new LinkedHashMap<>() : null;
        final long millis = timestampNanos / 1_000_000;
        final long executionBase = seq << EXECUTION_ID_BITS;
        int reports = 0;
        LiveOrder taker = null;
        LiveOrder lastExpiredMaker = null;
        for (int i = 0; i < events.size(); i++) {
            switch (events.get(i)) {
                case Event.OrderAccepted a -> {
                    final LiveOrder order = new LiveOrder(a, a.type().isConditional() ? -1 : a.timestampNanos());
                    live.put(new OpenOrderDetails.Key(a.symbolId(), a.orderId()), order);
                    if (!a.type().isConditional()) {
                        taker = order;
                        lastExpiredMaker = null;
                    }
                    final AccountBatch batch = batch(batches, a.accountId());
                    if (batch != null) {
                        batch.events.add(report(order, "NEW", OrderStatus.NEW, millis, null, null, null, executionBase | reports++));
                    }
                }
                case Event.OrderTriggered t -> {
                    final LiveOrder order = live.get(new OpenOrderDetails.Key(t.symbolId(), t.orderId()));
                    if (order != null) {
                        order.workingNanos = t.timestampNanos();
                        taker = order;
                        lastExpiredMaker = null;
                        final AccountBatch batch = batch(batches, t.accountId());
                        if (batch != null) {
                            batch.events.add(report(order, "NEW", order.executed > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW, millis, null,
                                null, null, executionBase | reports++));
                        }
                    }
                }
                case Event.Trade t -> {
                    final LiveOrder takerOrder = live.get(new OpenOrderDetails.Key(t.symbolId(), t.takerOrderId()));
                    final LiveOrder makerOrder = live.get(new OpenOrderDetails.Key(t.symbolId(), t.makerOrderId()));
                    for (final LiveOrder order : new LiveOrder[] {takerOrder, makerOrder}) {
                        if (order == null) {
                            continue;
                        }
                        order.executed += t.quantity();
                        order.quote += t.quoteQty();
                        final AccountBatch batch = batch(batches, order.accepted.accountId());
                        if (batch != null) {
                            final boolean filled = fillsIt(events, i, t.symbolId(), order.accepted.orderId());
                            order.fillReported = filled;
                            batch.events.add(report(order, "TRADE", filled ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED, millis, null, t,
                                null, executionBase | reports++));
                        }
                    }
                }
                case Event.OrderClosed c -> {
                    final LiveOrder order = live.remove(new OpenOrderDetails.Key(c.symbolId(), c.orderId()));
                    if (order == null) {
                        continue;
                    }
                    order.executed = c.executedQty();
                    order.quote = c.cumulativeQuoteQty();
                    LiveOrder counter = null;
                    if (c.status() == OrderStatus.EXPIRED_IN_MATCH) {
                        // A maker expired by the taker working now; or the taker itself, after the maker it met (EXPIRE_BOTH).
                        counter = order == taker ? lastExpiredMaker : taker;
                        if (order != taker) {
                            lastExpiredMaker = order;
                        }
                    }
                    final AccountBatch batch = batch(batches, c.accountId());
                    if (batch == null || (c.status() == OrderStatus.FILLED && order.fillReported)) {
                        continue;
                    }
                    final String execution = switch (c.status()) {
                        case CANCELED -> "CANCELED";
                        case EXPIRED_IN_MATCH -> "TRADE_PREVENTION";
                        case FILLED -> "TRADE";
                        default -> "EXPIRED";
                    };
                    final String cancelId = c.status() != OrderStatus.CANCELED ? null
                        : cancelClientOrderId != null ? cancelClientOrderId : NewOrder.random();
                    final LiveOrder prevented = c.status() != OrderStatus.EXPIRED_IN_MATCH ? null : counter == null ? order : counter;
                    batch.events.add(report(order, execution, c.status(), millis, cancelId, null, prevented, executionBase | reports++));
                }
                case Event.BalanceAdjusted b -> {
                    final AccountBatch batch = batch(batches, b.accountId());
                    final Catalog.Asset asset = catalog.asset(b.assetId());
                    if (batch != null && asset != null) {
                        batch.events.add(new Json(128).beginObject().field("e", "balanceUpdate").field("E", millis).field("a", asset.name())
                            .decimal("d", b.amount(), asset.scale()).field("T", millis).endObject().toString());
                    }
                }
                case Event.BalanceChanged b -> {
                    final AccountBatch batch = batch(batches, b.accountId());
                    if (batch != null) {
                        batch.balances.put(b.assetId(), new long[] {b.free(), b.locked()});
                    }
                }
                default -> {
                }
            }
        }
        if (batches != null) {
            for (final AccountBatch batch : batches.values()) {
                if (!batch.balances.isEmpty()) {
                    batch.events.add(accountPosition(batch.balances, millis));
                }
                for (final Subscriber subscriber : batch.subscribers) {
                    for (final String event : batch.events) {
                        if (!subscriber.deliver(event)) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /** The account's batch in this command, or null when nobody follows the account. */
    private AccountBatch batch(final Map<Long, AccountBatch> batches, final long accountId) {
        if (batches == null) {
            return null;
        }
        final AccountBatch existing = batches.get(accountId);
        if (existing != null) {
            return existing;
        }
        final Subscriber[] subscribers = byAccount.get(accountId);
        if (subscribers == null) {
            return null;
        }
        final AccountBatch batch = new AccountBatch(subscribers);
        batches.put(accountId, batch);
        return batch;
    }

    /**
     * Whether the trade at {@code index} is the order's last fill in a command where it ends FILLED: the next event
     * about the order is its FILLED close. Binance reports that fill with status FILLED and sends no separate close.
     */
    private static boolean fillsIt(final List<Event> events, final int index, final int symbolId, final long orderId) {
        for (int j = index + 1; j < events.size(); j++) {
            final Event e = events.get(j);
            if (e instanceof Event.Trade t && t.symbolId() == symbolId && (t.takerOrderId() == orderId || t.makerOrderId() == orderId)) {
                return false;
            }
            if (e instanceof Event.OrderClosed c && c.symbolId() == symbolId && c.orderId() == orderId) {
                return c.status() == OrderStatus.FILLED;
            }
        }
        return false;
    }

    private String accountPosition(final Map<Integer, long[]> balances, final long millis) {
        final Json json = new Json(96 + 64 * balances.size()).beginObject().field("e", "outboundAccountPosition").field("E", millis)
            .field("u", millis).name("B").beginArray();
        for (final Map.Entry<Integer, long[]> entry : balances.entrySet()) {
            final Catalog.Asset asset = catalog.asset(entry.getKey());
            if (asset == null) {
                continue;
            }
            final long[] freeLocked = entry.getValue();
            json.beginObject().field("a", asset.name()).decimal("f", freeLocked[0], asset.scale()).decimal("l", freeLocked[1], asset.scale())
                .endObject();
        }
        return json.endArray().endObject().toString();
    }

    /**
     * An {@code executionReport}, fields in Binance's order.
     *
     * @param order       the order, with its progress after this change
     * @param execution   the execution type ({@code x})
     * @param status      the order's status after it ({@code X})
     * @param millis      event and transaction time
     * @param cancelId    for CANCELED: the cancel's client order id ({@code c}; the order's own goes to {@code C})
     * @param trade       for TRADE: the trade
     * @param prevented   for TRADE_PREVENTION: the counter order (itself when unknown)
     * @param executionId the execution id ({@code I})
     */
    private String report(final LiveOrder order, final String execution, final OrderStatus status, final long millis, final String cancelId,
        final Event.Trade trade, final LiveOrder prevented, final long executionId) {
        final Event.OrderAccepted a = order.accepted;
        final Catalog.Market market = catalog.market(a.symbolId());
        final int bs = market.base().scale();
        final int qs = market.quote().scale();
        final boolean isTaker = trade != null && trade.takerOrderId() == a.orderId();
        final boolean open = status == OrderStatus.NEW || status == OrderStatus.PARTIALLY_FILLED;
        final boolean working = open && order.workingNanos >= 0;
        final TimeInForce tif = a.timeInForce();
        final Json json = new Json(720).beginObject().field("e", "executionReport").field("E", millis).field("s", market.name())
            .field("c", cancelId != null ? cancelId : a.clientOrderId()).field("S", a.side().name()).field("o", a.type().name())
            .field("f", tif == null ? "GTC" : tif.name()).decimal("q", a.quantity(), bs).decimal("p", a.price(), qs).decimal("P", a.stopPrice(), qs)
            .decimal("F", 0, bs).field("g", -1).field("C", cancelId != null ? a.clientOrderId() : "").field("x", execution)
            .field("X", status.name()).field("r", "NONE").field("i", a.orderId());
        if (trade != null) {
            json.decimal("l", trade.quantity(), bs).decimal("z", order.executed, bs).decimal("L", trade.price(), qs)
                .decimal("n", isTaker ? trade.takerFee() : trade.makerFee(), qs).field("N", market.quote().name());
        } else {
            json.decimal("l", 0, bs).decimal("z", order.executed, bs).decimal("L", 0, qs).field("n", "0").name("N").nullValue();
        }
        json.field("T", millis).field("t", trade != null ? trade.tradeId() : -1).field("I", executionId).field("w", working)
            .field("m", trade != null && !isTaker).field("M", false).field("O", a.timestampNanos() / 1_000_000).decimal("Z", order.quote, qs)
            .decimal("Y", trade != null ? trade.quoteQty() : 0, qs).decimal("Q", a.quoteOrderQty(), qs);
        if (order.workingNanos >= 0) {
            json.field("W", order.workingNanos / 1_000_000);
        }
        json.field("V", a.stpMode().name());
        if (prevented != null) {
            // The quantity self-trade prevention took: all that was left (the EXPIRE_* modes expire the whole rest).
            final long left = Math.max(0, a.quantity() - order.executed);
            json.decimal("A", left, bs).decimal("B", left, bs).field("u", -1);
            if (prevented != order) {
                json.field("U", prevented.accepted.orderId());
            }
            json.field("Cs", market.name());
        }
        if (status == OrderStatus.EXPIRED) {
            final String reason = expiryReason(a.type(), tif);
            if (reason != null) {
                json.field("eR", reason);
            }
        }
        return json.endObject().toString();
    }

    /** Binance's expiry reason where the order's type says it; null where it depends on more than the type. */
    private static String expiryReason(final OrderType type, final TimeInForce tif) {
        if (tif == TimeInForce.IOC) {
            return "UNFILLED_IOC_QUANTITY_EXPIRED";
        }
        if (tif == TimeInForce.FOK) {
            return "UNFILLED_FOK_ORDER_EXPIRED";
        }
        if (type == OrderType.MARKET) {
            return "INSUFFICIENT_LIQUIDITY";
        }
        return null;
    }
}
