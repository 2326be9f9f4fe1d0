package io.bourse.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

/**
 * A real {@link Engine} driven command by command with a settable clock, keeping every command's events so that
 * they can be projected into a store (in pieces, to test projection across transactions) or replayed.
 *
 * <p>BTCUSDT: BTC and USDT with 8 decimals, tick 0.01 USDT, step 0.00001 BTC; fee tier 1 (maker 0.1%, taker 0.2%);
 * accounts ALICE..ERIN in tier 1, each with 100 BTC and 10,000,000 USDT.
 */
final class Market {
    static final int BTC = 1;
    static final int USDT = 2;
    static final int BTCUSDT = 1;
    static final long TICK = 1_000_000L;
    static final long STEP = 1_000L;
    static final long MAKER_PPM = 1_000;
    static final long TAKER_PPM = 2_000;
    static final long ALICE = 1;
    static final long BOB = 2;
    static final long CAROL = 3;
    static final long DAVE = 4;
    static final long ERIN = 5;
    static final long[] ACCOUNTS = {ALICE, BOB, CAROL, DAVE, ERIN};

    /** One command's events. */
    record Applied(long seq, List<Event> events) {
    }

    final Engine engine = new Engine();
    final List<Applied> log = new ArrayList<>();
    /** Every command submitted, in order (to submit them elsewhere, e.g. to a sequencer). */
    final List<Command> commands = new ArrayList<>();
    private long seq;
    private long nowMillis;
    private int projected;

    private Market(final long startMillis) {
        this.nowMillis = startMillis;
    }

    /** The standard market, set up at {@code startMillis}. */
    static Market standard(final long startMillis) {
        final Market m = new Market(startMillis);
        m.submit(new Command.AddAsset(BTC, "BTC", 8));
        m.submit(new Command.AddAsset(USDT, "USDT", 8));
        m.submit(new Command.AddSymbol(SymbolSpec.of(BTCUSDT, "BTCUSDT", BTC, USDT, TICK, STEP)));
        m.submit(new Command.SetFeeTier(1, MAKER_PPM, TAKER_PPM));
        for (final long account : ACCOUNTS) {
            m.submit(new Command.CreateAccount(account, 1, "DE", 1));
            m.submit(new Command.Deposit(account, BTC, units("100"), "btc-" + account));
            m.submit(new Command.Deposit(account, USDT, units("10000000"), "usdt-" + account));
        }
        return m;
    }

    /** A decimal amount with 8 decimals in minor units ("0.4" is 40,000,000). */
    static long units(final String decimal) {
        return new BigDecimal(decimal).movePointRight(8).longValueExact();
    }

    /** Epoch milliseconds of an ISO instant ("2024-03-10T10:00:00Z"). */
    static long millis(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    Market at(final long millis) {
        nowMillis = millis;
        return this;
    }

    Market advance(final long millis) {
        nowMillis += millis;
        return this;
    }

    long now() {
        return nowMillis;
    }

    long seq() {
        return seq;
    }

    /** Applies a command at the current time; returns its events. */
    List<Event> submit(final Command command) {
        seq++;
        commands.add(command);
        final List<Event> events = engine.apply(seq, nowMillis * 1_000_000L, command);
        log.add(new Applied(seq, events));
        return events;
    }

    /** A limit order; returns its id (-1 if rejected). */
    long limit(final long account, final Side side, final TimeInForce tif, final String price, final String quantity) {
        return limit(account, side, tif, price, quantity, null);
    }

    long limit(final long account, final Side side, final TimeInForce tif, final String price, final String quantity, final String clientId) {
        return orderId(submit(Command.PlaceOrder.limit(account, BTCUSDT, side, tif, units(price), units(quantity))
            .withClientOrderId(clientId)));
    }

    /** A market order by base quantity; returns its id. */
    long market(final long account, final Side side, final String quantity) {
        return orderId(submit(Command.PlaceOrder.market(account, BTCUSDT, side, units(quantity))));
    }

    /** A market order by quote quantity; returns its id. */
    long marketByQuote(final long account, final Side side, final String quoteQuantity) {
        return orderId(submit(new Command.PlaceOrder(account, BTCUSDT, null, side, OrderType.MARKET, null, 0, 0, units(quoteQuantity), 0,
            null)));
    }

    /** A conditional order; {@code price} null for the market kinds. */
    long stop(final long account, final Side side, final OrderType type, final String stopPrice, final String price, final String quantity) {
        return orderId(submit(new Command.PlaceOrder(account, BTCUSDT, null, side, type, price == null ? null : TimeInForce.GTC,
            price == null ? 0 : units(price), units(quantity), 0, units(stopPrice), null)));
    }

    void cancel(final long account, final long orderId) {
        submit(new Command.CancelOrder(account, BTCUSDT, orderId, null));
    }

    /** One trade at {@code price}: a resting maker on the other side, then a taker that takes exactly it. */
    void trade(final long maker, final long taker, final Side takerSide, final String price, final String quantity) {
        final long makerId = limit(maker, takerSide.opposite(), TimeInForce.GTC, price, quantity);
        final long takerId = limit(taker, takerSide, TimeInForce.IOC, price, quantity);
        if (makerId < 0 || takerId < 0) {
            throw new AssertionError("trade setup rejected at " + price);
        }
    }

    private static long orderId(final List<Event> events) {
        for (final Event event : events) {
            if (event instanceof Event.OrderAccepted accepted) {
                return accepted.orderId();
            }
        }
        return -1;
    }

    /** Applies to {@code store} what it has not seen yet, and commits. */
    void projectInto(final HistoryStore store) {
        for (; projected < log.size(); projected++) {
            final Applied applied = log.get(projected);
            store.apply(applied.seq(), applied.events());
        }
        store.flush();
    }

    /** Applies everything (from the first command) to {@code store}, and commits. */
    void replayInto(final HistoryStore store) {
        for (final Applied applied : log) {
            store.apply(applied.seq(), applied.events());
        }
        store.flush();
    }
}
