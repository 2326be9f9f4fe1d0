package io.bourse.bench.engine;

import java.util.ArrayList;
import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

import org.HdrHistogram.Histogram;

/**
 * Scenarios (b1) and (b2) on Bourse's whole {@link Engine}: accounts, holds, fees (maker 0.05%, taker 0.1%) and
 * settlement, one command at a time on the calling thread. The commands are built once, up front; each pass starts a
 * fresh engine, applies the setup (assets, symbols, fee tier, accounts, deposits) and the pre-fill untimed, then times
 * {@code engine.apply} over the mix. Symbols use self-trade mode NONE, so that an account meeting its own order trades
 * as it does on exchange-core.
 */
public final class BourseEngineRunner {
    /** Quote deposited into every account: 1,000,000.00000000 (the supply cap is 2^62 minor units over all accounts). */
    static final long QUOTE_DEPOSIT = 100_000_000_000_000L;
    /** Base deposited into every account for each symbol it trades: 10,000.00000000. */
    static final long BASE_DEPOSIT = 1_000_000_000_000L;
    private static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

    private final CommandStream stream;
    private final Command[] setup;
    private final Command[] commands;
    private final CountingSink sink = new CountingSink();

    public BourseEngineRunner(final CommandStream stream) {
        this.stream = stream;
        this.setup = setupCommands(stream.spec).toArray(new Command[0]);
        this.commands = new Command[stream.size];
        for (int i = 0; i < stream.size; i++) {
            commands[i] = command(stream, i);
        }
    }

    private static List<Command> setupCommands(final ScenarioSpec spec) {
        final List<Command> out = new ArrayList<>();
        out.add(new Command.AddAsset(Units.QUOTE_ASSET, "USDT", Units.SCALE));
        for (int k = 0; k < spec.symbols(); k++) {
            out.add(new Command.AddAsset(Units.baseAsset(k), "BASE" + k, Units.SCALE));
        }
        for (int k = 0; k < spec.symbols(); k++) {
            out.add(new Command.AddSymbol(SymbolSpec.of(Units.symbolId(k), "BASE" + k + "USDT", Units.baseAsset(k), Units.QUOTE_ASSET,
                Units.TICK, Units.STEP).withOrderOptions(true, StpMode.NONE)));
        }
        out.add(new Command.SetFeeTier(0, Units.MAKER_FEE_PPM, Units.TAKER_FEE_PPM));
        for (long a = 1; a <= spec.accounts(); a++) {
            out.add(new Command.CreateAccount(a, 0, "US", 1));
            out.add(new Command.Deposit(a, Units.QUOTE_ASSET, QUOTE_DEPOSIT, "seed"));
        }
        for (int k = 0; k < spec.symbols(); k++) {
            for (int j = 0; j < spec.accountsPerSymbol(); j++) {
                out.add(new Command.Deposit(spec.account(k, j), Units.baseAsset(k), BASE_DEPOSIT, "seed"));
            }
        }
        return out;
    }

    private static Command command(final CommandStream s, final int i) {
        final int symbolId = Units.symbolId(s.symbol[i]);
        final long account = s.account[i];
        final Side side = s.buy[i] ? Side.BUY : Side.SELL;
        return switch (s.op[i]) {
            case CommandStream.GTC -> Command.PlaceOrder.limit(account, symbolId, side, TimeInForce.GTC, s.price[i] * Units.TICK,
                s.quantity[i] * Units.STEP);
            case CommandStream.IOC -> Command.PlaceOrder.limit(account, symbolId, side, TimeInForce.IOC, s.price[i] * Units.TICK,
                s.quantity[i] * Units.STEP);
            case CommandStream.MARKET -> Command.PlaceOrder.market(account, symbolId, side, s.quantity[i] * Units.STEP);
            case CommandStream.CANCEL -> new Command.CancelOrder(account, symbolId, s.orderId[i], null);
            case CommandStream.MOVE -> new Command.CancelReplace(
                new Command.CancelOrder(account, symbolId, s.orderId[i], null),
                Command.PlaceOrder.limit(account, symbolId, side, TimeInForce.GTC, s.price[i] * Units.TICK, s.quantity[i] * Units.STEP),
                false);
            default -> throw new IllegalStateException("op " + s.op[i]);
        };
    }

    /**
     * One pass on a fresh engine: setup and pre-fill untimed, then the mix timed. With {@code latencies}, each
     * {@code apply} is timed with {@link System#nanoTime()}.
     */
    public Pass run(final Histogram latencies) {
        final Engine engine = new Engine();
        final CountingSink sink = this.sink;
        sink.reset();
        long seq = 0;
        for (final Command command : setup) {
            seq++;
            engine.apply(seq, EPOCH_NANOS + seq * 1000, command, sink);
        }
        for (int i = 0; i < stream.prefill; i++) {
            seq++;
            engine.apply(seq, EPOCH_NANOS + seq * 1000, commands[i], sink);
        }
        final long setupRefusals = sink.refusals();
        sink.reset();
        final Command[] commands = this.commands;
        final int end = stream.size;
        final long allocBefore = Allocation.currentThread();
        final long start = System.nanoTime();
        if (latencies == null) {
            for (int i = stream.prefill; i < end; i++) {
                seq++;
                engine.apply(seq, EPOCH_NANOS + seq * 1000, commands[i], sink);
            }
        } else {
            for (int i = stream.prefill; i < end; i++) {
                seq++;
                final long t0 = System.nanoTime();
                engine.apply(seq, EPOCH_NANOS + seq * 1000, commands[i], sink);
                latencies.recordValue(System.nanoTime() - t0);
            }
        }
        final long nanos = System.nanoTime() - start;
        final long allocated = Allocation.currentThread() - allocBefore;
        final StringBuilder problems = new StringBuilder();
        if (setupRefusals != 0) {
            problems.append(setupRefusals).append(" setup/pre-fill commands refused; ");
        }
        if (sink.refusals() != 0) {
            problems.append(sink.rejected).append(" orders rejected, ").append(sink.cancelRejected).append(" cancels rejected; ");
        }
        if (sink.accepted() != stream.expectedAccepted()) {
            problems.append("accepted ").append(sink.accepted()).append(" != model ").append(stream.expectedAccepted()).append("; ");
        }
        if (sink.tradedBase() % Units.STEP != 0) {
            problems.append("traded quantity not whole steps; ");
        }
        return new Pass(nanos, sink.trades(), sink.tradedBase() / Units.STEP, allocated,
            problems.length() == 0 ? "" : problems.substring(0, problems.length() - 2));
    }
}
