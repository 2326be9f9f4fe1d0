package io.bourse.marketdata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolSpec;

/**
 * A real {@link Engine} with four markets of different scales and self-trade prevention modes, funded accounts, a
 * settable command clock, and any number of observers fed each command's events (projectors, recorders).
 */
final class MarketSim {
    static final long START_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long NANOS_PER_MILLI = 1_000_000L;

    static final int BTC = 0;
    static final int USDT = 1;
    static final int ETH = 2;
    static final int SOL = 3;
    static final int[] SCALES = {8, 6, 8, 9};
    static final String[] ASSETS = {"BTC", "USDT", "ETH", "SOL"};

    /** Symbols: tick and step chosen so that one tick times one step is one quote minor unit. */
    static final List<SymbolSpec> SPECS = List.of(
        SymbolSpec.of(0, "BTCUSDT", BTC, USDT, 10_000, 10_000).withOrderOptions(true, StpMode.EXPIRE_MAKER),
        SymbolSpec.of(1, "ETHUSDT", ETH, USDT, 1_000, 100_000).withOrderOptions(true, StpMode.NONE),
        SymbolSpec.of(2, "ETHBTC", ETH, BTC, 100, 1_000_000).withOrderOptions(true, StpMode.EXPIRE_TAKER),
        SymbolSpec.of(3, "SOLUSDT", SOL, USDT, 1_000, 1_000_000).withOrderOptions(true, StpMode.EXPIRE_BOTH));
    /** Starting mid price per symbol, in ticks. */
    static final long[] MIDS = {3_000_000, 2_000_000, 60_000, 150_000};
    static final long[] DEPOSITS = {1_000_000_000_000L, 10_000_000_000_000L, 10_000_000_000_000L, 1_000_000_000_000_000L};

    /** Receives each applied command. */
    interface Observer {
        void onCommand(long seq, long timestampNanos, Command command, List<Event> events);
    }

    final Engine engine = new Engine();
    final int accounts;
    private final List<Observer> observers = new ArrayList<>();
    long seq;
    long clockNanos = START_NANOS;

    MarketSim(final int accounts) {
        this.accounts = accounts;
    }

    /** Feeds every later command to {@code observer}. */
    MarketSim observe(final Observer observer) {
        observers.add(observer);
        return this;
    }

    /** Feeds every later command to a projector. */
    MarketSim feed(final MarketDataProjector projector) {
        return observe((s, t, c, events) -> projector.onCommand(s, t, events));
    }

    /** Assets, symbols and funded accounts 1..accounts. */
    MarketSim setup() {
        for (int asset = 0; asset < ASSETS.length; asset++) {
            expectApplied(new Command.AddAsset(asset, ASSETS[asset], SCALES[asset]));
        }
        for (final SymbolSpec spec : SPECS) {
            expectApplied(new Command.AddSymbol(spec));
        }
        for (long id = 1; id <= accounts; id++) {
            expectApplied(new Command.CreateAccount(id, 0, "DE", 1));
            for (int asset = 0; asset < ASSETS.length; asset++) {
                apply(new Command.Deposit(id, asset, DEPOSITS[asset], "genesis"));
            }
        }
        return this;
    }

    private void expectApplied(final Command command) {
        final List<Event> events = apply(command);
        if (events.stream().noneMatch(e -> e instanceof Event.AdminApplied)) {
            throw new IllegalStateException("not applied: " + command + " -> " + events);
        }
    }

    List<Event> apply(final Command command) {
        seq++;
        final List<Event> events = engine.apply(seq, clockNanos, command);
        for (final Observer observer : observers) {
            observer.onCommand(seq, clockNanos, command, events);
        }
        return events;
    }

    /** Advances the command clock. */
    void advanceMillis(final long millis) {
        clockNanos += millis * NANOS_PER_MILLI;
    }

    long nowMillis() {
        return clockNanos / NANOS_PER_MILLI;
    }

    static SymbolFormat format(final int symbolId) {
        final SymbolSpec spec = SPECS.get(symbolId);
        return SymbolFormat.of(spec, asset -> SCALES[asset]);
    }

    /** The engine's whole book of one side, best first, as [prices, quantities]. */
    long[][] engineDepth(final int symbolId, final Side side) {
        final int max = 10_000;
        final long[] prices = new long[max];
        final long[] quantities = new long[max];
        final int n = engine.depth(symbolId, side, max, prices, quantities);
        if (n == max) {
            throw new IllegalStateException("book deeper than the test expects");
        }
        return new long[][] {Arrays.copyOf(prices, n), Arrays.copyOf(quantities, n)};
    }
}
