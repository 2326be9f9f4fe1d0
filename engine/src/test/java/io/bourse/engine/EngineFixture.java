package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Drives an {@link Engine} for the rules tests: sets up assets, symbols, fee tiers and funded accounts, applies
 * commands with an auto-increasing sequence number and a settable command clock, returns each command's events, and
 * checks conservation (free plus locked over every account, the fee account included, equals deposits minus
 * withdrawals for every asset) both through {@link Engine#checkInvariants()} and by its own sum.
 *
 * <p>The standard market is BTCUSDT: BTC and USDT both have 8 decimals, tickSize 0.01 USDT ({@link #TICK}), stepSize
 * 0.00001 BTC ({@link #STEP}). Amounts are written as decimal strings and converted with {@link #units(String)}.
 */
final class EngineFixture {
    static final int BTC = 1;
    static final int USDT = 2;
    static final int ETH = 3;
    static final int BTCUSDT = 1;
    static final int ETHUSDT = 2;

    /** The engine's fee account. */
    static final long FEE = Engine.FEE_ACCOUNT_ID;
    static final long ALICE = 1;
    static final long BOB = 2;
    static final long CAROL = 3;
    static final long DAVE = 4;
    /** An account in the VIP tier. */
    static final long ERIN = 5;

    /** Tier 0: no fees (the engine's built-in tier). */
    static final int TIER_ZERO = 0;
    /** Standard tier: maker 0.1%, taker 0.2%. */
    static final int TIER_STD = 1;
    static final long STD_MAKER_PPM = 1_000;
    static final long STD_TAKER_PPM = 2_000;
    /** VIP tier: maker 0%, taker 0.05%. */
    static final int TIER_VIP = 2;
    static final long VIP_MAKER_PPM = 0;
    static final long VIP_TAKER_PPM = 500;

    /** BTCUSDT tick size: 0.01 USDT in USDT minor units. */
    static final long TICK = 1_000_000;
    /** BTCUSDT step size: 0.00001 BTC in BTC minor units. */
    static final long STEP = 1_000;
    /** Balances every standard account starts with. */
    static final long INITIAL_BTC = units("10");
    static final long INITIAL_ETH = units("100");
    static final long INITIAL_USDT = units("1000000");

    static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;

    /** One applied command, for replays. */
    record Applied(long seq, long timestampNanos, Command command, List<Event> events) {
    }

    final Engine engine;
    private long seq;
    private long clock;
    private final TreeSet<Long> accounts = new TreeSet<>();
    private final TreeSet<Integer> assets = new TreeSet<>();
    private final TreeSet<Integer> symbols = new TreeSet<>();
    private final long[] deposited = new long[Engine.MAX_ASSETS];
    private final long[] withdrawn = new long[Engine.MAX_ASSETS];
    private final List<Applied> journal = new ArrayList<>();

    EngineFixture(final Engine engine) {
        this.engine = engine;
        this.seq = engine.lastSequence();
        accounts.add(FEE);
    }

    /** An engine with nothing in it but the fee account. */
    static EngineFixture empty() {
        return new EngineFixture(new Engine());
    }

    /** The standard setup with the default BTCUSDT spec (no filter bounds, STP default EXPIRE_MAKER). */
    static EngineFixture standard() {
        return standard(UnaryOperator.identity());
    }

    /**
     * BTC, USDT, ETH; BTCUSDT with the given refinements of the default spec; ETHUSDT with the default spec; fee tiers
     * STD and VIP; accounts ALICE, BOB, CAROL, DAVE (STD) and ERIN (VIP), each funded with 10 BTC, 100 ETH and
     * 1,000,000 USDT.
     */
    static EngineFixture standard(final UnaryOperator<SymbolSpec> btcUsdt) {
        final EngineFixture f = empty();
        f.admin(new Command.AddAsset(BTC, "BTC", 8));
        f.admin(new Command.AddAsset(USDT, "USDT", 8));
        f.admin(new Command.AddAsset(ETH, "ETH", 8));
        f.admin(new Command.SetFeeTier(TIER_STD, STD_MAKER_PPM, STD_TAKER_PPM));
        f.admin(new Command.SetFeeTier(TIER_VIP, VIP_MAKER_PPM, VIP_TAKER_PPM));
        f.admin(new Command.AddSymbol(btcUsdt.apply(defaultBtcUsdt())));
        f.admin(new Command.AddSymbol(SymbolSpec.of(ETHUSDT, "ETHUSDT", ETH, USDT, TICK, STEP)));
        for (final long id : new long[] {ALICE, BOB, CAROL, DAVE}) {
            f.fundedAccount(id, TIER_STD);
        }
        f.fundedAccount(ERIN, TIER_VIP);
        return f;
    }

    /** The default BTCUSDT spec: tick 0.01, step 0.00001, every other bound disabled. */
    static SymbolSpec defaultBtcUsdt() {
        return SymbolSpec.of(BTCUSDT, "BTCUSDT", BTC, USDT, TICK, STEP);
    }

    /** Creates an account in {@code tier} funded with the standard balances. */
    void fundedAccount(final long id, final int tier) {
        account(id, tier);
        deposit(id, BTC, INITIAL_BTC);
        deposit(id, ETH, INITIAL_ETH);
        deposit(id, USDT, INITIAL_USDT);
    }

    /** Creates an empty account. */
    void account(final long id, final int tier) {
        admin(new Command.CreateAccount(id, tier, "DE", 1));
    }

    /** Deposits and asserts it was credited. */
    void deposit(final long id, final int asset, final long amount) {
        final List<Event> events = apply(new Command.Deposit(id, asset, amount, "dep-" + id + "-" + asset + "-" + seq));
        assertThat(events).as("deposit %s of asset %s", amount, asset).hasAtLeastOneElementOfType(Event.BalanceAdjusted.class);
    }

    /** Applies an administrative command and asserts that it took effect. */
    List<Event> admin(final Command command) {
        final List<Event> events = apply(command);
        assertThat(events).as("admin command %s", command).containsExactly(new Event.AdminApplied(seq, lastTimestamp(), command));
        return events;
    }

    // ---------------------------------------------------------------------------------------------------- applying

    /** Applies one command with the next sequence number at the current clock; returns its events. */
    List<Event> apply(final Command command) {
        seq++;
        final List<Event> events = List.copyOf(engine.apply(seq, clock, command));
        for (final Event event : events) {
            if (event instanceof Event.BalanceAdjusted adjusted) {
                if (adjusted.amount() > 0) {
                    deposited[adjusted.assetId()] += adjusted.amount();
                } else {
                    withdrawn[adjusted.assetId()] -= adjusted.amount();
                }
            } else if (event instanceof Event.AdminApplied admin) {
                if (admin.command() instanceof Command.CreateAccount c) {
                    accounts.add(c.accountId());
                } else if (admin.command() instanceof Command.AddAsset c) {
                    assets.add(c.assetId());
                } else if (admin.command() instanceof Command.AddSymbol c) {
                    symbols.add(c.spec().symbolId());
                }
            }
        }
        journal.add(new Applied(seq, clock, command, events));
        return events;
    }

    /** Places an order and asserts it was accepted; returns its order id. */
    long placeOk(final Command.PlaceOrder order) {
        final List<Event> events = apply(order);
        assertThat(events).as("events of %s", order).isNotEmpty();
        assertThat(events.get(0)).as("first event of %s", order).isInstanceOf(Event.OrderAccepted.class);
        return ((Event.OrderAccepted)events.get(0)).orderId();
    }

    /**
     * Applies an order that must be rejected with {@code reason}, whose Binance code and message must be {@code code}
     * and {@code message}; asserts that the rejection is the only event and that no balance, open order, book level
     * or last price changed.
     */
    List<Event> assertRejected(final Command.PlaceOrder order, final RejectReason reason, final int code, final String message) {
        assertThat(reason.code()).as("Binance code of %s", reason).isEqualTo(code);
        assertThat(reason.message()).as("Binance message of %s", reason).isEqualTo(message);
        final Map<String, Long> before = state();
        final List<Event> events = apply(order);
        assertThat(events).as("events of %s", order).hasSize(1);
        assertThat(events.get(0)).as("event of %s", order).isInstanceOf(Event.OrderRejected.class);
        final Event.OrderRejected rejected = (Event.OrderRejected)events.get(0);
        assertThat(rejected.reason()).as("reject reason of %s", order).isEqualTo(reason);
        assertThat(rejected.seq()).isEqualTo(seq);
        assertThat(rejected.accountId()).isEqualTo(order.accountId());
        assertThat(rejected.symbolId()).isEqualTo(order.symbolId());
        assertThat(rejected.clientOrderId()).isEqualTo(order.clientOrderId());
        assertThat(state()).as("state after the rejected %s", order).isEqualTo(before);
        return events;
    }

    // ---------------------------------------------------------------------------------------------------- clock

    /** Sets the command clock (nanoseconds) for the following commands. */
    void at(final long nanos) {
        clock = nanos;
    }

    /** Moves the command clock forward. */
    void advance(final long nanos) {
        clock += nanos;
    }

    long clock() {
        return clock;
    }

    long seq() {
        return seq;
    }

    /** The timestamp the engine stamps on events: command time never runs backwards. */
    long lastTimestamp() {
        long latest = 0;
        for (final Applied applied : journal) {
            latest = Math.max(latest, applied.timestampNanos());
        }
        return latest;
    }

    List<Applied> journal() {
        return List.copyOf(journal);
    }

    // ---------------------------------------------------------------------------------------------------- state

    long free(final long account, final int asset) {
        return engine.free(account, asset);
    }

    long locked(final long account, final int asset) {
        return engine.locked(account, asset);
    }

    long total(final long account, final int asset) {
        return free(account, asset) + locked(account, asset);
    }

    int openOrders(final long account, final int symbol) {
        return engine.openOrderCount(account, symbol);
    }

    /** Aggregated depth of a side as [price, quantity, price, quantity, ...], best first. */
    List<Long> depth(final int symbol, final Side side) {
        final long[] prices = new long[1000];
        final long[] quantities = new long[1000];
        final int levels = engine.depth(symbol, side, prices.length, prices, quantities);
        final List<Long> out = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            out.add(prices[i]);
            out.add(quantities[i]);
        }
        return out;
    }

    /**
     * Everything observable that a rejected command must leave alone: every balance of every known account, open
     * order counts, both sides of every book, last prices, totals deposited and withdrawn.
     */
    Map<String, Long> state() {
        final Map<String, Long> state = new TreeMap<>();
        for (final long account : accounts) {
            for (final int asset : assets) {
                state.put("free/" + account + "/" + asset, free(account, asset));
                state.put("locked/" + account + "/" + asset, locked(account, asset));
            }
            for (final int symbol : symbols) {
                state.put("open/" + account + "/" + symbol, (long)openOrders(account, symbol));
            }
        }
        for (final int asset : assets) {
            state.put("deposited/" + asset, engine.totalDeposited(asset));
            state.put("withdrawn/" + asset, engine.totalWithdrawn(asset));
        }
        for (final int symbol : symbols) {
            state.put("last/" + symbol, engine.lastPrice(symbol));
            for (final Side side : Side.values()) {
                final List<Long> levels = depth(symbol, side);
                state.put("levels/" + symbol + "/" + side, (long)levels.size());
                for (int i = 0; i < levels.size(); i++) {
                    state.put("depth/" + symbol + "/" + side + "/" + i, levels.get(i));
                }
            }
        }
        return state;
    }

    /**
     * Conservation: the engine's own invariant check, then for every asset the sum of free plus locked over every
     * account this fixture created plus the fee account equals what was deposited minus what was withdrawn (as seen
     * in the events), and matches the engine's totals; no balance is negative.
     */
    void assertConserved() {
        engine.checkInvariants();
        for (final int asset : assets) {
            long sum = 0;
            for (final long account : accounts) {
                assertThat(free(account, asset)).as("free of account %s asset %s", account, asset).isNotNegative();
                assertThat(locked(account, asset)).as("locked of account %s asset %s", account, asset).isNotNegative();
                sum = Math.addExact(sum, Math.addExact(free(account, asset), locked(account, asset)));
            }
            assertThat(sum).as("asset %s: free + locked over all accounts == deposits - withdrawals", asset)
                .isEqualTo(deposited[asset] - withdrawn[asset]);
            assertThat(engine.totalDeposited(asset)).as("engine deposits of asset %s", asset).isEqualTo(deposited[asset]);
            assertThat(engine.totalWithdrawn(asset)).as("engine withdrawals of asset %s", asset).isEqualTo(withdrawn[asset]);
        }
    }

    /** A new fixture around an engine restored from this one's snapshot, with the same bookkeeping and clock. */
    EngineFixture restoredCopy() {
        final EngineFixture copy = new EngineFixture(Engine.restore(engine.snapshot()));
        copy.clock = clock;
        copy.accounts.addAll(accounts);
        copy.assets.addAll(assets);
        copy.symbols.addAll(symbols);
        System.arraycopy(deposited, 0, copy.deposited, 0, deposited.length);
        System.arraycopy(withdrawn, 0, copy.withdrawn, 0, withdrawn.length);
        copy.journal.addAll(journal);
        return copy;
    }

    // ---------------------------------------------------------------------------------------------------- amounts

    /** A decimal amount in minor units of an 8-decimal asset ("30000.01" is 3_000_001_000_000). */
    static long units(final String decimal) {
        return new BigDecimal(decimal).movePointRight(8).longValueExact();
    }

    /** A price in USDT minor units per whole BTC. */
    static long px(final String decimal) {
        return units(decimal);
    }

    /** A quantity in BTC minor units. */
    static long qty(final String decimal) {
        return units(decimal);
    }

    /** The notional of {@code price * quantity} in quote minor units (exact; both at scale 8). */
    static long notional(final long price, final long quantity) {
        return new BigDecimal(price).multiply(new BigDecimal(quantity)).movePointLeft(8).longValueExact();
    }

    /** {@code floor(notional * ppm / 1e6)}. */
    static long feeFloor(final long notional, final long ppm) {
        return new BigDecimal(notional).multiply(new BigDecimal(ppm)).divide(new BigDecimal(1_000_000), RoundingMode.FLOOR)
            .longValueExact();
    }

    /** {@code ceil(notional * ppm / 1e6)}. */
    static long feeCeil(final long notional, final long ppm) {
        return new BigDecimal(notional).multiply(new BigDecimal(ppm)).divide(new BigDecimal(1_000_000), RoundingMode.CEILING)
            .longValueExact();
    }

    // ---------------------------------------------------------------------------------------------------- orders

    static Command.PlaceOrder limit(final long account, final Side side, final TimeInForce tif, final long price, final long quantity) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.LIMIT, tif, price, quantity, 0, 0, null);
    }

    static Command.PlaceOrder gtc(final long account, final Side side, final long price, final long quantity) {
        return limit(account, side, TimeInForce.GTC, price, quantity);
    }

    static Command.PlaceOrder market(final long account, final Side side, final long quantity) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.MARKET, null, 0, quantity, 0, 0, null);
    }

    static Command.PlaceOrder marketQuote(final long account, final Side side, final long quoteOrderQty) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.MARKET, null, 0, 0, quoteOrderQty, 0, null);
    }

    static Command.PlaceOrder limitMaker(final long account, final Side side, final long price, final long quantity) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.LIMIT_MAKER, null, price, quantity, 0, 0, null);
    }

    /** STOP_LOSS or TAKE_PROFIT (a market order once triggered). */
    static Command.PlaceOrder stopMarket(final long account, final Side side, final OrderType type, final long stopPrice, final long quantity) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, type, null, 0, quantity, 0, stopPrice, null);
    }

    /** STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT, GTC. */
    static Command.PlaceOrder stopLimit(
        final long account, final Side side, final OrderType type, final long stopPrice, final long price, final long quantity) {
        return new Command.PlaceOrder(account, BTCUSDT, null, side, type, TimeInForce.GTC, price, quantity, 0, stopPrice, null);
    }

    /** The same order on another symbol. */
    static Command.PlaceOrder on(final int symbol, final Command.PlaceOrder o) {
        return new Command.PlaceOrder(o.accountId(), symbol, o.clientOrderId(), o.side(), o.type(), o.timeInForce(), o.price(), o.quantity(),
            o.quoteOrderQty(), o.stopPrice(), o.stpMode());
    }

    static Command.CancelOrder cancel(final long account, final long orderId) {
        return new Command.CancelOrder(account, BTCUSDT, orderId, null);
    }

    static Command.CancelOrder cancelByClientId(final long account, final String clientOrderId) {
        return new Command.CancelOrder(account, BTCUSDT, 0, clientOrderId);
    }

    // ---------------------------------------------------------------------------------------------------- events

    static <T extends Event> List<T> ofType(final List<Event> events, final Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<Event.Trade> trades(final List<Event> events) {
        return ofType(events, Event.Trade.class);
    }

    /** The single close event of an order of BTCUSDT among {@code events}. */
    static Event.OrderClosed closed(final List<Event> events, final long orderId) {
        return closed(events, BTCUSDT, orderId);
    }

    static Event.OrderClosed closed(final List<Event> events, final int symbol, final long orderId) {
        final List<Event.OrderClosed> found = ofType(events, Event.OrderClosed.class).stream()
            .filter(c -> c.symbolId() == symbol && c.orderId() == orderId).toList();
        assertThat(found).as("close events of order %s on symbol %s in %s", orderId, symbol, events).hasSize(1);
        return found.get(0);
    }

    /** Whether an order of BTCUSDT closed among {@code events}. */
    static boolean isClosed(final List<Event> events, final long orderId) {
        return ofType(events, Event.OrderClosed.class).stream().anyMatch(c -> c.symbolId() == BTCUSDT && c.orderId() == orderId);
    }

    /** The events' classes in order, for checking event sequences. */
    static List<Class<?>> kinds(final List<Event> events) {
        return Arrays.asList(events.stream().map(Object::getClass).toArray(Class<?>[]::new));
    }
}
