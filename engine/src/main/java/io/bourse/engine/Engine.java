package io.bourse.engine;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The trading engine: a deterministic state machine from {@link Command}s to events. It owns assets, symbols,
 * accounts and their balances, the risk checks, the order books and settlement. It reads no clock, draws no random
 * numbers, starts no thread and does no I/O: time and the sequence number come with each command, so the same
 * command log always yields the same events and the same {@link #digest()}.
 *
 * <p>Money rules: a resting buy locks {@code price * quantity} plus the worst-case fee in the quote asset, a resting
 * sell locks its quantity of the base asset; every fill moves exactly what it trades out of those locks, and whatever
 * is left is released when the order closes. Fees are paid in the quote asset into {@link #FEE_ACCOUNT_ID}. For every
 * asset, the free plus locked balances of all accounts always add up to deposits minus withdrawals.
 *
 * <p>Not thread-safe: one thread applies commands (one engine per shard).
 */
public final class Engine implements MatchHandler {
    /** The largest outstanding supply of any asset; keeps every sum of balances inside a long. */
    public static final long MAX_ASSET_SUPPLY = 1L << 62;
    /** The system account that collects fees; it exists from the start and cannot trade. */
    public static final long FEE_ACCOUNT_ID = 0;
    /** Asset ids are dense, below this bound. */
    public static final int MAX_ASSETS = 1024;
    /** Symbol ids are dense, below this bound. */
    public static final int MAX_SYMBOLS = 65_536;
    /** Fee tiers are numbered below this bound; tier 0 exists from the start, with no fees. */
    public static final int MAX_FEE_TIERS = 64;
    /** The highest fee rate a tier may have: 10% of the notional. */
    public static final long MAX_FEE_PPM = 100_000;
    /** Finished orders kept for reuse; beyond this they are left to the garbage collector. */
    private static final int ORDER_POOL_MAX = 1 << 16;
    private static final int SNAPSHOT_VERSION = 1;

    private final BookFactory bookFactory;
    private String[] assetNames = new String[0];
    private int[] assetScales = new int[0];
    private long[] deposited = new long[0];
    private long[] withdrawn = new long[0];
    private SymbolState[] symbols = new SymbolState[0];
    private final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    private final long[] makerFeePpm = new long[MAX_FEE_TIERS];
    private final long[] takerFeePpm = new long[MAX_FEE_TIERS];
    private final boolean[] feeTierDefined = new boolean[MAX_FEE_TIERS];
    private final Account feeAccount;
    private final ArrayDeque<Order> orderPool = new ArrayDeque<>();

    private long lastSeq;
    private long lastTimestamp;

    // The command being applied: set at the top of apply, read by the match callbacks.
    private long seq;
    private long timestamp;
    private EventSink sink;
    private SymbolState current;
    private boolean quoteTargetReached;

    /** An engine whose books are {@link FastOrderBook}s. */
    public Engine() {
        this(spec -> new FastOrderBook());
    }

    /** An engine whose books come from {@code bookFactory} (tests plug the reference book in here). */
    public Engine(final BookFactory bookFactory) {
        this.bookFactory = bookFactory;
        feeTierDefined[0] = true;
        feeAccount = new Account(FEE_ACCOUNT_ID, 0, "", 0, 0, 0);
        accounts.put(FEE_ACCOUNT_ID, feeAccount);
    }

    /**
     * Applies one command, emitting its events to {@code sink}. {@code seq} must be greater than the previous
     * command's; {@code timestampNanos} is the command's time (a time earlier than the previous command's is taken as
     * the previous one, so command time never runs backwards).
     */
    public void apply(final long seq, final long timestampNanos, final Command command, final EventSink sink) {
        if (seq <= lastSeq) {
            throw new IllegalArgumentException("sequence " + seq + " is not after " + lastSeq);
        }
        lastSeq = seq;
        lastTimestamp = Math.max(lastTimestamp, timestampNanos);
        this.seq = seq;
        this.timestamp = lastTimestamp;
        this.sink = sink;
        switch (command) {
            case Command.PlaceOrder c -> placeOrder(c);
            case Command.CancelOrder c -> cancel(c);
            case Command.CancelReplace c -> cancelReplace(c);
            case Command.CancelAll c -> cancelAll(c);
            case Command.Deposit c -> deposit(c);
            case Command.Withdraw c -> withdraw(c);
            case Command.CreateAccount c -> createAccount(c);
            case Command.FreezeAccount c -> freeze(c);
            case Command.UnfreezeAccount c -> unfreeze(c);
            case Command.SetSymbolStatus c -> setSymbolStatus(c);
            case Command.SetFeeTier c -> setFeeTier(c);
            case Command.AddAsset c -> addAsset(c);
            case Command.AddSymbol c -> addSymbol(c);
        }
        this.sink = null;
        this.current = null;
    }

    /** Applies one command and returns its events as values (allocates; for tests and tools). */
    public List<Event> apply(final long seq, final long timestampNanos, final Command command) {
        final EventCollector collector = new EventCollector();
        apply(seq, timestampNanos, command, collector);
        return collector.events();
    }

    // ------------------------------------------------------------------------------------------------ orders

    private void placeOrder(final Command.PlaceOrder c) {
        final SymbolState s = symbol(c.symbolId());
        if (s == null) {
            sink.onOrderRejected(seq, timestamp, c.symbolId(), c.accountId(), c.clientOrderId(), RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        final Account account = c.accountId() == FEE_ACCOUNT_ID ? null : accounts.get(c.accountId());
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT : checkOrder(c, s, account);
        if (reason != null) {
            sink.onOrderRejected(seq, timestamp, c.symbolId(), c.accountId(), c.clientOrderId(), reason);
            return;
        }
        final long hold = holdFor(c, s, account);
        if (hold < 0) {
            sink.onOrderRejected(seq, timestamp, c.symbolId(), c.accountId(), c.clientOrderId(),
                hold == HOLD_OVERFLOW ? RejectReason.NOTIONAL_OVERFLOW : RejectReason.INSUFFICIENT_BALANCE);
            return;
        }
        accept(c, s, account, hold);
    }

    private RejectReason checkOrder(final Command.PlaceOrder c, final SymbolState s, final Account account) {
        if (account.frozen) {
            return RejectReason.ACCOUNT_FROZEN;
        }
        if (s.status != SymbolStatus.TRADING) {
            return RejectReason.MARKET_CLOSED;
        }
        final RejectReason shape = checkShape(c, s.spec);
        if (shape != null) {
            return shape;
        }
        final RejectReason filter = checkFilters(c, s, true);
        if (filter != null) {
            return filter;
        }
        if (c.clientOrderId() != null
            && s.byClientOrderId.containsKey(new SymbolState.ClientKey(c.accountId(), c.clientOrderId()))) {
            return RejectReason.DUPLICATE_ORDER;
        }
        if (c.type() == OrderType.LIMIT_MAKER) {
            final long best = s.book.bestPrice(c.side().opposite());
            final long price = c.price() / s.tickSize;
            if (best != OrderBook.NO_PRICE && (c.side() == Side.BUY ? best <= price : best >= price)) {
                return RejectReason.WOULD_TAKE;
            }
        }
        if (c.type().isConditional() && s.lastPrice != 0 && triggered(c.side(), c.type(), c.stopPrice() / s.tickSize, s.lastPrice)) {
            return RejectReason.WOULD_TRIGGER;
        }
        return null;
    }

    /** Parameter combinations the type requires; the gateway checks these too, the engine never trusts it. */
    private static RejectReason checkShape(final Command.PlaceOrder c, final SymbolSpec spec) {
        final OrderType type = c.type();
        if (c.price() < 0 || c.quantity() < 0 || c.quoteOrderQty() < 0 || c.stopPrice() < 0) {
            return RejectReason.INVALID_PARAMETERS;
        }
        if (type.hasPrice() != (c.price() > 0) || type.isConditional() != (c.stopPrice() > 0)
            || type.takesTimeInForce() != (c.timeInForce() != null)) {
            return RejectReason.INVALID_PARAMETERS;
        }
        if (c.quoteOrderQty() > 0) {
            if (type != OrderType.MARKET || c.quantity() != 0) {
                return RejectReason.INVALID_PARAMETERS;
            }
            if (!spec.quoteOrderQtyMarketAllowed()) {
                return RejectReason.QUOTE_ORDER_QTY_NOT_ALLOWED;
            }
        } else if (c.quantity() == 0) {
            return RejectReason.INVALID_PARAMETERS;
        }
        return null;
    }

    /**
     * The checks of a new order that depend on nothing but the order and its symbol's spec, in the engine's order:
     * the parameter shape, PRICE_FILTER (price and stop price), LOT_SIZE, MARKET_LOT_SIZE and, for an order with a
     * price, NOTIONAL. Returns the first failure, or null. The gateway runs this before an order is sequenced, so
     * that such orders never reach the journal; the engine runs the same checks again (it trusts no gateway), after
     * the account's and symbol's status.
     *
     * @param baseUnit 10^(the base asset's scale)
     */
    public static RejectReason checkStateless(final Command.PlaceOrder c, final SymbolSpec spec, final long baseUnit) {
        final RejectReason shape = checkShape(c, spec);
        if (shape != null) {
            return shape;
        }
        final RejectReason filter = checkSpecFilters(c, spec);
        if (filter != null || !c.type().hasPrice()) {
            return filter;
        }
        return checkNotionalAt(c.price(), c.quantity(), baseUnit, spec, true, spec.maxNotional() > 0);
    }

    /** PRICE_FILTER, LOT_SIZE and MARKET_LOT_SIZE. */
    private static RejectReason checkSpecFilters(final Command.PlaceOrder c, final SymbolSpec spec) {
        final OrderType type = c.type();
        if (type.hasPrice() && !priceFits(c.price(), spec)) {
            return RejectReason.FILTER_PRICE;
        }
        if (type.isConditional() && !priceFits(c.stopPrice(), spec)) {
            return RejectReason.FILTER_PRICE;
        }
        final long quantity = c.quantity();
        if (quantity > 0) {
            if (quantity % spec.stepSize() != 0 || quantity < spec.minQty() || (spec.maxQty() > 0 && quantity > spec.maxQty())) {
                return RejectReason.FILTER_LOT_SIZE;
            }
            if (!type.hasPrice() && ((spec.marketStepSize() > 0 && quantity % spec.marketStepSize() != 0)
                || quantity < spec.marketMinQty() || (spec.marketMaxQty() > 0 && quantity > spec.marketMaxQty()))) {
                return RejectReason.FILTER_MARKET_LOT_SIZE;
            }
        }
        return null;
    }

    private RejectReason checkFilters(final Command.PlaceOrder c, final SymbolState s, final boolean countOrders) {
        final SymbolSpec spec = s.spec;
        final OrderType type = c.type();
        final RejectReason specFilter = checkSpecFilters(c, spec);
        if (specFilter != null) {
            return specFilter;
        }
        final RejectReason notional = checkNotional(c, s);
        if (notional != null) {
            return notional;
        }
        if (type.hasPrice() && spec.bidMultiplierUp() > 0) {
            final long average = averagePrice(s);
            if (average > 0) {
                final long up = c.side() == Side.BUY ? spec.bidMultiplierUp() : spec.askMultiplierUp();
                final long down = c.side() == Side.BUY ? spec.bidMultiplierDown() : spec.askMultiplierDown();
                final long scaled = SymbolSpec.MULTIPLIER_SCALE;
                if (Fixed.compareProducts(c.price(), scaled, average, up) > 0 || Fixed.compareProducts(c.price(), scaled, average, down) < 0) {
                    return RejectReason.FILTER_PERCENT_PRICE_BY_SIDE;
                }
            }
        }
        if (countOrders && spec.maxNumOrders() > 0) {
            final Account account = accounts.get(c.accountId());
            if (account.openOrders[spec.symbolId()] >= spec.maxNumOrders()) {
                return RejectReason.FILTER_MAX_NUM_ORDERS;
            }
        }
        return null;
    }

    private static boolean priceFits(final long price, final SymbolSpec spec) {
        return price % spec.tickSize() == 0 && price >= spec.minPrice() && (spec.maxPrice() == 0 || price <= spec.maxPrice());
    }

    /**
     * NOTIONAL: {@code price * quantity} (or the average price times quantity for market types, or the quote quantity)
     * within [minNotional, maxNotional], compared exactly as real numbers, with 128-bit products and no rounding.
     */
    private RejectReason checkNotional(final Command.PlaceOrder c, final SymbolState s) {
        final SymbolSpec spec = s.spec;
        if (spec.minNotional() == 0 && spec.maxNotional() == 0) {
            return null;
        }
        final boolean market = !c.type().hasPrice();
        final boolean checkMin = !market || spec.applyMinToMarket();
        final boolean checkMax = spec.maxNotional() > 0 && (!market || spec.applyMaxToMarket());
        if (!checkMin && !checkMax) {
            return null;
        }
        final long price;
        final long quantity;
        final long unit;
        if (c.quoteOrderQty() > 0) {
            price = c.quoteOrderQty();
            quantity = 1;
            unit = 1;
        } else {
            price = market ? averagePrice(s) : c.price();
            if (price == 0) {
                return null;
            }
            quantity = c.quantity();
            unit = s.baseUnit;
        }
        return checkNotionalAt(price, quantity, unit, spec, checkMin, checkMax);
    }

    /** {@code price * quantity / unit} against the NOTIONAL filter's minimum and/or maximum, exactly. */
    private static RejectReason checkNotionalAt(final long price, final long quantity, final long unit, final SymbolSpec spec,
        final boolean checkMin, final boolean checkMax) {
        if (checkMin && Fixed.compareProducts(price, quantity, spec.minNotional(), unit) < 0) {
            return RejectReason.FILTER_NOTIONAL;
        }
        if (checkMax && Fixed.compareProducts(price, quantity, spec.maxNotional(), unit) > 0) {
            return RejectReason.FILTER_NOTIONAL;
        }
        return null;
    }

    /** The average price in raw price units over the symbol's window, or the last price if the window is empty; 0 if never traded. */
    private long averagePrice(final SymbolState s) {
        final long average = s.averagePrice.averagePrice(timestamp, s.spec.avgPriceMins(), s.tickSize);
        return average > 0 ? average : s.lastPrice * s.tickSize;
    }

    private static final long HOLD_OVERFLOW = -2;
    private static final long HOLD_SHORT = -1;

    /**
     * What the order must lock, in quote minor units for a buy and base minor units for a sell, or
     * {@link #HOLD_SHORT} if the free balance does not cover it, or {@link #HOLD_OVERFLOW}.
     */
    private long holdFor(final Command.PlaceOrder c, final SymbolState s, final Account account) {
        final long maxFee = maxFeePpm(account);
        final long hold;
        final int asset;
        try {
            final long pricedNotional = c.type().hasPrice() || c.type().isConditional()
                ? Math.multiplyExact(Math.multiplyExact((c.type().hasPrice() ? c.price() : c.stopPrice()) / s.tickSize,
                    c.quantity() / s.stepSize), s.unitNotional)
                : 0;
            if (c.side() == Side.SELL) {
                asset = s.baseAssetId;
                hold = c.quoteOrderQty() > 0 ? account.free[asset] : c.quantity();
                if (hold == 0) {
                    return HOLD_SHORT;
                }
            } else {
                asset = s.quoteAssetId;
                if (c.quoteOrderQty() > 0) {
                    hold = Math.addExact(c.quoteOrderQty(), Fixed.feeCeil(c.quoteOrderQty(), maxFee));
                } else if (c.type().hasPrice() || c.type().isConditional()) {
                    hold = Math.addExact(pricedNotional, Fixed.feeCeil(pricedNotional, maxFee));
                } else {
                    hold = marketBuyHold(s, account, c.quantity() / s.stepSize, maxFee, false);
                }
            }
        } catch (final ArithmeticException overflow) {
            return HOLD_OVERFLOW;
        }
        return hold <= account.free[asset] ? hold : HOLD_SHORT;
    }

    /**
     * The quote a market buy of {@code steps} needs, walking the book: cost plus worst-case fee. When
     * {@code capAtFree} is set the result is at most the free balance (a triggered order works with what there is).
     */
    private long marketBuyHold(final SymbolState s, final Account account, final long steps, final long maxFee, final boolean capAtFree) {
        final long free = account.free[s.quoteAssetId];
        final long capTickSteps = free / s.unitNotional;
        final long cost = s.book.walkCost(Side.BUY, steps, capTickSteps);
        if (cost > capTickSteps) {
            return capAtFree ? free : free + 1;
        }
        final long notional = cost * s.unitNotional;
        final long hold = notional + Fixed.feeCeil(notional, maxFee);
        return capAtFree ? Math.min(hold, free) : hold;
    }

    private long maxFeePpm(final Account account) {
        return Math.max(makerFeePpm[account.feeTier], takerFeePpm[account.feeTier]);
    }

    private void accept(final Command.PlaceOrder c, final SymbolState s, final Account account, final long hold) {
        final Order order = newOrder();
        order.orderId = s.nextOrderId++;
        order.accountId = account.accountId;
        order.account = account;
        order.side = c.side();
        order.type = c.type();
        order.timeInForce = c.timeInForce();
        order.stpMode = c.stpMode() != null ? c.stpMode() : s.spec.defaultStpMode();
        order.clientOrderId = c.clientOrderId();
        order.price = c.price() / s.tickSize;
        order.stopPrice = c.stopPrice() / s.tickSize;
        order.quantity = c.quantity() / s.stepSize;
        order.remaining = c.quoteOrderQty() > 0 ? Long.MAX_VALUE : order.quantity;
        order.quoteRemaining = c.quoteOrderQty();
        order.origQuoteOrderQty = c.quoteOrderQty();
        order.locked = hold;
        order.maxFeePpm = maxFeePpm(account);
        order.acceptedTimestamp = timestamp;
        final int asset = order.side == Side.BUY ? s.quoteAssetId : s.baseAssetId;
        sink.onOrderAccepted(seq, timestamp, s.spec.symbolId(), order.orderId, order.accountId, order.clientOrderId, order.side,
            order.type, order.timeInForce, c.price(), c.quantity(), c.quoteOrderQty(), c.stopPrice(), order.stpMode);
        if (hold > 0) {
            account.lock(asset, hold);
            emitBalance(account, asset);
        }
        account.openOrders[s.spec.symbolId()]++;
        if (order.clientOrderId != null) {
            s.byClientOrderId.put(new SymbolState.ClientKey(order.accountId, order.clientOrderId), order);
        }
        if (order.type.isConditional()) {
            s.addConditional(order);
            return;
        }
        final long tradesBefore = s.nextTradeId;
        execute(s, order);
        if (s.nextTradeId != tradesBefore) {
            processTriggers(s);
        }
    }

    /** Works a non-conditional (or just triggered) order: match, then rest or close. */
    private void execute(final SymbolState s, final Order order) {
        final boolean market = !order.type.hasPrice();
        final long limit = market ? (order.side == Side.BUY ? Long.MAX_VALUE : 0) : order.price;
        if (order.type == OrderType.LIMIT_MAKER) {
            s.book.add(order);
            return;
        }
        if (order.timeInForce == TimeInForce.FOK
            && s.book.fillableQuantity(order.side, limit, order.accountId, order.stpMode, order.remaining) < order.remaining) {
            close(s, order, OrderStatus.EXPIRED);
            return;
        }
        current = s;
        quoteTargetReached = false;
        final int result = s.book.match(order, limit, this);
        if (order.remaining == 0) {
            close(s, order, OrderStatus.FILLED);
        } else if (result == OrderBook.MATCH_TAKER_EXPIRED) {
            close(s, order, OrderStatus.EXPIRED_IN_MATCH);
        } else if (order.origQuoteOrderQty > 0) {
            close(s, order, quoteTargetReached || order.quoteRemaining == 0 ? OrderStatus.FILLED : OrderStatus.EXPIRED);
        } else if (market || order.timeInForce != TimeInForce.GTC || result == OrderBook.MATCH_STOPPED) {
            close(s, order, OrderStatus.EXPIRED);
        } else {
            s.book.add(order);
        }
    }

    private static boolean triggered(final Side side, final OrderType type, final long stopPrice, final long lastPrice) {
        return SymbolState.triggersRising(side, type) ? lastPrice >= stopPrice : lastPrice <= stopPrice;
    }

    /**
     * Works the conditional orders that the last price has reached, oldest order first, until no more trigger. Each
     * round removes at least one order, so this ends.
     */
    private void processTriggers(final SymbolState s) {
        if (s.conditional.isEmpty()) {
            return;
        }
        final List<Order> due = new ArrayList<>();
        while (true) {
            due.clear();
            for (final ArrayDeque<Order> queue : s.triggerAtOrAbove.headMap(s.lastPrice, true).values()) {
                due.addAll(queue);
            }
            for (final ArrayDeque<Order> queue : s.triggerAtOrBelow.tailMap(s.lastPrice, true).values()) {
                due.addAll(queue);
            }
            if (due.isEmpty()) {
                return;
            }
            due.sort((a, b) -> Long.compare(a.orderId, b.orderId));
            for (final Order order : due) {
                s.removeConditional(order);
            }
            for (final Order order : due) {
                sink.onOrderTriggered(seq, timestamp, s.spec.symbolId(), order.orderId, order.accountId);
                if (order.side == Side.BUY && !order.type.hasPrice()) {
                    // A stop market buy held at its stop price; it now buys at market, so size its hold on the book.
                    final Account account = order.account;
                    account.unlock(s.quoteAssetId, order.locked);
                    order.locked = marketBuyHold(s, account, order.remaining, order.maxFeePpm, true);
                    account.lock(s.quoteAssetId, order.locked);
                    emitBalance(account, s.quoteAssetId);
                }
                execute(s, order);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ matching callbacks

    @Override
    public long onMatch(final Order taker, final Order maker, final long price, final long quantity) {
        final SymbolState s = current;
        final long stepPrice = Math.multiplyExact(price, s.unitNotional);
        long traded = quantity;
        if (taker.origQuoteOrderQty > 0) {
            final long byQuote = taker.quoteRemaining / stepPrice;
            if (byQuote < traded) {
                traded = byQuote;
                quoteTargetReached = true;
            }
        }
        if (taker.side == Side.BUY) {
            final long rate = Math.min(takerFeePpm[taker.account.feeTier], taker.maxFeePpm);
            if (cost(traded, stepPrice, rate) > taker.locked) {
                traded = affordableSteps(taker.locked, stepPrice, rate);
                quoteTargetReached = false;
            }
        } else if (taker.locked / s.stepSize < traded) {
            traded = taker.locked / s.stepSize;
            quoteTargetReached = false;
        }
        if (traded > 0) {
            settle(s, taker, maker, price, traded, stepPrice);
        }
        return traded;
    }

    /** The most steps at {@code stepPrice} whose cost plus fee fits in {@code budget}. */
    private static long affordableSteps(final long budget, final long stepPrice, final long ratePpm) {
        long steps = BigInteger.valueOf(budget).multiply(BigInteger.valueOf(Fixed.PPM))
            .divide(BigInteger.valueOf(stepPrice).multiply(BigInteger.valueOf(Fixed.PPM + ratePpm))).longValueExact();
        while (steps > 0 && cost(steps, stepPrice, ratePpm) > budget) {
            steps--;
        }
        while (cost(steps + 1, stepPrice, ratePpm) <= budget) {
            steps++;
        }
        return steps;
    }

    /**
     * Notional plus fee of {@code steps} at {@code stepPrice}, saturating at {@link Long#MAX_VALUE}: a cost that does not
     * fit in a long is more than any balance, and must never wrap into a small number.
     */
    private static long cost(final long steps, final long stepPrice, final long ratePpm) {
        final long high = Math.multiplyHigh(steps, stepPrice);
        final long notional = steps * stepPrice;
        if (high != 0 || notional < 0 || notional > MAX_ASSET_SUPPLY) {
            return Long.MAX_VALUE;
        }
        return notional + Fixed.feeFloor(notional, ratePpm);
    }

    private void settle(final SymbolState s, final Order taker, final Order maker, final long price, final long steps, final long stepPrice) {
        final Order buy = taker.side == Side.BUY ? taker : maker;
        final Order sell = taker.side == Side.BUY ? maker : taker;
        final Account buyer = buy.account;
        final Account seller = sell.account;
        final long notional = Math.multiplyExact(steps, stepPrice);
        final long baseQuantity = Math.multiplyExact(steps, s.stepSize);
        final long buyerRate = Math.min(buy == taker ? takerFeePpm[buyer.feeTier] : makerFeePpm[buyer.feeTier], buy.maxFeePpm);
        final long sellerRate = Math.min(sell == taker ? takerFeePpm[seller.feeTier] : makerFeePpm[seller.feeTier], sell.maxFeePpm);
        final long buyerFee = Fixed.feeFloor(notional, buyerRate);
        final long sellerFee = Fixed.feeFloor(notional, sellerRate);
        final int base = s.baseAssetId;
        final int quote = s.quoteAssetId;

        buyer.locked[quote] -= notional + buyerFee;
        buy.locked -= notional + buyerFee;
        buyer.free[base] += baseQuantity;
        seller.locked[base] -= baseQuantity;
        sell.locked -= baseQuantity;
        seller.free[quote] += notional - sellerFee;
        feeAccount.free[quote] += buyerFee + sellerFee;

        buy.executedQty += steps;
        buy.cumulativeQuote += notional;
        sell.executedQty += steps;
        sell.cumulativeQuote += notional;
        if (taker.origQuoteOrderQty > 0) {
            taker.quoteRemaining -= notional;
        }
        s.lastPrice = price;
        s.averagePrice.onTrade(timestamp, price, steps);
        final long takerFee = taker == buy ? buyerFee : sellerFee;
        final long makerFee = maker == buy ? buyerFee : sellerFee;
        sink.onTrade(seq, timestamp, s.spec.symbolId(), s.nextTradeId++, price * s.tickSize, baseQuantity, notional, taker.side,
            taker.orderId, taker.accountId, takerFee, maker.orderId, maker.accountId, makerFee);
        emitBalance(buyer, quote);
        emitBalance(buyer, base);
        if (seller != buyer) {
            emitBalance(seller, base);
            emitBalance(seller, quote);
        }
        if (buyerFee + sellerFee > 0) {
            emitBalance(feeAccount, quote);
        }
    }

    @Override
    public void onMakerFilled(final Order maker) {
        close(current, maker, OrderStatus.FILLED);
    }

    @Override
    public void onMakerExpired(final Order maker) {
        close(current, maker, OrderStatus.EXPIRED_IN_MATCH);
    }

    /** Ends an order that is no longer in the book: releases what it still holds and reports its final state. */
    private void close(final SymbolState s, final Order order, final OrderStatus status) {
        final Account account = order.account;
        final int asset = order.side == Side.BUY ? s.quoteAssetId : s.baseAssetId;
        if (order.locked > 0) {
            account.unlock(asset, order.locked);
            order.locked = 0;
            emitBalance(account, asset);
        }
        sink.onOrderClosed(seq, timestamp, s.spec.symbolId(), order.orderId, order.accountId, status, order.executedQty * s.stepSize,
            order.cumulativeQuote);
        account.openOrders[s.spec.symbolId()]--;
        if (order.clientOrderId != null) {
            s.byClientOrderId.remove(new SymbolState.ClientKey(order.accountId, order.clientOrderId));
        }
        recycle(order);
    }

    private void emitBalance(final Account account, final int asset) {
        sink.onBalanceChanged(seq, timestamp, account.accountId, asset, account.free[asset], account.locked[asset]);
    }

    private Order newOrder() {
        final Order pooled = orderPool.poll();
        return pooled == null ? new Order() : pooled;
    }

    private void recycle(final Order order) {
        order.clear();
        if (orderPool.size() < ORDER_POOL_MAX) {
            orderPool.push(order);
        }
    }

    // ------------------------------------------------------------------------------------------------ cancels

    /** Cancels one order; returns whether it did. */
    private boolean cancel(final Command.CancelOrder c) {
        final SymbolState s = symbol(c.symbolId());
        if (s == null) {
            sink.onCancelRejected(seq, timestamp, c.symbolId(), c.accountId(), c.orderId(), c.clientOrderId(), RejectReason.UNKNOWN_SYMBOL);
            return false;
        }
        final Order order = find(s, c.accountId(), c.orderId(), c.clientOrderId());
        if (order == null) {
            sink.onCancelRejected(seq, timestamp, c.symbolId(), c.accountId(), c.orderId(), c.clientOrderId(), RejectReason.UNKNOWN_ORDER);
            return false;
        }
        if (c.orderId() > 0 && c.clientOrderId() != null && !c.clientOrderId().equals(order.clientOrderId)) {
            sink.onCancelRejected(seq, timestamp, c.symbolId(), c.accountId(), c.orderId(), c.clientOrderId(),
                RejectReason.CLIENT_ORDER_ID_MISMATCH);
            return false;
        }
        cancelOrder(s, order);
        return true;
    }

    private Order find(final SymbolState s, final long accountId, final long orderId, final String clientOrderId) {
        final Order order;
        if (orderId > 0) {
            final Order resting = s.book.get(orderId);
            order = resting != null ? resting : s.conditional.get(orderId);
        } else if (clientOrderId != null) {
            order = s.byClientOrderId.get(new SymbolState.ClientKey(accountId, clientOrderId));
        } else {
            order = null;
        }
        return order != null && order.accountId == accountId ? order : null;
    }

    private void cancelOrder(final SymbolState s, final Order order) {
        if (order.type.isConditional() && s.conditional.get(order.orderId) == order) {
            s.removeConditional(order);
        } else {
            s.book.remove(order.orderId);
        }
        close(s, order, OrderStatus.CANCELED);
    }

    /**
     * As Binance: the new order's parameters and filters (but not the open-order count, which the cancel changes) are
     * checked before anything happens; failing them rejects the whole request. Otherwise cancel first, then place.
     */
    private void cancelReplace(final Command.CancelReplace c) {
        final Command.PlaceOrder next = c.newOrder();
        final SymbolState s = symbol(next.symbolId());
        if (s != null && accounts.get(next.accountId()) != null) {
            RejectReason early = checkShape(next, s.spec);
            if (early == null) {
                early = checkFilters(next, s, false);
            }
            if (early != null) {
                sink.onOrderRejected(seq, timestamp, next.symbolId(), next.accountId(), next.clientOrderId(), early);
                return;
            }
        }
        final boolean canceled = cancel(c.cancel());
        if (canceled || c.allowFailure()) {
            placeOrder(c.newOrder());
        }
    }

    private void cancelAll(final Command.CancelAll c) {
        final SymbolState s = symbol(c.symbolId());
        if (s == null) {
            sink.onCancelRejected(seq, timestamp, c.symbolId(), c.accountId(), 0, null, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        if (cancelAllOf(s, c.accountId()) == 0) {
            sink.onCancelRejected(seq, timestamp, c.symbolId(), c.accountId(), 0, null, RejectReason.UNKNOWN_ORDER);
        }
    }

    /** Cancels every open order of the account on the symbol, oldest first; returns how many. */
    private int cancelAllOf(final SymbolState s, final long accountId) {
        final List<Order> open = openOrdersOf(s, accountId);
        for (final Order order : open) {
            cancelOrder(s, order);
        }
        return open.size();
    }

    private static List<Order> openOrdersOf(final SymbolState s, final long accountId) {
        final List<Order> open = new ArrayList<>();
        s.book.forEachOrder(order -> {
            if (order.accountId == accountId) {
                open.add(order);
            }
        });
        for (final Order order : s.conditional.values()) {
            if (order.accountId == accountId) {
                open.add(order);
            }
        }
        open.sort((a, b) -> Long.compare(a.orderId, b.orderId));
        return open;
    }

    // ------------------------------------------------------------------------------------------------ balances and admin

    private void deposit(final Command.Deposit c) {
        final Account account = accounts.get(c.accountId());
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT
            : !assetExists(c.assetId()) || c.amount() <= 0 ? RejectReason.INVALID_ADMIN_COMMAND
            : c.amount() > MAX_ASSET_SUPPLY - (deposited[c.assetId()] - withdrawn[c.assetId()]) ? RejectReason.SUPPLY_LIMIT
            : null;
        if (reason != null) {
            sink.onCommandRejected(seq, timestamp, c, reason);
            return;
        }
        account.free[c.assetId()] += c.amount();
        deposited[c.assetId()] += c.amount();
        sink.onBalanceAdjusted(seq, timestamp, account.accountId, c.assetId(), c.amount(), c.reference());
        emitBalance(account, c.assetId());
    }

    private void withdraw(final Command.Withdraw c) {
        final Account account = accounts.get(c.accountId());
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT
            : account.frozen ? RejectReason.ACCOUNT_FROZEN
            : !assetExists(c.assetId()) || c.amount() <= 0 ? RejectReason.INVALID_ADMIN_COMMAND
            : account.free[c.assetId()] < c.amount() ? RejectReason.INSUFFICIENT_BALANCE
            : null;
        if (reason != null) {
            sink.onCommandRejected(seq, timestamp, c, reason);
            return;
        }
        account.free[c.assetId()] -= c.amount();
        withdrawn[c.assetId()] += c.amount();
        sink.onBalanceAdjusted(seq, timestamp, account.accountId, c.assetId(), -c.amount(), c.reference());
        emitBalance(account, c.assetId());
    }

    private void createAccount(final Command.CreateAccount c) {
        if (c.accountId() <= 0 || accounts.containsKey(c.accountId()) || c.feeTier() < 0 || c.feeTier() >= MAX_FEE_TIERS
            || !feeTierDefined[c.feeTier()] || c.kycTier() < 0) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.INVALID_ADMIN_COMMAND);
            return;
        }
        accounts.put(c.accountId(), new Account(c.accountId(), c.feeTier(), c.country(), c.kycTier(), assetNames.length, symbols.length));
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void freeze(final Command.FreezeAccount c) {
        final Account account = c.accountId() == FEE_ACCOUNT_ID ? null : accounts.get(c.accountId());
        if (account == null) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        for (final SymbolState s : symbols) {
            if (s != null && account.openOrders[s.spec.symbolId()] > 0) {
                cancelAllOf(s, account.accountId);
            }
        }
        account.frozen = true;
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void unfreeze(final Command.UnfreezeAccount c) {
        final Account account = c.accountId() == FEE_ACCOUNT_ID ? null : accounts.get(c.accountId());
        if (account == null) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.UNKNOWN_ACCOUNT);
            return;
        }
        account.frozen = false;
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void setSymbolStatus(final Command.SetSymbolStatus c) {
        final SymbolState s = symbol(c.symbolId());
        if (s == null) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.UNKNOWN_SYMBOL);
            return;
        }
        s.status = c.status();
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void setFeeTier(final Command.SetFeeTier c) {
        if (c.tier() < 0 || c.tier() >= MAX_FEE_TIERS || c.makerFeePpm() < 0 || c.takerFeePpm() < 0
            || c.makerFeePpm() > MAX_FEE_PPM || c.takerFeePpm() > MAX_FEE_PPM) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.INVALID_ADMIN_COMMAND);
            return;
        }
        makerFeePpm[c.tier()] = c.makerFeePpm();
        takerFeePpm[c.tier()] = c.takerFeePpm();
        feeTierDefined[c.tier()] = true;
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void addAsset(final Command.AddAsset c) {
        if (c.assetId() < 0 || c.assetId() >= MAX_ASSETS || assetExists(c.assetId()) || c.scale() < 0 || c.scale() > 18
            || c.name().isEmpty() || assetId(c.name()) >= 0) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.INVALID_ADMIN_COMMAND);
            return;
        }
        defineAsset(c.assetId(), c.name(), c.scale());
        sink.onAdminApplied(seq, timestamp, c);
    }

    private void defineAsset(final int assetId, final String name, final int scale) {
        if (assetId >= assetNames.length) {
            final int size = assetId + 1;
            assetNames = Arrays.copyOf(assetNames, size);
            assetScales = Arrays.copyOf(assetScales, size);
            deposited = Arrays.copyOf(deposited, size);
            withdrawn = Arrays.copyOf(withdrawn, size);
            for (final Account account : accounts.values()) {
                account.ensureAssets(size);
            }
        }
        assetNames[assetId] = name;
        assetScales[assetId] = scale;
    }

    private void addSymbol(final Command.AddSymbol c) {
        final SymbolSpec spec = c.spec();
        final long unitNotional = unitNotional(spec);
        if (spec.symbolId() < 0 || spec.symbolId() >= MAX_SYMBOLS || symbol(spec.symbolId()) != null || symbolId(spec.name()) >= 0
            || spec.name().isEmpty() || unitNotional <= 0 || !boundsValid(spec)) {
            sink.onCommandRejected(seq, timestamp, c, RejectReason.INVALID_ADMIN_COMMAND);
            return;
        }
        defineSymbol(spec, unitNotional);
        sink.onAdminApplied(seq, timestamp, c);
    }

    private SymbolState defineSymbol(final SymbolSpec spec, final long unitNotional) {
        if (spec.symbolId() >= symbols.length) {
            symbols = Arrays.copyOf(symbols, spec.symbolId() + 1);
            for (final Account account : accounts.values()) {
                account.ensureSymbols(symbols.length);
            }
        }
        final SymbolState state = new SymbolState(spec, bookFactory.create(spec), unitNotional, Fixed.pow10(assetScales[spec.baseAssetId()]));
        symbols[spec.symbolId()] = state;
        return state;
    }

    /** Quote minor units per tick times step, or -1 if the assets are unknown or the sizes do not divide exactly. */
    private long unitNotional(final SymbolSpec spec) {
        if (!assetExists(spec.baseAssetId()) || !assetExists(spec.quoteAssetId()) || spec.baseAssetId() == spec.quoteAssetId()
            || spec.tickSize() <= 0 || spec.stepSize() <= 0) {
            return -1;
        }
        final long high = Math.multiplyHigh(spec.tickSize(), spec.stepSize());
        final long product = spec.tickSize() * spec.stepSize();
        final long baseUnit = Fixed.pow10(assetScales[spec.baseAssetId()]);
        if (high != 0 || product < 0 || product % baseUnit != 0) {
            return -1;
        }
        return product / baseUnit;
    }

    private static boolean boundsValid(final SymbolSpec spec) {
        final boolean nonNegative = spec.minPrice() >= 0 && spec.maxPrice() >= 0 && spec.minQty() >= 0 && spec.maxQty() >= 0
            && spec.marketStepSize() >= 0 && spec.marketMinQty() >= 0 && spec.marketMaxQty() >= 0 && spec.minNotional() >= 0
            && spec.maxNotional() >= 0 && spec.bidMultiplierUp() >= 0 && spec.bidMultiplierDown() >= 0
            && spec.askMultiplierUp() >= 0 && spec.askMultiplierDown() >= 0 && spec.maxNumOrders() >= 0;
        return nonNegative
            && (spec.maxPrice() == 0 || spec.minPrice() <= spec.maxPrice())
            && (spec.maxQty() == 0 || spec.minQty() <= spec.maxQty())
            && (spec.marketMaxQty() == 0 || spec.marketMinQty() <= spec.marketMaxQty())
            && (spec.maxNotional() == 0 || spec.minNotional() <= spec.maxNotional())
            && spec.minPrice() % spec.tickSize() == 0 && spec.maxPrice() % spec.tickSize() == 0
            && spec.avgPriceMins() >= 1 && spec.avgPriceMins() <= SymbolSpec.MAX_AVG_PRICE_MINS;
    }

    private boolean assetExists(final int assetId) {
        return assetId >= 0 && assetId < assetNames.length && assetNames[assetId] != null;
    }

    private SymbolState symbol(final int symbolId) {
        return symbolId >= 0 && symbolId < symbols.length ? symbols[symbolId] : null;
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** The asset's id, or -1. */
    public int assetId(final String name) {
        for (int i = 0; i < assetNames.length; i++) {
            if (name.equals(assetNames[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The symbol's id, or -1. */
    public int symbolId(final String name) {
        for (final SymbolState s : symbols) {
            if (s != null && s.spec.name().equals(name)) {
                return s.spec.symbolId();
            }
        }
        return -1;
    }

    /** The spec of a symbol, or null. */
    public SymbolSpec symbolSpec(final int symbolId) {
        final SymbolState s = symbol(symbolId);
        return s == null ? null : s.spec;
    }

    /** The status of a symbol, or null if unknown. */
    public SymbolStatus symbolStatus(final int symbolId) {
        final SymbolState s = symbol(symbolId);
        return s == null ? null : s.status;
    }

    /** Whether the account exists. */
    public boolean hasAccount(final long accountId) {
        return accounts.containsKey(accountId);
    }

    /** Free balance in minor units (0 for unknown accounts or assets). */
    public long free(final long accountId, final int assetId) {
        final Account account = accounts.get(accountId);
        return account == null || assetId < 0 || assetId >= account.free.length ? 0 : account.free[assetId];
    }

    /** Locked balance in minor units (0 for unknown accounts or assets). */
    public long locked(final long accountId, final int assetId) {
        final Account account = accounts.get(accountId);
        return account == null || assetId < 0 || assetId >= account.locked.length ? 0 : account.locked[assetId];
    }

    /** Sum of all deposits of an asset, in minor units. */
    public long totalDeposited(final int assetId) {
        return deposited[assetId];
    }

    /** Sum of all withdrawals of an asset, in minor units. */
    public long totalWithdrawn(final int assetId) {
        return withdrawn[assetId];
    }

    /** Number of open orders (resting and conditional) of an account on a symbol. */
    public int openOrderCount(final long accountId, final int symbolId) {
        final Account account = accounts.get(accountId);
        return account == null || symbol(symbolId) == null ? 0 : account.openOrders[symbolId];
    }

    /** Last trade price of a symbol in raw price units, 0 before its first trade. */
    public long lastPrice(final int symbolId) {
        final SymbolState s = symbol(symbolId);
        return s == null ? 0 : s.lastPrice * s.tickSize;
    }

    /** Aggregated depth in raw units, best first; returns how many levels were written. */
    public int depth(final int symbolId, final Side side, final int maxLevels, final long[] prices, final long[] quantities) {
        final SymbolState s = symbol(symbolId);
        if (s == null) {
            return 0;
        }
        final int written = s.book.depth(side, maxLevels, prices, quantities);
        for (int i = 0; i < written; i++) {
            prices[i] *= s.tickSize;
            quantities[i] *= s.stepSize;
        }
        return written;
    }

    /** Ids of all accounts, the fee account included, ascending. */
    public long[] accountIds() {
        return accounts.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Number of asset ids in use (ids are dense below this; some may be unassigned). */
    public int assetIdBound() {
        return assetNames.length;
    }

    /** The asset's name, or null if the id is unassigned. */
    public String assetName(final int assetId) {
        return assetId >= 0 && assetId < assetNames.length ? assetNames[assetId] : null;
    }

    /** The asset's scale (decimals), or -1 if the id is unassigned. */
    public int assetScale(final int assetId) {
        return assetName(assetId) == null ? -1 : assetScales[assetId];
    }

    /** Every open order (resting and conditional) of a symbol, by order id; {@code accountId} &lt; 0 means all accounts. */
    public List<OpenOrder> openOrders(final int symbolId, final long accountId) {
        final SymbolState s = symbol(symbolId);
        if (s == null) {
            return List.of();
        }
        final List<Order> open = new ArrayList<>();
        s.book.forEachOrder(open::add);
        open.addAll(s.conditional.values());
        open.sort((a, b) -> Long.compare(a.orderId, b.orderId));
        final List<OpenOrder> views = new ArrayList<>();
        for (final Order o : open) {
            if (accountId >= 0 && o.accountId != accountId) {
                continue;
            }
            views.add(new OpenOrder(symbolId, o.orderId, o.accountId, o.clientOrderId, o.side, o.type, o.timeInForce, o.price * s.tickSize,
                o.stopPrice * s.tickSize, o.quantity * s.stepSize, o.executedQty * s.stepSize, o.cumulativeQuote, o.locked,
                o.executedQty > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW, o.acceptedTimestamp, o.stpMode,
                s.conditional.get(o.orderId) != o));
        }
        return views;
    }

    /** Ids of all symbols, ascending. */
    public int[] symbolIds() {
        return Arrays.stream(symbols).filter(Objects::nonNull).mapToInt(s -> s.spec.symbolId()).toArray();
    }

    /**
     * Binance's avgPrice: the volume-weighted average trade price over the symbol's average-price window ending at the
     * last command's time, else the last trade price; 0 before the first trade. Raw price units.
     */
    public long averagePrice(final int symbolId) {
        final SymbolState s = symbol(symbolId);
        if (s == null) {
            return 0;
        }
        final long average = s.averagePrice.averagePrice(lastTimestamp, s.spec.avgPriceMins(), s.tickSize);
        return average > 0 ? average : s.lastPrice * s.tickSize;
    }

    /** The timestamp of the last applied command (command time never runs backwards). */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Whether the account's kill switch is on. */
    public boolean isFrozen(final long accountId) {
        final Account account = accounts.get(accountId);
        return account != null && account.frozen;
    }

    /** The account's fee tier's maker and taker rates in ppm, as {@code [maker, taker]}, or null for an unknown account. */
    public long[] feeRates(final long accountId) {
        final Account account = accounts.get(accountId);
        return account == null ? null : new long[] {makerFeePpm[account.feeTier], takerFeePpm[account.feeTier]};
    }

    /** Sequence number of the last applied command (0 before the first). */
    public long lastSequence() {
        return lastSeq;
    }

    // ------------------------------------------------------------------------------------------------ invariants

    /**
     * Checks every internal invariant and throws {@link IllegalStateException} naming the first one broken: books
     * consistent and uncrossed; each account's locked balance equal to what its open orders hold; no negative balance;
     * open-order counts and client-id index consistent; every resting order holding at least what it still needs; and
     * for every asset, free plus locked over all accounts equal to deposits minus withdrawals.
     */
    public void checkInvariants() {
        final Long2ObjectHashMap<long[]> lockedByAccount = new Long2ObjectHashMap<>();
        final Long2ObjectHashMap<int[]> openByAccount = new Long2ObjectHashMap<>();
        for (final SymbolState s : symbols) {
            if (s == null) {
                continue;
            }
            s.book.validate();
            final List<Order> open = new ArrayList<>();
            s.book.forEachOrder(open::add);
            open.addAll(s.conditional.values());
            int indexed = 0;
            for (final Order order : open) {
                final int asset = order.side == Side.BUY ? s.quoteAssetId : s.baseAssetId;
                lockedByAccount.computeIfAbsent(order.accountId, k -> new long[assetNames.length])[asset] += order.locked;
                openByAccount.computeIfAbsent(order.accountId, k -> new int[symbols.length])[s.spec.symbolId()]++;
                checkHoldCovers(s, order);
                if (order.clientOrderId != null) {
                    indexed++;
                    if (s.byClientOrderId.get(new SymbolState.ClientKey(order.accountId, order.clientOrderId)) != order) {
                        throw new IllegalStateException("client order id not indexed: " + order);
                    }
                }
            }
            if (indexed != s.byClientOrderId.size()) {
                throw new IllegalStateException(s.spec.name() + ": client order id index has stale entries");
            }
        }
        final long[] total = new long[assetNames.length];
        for (final Account account : accounts.values()) {
            final long[] expectedLocked = lockedByAccount.get(account.accountId);
            final int[] expectedOpen = openByAccount.get(account.accountId);
            for (int asset = 0; asset < assetNames.length; asset++) {
                if (account.free[asset] < 0 || account.locked[asset] < 0) {
                    throw new IllegalStateException("negative balance: account " + account.accountId + " asset " + asset);
                }
                final long locked = expectedLocked == null ? 0 : expectedLocked[asset];
                if (account.locked[asset] != locked) {
                    throw new IllegalStateException("account " + account.accountId + " asset " + asset + " locks "
                        + account.locked[asset] + " but its orders hold " + locked);
                }
                total[asset] = Math.addExact(total[asset], Math.addExact(account.free[asset], account.locked[asset]));
            }
            for (int symbolId = 0; symbolId < symbols.length; symbolId++) {
                final int open = expectedOpen == null ? 0 : expectedOpen[symbolId];
                if (account.openOrders[symbolId] != open) {
                    throw new IllegalStateException("account " + account.accountId + " counts " + account.openOrders[symbolId]
                        + " open orders on symbol " + symbolId + " but has " + open);
                }
            }
        }
        for (int asset = 0; asset < assetNames.length; asset++) {
            if (total[asset] != deposited[asset] - withdrawn[asset]) {
                throw new IllegalStateException("asset " + asset + " not conserved: balances " + total[asset] + " != deposits "
                    + deposited[asset] + " - withdrawals " + withdrawn[asset]);
            }
        }
    }

    private static void checkHoldCovers(final SymbolState s, final Order order) {
        if (order.side == Side.SELL) {
            if (order.locked != order.remaining * s.stepSize) {
                throw new IllegalStateException("sell order holds " + order.locked + " for " + order.remaining + " steps: " + order);
            }
            return;
        }
        final long price = order.type.hasPrice() ? order.price : order.stopPrice;
        final long notional = price * order.remaining * s.unitNotional;
        if (order.locked < notional) {
            throw new IllegalStateException("buy order holds " + order.locked + " but needs " + notional + ": " + order);
        }
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    /**
     * The whole state as bytes, in a canonical order (assets, fee tiers, symbols with their books in priority order
     * and conditional orders, accounts by id), so that equal states give equal bytes.
     */
    public byte[] snapshot() {
        final SnapshotWriter out = new SnapshotWriter();
        out.writeInt(SNAPSHOT_VERSION);
        out.writeLong(lastSeq);
        out.writeLong(lastTimestamp);
        out.writeInt(assetNames.length);
        for (int i = 0; i < assetNames.length; i++) {
            out.writeString(assetNames[i]);
            out.writeInt(assetScales[i]);
            out.writeLong(deposited[i]);
            out.writeLong(withdrawn[i]);
        }
        for (int tier = 0; tier < MAX_FEE_TIERS; tier++) {
            out.writeBoolean(feeTierDefined[tier]);
            out.writeLong(makerFeePpm[tier]);
            out.writeLong(takerFeePpm[tier]);
        }
        out.writeInt(symbols.length);
        for (final SymbolState s : symbols) {
            out.writeBoolean(s != null);
            if (s != null) {
                writeSymbol(out, s);
            }
        }
        final long[] ids = accounts.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        out.writeInt(ids.length);
        for (final long id : ids) {
            final Account account = accounts.get(id);
            out.writeLong(account.accountId);
            out.writeInt(account.feeTier);
            out.writeString(account.country);
            out.writeInt(account.kycTier);
            out.writeBoolean(account.frozen);
            for (int asset = 0; asset < assetNames.length; asset++) {
                out.writeLong(account.free[asset]);
                out.writeLong(account.locked[asset]);
            }
        }
        return out.toByteArray();
    }

    private static void writeSymbol(final SnapshotWriter out, final SymbolState s) {
        writeSpec(out, s.spec);
        out.writeEnum(s.status);
        out.writeLong(s.nextOrderId);
        out.writeLong(s.nextTradeId);
        out.writeLong(s.lastPrice);
        s.averagePrice.write(out);
        out.writeInt(s.book.orderCount());
        s.book.forEachOrder(order -> writeOrder(out, order));
        out.writeInt(s.conditional.size());
        for (final Map<Long, ArrayDeque<Order>> tree : List.of(s.triggerAtOrAbove, s.triggerAtOrBelow)) {
            for (final ArrayDeque<Order> queue : tree.values()) {
                for (final Order order : queue) {
                    writeOrder(out, order);
                }
            }
        }
    }

    /** Writes a symbol spec, field by field; shared by snapshots and {@link CommandCodec}. */
    static void writeSpec(final SnapshotWriter out, final SymbolSpec p) {
        out.writeInt(p.symbolId());
        out.writeString(p.name());
        out.writeInt(p.baseAssetId());
        out.writeInt(p.quoteAssetId());
        for (final long value : new long[] {p.tickSize(), p.minPrice(), p.maxPrice(), p.stepSize(), p.minQty(), p.maxQty(),
            p.marketStepSize(), p.marketMinQty(), p.marketMaxQty(), p.minNotional(), p.maxNotional(), p.bidMultiplierUp(),
            p.bidMultiplierDown(), p.askMultiplierUp(), p.askMultiplierDown()}) {
            out.writeLong(value);
        }
        out.writeBoolean(p.applyMinToMarket());
        out.writeBoolean(p.applyMaxToMarket());
        out.writeInt(p.avgPriceMins());
        out.writeInt(p.maxNumOrders());
        out.writeBoolean(p.quoteOrderQtyMarketAllowed());
        out.writeEnum(p.defaultStpMode());
    }

    /** Reads what {@link #writeSpec} wrote. */
    static SymbolSpec readSpec(final SnapshotReader in) {
        final int symbolId = in.readInt();
        final String name = in.readString();
        final int base = in.readInt();
        final int quote = in.readInt();
        final long[] v = new long[15];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        final boolean applyMin = in.readBoolean();
        final boolean applyMax = in.readBoolean();
        final int avgMins = in.readInt();
        final int maxNumOrders = in.readInt();
        final boolean quoteAllowed = in.readBoolean();
        final StpMode stp = in.readEnum(StpMode.values());
        return new SymbolSpec(symbolId, name, base, quote, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
            applyMin, v[10], applyMax, avgMins, v[11], v[12], v[13], v[14], maxNumOrders, quoteAllowed, stp);
    }

    private static void writeOrder(final SnapshotWriter out, final Order order) {
        out.writeLong(order.orderId);
        out.writeLong(order.accountId);
        out.writeEnum(order.side);
        out.writeEnum(order.type);
        out.writeEnum(order.timeInForce);
        out.writeEnum(order.stpMode);
        out.writeString(order.clientOrderId);
        out.writeLong(order.price);
        out.writeLong(order.stopPrice);
        out.writeLong(order.quantity);
        out.writeLong(order.remaining);
        out.writeLong(order.quoteRemaining);
        out.writeLong(order.origQuoteOrderQty);
        out.writeLong(order.executedQty);
        out.writeLong(order.cumulativeQuote);
        out.writeLong(order.locked);
        out.writeLong(order.maxFeePpm);
        out.writeLong(order.acceptedTimestamp);
    }

    /** Rebuilds an engine from {@link #snapshot()} bytes, with {@link FastOrderBook}s. */
    public static Engine restore(final byte[] snapshot) {
        return restore(snapshot, spec -> new FastOrderBook());
    }

    /** Rebuilds an engine from {@link #snapshot()} bytes with books from {@code bookFactory}. */
    public static Engine restore(final byte[] snapshot, final BookFactory bookFactory) {
        final SnapshotReader in = new SnapshotReader(snapshot);
        final int version = in.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("unknown snapshot version " + version);
        }
        final Engine engine = new Engine(bookFactory);
        engine.lastSeq = in.readLong();
        engine.lastTimestamp = in.readLong();
        final int assetCount = in.readInt();
        for (int i = 0; i < assetCount; i++) {
            final String name = in.readString();
            final int scale = in.readInt();
            engine.defineAsset(i, name, scale);
            engine.deposited[i] = in.readLong();
            engine.withdrawn[i] = in.readLong();
        }
        engine.assetNames = Arrays.copyOf(engine.assetNames, assetCount);
        engine.assetScales = Arrays.copyOf(engine.assetScales, assetCount);
        engine.deposited = Arrays.copyOf(engine.deposited, assetCount);
        engine.withdrawn = Arrays.copyOf(engine.withdrawn, assetCount);
        engine.feeAccount.ensureAssets(assetCount);
        for (int tier = 0; tier < MAX_FEE_TIERS; tier++) {
            engine.feeTierDefined[tier] = in.readBoolean();
            engine.makerFeePpm[tier] = in.readLong();
            engine.takerFeePpm[tier] = in.readLong();
        }
        final int symbolCount = in.readInt();
        final List<Order> orders = new ArrayList<>();
        final List<SymbolState> orderSymbols = new ArrayList<>();
        final List<Boolean> orderConditional = new ArrayList<>();
        engine.symbols = new SymbolState[symbolCount];
        for (int i = 0; i < symbolCount; i++) {
            if (in.readBoolean()) {
                engine.readSymbol(in, orders, orderSymbols, orderConditional);
            }
        }
        final int accountCount = in.readInt();
        for (int i = 0; i < accountCount; i++) {
            final long id = in.readLong();
            final int tier = in.readInt();
            final String country = in.readString();
            final int kyc = in.readInt();
            final Account account = id == FEE_ACCOUNT_ID ? engine.feeAccount : new Account(id, tier, country, kyc, assetCount, symbolCount);
            account.ensureAssets(assetCount);
            account.ensureSymbols(symbolCount);
            account.frozen = in.readBoolean();
            for (int asset = 0; asset < assetCount; asset++) {
                account.free[asset] = in.readLong();
                account.locked[asset] = in.readLong();
            }
            engine.accounts.put(id, account);
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("snapshot has trailing bytes");
        }
        for (int i = 0; i < orders.size(); i++) {
            final Order order = orders.get(i);
            final SymbolState s = orderSymbols.get(i);
            order.account = engine.accounts.get(order.accountId);
            if (order.account == null) {
                throw new IllegalArgumentException("snapshot order " + order.orderId + " names unknown account " + order.accountId);
            }
            order.account.openOrders[s.spec.symbolId()]++;
            if (order.clientOrderId != null) {
                s.byClientOrderId.put(new SymbolState.ClientKey(order.accountId, order.clientOrderId), order);
            }
            if (orderConditional.get(i)) {
                s.addConditional(order);
            } else {
                s.book.add(order);
            }
        }
        return engine;
    }

    private void readSymbol(final SnapshotReader in, final List<Order> orders, final List<SymbolState> orderSymbols,
        final List<Boolean> orderConditional) {
        final SymbolSpec spec = readSpec(in);
        final SymbolState s = defineSymbol(spec, unitNotional(spec));
        s.status = in.readEnum(SymbolStatus.values());
        s.nextOrderId = in.readLong();
        s.nextTradeId = in.readLong();
        s.lastPrice = in.readLong();
        s.averagePrice.read(in);
        final int resting = in.readInt();
        for (int i = 0; i < resting; i++) {
            orders.add(readOrder(in));
            orderSymbols.add(s);
            orderConditional.add(false);
        }
        final int conditional = in.readInt();
        for (int i = 0; i < conditional; i++) {
            orders.add(readOrder(in));
            orderSymbols.add(s);
            orderConditional.add(true);
        }
    }

    private static Order readOrder(final SnapshotReader in) {
        final Order order = new Order();
        order.orderId = in.readLong();
        order.accountId = in.readLong();
        order.side = in.readEnum(Side.values());
        order.type = in.readEnum(OrderType.values());
        order.timeInForce = in.readEnum(TimeInForce.values());
        order.stpMode = in.readEnum(StpMode.values());
        order.clientOrderId = in.readString();
        order.price = in.readLong();
        order.stopPrice = in.readLong();
        order.quantity = in.readLong();
        order.remaining = in.readLong();
        order.quoteRemaining = in.readLong();
        order.origQuoteOrderQty = in.readLong();
        order.executedQty = in.readLong();
        order.cumulativeQuote = in.readLong();
        order.locked = in.readLong();
        order.maxFeePpm = in.readLong();
        order.acceptedTimestamp = in.readLong();
        return order;
    }

    /** SHA-256 over the canonical snapshot: equal for equal states, so replays and replicas can be compared. */
    public byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(snapshot());
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** {@link #digest()} as lowercase hex. */
    public String digestHex() {
        return HexFormat.of().formatHex(digest());
    }
}
