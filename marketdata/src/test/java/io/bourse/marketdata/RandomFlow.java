package io.bourse.marketdata;

import java.util.List;
import java.util.SplittableRandom;

import io.bourse.engine.Command;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

/**
 * A seeded stream of trading commands over {@link MarketSim}'s markets: GTC limits around a drifting mid (crossing
 * often), LIMIT_MAKER, IOC and FOK limits, market orders by quantity and by quote, cancels, cancel-replace, cancel-all,
 * stop and take-profit orders (limit GTC/IOC and market), and now and then an account freeze (which cancels across
 * every symbol in one command) followed by its unfreeze. Open orders are picked from the engine itself.
 */
final class RandomFlow {
    /** Above this many open orders on a symbol, cancels become much more likely. */
    private static final int CROWDED = 250;

    private final SplittableRandom random;
    private final MarketSim sim;
    private final long[] mid = MarketSim.MIDS.clone();
    private final boolean conditionalLimits;
    private long frozen;
    /** Probability weights of a clock jump: 1 in this many steps jumps by up to {@link #jumpMillis}. */
    private final int jumpEvery;
    private final long jumpMillis;
    private final long stepMillis;

    /**
     * A flow over {@code sim}; {@code conditionalLimits} enables STOP_LOSS_LIMIT/TAKE_PROFIT_LIMIT GTC orders; the clock
     * moves by up to {@code stepMillis} per command and, once every {@code jumpEvery} commands on average, by up to
     * {@code jumpMillis}.
     */
    RandomFlow(final long seed, final MarketSim sim, final boolean conditionalLimits, final long stepMillis, final int jumpEvery,
        final long jumpMillis) {
        this.random = new SplittableRandom(seed);
        this.sim = sim;
        this.conditionalLimits = conditionalLimits;
        this.stepMillis = stepMillis;
        this.jumpEvery = jumpEvery;
        this.jumpMillis = jumpMillis;
    }

    /** Advances the clock and applies one random command. */
    void step() {
        sim.advanceMillis(random.nextLong(stepMillis + 1));
        if (jumpEvery > 0 && random.nextInt(jumpEvery) == 0) {
            sim.advanceMillis(1 + random.nextLong(jumpMillis));
        }
        if (frozen != 0) {
            sim.apply(new Command.UnfreezeAccount(frozen));
            frozen = 0;
            return;
        }
        sim.apply(next());
    }

    private Command next() {
        final int symbolId = random.nextInt(MarketSim.SPECS.size());
        final SymbolSpec spec = MarketSim.SPECS.get(symbolId);
        final long account = 1 + random.nextInt(sim.accounts);
        drift(symbolId);
        final List<OpenOrder> open = sim.engine.openOrders(symbolId, -1);
        int roll = random.nextInt(1000);
        if (open.size() > CROWDED) {
            roll = roll < 500 ? 500 + roll % 150 : roll;
        }
        if (roll < 330) {
            return limit(spec, account, TimeInForce.GTC);
        } else if (roll < 380) {
            final Side side = side();
            return new Command.PlaceOrder(account, symbolId, null, side, OrderType.LIMIT_MAKER, null, price(spec, side, -2, 15), qty(spec), 0, 0,
                null);
        } else if (roll < 440) {
            return limit(spec, account, random.nextInt(4) == 0 ? TimeInForce.FOK : TimeInForce.IOC);
        } else if (roll < 500) {
            final Side side = side();
            if (random.nextInt(3) == 0) {
                final long quote = (1 + random.nextInt(30)) * mid[symbolId] * spec.tickSize() * spec.stepSize() / unit(spec);
                return new Command.PlaceOrder(account, symbolId, null, side, OrderType.MARKET, null, 0, 0, quote, 0, null);
            }
            return Command.PlaceOrder.market(account, symbolId, side, qty(spec) * (1 + random.nextInt(3)));
        } else if (roll < 650) {
            if (open.isEmpty()) {
                return limit(spec, account, TimeInForce.GTC);
            }
            final OpenOrder victim = open.get(random.nextInt(open.size()));
            return new Command.CancelOrder(victim.accountId(), symbolId, victim.orderId(), null);
        } else if (roll < 720) {
            if (open.isEmpty()) {
                return limit(spec, account, TimeInForce.GTC);
            }
            final OpenOrder victim = open.get(random.nextInt(open.size()));
            final Command.PlaceOrder replacement = limit(spec, victim.accountId(), TimeInForce.GTC);
            final long orderId = random.nextInt(10) == 0 ? victim.orderId() + 1_000_000 : victim.orderId();
            return new Command.CancelReplace(new Command.CancelOrder(victim.accountId(), symbolId, orderId, null), replacement,
                random.nextBoolean());
        } else if (roll < 800) {
            return conditional(spec, account);
        } else if (roll < 815) {
            return new Command.CancelAll(account, symbolId);
        } else if (roll < 818 && frozen == 0) {
            frozen = account;
            return new Command.FreezeAccount(account);
        } else if (roll < 822) {
            return new Command.Deposit(account, MarketSim.USDT, 1_000, "top-up");
        } else {
            return limit(spec, account, TimeInForce.GTC);
        }
    }

