package io.bourse.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic stream of engine commands for the differential and snapshot tests. It first sets up assets
 * (with different scales), fee tiers, symbols (with and without filters, different default STP modes), accounts on
 * different tiers and their deposits; then it draws every kind of command: all order types and times in force, all
 * STP modes, cancels by id and by client id (also of unknown and other accounts' orders), cancel-replace, cancel-all,
 * deposits, withdrawals, freezes, status changes, fee-tier changes, and a share of invalid input. Later in the stream
 * it adds one more asset (leaving a gap in the asset ids) and one more symbol, so that existing accounts grow. One
 * account (the whale) holds about 2^56 of every asset, and a few orders are priced far off the market with notionals
 * from 2^40 up to the largest long, so that the 64-bit edges of the arithmetic are walked too.
 *
 * <p>Prices cluster around a slowly drifting mid per symbol so that books cross often and keep a moderate number of
 * resting orders. The generator learns what the engine did through {@link #observe} (order ids, client ids, last
 * prices, balances), which keeps cancels and stop prices realistic; feed it the events of one engine, always the same
 * one, and the stream stays a pure function of the seed.
 */
final class RandomCommandGenerator {

    /** One command with the sequence number and timestamp to apply it with. */
    record Step(long seq, long timestampNanos, Command command) {
    }

    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final int BTC = 0;
    private static final int ETH = 1;
    private static final int USDT = 2;
    private static final int EUR = 3;
    /** Added late, with id 4 left undefined. */
    private static final int SOL = 5;
    private static final int ASSET_SLOTS = 6;
    private static final int UNKNOWN_SYMBOL = 9;
    private static final long UNKNOWN_ACCOUNT = 999;
    private static final int FIRST_ACCOUNTS = 16;
    /** An account with balances near 2^56 of every asset: its orders exercise the large-number paths. */
    private static final long WHALE = 16;
    private static final int MAX_ACCOUNTS = 24;
    /** Above this many open orders on a symbol, cancels become more likely. */
    private static final int CROWDED = 150;

    private static final Side[] SIDES = Side.values();
    private static final StpMode[] STP_MODES = StpMode.values();
    private static final SymbolStatus[] STATUSES = SymbolStatus.values();

    private final SplittableRandom random;
    private final ArrayDeque<Command> pending = new ArrayDeque<>();
    private final List<Market> markets = new ArrayList<>();
    private final List<Long> accounts = new ArrayList<>();
    private final Map<Long, long[]> free = new HashMap<>();
    private final Map<Long, Boolean> frozen = new HashMap<>();
    private final long[] richDeposit = new long[ASSET_SLOTS];
    private final long lateSetupAt;
    private long seq;
    private long timestamp = START_NANOS;
    private long streamIndex;
    private long clientIds;
    private long references;

    /** A symbol as the generator sees it. */
    private static final class Market {
        final SymbolSpec spec;
        final long unitNotional;
        final long typicalSteps;
        final long initialMid;
        long mid;
        long lastTradeTicks;
        boolean live;
        SymbolStatus status = SymbolStatus.TRADING;
        final List<Open> open = new ArrayList<>();
        final Map<Long, Integer> openIndex = new HashMap<>();
        final long[] recentlyClosed = new long[16];
        int closedCursor;

        Market(final SymbolSpec spec, final long unitNotional, final long typicalSteps, final long midTicks) {
            this.spec = spec;
            this.unitNotional = unitNotional;
            this.typicalSteps = typicalSteps;
            this.initialMid = midTicks;
            this.mid = midTicks;
        }

        int id() {
            return spec.symbolId();
        }

        long tick() {
            return spec.tickSize();
        }

        long step() {
            return spec.stepSize();
        }

        void opened(final Open order) {
            openIndex.put(order.orderId, open.size());
            open.add(order);
        }

        void closed(final long orderId) {
            final Integer index = openIndex.remove(orderId);
            if (index == null) {
                return;
            }
            final Open last = open.remove(open.size() - 1);
            if (index < open.size()) {
                open.set(index, last);
                openIndex.put(last.orderId, index);
            }
            recentlyClosed[closedCursor] = orderId;
            closedCursor = (closedCursor + 1) % recentlyClosed.length;
        }
    }

    /** An open order, from the engine's events. */
    private record Open(long orderId, long accountId, String clientOrderId) {
    }

    RandomCommandGenerator(final long seed) {
        random = new SplittableRandom(seed);
        lateSetupAt = 500 + random.nextLong(20_000);
        setup();
    }

    // ------------------------------------------------------------------------------------------------ setup

    private void setup() {
        pending.add(new Command.AddAsset(BTC, "BTC", 8));
        pending.add(new Command.AddAsset(ETH, "ETH", 8));
        pending.add(new Command.AddAsset(USDT, "USDT", 6));
        pending.add(new Command.AddAsset(EUR, "EUR", 2));
        pending.add(new Command.AddAsset(USDT, "USDT2", 6));
        pending.add(new Command.SetFeeTier(1, 1000, 1000));
        pending.add(new Command.SetFeeTier(2, 0, 2000));
        pending.add(new Command.SetFeeTier(3, 200, 750));
        pending.add(new Command.SetFeeTier(64, 1, 1));

        final SymbolSpec btcUsdt = SymbolSpec.of(0, "BTCUSDT", BTC, USDT, 1_000_000, 100)
            .withPriceBounds(100_000_000L, 1_000_000_000_000L)
            .withQtyBounds(1_000, 100_000_000)
            .withNotional(5_000_000, true, 0, false, 5)
            .withPercentPriceBySide(50_000, 2_000, 50_000, 2_000)
            .withMaxNumOrders(20)
            .withOrderOptions(true, StpMode.EXPIRE_MAKER);
        final SymbolSpec ethUsdt = SymbolSpec.of(1, "ETHUSDT", ETH, USDT, 10_000, 10_000)
            .withQtyBounds(10_000, 10_000_000_000L)
            .withMarketLot(100_000, 100_000, 1_000_000_000)
            .withNotional(1_000_000, false, 50_000_000_000L, true, 1)
            .withPercentPriceBySide(12_000, 8_000, 12_500, 9_000)
            .withOrderOptions(false, StpMode.EXPIRE_TAKER);
        final SymbolSpec ethBtc = SymbolSpec.of(2, "ETHBTC", ETH, BTC, 1_000, 1_000_000)
            .withOrderOptions(true, StpMode.NONE);
        final SymbolSpec btcEur = SymbolSpec.of(3, "BTCEUR", BTC, EUR, 100, 1_000_000)
            .withPriceBounds(1_000_000, 10_000_000)
            .withNotional(1_000, false, 0, false, 3)
            .withMaxNumOrders(30)
            .withOrderOptions(true, StpMode.EXPIRE_BOTH);
        markets.add(new Market(btcUsdt, 1, 1_000, 30_000));
        markets.add(new Market(ethUsdt, 1, 100, 200_000));
        markets.add(new Market(ethBtc, 10, 20, 6_000));
        markets.add(new Market(btcEur, 1, 5, 28_000));
        for (final Market market : markets) {
            pending.add(new Command.AddSymbol(market.spec));
            market.live = true;
        }
        // Rejected: tick times step not a multiple of the base unit; a duplicate id.
        pending.add(new Command.AddSymbol(SymbolSpec.of(6, "BADUSDT", BTC, USDT, 3, 7)));
        pending.add(new Command.AddSymbol(SymbolSpec.of(0, "BTCUSDT2", BTC, USDT, 1_000_000, 100)));

        richDeposit[BTC] = 500_000_000L;
        richDeposit[ETH] = 5_000_000_000L;
        richDeposit[USDT] = 200_000_000_000L;
        richDeposit[EUR] = 15_000_000L;
        richDeposit[SOL] = 500_000_000_000L;
        for (long id = 1; id <= FIRST_ACCOUNTS; id++) {
            createAccount(id);
        }
        pending.add(new Command.CreateAccount(3, 1, "FR", 1));
        pending.add(new Command.CreateAccount(50, 7, "FR", 1));
    }

    private void createAccount(final long id) {
        accounts.add(id);
        free.put(id, new long[ASSET_SLOTS]);
        frozen.put(id, false);
        pending.add(new Command.CreateAccount(id, (int)(id % 4), id % 2 == 0 ? "DE" : "SG", (int)(id % 3)));
        for (int asset = 0; asset < ASSET_SLOTS; asset++) {
            if (richDeposit[asset] > 0 && (asset != SOL || markets.size() > 4)) {
                pending.add(new Command.Deposit(id, asset, initialDeposit(id, asset), reference()));
            }
        }
    }

    private long initialDeposit(final long id, final int asset) {
        if (id == WHALE) {
            return 1L << 56;
        }
        return id > 12 ? richDeposit[asset] / 30 : richDeposit[asset];
    }

    private void lateSetup() {
        pending.add(new Command.AddAsset(SOL, "SOL", 9));
        final SymbolSpec solUsdt = SymbolSpec.of(4, "SOLUSDT", SOL, USDT, 10_000, 1_000_000)
            .withNotional(0, false, 0, false, 15)
            .withOrderOptions(true, StpMode.EXPIRE_MAKER);
        final Market market = new Market(solUsdt, 10, 200, 10_000);
        markets.add(market);
        market.live = true;
        pending.add(new Command.AddSymbol(solUsdt));
        for (final long id : accounts) {
            pending.add(new Command.Deposit(id, SOL, initialDeposit(id, SOL), reference()));
        }
    }

    // ------------------------------------------------------------------------------------------------ stream

    /** The next command. */
    Step next() {
        seq++;
        advanceTime();
        if (pending.isEmpty()) {
            streamIndex++;
            if (streamIndex == lateSetupAt) {
                lateSetup();
            } else {
                return new Step(seq, timestamp, draw());
            }
        }
        return new Step(seq, timestamp, pending.poll());
    }

    private void advanceTime() {
        final int r = random.nextInt(1000);
        if (r < 700) {
            timestamp += random.nextLong(2_000_000);
        } else if (r < 950) {
            timestamp += random.nextLong(2_000_000_000L);
        } else if (r < 985) {
            timestamp += random.nextLong(60_000_000_000L);
        } else if (r < 995) {
            timestamp += 60_000_000_000L + random.nextLong(540_000_000_000L);
        } else {
            // Earlier than the previous command: the engine must keep its own time from running backwards.
            timestamp -= random.nextLong(1_000_000_000L);
        }
    }

    private Command draw() {
        if (random.nextInt(30) == 0) {
            // Halts and freezes are short.
            for (final Market market : markets) {
                if (market.live && market.status != SymbolStatus.TRADING) {
                    return new Command.SetSymbolStatus(market.id(), SymbolStatus.TRADING);
                }
            }
            for (final long account : accounts) {
                if (frozen.get(account)) {
                    return new Command.UnfreezeAccount(account);
                }
            }
        }
        final Market market = randomMarket();
        final int r = random.nextInt(1000);
        final int cancelShare = market.open.size() > CROWDED ? 350 : 150;
        if (r < cancelShare) {
            return cancel(market);
        }
        if (r < cancelShare + 40) {
            final Command.CancelOrder cancel = cancel(market);
            final long account = random.nextInt(10) < 8 ? cancel.accountId() : randomAccount();
            Command.PlaceOrder replacement = order(market, account);
            if (random.nextInt(4) == 0) {
                // The new order takes over the canceled order's client id (or tries to, if the cancel fails).
                String reused = cancel.clientOrderId();
                final Integer index = market.openIndex.get(cancel.orderId());
                if (reused == null && index != null) {
                    reused = market.open.get(index).clientOrderId;
                }
                replacement = replacement.withClientOrderId(reused);
            }
            return new Command.CancelReplace(cancel, replacement, random.nextBoolean());
        }
        if (r < cancelShare + 50) {
            return cancelAll(market);
        }
        if (r < cancelShare + 90) {
            return deposit();
        }
        if (r < cancelShare + 105) {
            return withdraw();
        }
        if (r < cancelShare + 110) {
            return admin();
        }
        return order(market, randomAccount());
    }

    private Market randomMarket() {
        while (true) {
            final Market market = markets.get(random.nextInt(markets.size()));
            if (market.live) {
                return market;
            }
        }
    }

    private long randomAccount() {
        return accounts.get(random.nextInt(accounts.size()));
    }

    private String reference() {
        return "ref-" + references++;
    }

    // ------------------------------------------------------------------------------------------------ orders

    private Command.PlaceOrder order(final Market market, final long account) {
        moveMid(market);
        if (random.nextInt(1000) < 35) {
            return invalidOrder(market, account);
        }
        final Side side = SIDES[random.nextInt(2)];
        final int t = random.nextInt(100);
        final OrderType type;
        TimeInForce tif = null;
        if (t < 40) {
            type = OrderType.LIMIT;
            tif = TimeInForce.GTC;
        } else if (t < 47) {
            type = OrderType.LIMIT;
            tif = TimeInForce.IOC;
        } else if (t < 52) {
            type = OrderType.LIMIT;
            tif = TimeInForce.FOK;
        } else if (t < 67) {
            type = OrderType.MARKET;
        } else if (t < 75) {
            type = OrderType.LIMIT_MAKER;
        } else if (t < 81) {
            type = OrderType.STOP_LOSS;
        } else if (t < 88) {
            type = OrderType.STOP_LOSS_LIMIT;
            tif = randomTif();
        } else if (t < 94) {
            type = OrderType.TAKE_PROFIT;
        } else {
            type = OrderType.TAKE_PROFIT_LIMIT;
            tif = randomTif();
        }
        long stopTicks = 0;
        long priceTicks = 0;
        if (type.isConditional()) {
            stopTicks = stopTicks(market, side, type);
            if (type.hasPrice()) {
                priceTicks = Math.max(1, stopTicks + (side == Side.BUY ? 1 : -1) * random.nextLong(-3, 8));
            }
        } else if (type.hasPrice()) {
            priceTicks = limitTicks(market, side);
        }
        long quantity = quantity(market, account, side, type, priceTicks > 0 ? priceTicks : market.mid);
        long quoteOrderQty = 0;
        if (type == OrderType.MARKET && random.nextInt(3) == 0) {
            quoteOrderQty = quoteAmount(market, account, side);
            quantity = 0;
        }
        final StpMode stp = random.nextInt(10) < 6 ? null : STP_MODES[random.nextInt(STP_MODES.length)];
        long owner = account;
        String clientOrderId = null;
        final int c = random.nextInt(100);
        if (c < 65) {
            clientOrderId = "c" + clientIds++;
        } else if (c < 68 && !market.open.isEmpty()) {
            // Usually a duplicate of an open order's client id.
            final Open other = market.open.get(random.nextInt(market.open.size()));
            owner = other.accountId;
            clientOrderId = other.clientOrderId;
        }
        return new Command.PlaceOrder(owner, market.id(), clientOrderId, side, type, tif, priceTicks * market.tick(), quantity,
            quoteOrderQty, stopTicks * market.tick(), stp);
    }

    private TimeInForce randomTif() {
        final int r = random.nextInt(10);
        return r < 6 ? TimeInForce.GTC : r < 8 ? TimeInForce.IOC : TimeInForce.FOK;
    }

    /** A random walk with a pull back toward where it started, and now and then a jump that trips stops. */
    private void moveMid(final Market market) {
        final int r = random.nextInt(1000);
        if (r < 300) {
            market.mid += random.nextBoolean() ? 1 : -1;
        } else if (r < 302) {
            market.mid += (random.nextBoolean() ? 1 : -1) * (market.mid / 50);
        }
        final long drift = market.mid - market.initialMid;
        if (Math.abs(drift) > market.initialMid / 10 && random.nextInt(4) == 0) {
            market.mid -= Long.signum(drift) * Math.max(1, market.initialMid / 1000);
        }
        market.mid = Math.max(market.mid, market.initialMid / 2);
    }

    private long limitTicks(final Market market, final Side side) {
        final int r = random.nextInt(1000);
        final long offset;
        if (r < 550) {
            offset = random.nextLong(0, 25);
        } else if (r < 950) {
            offset = -random.nextLong(0, 10);
        } else if (r < 990) {
            offset = random.nextLong(25, 400);
        } else {
            // Far from the average price: PERCENT_PRICE_BY_SIDE or PRICE_FILTER territory.
            return random.nextBoolean() ? market.mid * random.nextLong(2, 8) : Math.max(1, market.mid / random.nextLong(2, 8));
        }
        return Math.max(1, side == Side.BUY ? market.mid - offset : market.mid + offset);
    }

    private long stopTicks(final Market market, final Side side, final OrderType type) {
        final long reference = market.lastTradeTicks != 0 ? market.lastTradeTicks : market.mid;
        final boolean rising = (type == OrderType.STOP_LOSS || type == OrderType.STOP_LOSS_LIMIT) == (side == Side.BUY);
        long distance = random.nextLong(1, 20);
        if (random.nextInt(100) < 6) {
            distance = -random.nextLong(0, 5);
        }
        return Math.max(1, rising ? reference + distance : reference - distance);
    }

    /** A base quantity in minor units: mostly small, sometimes large, sometimes just past the free balance. */
    private long quantity(final Market market, final long account, final Side side, final OrderType type, final long priceTicks) {
        final int r = random.nextInt(1000);
        long steps;
        if (r < 920) {
            steps = 1 + random.nextLong(market.typicalSteps * 2);
        } else if (r < 960) {
            steps = market.typicalSteps * random.nextLong(10, 200);
        } else {
            // Sized on the balance: about half of it (for the whale, enormous), or just past all of it.
            final long[] balances = free.getOrDefault(account, new long[ASSET_SLOTS]);
            final long affordable = side == Side.SELL ? balances[market.spec.baseAssetId()] / market.step()
                : balances[market.spec.quoteAssetId()] / Math.max(1, priceTicks * market.unitNotional);
            steps = r < 980 ? Math.max(1, affordable / 2) : affordable + random.nextLong(1, 10);
        }
        final long marketStep = market.spec.marketStepSize();
        if (!type.hasPrice() && marketStep > 0 && random.nextInt(10) < 9) {
            final long multiple = marketStep / market.step();
            steps = Math.max(multiple, steps / multiple * multiple);
        }
        return steps * market.step();
    }

    private long quoteAmount(final Market market, final long account, final Side side) {
        if (account == WHALE && random.nextInt(4) == 0) {
            return Math.max(1, free.get(WHALE)[market.spec.quoteAssetId()] / 3);
        }
        final long steps = 1 + random.nextLong(market.typicalSteps * (random.nextInt(20) == 0 ? 50 : 2));
        final long amount = steps * market.mid * market.unitNotional + random.nextLong(market.mid * market.unitNotional);
        return Math.max(1, side == Side.BUY ? amount : amount / 2);
    }

    private Command.PlaceOrder invalidOrder(final Market market, final long account) {
        final long price = market.mid * market.tick();
        final long quantity = (1 + random.nextLong(market.typicalSteps)) * market.step();
        final Side side = SIDES[random.nextInt(2)];
        final int symbol = market.id();
        final TimeInForce gtc = TimeInForce.GTC;
        return switch (random.nextInt(20)) {
            case 19 -> largeNotionalOrder(market, random.nextBoolean() ? WHALE : account);
            case 18 -> edgeNotionalOrder(market, account, side);
            case 16 -> Command.PlaceOrder.limit(account, symbol, side, gtc, Long.MAX_VALUE / 2 / market.tick() * market.tick(),
                1_000_000_000_000L / market.step() * market.step());
            case 17 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.MARKET, null, 0, 0, Long.MAX_VALUE - random.nextLong(100),
                0, null);
            case 0 -> Command.PlaceOrder.limit(account, symbol, side, gtc, price + 1, quantity);
            case 1 -> Command.PlaceOrder.limit(account, symbol, side, gtc, price, quantity + 1);
            case 2 -> Command.PlaceOrder.limit(account, symbol, side, gtc, price, 0);
            case 3 -> Command.PlaceOrder.limit(account, symbol, side, gtc, -price, quantity);
            case 4 -> Command.PlaceOrder.limit(account, UNKNOWN_SYMBOL, side, gtc, price, quantity);
            case 5 -> Command.PlaceOrder.limit(UNKNOWN_ACCOUNT, symbol, side, gtc, price, quantity);
            case 6 -> Command.PlaceOrder.limit(Engine.FEE_ACCOUNT_ID, symbol, side, gtc, price, quantity);
            case 7 -> Command.PlaceOrder.limit(account, symbol, side, null, price, quantity);
            case 8 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.MARKET, null, price, quantity, 0, 0, null);
            case 9 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.LIMIT_MAKER, gtc, price, quantity, 0, 0, null);
            case 10 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.STOP_LOSS, null, 0, quantity, 0, 0, null);
            case 11 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.LIMIT, gtc, price, 0, price, 0, null);
            case 12 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.MARKET, null, 0, quantity, price, 0, null);
            case 13 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.LIMIT, gtc, price, quantity, 0, price, null);
            case 14 -> new Command.PlaceOrder(account, symbol, null, side, OrderType.MARKET, TimeInForce.IOC, 0, quantity, 0, 0, null);
            default -> new Command.PlaceOrder(account, symbol, null, side, OrderType.TAKE_PROFIT_LIMIT, gtc, price, quantity, 0, -price,
                StpMode.NONE);
        };
    }

    /**
     * A limit order at a price far off the market with a notional of 2^40 to 2^56 quote units: only the whale affords
     * such a bid, anyone may offer such an ask, and whoever trades with them moves large numbers.
     */
    private Command.PlaceOrder largeNotionalOrder(final Market market, final long account) {
        final long steps = 1 + random.nextLong(market.typicalSteps);
        final long target = 1L << random.nextInt(40, 57);
        final long priceTicks = Math.max(1, Math.min(target / (steps * market.unitNotional), Long.MAX_VALUE / market.tick()));
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        return Command.PlaceOrder.limit(account, market.id(), side, random.nextInt(4) == 0 ? TimeInForce.IOC : TimeInForce.GTC,
            priceTicks * market.tick(), steps * market.step());
    }

    /**
     * A limit order whose notional (price times quantity) is within a few units of the largest long: accepted as a sell
     * where no price filter stops it, refused as a buy. Whoever buys from it works at the edge of 64-bit arithmetic.
     */
    private Command.PlaceOrder edgeNotionalOrder(final Market market, final long account, final Side side) {
        final long minSteps = (market.tick() + market.unitNotional - 1) / market.unitNotional;
        final long steps = Math.max(market.typicalSteps, minSteps) * random.nextLong(1, 4);
        final long priceTicks = Math.min(Long.MAX_VALUE / (steps * market.unitNotional), Long.MAX_VALUE / market.tick());
        return Command.PlaceOrder.limit(account, market.id(), side, TimeInForce.GTC, priceTicks * market.tick(), steps * market.step());
    }

    // ------------------------------------------------------------------------------------------------ cancels

    private Command.CancelOrder cancel(final Market market) {
        final int r = random.nextInt(100);
        if (r < 88 && !market.open.isEmpty()) {
            final Open order = market.open.get(random.nextInt(market.open.size()));
            final long account = r < 82 ? order.accountId : randomAccount();
            if (order.clientOrderId != null && random.nextInt(3) == 0) {
                return new Command.CancelOrder(account, market.id(), random.nextInt(4) == 0 ? -1 : 0, order.clientOrderId);
            }
            final int named = random.nextInt(20);
            // Both names given: they must agree, else the cancel is refused.
            final String clientOrderId = named == 0 ? "mismatch" : named < 4 ? order.clientOrderId : null;
            return new Command.CancelOrder(account, market.id(), order.orderId, clientOrderId);
        }
        final long account = randomAccount();
        return switch (random.nextInt(6)) {
            case 0 -> new Command.CancelOrder(account, market.id(), market.recentlyClosed[random.nextInt(16)], null);
            case 1 -> new Command.CancelOrder(account, market.id(), 1L << 40, null);
            case 2 -> new Command.CancelOrder(account, market.id(), 0, "nope");
            case 3 -> new Command.CancelOrder(account, market.id(), 0, null);
            case 4 -> new Command.CancelOrder(account, UNKNOWN_SYMBOL, 1, null);
            default -> new Command.CancelOrder(UNKNOWN_ACCOUNT, market.id(), market.recentlyClosed[random.nextInt(16)], null);
        };
    }

    private Command cancelAll(final Market market) {
        if (random.nextInt(20) == 0) {
            return new Command.CancelAll(randomAccount(), UNKNOWN_SYMBOL);
        }
        if (!market.open.isEmpty() && random.nextInt(4) != 0) {
            return new Command.CancelAll(market.open.get(random.nextInt(market.open.size())).accountId, market.id());
        }
        return new Command.CancelAll(randomAccount(), market.id());
    }

    // ------------------------------------------------------------------------------------------------ balances and admin

    private int randomAsset() {
        final int asset = random.nextInt(markets.size() > 4 && markets.get(4).live ? ASSET_SLOTS : EUR + 1);
        return asset == 4 ? SOL : asset;
    }

    private Command deposit() {
        final long account = randomAccount();
        final int asset = randomAsset();
        final int r = random.nextInt(1000);
        if (r < 10) {
            return new Command.Deposit(UNKNOWN_ACCOUNT, asset, 100, reference());
        }
        if (r < 20) {
            return new Command.Deposit(account, 4, 100, reference());
        }
        if (r < 30) {
            return new Command.Deposit(account, asset, -random.nextLong(0, 100), reference());
        }
        if (r < 33) {
            return new Command.Deposit(account, asset, Engine.MAX_ASSET_SUPPLY, reference());
        }
        return new Command.Deposit(account, asset, 1 + random.nextLong(initialDeposit(account, asset) / 5), reference());
    }

    private Command withdraw() {
        final long account = randomAccount();
        final int asset = randomAsset();
        final long balance = free.get(account)[asset];
        final int r = random.nextInt(100);
        final long amount;
        if (r < 70) {
            amount = 1 + random.nextLong(Math.max(1, balance / 4));
        } else if (r < 80) {
            amount = balance;
        } else if (r < 95) {
            amount = balance + 1 + random.nextLong(1_000);
        } else {
            amount = -random.nextLong(0, 10);
        }
        return new Command.Withdraw(random.nextInt(50) == 0 ? UNKNOWN_ACCOUNT : account, asset, amount, reference());
    }

    private Command admin() {
        final int r = random.nextInt(100);
        if (r < 25) {
            final long account = randomAccount();
            return frozen.get(account) ? new Command.UnfreezeAccount(account) : new Command.FreezeAccount(account);
        }
        if (r < 30) {
            final long account = random.nextBoolean() ? Engine.FEE_ACCOUNT_ID : UNKNOWN_ACCOUNT;
            return random.nextBoolean() ? new Command.FreezeAccount(account) : new Command.UnfreezeAccount(account);
        }
        if (r < 60) {
            if (random.nextInt(10) == 0) {
                return new Command.SetSymbolStatus(UNKNOWN_SYMBOL, SymbolStatus.HALT);
            }
            return new Command.SetSymbolStatus(randomMarket().id(), STATUSES[random.nextInt(STATUSES.length)]);
        }
        if (r < 80) {
            final int tier = 1 + random.nextInt(3);
            final long maker = random.nextInt(10) == 0 ? Engine.MAX_FEE_PPM + 1 : random.nextLong(0, 3_000);
            return new Command.SetFeeTier(tier, maker, random.nextLong(0, 5_000));
        }
        if (r < 90 && accounts.size() < MAX_ACCOUNTS) {
            final long id = accounts.get(accounts.size() - 1) + 1;
            createAccount(id);
            return pending.poll();
        }
        return switch (random.nextInt(4)) {
            case 0 -> new Command.CreateAccount(randomAccount(), 1, "US", 1);
            case 1 -> new Command.AddAsset(BTC, "BTC", 8);
            case 2 -> new Command.AddSymbol(markets.get(0).spec);
            default -> new Command.CreateAccount(MAX_ACCOUNTS + 100, 65, "US", 1);
        };
    }

    // ------------------------------------------------------------------------------------------------ feedback

    /** Learns from the events of the command just applied (always the same engine's). */
    void observe(final List<Event> events) {
        for (final Event event : events) {
            switch (event) {
                case Event.OrderAccepted e -> market(e.symbolId()).opened(new Open(e.orderId(), e.accountId(), e.clientOrderId()));
                case Event.OrderClosed e -> market(e.symbolId()).closed(e.orderId());
                case Event.Trade e -> market(e.symbolId()).lastTradeTicks = e.price() / market(e.symbolId()).tick();
                case Event.BalanceChanged e -> {
                    final long[] balances = free.get(e.accountId());
                    if (balances != null) {
                        balances[e.assetId()] = e.free();
                    }
                }
                case Event.AdminApplied e -> applied(e.command());
                default -> {
                }
            }
        }
    }

    private void applied(final Command command) {
        switch (command) {
            case Command.FreezeAccount c -> frozen.put(c.accountId(), true);
            case Command.UnfreezeAccount c -> frozen.put(c.accountId(), false);
            case Command.SetSymbolStatus c -> market(c.symbolId()).status = c.status();
            default -> {
            }
        }
    }

    private Market market(final int symbolId) {
        for (final Market market : markets) {
            if (market.id() == symbolId) {
                return market;
            }
        }
        throw new IllegalStateException("event for a symbol the generator does not know: " + symbolId);
    }
}
