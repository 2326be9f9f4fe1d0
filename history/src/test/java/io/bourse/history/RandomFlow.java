package io.bourse.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.bourse.engine.Command;
import io.bourse.engine.Event;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.TimeInForce;

/**
 * A seeded, realistic stream of commands for a {@link Market}: limit orders around a wandering mid price that rest
 * and cross, IOC, market orders by base and by quote quantity, conditional orders (some trigger), cancels and
 * cancel-alls; the clock advances by milliseconds mostly, by minutes, hours and days sometimes, so klines of every
 * interval (calendar months included) and the 24-hour window get exercised.
 */
final class RandomFlow {
    private static final long TICK = Market.TICK;
    private static final long DOLLAR = 100 * TICK;

    private final Random random;
    private final Market market;
    private final boolean dense;
    private final List<long[]> placed = new ArrayList<>();
    private long mid = Market.units("30000");

    RandomFlow(final long seed, final Market market) {
        this(seed, market, false);
    }

    /** With {@code dense}, commands come 0 to 1.7 s apart (about 100,000 a day, a busy market) and never pause longer. */
    RandomFlow(final long seed, final Market market, final boolean dense) {
        this.random = new Random(seed);
        this.market = market;
        this.dense = dense;
    }

    /** Mostly bursts of commands, with pauses of minutes, hours and sometimes days. */
    private void advanceClock() {
        if (dense) {
            market.advance(random.nextInt(1_700));
            return;
        }
        final int roll = random.nextInt(100);
        if (roll < 60) {
            market.advance(random.nextInt(1_500));
        } else if (roll < 90) {
            market.advance(random.nextInt(90_000));
        } else if (roll < 98) {
            market.advance(random.nextInt(3 * 3_600_000));
        } else {
            market.advance(random.nextLong(3 * 86_400_000L));
        }
    }

    void step() {
        advanceClock();
        mid = Math.max(Market.units("20000"), Math.min(Market.units("40000"), mid + DOLLAR * (random.nextInt(3) - 1)));
        final long account = Market.ACCOUNTS[random.nextInt(Market.ACCOUNTS.length)];
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final int roll = random.nextInt(100);
        if (roll < 45) {
            place(Command.PlaceOrder.limit(account, Market.BTCUSDT, side, TimeInForce.GTC, price(side, -5, 30), quantity()));
        } else if (roll < 58) {
            place(Command.PlaceOrder.limit(account, Market.BTCUSDT, side, random.nextBoolean() ? TimeInForce.IOC : TimeInForce.FOK,
                price(side, -20, 5), quantity()));
        } else if (roll < 65) {
            place(Command.PlaceOrder.market(account, Market.BTCUSDT, side, quantity()));
        } else if (roll < 68) {
            place(new Command.PlaceOrder(account, Market.BTCUSDT, null, side, OrderType.MARKET, null, 0, 0,
                Market.units(String.valueOf(100 + random.nextInt(2_000))), 0, null));
        } else if (roll < 76) {
            conditional(account, side);
        } else if (roll < 96) {
            if (!placed.isEmpty()) {
                final long[] order = placed.get(random.nextInt(placed.size()));
                market.submit(new Command.CancelOrder(order[0], Market.BTCUSDT, order[1], null));
            }
        } else {
            market.submit(new Command.CancelAll(account, Market.BTCUSDT));
        }
    }

    /** A limit price {@code low..high} dollars on the passive side of the mid (negative: crossing). */
    private long price(final Side side, final int low, final int high) {
        final long offset = DOLLAR * (low + random.nextInt(high - low + 1));
        return side == Side.BUY ? mid - offset : mid + offset;
    }

    private long quantity() {
        return Market.STEP * (1 + random.nextInt(50_000));
    }

    private void conditional(final long account, final Side side) {
        final OrderType[] types = {OrderType.STOP_LOSS, OrderType.STOP_LOSS_LIMIT, OrderType.TAKE_PROFIT, OrderType.TAKE_PROFIT_LIMIT};
        final OrderType type = types[random.nextInt(types.length)];
        // Stops wait for the price to move against the position, take-profits for it to move in favour; 1..10 dollars away.
        final boolean rising = (type == OrderType.STOP_LOSS || type == OrderType.STOP_LOSS_LIMIT) == (side == Side.BUY);
        final long distance = DOLLAR * (1 + random.nextInt(10));
        final long stop = rising ? mid + distance : mid - distance;
        final long price = type.hasPrice() ? (side == Side.BUY ? stop + 2 * DOLLAR : stop - 2 * DOLLAR) : 0;
        place(new Command.PlaceOrder(account, Market.BTCUSDT, null, side, type, type.hasPrice() ? TimeInForce.GTC : null, price,
            quantity(), 0, stop, null));
    }

    private void place(final Command.PlaceOrder order) {
        for (final Event event : market.submit(order)) {
            if (event instanceof Event.OrderAccepted accepted) {
                placed.add(new long[] {accepted.accountId(), accepted.orderId()});
                if (placed.size() > 200) {
                    placed.remove(0);
                }
            }
        }
    }
}