    private static long unit(final SymbolSpec spec) {
        return (long) Math.pow(10, MarketSim.SCALES[spec.baseAssetId()]);
    }

    private void drift(final int symbolId) {
        final long last = sim.engine.lastPrice(symbolId) / MarketSim.SPECS.get(symbolId).tickSize();
        if (last > 0 && random.nextInt(4) == 0) {
            mid[symbolId] = last;
        }
        mid[symbolId] = Math.max(100, mid[symbolId] + random.nextInt(3) - 1);
    }

    private Side side() {
        return random.nextBoolean() ? Side.BUY : Side.SELL;
    }

    /** A price in raw units around the mid: buys from {@code mid - far} to {@code mid + near}, sells mirrored. */
    private long price(final SymbolSpec spec, final Side side, final int near, final int far) {
        final long offset = near + random.nextInt(far - near + 1);
        final long ticks = side == Side.BUY ? mid[spec.symbolId()] - offset : mid[spec.symbolId()] + offset;
        return Math.max(1, ticks) * spec.tickSize();
    }

    private long qty(final SymbolSpec spec) {
        return (1 + random.nextInt(random.nextInt(8) == 0 ? 200 : 20)) * spec.stepSize();
    }

    private Command.PlaceOrder limit(final SymbolSpec spec, final long account, final TimeInForce tif) {
        final Side side = side();
        final int far = random.nextInt(8) == 0 ? 400 : random.nextInt(3) == 0 ? 60 : 20;
        final long price = tif == TimeInForce.GTC ? price(spec, side, -3, far) : price(spec, side, -8, 2);
        return Command.PlaceOrder.limit(account, spec.symbolId(), side, tif, price, qty(spec));
    }

    private Command.PlaceOrder conditional(final SymbolSpec spec, final long account) {
        final Side side = side();
        final boolean stopLoss = random.nextBoolean();
        final boolean withLimit = conditionalLimits && random.nextInt(4) != 0;
        final long lastTicks = Math.max(sim.engine.lastPrice(spec.symbolId()) / spec.tickSize(), 0);
        final long reference = lastTicks > 0 ? lastTicks : mid[spec.symbolId()];
        // Stop-loss buys and take-profit sells wait for the price to rise; the others for it to fall.
        final boolean rising = stopLoss == (side == Side.BUY);
        final long stopTicks = Math.max(1, rising ? reference + 1 + random.nextInt(6) : reference - 1 - random.nextInt(6));
        final long stop = stopTicks * spec.tickSize();
        if (!withLimit) {
            return new Command.PlaceOrder(account, spec.symbolId(), null, side, stopLoss ? OrderType.STOP_LOSS : OrderType.TAKE_PROFIT, null, 0,
                qty(spec), 0, stop, null);
        }
        final long slack = random.nextInt(4);
        final long limitTicks = Math.max(1, side == Side.BUY ? stopTicks + slack : stopTicks - slack);
        final TimeInForce tif = random.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
        return new Command.PlaceOrder(account, spec.symbolId(), null, side, stopLoss ? OrderType.STOP_LOSS_LIMIT : OrderType.TAKE_PROFIT_LIMIT,
            tif, limitTicks * spec.tickSize(), qty(spec), 0, stop, null);
    }
}
