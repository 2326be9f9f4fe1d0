package io.bourse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.bourse.engine.Command;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

/**
 * The journal benchmark's order flow, one instance per producer thread: GTC limit orders around a wandering mid
 * price (most rest a few ticks away, some cross), IOC and market orders that take liquidity, cancels of the
 * producer's own oldest orders by client order id (as many cancels as resting orders, so the book stays at a few
 * hundred to a few thousand orders however long the run), and the odd deposit. Every command is about 60 to 90 bytes encoded, like a gateway's.
 */
final class JournalBenchLoad {
    static final int BTC = 1;
    static final int USDT = 2;
    static final int SYMBOL = 1;
    static final int ACCOUNTS = 100;
    private static final long TICK = 1_000_000;
    private static final long STEP = 1_000;
    private static final long MID = 30_000_00000000L;

    private final SplittableRandom random;
    private final String prefix;
    private final String[] open = new String[1024];
    private final long[] openAccount = new long[1024];
    private long head;
    private long tail;
    private long counter;
    private long mid = MID;

    JournalBenchLoad(final long seed, final String prefix) {
        this.random = new SplittableRandom(seed);
        this.prefix = prefix;
    }

    /** Assets, the market, fee tiers and {@link #ACCOUNTS} funded accounts. */
    static List<Command> setup() {
        final List<Command> commands = new ArrayList<>();
        commands.add(new Command.AddAsset(BTC, "BTC", 8));
        commands.add(new Command.AddAsset(USDT, "USDT", 8));
        commands.add(new Command.AddSymbol(SymbolSpec.of(SYMBOL, "BTCUSDT", BTC, USDT, TICK, STEP)));
        commands.add(new Command.SetFeeTier(1, 1_000, 1_000));
        for (long account = 1; account <= ACCOUNTS; account++) {
            commands.add(new Command.CreateAccount(account, 1, "DE", 1));
            commands.add(new Command.Deposit(account, BTC, 1_000_000_00000000L, "setup"));
            commands.add(new Command.Deposit(account, USDT, 1_000_000_000_00000000L, "setup"));
        }
        return commands;
    }

    Command next() {
        final int roll = random.nextInt(100);
        if (roll < 42 && head - tail > 256) {
            final int slot = (int)(tail++ % open.length);
            return new Command.CancelOrder(openAccount[slot], SYMBOL, 0, open[slot]);
        }
        if (roll < 84) {
            return rest();
        }
        if (roll < 94) {
            return take(TimeInForce.IOC);
        }
        if (roll < 98) {
            return Command.PlaceOrder.market(account(), SYMBOL, random.nextBoolean() ? Side.BUY : Side.SELL, STEP * (1 + random.nextInt(200)))
                .withClientOrderId(prefix + counter++);
        }
        return new Command.Deposit(account(), random.nextBoolean() ? BTC : USDT, 1 + random.nextInt(1_000_000), prefix + counter++);
    }

    private Command rest() {
        mid += TICK * 50 * (random.nextInt(3) - 1);
        mid = Math.max(20_000_00000000L, Math.min(40_000_00000000L, mid));
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        // 1 to 40 dollars away from the mid on the resting side; one in eight crosses by up to 5 dollars.
        final long away = random.nextInt(8) == 0 ? -TICK * 100 * random.nextInt(1, 6) : TICK * 100 * random.nextInt(1, 41);
        final long price = side == Side.BUY ? mid - away : mid + away;
        final long account = account();
        final String id = prefix + counter++;
        if (head - tail == open.length) {
            tail++;
        }
        final int slot = (int)(head++ % open.length);
        open[slot] = id;
        openAccount[slot] = account;
        return Command.PlaceOrder.limit(account, SYMBOL, side, TimeInForce.GTC, price, STEP * (1 + random.nextInt(1_000)))
            .withClientOrderId(id);
    }

    private Command take(final TimeInForce tif) {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long through = TICK * 100 * random.nextInt(0, 30);
        final long price = side == Side.BUY ? mid + through : mid - through;
        return Command.PlaceOrder.limit(account(), SYMBOL, side, tif, price, STEP * (1 + random.nextInt(500))).withClientOrderId(prefix + counter++);
    }

    private long account() {
        return 1 + random.nextInt(ACCOUNTS);
    }
}
