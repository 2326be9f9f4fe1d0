package io.bourse.bench.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiNop;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.ApiReset;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.InitialStateConfiguration;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.common.config.OrdersProcessingConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.common.config.ReportsQueriesConfiguration;
import exchange.core2.core.common.config.SerializationConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;

import org.HdrHistogram.Histogram;

/**
 * Scenarios (b1) and (b2) on exchange-core's whole pipeline: {@link ExchangeCore} with one risk engine and one
 * matching engine (4 busy threads: grouping; risk pre-check R1, which also runs the settlement R2 between groups;
 * matching; results), {@code OrderBookDirectImpl} books, full per-currency risk with margin trading off (spot only),
 * no journaling and no snapshots ({@link SerializationConfiguration#DEFAULT}), clean in-memory start. Symbols are
 * {@code CURRENCY_EXCHANGE_PAIR}s with per-lot maker/taker fees; users are added with {@code ApiAddUser} and funded with
 * {@code ApiAdjustUserBalance}, the same amounts as on Bourse. Each pass starts with {@code ApiReset}, as exchange-core's
 * own throughput test does between iterations.
 *
 * <p>Two performance profiles, as exchange-core's own tests use: for throughput its
 * {@code throughputPerformanceBuilder} settings (ring of 64K, groups of up to 4096 messages or 4 ms) and for
 * latency its {@code latencyPerformanceBuilder} settings (ring of 2K, groups of 256 messages or 10 us); both with one
 * engine of each kind instead of 4 + 2, plain daemon threads instead of CPU-pinned ones (there are 2 cores for 4
 * stage threads and the sender), and the wait strategy the caller picked.
 *
 * <p>Throughput is measured as exchange-core's own throughput test does ({@code ExchangeApi.submitCommandsSync}): every
 * command but the last through {@code submitCommand}, the last through {@code submitCommandAsync}, timed from the first
 * submit until the last result is back. Results reach the consumer right after matching; the settlement stage (R2)
 * may still be finishing the last group then. Latency: one command in flight at a time ({@link #runLatencyInFlight}),
 * or at a fixed rate ({@link #runLatency}); either way the results consumer records callback time minus the
 * command's (planned) send time.
 */
public final class ExchangeCoreRunner implements AutoCloseable {
    private final ExchangeCore core;
    private final ExchangeApi api;
    private final Results results = new Results();
    private final String description;

    /** Everything exchange-core needs for a scenario: symbols, users and balances, the pre-fill and the mix. */
    public static final class Commands {
        final CommandStream stream;
        final List<CoreSymbolSpecification> symbols = new ArrayList<>();
        final ApiCommand[] users;
        final ApiCommand[] prefill;
        final ApiCommand[] bench;

        public Commands(final CommandStream stream) {
            this.stream = stream;
            final ScenarioSpec spec = stream.spec;
            for (int k = 0; k < spec.symbols(); k++) {
                symbols.add(ExchangeCoreBookRunner.symbolSpec(spec, k));
            }
            final List<ApiCommand> setup = new ArrayList<>();
            final long[] nextTransaction = new long[spec.accounts() + 1];
            for (int a = 1; a <= spec.accounts(); a++) {
                setup.add(ApiAddUser.builder().uid(a).build());
                setup.add(ApiAdjustUserBalance.builder().uid(a).currency(Units.QUOTE_ASSET).amount(BourseEngineRunner.QUOTE_DEPOSIT)
                    .transactionId(++nextTransaction[a]).build());
            }
            for (int k = 0; k < spec.symbols(); k++) {
                for (int j = 0; j < spec.accountsPerSymbol(); j++) {
                    final int a = (int) spec.account(k, j);
                    setup.add(ApiAdjustUserBalance.builder().uid(a).currency(Units.baseAsset(k)).amount(BourseEngineRunner.BASE_DEPOSIT)
                        .transactionId(++nextTransaction[a]).build());
                }
            }
            this.users = setup.toArray(new ApiCommand[0]);
            this.prefill = new ApiCommand[stream.prefill];
            for (int i = 0; i < stream.prefill; i++) {
                prefill[i] = command(stream, i);
            }
            this.bench = new ApiCommand[stream.benchSize()];
            for (int i = 0; i < bench.length; i++) {
                bench[i] = command(stream, stream.prefill + i);
            }
        }

        /** The stream these commands were made from. */
        public CommandStream stream() {
            return stream;
        }

