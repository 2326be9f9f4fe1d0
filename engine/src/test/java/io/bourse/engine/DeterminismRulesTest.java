package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.BTCUSDT;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.DAVE;
import static io.bourse.engine.EngineFixture.ETHUSDT;
import static io.bourse.engine.EngineFixture.NANOS_PER_MINUTE;
import static io.bourse.engine.EngineFixture.NANOS_PER_SECOND;
import static io.bourse.engine.EngineFixture.USDT;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.ofType;
import static io.bourse.engine.EngineFixture.px;
import static io.bourse.engine.EngineFixture.qty;
import static io.bourse.engine.EngineFixture.stopLimit;
import static io.bourse.engine.EngineFixture.stopMarket;
import static io.bourse.engine.EngineFixture.trades;
import static io.bourse.engine.EngineFixture.units;
import static io.bourse.engine.Side.BUY;
import static io.bourse.engine.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Determinism (house rule, Engine's contract): the engine reads no clock and draws no random numbers, so the same
 * sequenced commands give the same events and the same digest; a snapshot restores to the same digest and goes on
 * exactly as the original would.
 */
class DeterminismRulesTest {

    /** One scripted step: advance the command clock, then apply the command. */
    private record Step(long advanceNanos, Command command) {
    }

    private static final UnaryOperator<SymbolSpec> FILTERED = s -> s.withPercentPriceBySide(12_000, 8_000, 12_000, 8_000)
        .withNotional(units("1"), true, units("200000"), true, 5).withMaxNumOrders(40);

    /** A varied, reproducible command script: every order type, cancels, admin commands, time passing. */
    private static List<Step> script(final long seed, final int length) {
        final Random random = new Random(seed);
        final List<Step> steps = new ArrayList<>();
        final StpMode[] modes = {null, StpMode.NONE, StpMode.EXPIRE_TAKER, StpMode.EXPIRE_MAKER, StpMode.EXPIRE_BOTH};
        for (int i = 0; i < length; i++) {
            final long account = 1 + random.nextInt(5);
            final boolean eth = random.nextInt(5) == 0;
            final int symbol = eth ? ETHUSDT : BTCUSDT;
            final long mid = eth ? px("2000") : px("30000");
            final long tick = eth ? px("0.5") : px("5");
            final long price = mid + (random.nextInt(41) - 20) * tick;
            final long quantity = (1 + random.nextInt(300)) * qty("0.001");
            final Side side = random.nextBoolean() ? BUY : SELL;
            final String clientId = random.nextInt(4) == 0 ? "c" + random.nextInt(15) : null;
            final StpMode stp = modes[random.nextInt(modes.length)];
            final int roll = random.nextInt(100);
            final Command command;
            if (roll < 38) {
                command = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity, 0, 0, stp);
            } else if (roll < 46) {
                final TimeInForce tif = random.nextBoolean() ? TimeInForce.IOC : TimeInForce.FOK;
                command = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.LIMIT, tif, price, quantity, 0, 0, stp);
            } else if (roll < 53) {
                command = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.MARKET, null, 0, quantity, 0, 0, stp);
            } else if (roll < 56) {
                final long quote = units(Integer.toString(10 + random.nextInt(5000)));
                command = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.MARKET, null, 0, 0, quote, 0, stp);
            } else if (roll < 60) {
                command = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.LIMIT_MAKER, null, price, quantity, 0, 0, stp);
            } else if (roll < 68) {
                final OrderType type = OrderType.values()[2 + random.nextInt(4)];
                final long stop = mid + (random.nextInt(41) - 20) * tick;
                final TimeInForce tif = type.hasPrice() ? TimeInForce.GTC : null;
                command = new Command.PlaceOrder(account, symbol, clientId, side, type, tif, type.hasPrice() ? price : 0, quantity, 0, stop,
                    stp);
            } else if (roll < 80) {
                command = new Command.CancelOrder(account, symbol, 1 + random.nextInt(i / 2 + 1), null);
            } else if (roll < 84) {
                command = new Command.CancelOrder(account, symbol, 0, "c" + random.nextInt(15));
            } else if (roll < 88) {
                final Command.PlaceOrder replacement = new Command.PlaceOrder(account, symbol, clientId, side, OrderType.LIMIT,
                    TimeInForce.GTC, price, quantity, 0, 0, stp);
                command = new Command.CancelReplace(new Command.CancelOrder(account, symbol, 1 + random.nextInt(i / 2 + 1), null),
                    replacement, random.nextBoolean());
            } else if (roll < 90) {
                command = new Command.CancelAll(account, symbol);
            } else if (roll < 93) {
                command = new Command.Deposit(account, 1 + random.nextInt(3), units(Integer.toString(1 + random.nextInt(1000))), "d" + i);
            } else if (roll < 96) {
                command = new Command.Withdraw(account, 1 + random.nextInt(3), units(Integer.toString(1 + random.nextInt(1000))), "w" + i);
            } else if (roll < 98) {
                command = random.nextBoolean() ? new Command.FreezeAccount(account) : new Command.UnfreezeAccount(account);
            } else {
                final SymbolStatus[] statuses = {SymbolStatus.TRADING, SymbolStatus.TRADING, SymbolStatus.HALT, SymbolStatus.BREAK};
                command = new Command.SetSymbolStatus(symbol, statuses[random.nextInt(statuses.length)]);
            }
            steps.add(new Step(random.nextInt(20) * NANOS_PER_SECOND, command));
        }
        return steps;
    }

    private static List<List<Event>> run(final EngineFixture f, final List<Step> steps) {
        final List<List<Event>> out = new ArrayList<>();
        for (final Step step : steps) {
            f.advance(step.advanceNanos());
            out.add(f.apply(step.command()));
        }
        return out;
    }

    @Test
    void theScriptExercisesEveryKindOfEvent() {
        final EngineFixture f = EngineFixture.standard(FILTERED);
        final List<Event> all = run(f, script(7, 3000)).stream().flatMap(List::stream).toList();
        for (final Class<? extends Event> kind : List.of(Event.OrderAccepted.class, Event.OrderRejected.class, Event.Trade.class,
            Event.OrderTriggered.class, Event.OrderClosed.class, Event.CancelRejected.class, Event.BalanceChanged.class,
            Event.BalanceAdjusted.class, Event.AdminApplied.class, Event.CommandRejected.class)) {
            assertThat(ofType(all, kind)).as("events of kind %s", kind.getSimpleName()).isNotEmpty();
        }
        for (final OrderStatus status : List.of(OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.EXPIRED_IN_MATCH)) {
            assertThat(ofType(all, Event.OrderClosed.class)).as("closes with status %s", status).anyMatch(c -> c.status() == status);
        }
        f.assertConserved();
    }

    @Test
    void sameCommandsGiveTheSameEventsAndDigestOnTwoEngines() {
        final EngineFixture first = EngineFixture.standard(FILTERED);
        run(first, script(11, 2000));
        first.assertConserved();
        final Engine second = new Engine();
        for (final EngineFixture.Applied applied : first.journal()) {
            assertThat(second.apply(applied.seq(), applied.timestampNanos(), applied.command()))
                .as("events of command %s: %s", applied.seq(), applied.command()).isEqualTo(applied.events());
        }
        assertThat(second.digestHex()).isEqualTo(first.engine.digestHex());
        assertThat(second.snapshot()).isEqualTo(first.engine.snapshot());
        second.checkInvariants();
    }

    @Test
    void differentScriptsGiveDifferentDigests() {
        final EngineFixture a = EngineFixture.standard(FILTERED);
        final EngineFixture b = EngineFixture.standard(FILTERED);
        assertThat(a.engine.digestHex()).isEqualTo(b.engine.digestHex());
        run(a, script(1, 300));
        run(b, script(2, 300));
        assertThat(a.engine.digestHex()).isNotEqualTo(b.engine.digestHex());
        a.assertConserved();
        b.assertConserved();
    }

    @Test
    void snapshotRestoresToTheSameDigest() {
        final EngineFixture f = EngineFixture.standard(FILTERED);
        run(f, script(23, 1500));
        final byte[] snapshot = f.engine.snapshot();
        final Engine restored = Engine.restore(snapshot);
        restored.checkInvariants();
        assertThat(restored.digestHex()).isEqualTo(f.engine.digestHex());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.lastSequence()).isEqualTo(f.seq());
        for (long account = 0; account <= 5; account++) {
            for (int asset = 1; asset <= 3; asset++) {
                assertThat(restored.free(account, asset)).isEqualTo(f.free(account, asset));
                assertThat(restored.locked(account, asset)).isEqualTo(f.locked(account, asset));
            }
            assertThat(restored.openOrderCount(account, BTCUSDT)).isEqualTo(f.openOrders(account, BTCUSDT));
        }
        f.assertConserved();
    }

    @Test
    void restoredEngineGoesOnExactlyLikeTheOriginal() {
        final EngineFixture original = EngineFixture.standard(FILTERED);
        run(original, script(31, 1000));
        final EngineFixture restored = original.restoredCopy();
        final List<Step> rest = script(32, 1000);
        final List<List<Event>> fromOriginal = run(original, rest);
        final List<List<Event>> fromRestored = run(restored, rest);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(fromRestored.get(i)).as("events of step %s: %s", i, rest.get(i).command()).isEqualTo(fromOriginal.get(i));
        }
        assertThat(restored.engine.digestHex()).isEqualTo(original.engine.digestHex());
        original.assertConserved();
        restored.assertConserved();
    }

    @Test
    void snapshotKeepsConditionalOrdersClientIdsFreezesHaltsAndTheAverageWindow() {
        final EngineFixture f = EngineFixture.standard(s -> s.withPercentPriceBySide(12_000, 8_000, 12_000, 8_000));
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")).withClientOrderId("bob-1"));
        f.placeOk(market(CAROL, BUY, qty("0.4")));
        f.placeOk(gtc(BOB, SELL, px("31000"), qty("0.5")));
        f.placeOk(stopMarket(ALICE, BUY, OrderType.STOP_LOSS, px("31000"), qty("0.2")).withClientOrderId("alice-stop"));
        f.placeOk(stopLimit(DAVE, SELL, OrderType.STOP_LOSS_LIMIT, px("29000"), px("28900"), qty("0.3")));
        f.admin(new Command.FreezeAccount(EngineFixture.ERIN));
        f.admin(new Command.SetSymbolStatus(ETHUSDT, SymbolStatus.HALT));
        f.advance(2 * NANOS_PER_MINUTE);

        final EngineFixture restored = f.restoredCopy();
        final List<Command> probes = List.of(
            gtc(BOB, SELL, px("30500"), qty("0.1")).withClientOrderId("bob-1"),
            gtc(ALICE, BUY, px("36000.01"), qty("0.1")),
            gtc(EngineFixture.ERIN, BUY, px("30000"), qty("0.1")),
            EngineFixture.on(ETHUSDT, gtc(ALICE, BUY, px("2000"), qty("0.1"))),
            market(CAROL, BUY, qty("0.7")),
            new Command.CancelOrder(DAVE, BTCUSDT, 5, null),
            new Command.CancelOrder(BOB, BTCUSDT, 0, "bob-1"),
            new Command.Withdraw(EngineFixture.ERIN, USDT, units("1"), "frozen"));
        for (final Command probe : probes) {
            final List<Event> expected = f.apply(probe);
            assertThat(restored.apply(probe)).as("events of %s", probe).isEqualTo(expected);
        }
        final List<Event> triggering = f.journal().get(f.journal().size() - 4).events();
        assertThat(ofType(triggering, Event.OrderTriggered.class)).as("the restored stop order triggers too").hasSize(1);
        assertThat(trades(triggering)).hasSizeGreaterThan(1);
        assertThat(restored.engine.digestHex()).isEqualTo(f.engine.digestHex());
        f.assertConserved();
        restored.assertConserved();
    }

    @Test
    void commandTimeNeverRunsBackwards() {
        final EngineFixture f = EngineFixture.standard();
        f.at(10 * NANOS_PER_MINUTE);
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.at(5 * NANOS_PER_MINUTE);
        final List<Event> events = f.apply(market(ALICE, BUY, qty("0.1")));
        assertThat(events).allMatch(e -> !(e instanceof Event.Trade t) || t.timestampNanos() == 10 * NANOS_PER_MINUTE);
        assertThat(ofType(events, Event.OrderAccepted.class).get(0).timestampNanos()).isEqualTo(10 * NANOS_PER_MINUTE);
        f.assertConserved();
    }

    @Test
    void sequenceNumbersMustIncrease() {
        final EngineFixture f = EngineFixture.standard();
        final long last = f.seq();
        assertThatThrownBy(() -> f.engine.apply(last, 0, gtc(ALICE, BUY, px("30000"), qty("0.1"))))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.engine.lastSequence()).isEqualTo(last);
        f.assertConserved();
    }
}