        private static ApiCommand command(final CommandStream s, final int i) {
            final int k = s.symbol[i];
            final int symbolId = Units.symbolId(k);
            final long cap = s.spec.capPrice(k);
            final long floor = s.spec.floorPrice(k);
            final byte op = s.op[i];
            return switch (op) {
                case CommandStream.GTC, CommandStream.IOC, CommandStream.MARKET -> {
                    final boolean buy = s.buy[i];
                    final long price = op == CommandStream.MARKET ? (buy ? cap : floor) : s.price[i];
                    yield ApiPlaceOrder.builder()
                        .uid(s.account[i])
                        .orderId(s.ecOrderId[i])
                        .symbol(symbolId)
                        .action(buy ? OrderAction.BID : OrderAction.ASK)
                        .orderType(op == CommandStream.GTC ? OrderType.GTC : OrderType.IOC)
                        .price(price)
                        // a GTC bid reserves the cap so that any later move stays within its hold; an IOC reserves its price
                        .reservePrice(buy && op == CommandStream.GTC ? cap : price)
                        .size(s.quantity[i])
                        .build();
                }
                case CommandStream.CANCEL -> ApiCancelOrder.builder().uid(s.account[i]).orderId(s.ecOrderId[i]).symbol(symbolId).build();
                case CommandStream.MOVE -> ApiMoveOrder.builder().uid(s.account[i]).orderId(s.ecOrderId[i]).symbol(symbolId)
                    .newPrice(s.price[i]).build();
                default -> throw new IllegalStateException("op " + op);
            };
        }
    }

    /** Starts an exchange core with the throughput or the latency profile and the given wait strategy. */
    public ExchangeCoreRunner(final CoreWaitStrategy waitStrategy, final boolean latencyProfile) {
        final PerformanceConfiguration perf = PerformanceConfiguration.builder()
            .ringBufferSize(latencyProfile ? 2 * 1024 : 64 * 1024)
            .matchingEnginesNum(1)
            .riskEnginesNum(1)
            .msgsInGroupLimit(latencyProfile ? 256 : 4_096)
            .maxGroupDurationNs(latencyProfile ? 10_000 : 4_000_000)
            .threadFactory(new DaemonThreads())
            .waitStrategy(waitStrategy)
            .binaryCommandsLz4CompressorFactory(PerformanceConfiguration.DEFAULT.getBinaryCommandsLz4CompressorFactory())
            .orderBookFactory(OrderBookDirectImpl::new)
            .build();
        final ExchangeConfiguration config = ExchangeConfiguration.builder()
            .ordersProcessingCfg(OrdersProcessingConfiguration.builder()
                .riskProcessingMode(OrdersProcessingConfiguration.RiskProcessingMode.FULL_PER_CURRENCY)
                .marginTradingMode(OrdersProcessingConfiguration.MarginTradingMode.MARGIN_TRADING_DISABLED)
                .build())
            .performanceCfg(perf)
            .initStateCfg(InitialStateConfiguration.CLEAN_TEST)
            .reportsQueriesCfg(ReportsQueriesConfiguration.DEFAULT)
            .loggingCfg(LoggingConfiguration.DEFAULT)
            .serializationCfg(SerializationConfiguration.DEFAULT)
            .build();
        this.core = ExchangeCore.builder().resultsConsumer(results).exchangeConfiguration(config).build();
        this.core.startup();
        this.api = core.getApi();
        this.description = String.format("ring=%d, groups of %d msgs / %d ns, %s", perf.getRingBufferSize(),
            perf.getMsgsInGroupLimit(), perf.getMaxGroupDurationNs(), waitStrategy);
    }

    /** The configuration in a few words. */
    public String description() {
        return description;
    }

    /** Resets the core and loads symbols, users, balances and the pre-fill. */
    public void load(final Commands commands) {
        expect(await(api.submitCommandAsync(ApiReset.builder().build())), "reset");
        expect(await(api.submitBinaryDataAsync(new BatchAddSymbolsCommand(commands.symbols))), "add symbols");
        results.clear();
        for (final ApiCommand command : commands.users) {
            api.submitCommand(command);
        }
        expect(await(api.submitCommandAsync(ApiNop.builder().build())), "users");
        for (final ApiCommand command : commands.prefill) {
            api.submitCommand(command);
        }
        expect(await(api.submitCommandAsync(ApiNop.builder().build())), "pre-fill");
        if (results.failures != 0) {
            throw new IllegalStateException("exchange-core refused " + results.failures + " setup or pre-fill commands, first: "
                + results.firstFailure);
        }
    }

    /** Times the mix (the first {@code count} commands of it), submitted as fast as the ring takes them. */
    public Pass runThroughput(final Commands commands, final int count) {
        final ApiCommand[] bench = commands.bench;
        results.clear();
        final long allocBefore = Allocation.allThreads();
        final long start = System.nanoTime();
        for (int i = 0; i < count - 1; i++) {
            api.submitCommand(bench[i]);
        }
        api.submitCommandAsync(bench[count - 1]).join();
        final long nanos = System.nanoTime() - start;
        final long allocated = Allocation.allThreads() - allocBefore;
        return new Pass(nanos, results.trades, results.volume, allocated, results.problems());
    }

    /**
     * Sends the first {@code count} commands of the mix at {@code ratePerSecond}, each stamped with its planned send
     * time, and records (result callback time - planned time) per command into {@code latencies}. The sender waits
     * with {@link Thread#yield()} between sends so that it gives its core to the pipeline (only 2 cores here).
     */
    public Pass runLatency(final Commands commands, final int count, final long ratePerSecond, final Histogram latencies) {
        final ApiCommand[] bench = commands.bench;
        final long interval = 1_000_000_000L / ratePerSecond;
        results.clear();
        results.latencies = latencies;
        final long start = System.nanoTime();
        long planned = start + 1_000_000;
        for (int i = 0; i < count; i++) {
            while (System.nanoTime() < planned) {
                Thread.yield();
            }
            final ApiCommand command = bench[i];
            command.timestamp = planned;
            if (i < count - 1) {
                api.submitCommand(command);
            } else {
                api.submitCommandAsync(command).join();
            }
            planned += interval;
        }
        final long nanos = System.nanoTime() - start;
        results.latencies = null;
        return new Pass(nanos, results.trades, results.volume, -1, results.problems());
    }

    /**
     * Sends the first {@code count} commands of the mix one at a time, stopping early after {@code maxNanos}: each is
     * stamped with its send time and the next is sent only once the results consumer has seen it, which records
     * (callback time - send time) into {@code latencies}. The sender waits with {@link Thread#yield()}.
     */
    public Pass runLatencyInFlight(final Commands commands, final int count, final Histogram latencies, final long maxNanos) {
        final ApiCommand[] bench = commands.bench;
        results.clear();
        results.latencies = latencies;
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            final ApiCommand command = bench[i];
            final long sent = System.nanoTime();
            if (sent - start > maxNanos) {
                break;
            }
            command.timestamp = sent;
            api.submitCommand(command);
            while (results.lastTimestamp != sent) {
                Thread.yield();
            }
        }
        final long nanos = System.nanoTime() - start;
        results.latencies = null;
        return new Pass(nanos, results.trades, results.volume, -1, results.problems());
    }

    @Override
    public void close() {
        try {
            core.shutdown(5, TimeUnit.SECONDS);
        } catch (final IllegalStateException e) {
            System.err.println("exchange-core did not stop cleanly: " + e.getMessage());
        }
    }

    private static void expect(final CommandResultCode code, final String what) {
        if (code != CommandResultCode.SUCCESS) {
            throw new IllegalStateException("exchange-core " + what + ": " + code);
        }
    }

    /** Waits for a setup step's result, with a timeout: setup should never hang. */
    private static <T> T await(final Future<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (final InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * exchange-core's results consumer: runs on its results thread, after risk settlement, for every command. Counts
     * trades from the matcher event chain and commands that did not succeed; in a latency pass also records latency.
     * The main thread reads the counts only after the last command's future completed, which orders them.
     */
    static final class Results implements ObjLongConsumer<OrderCommand> {
        long trades;
        long volume;
        long failures;
        String firstFailure;
        Histogram latencies;
        /** The timestamp of the last order command seen, for the single-in-flight latency loop. */
        volatile long lastTimestamp;

        void clear() {
            trades = 0;
            volume = 0;
            failures = 0;
            firstFailure = null;
        }

        String problems() {
            return failures == 0 ? "" : failures + " commands failed, first: " + firstFailure;
        }

        @Override
        public void accept(final OrderCommand cmd, final long seq) {
            final OrderCommandType type = cmd.command;
            if (type == OrderCommandType.PLACE_ORDER || type == OrderCommandType.CANCEL_ORDER || type == OrderCommandType.MOVE_ORDER) {
                for (MatcherTradeEvent event = cmd.matcherEvent; event != null; event = event.nextEvent) {
                    if (event.eventType == MatcherEventType.TRADE) {
                        trades++;
                        volume += event.size;
                    }
                }
                final Histogram histogram = latencies;
                if (histogram != null) {
                    histogram.recordValue(Math.max(0, System.nanoTime() - cmd.timestamp));
                    lastTimestamp = cmd.timestamp;
                }
            }
            if (cmd.resultCode != CommandResultCode.SUCCESS && type != OrderCommandType.NOP && type != OrderCommandType.RESET
                && type != OrderCommandType.BINARY_DATA_COMMAND) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = type + " " + cmd.resultCode + " uid=" + cmd.uid + " order=" + cmd.orderId;
                }
            }
        }
    }

    /** Daemon threads, so that a stuck pipeline cannot keep the JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable runnable) {
            final Thread thread = new Thread(runnable, "exchange-core-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
