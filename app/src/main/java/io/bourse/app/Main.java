package io.bourse.app;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.SymbolSpec;
import io.bourse.journal.JournalCorruptException;
import io.bourse.journal.Recovery;
import io.bourse.journal.Verifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code bourse} command line. */
@Command(name = "bourse", mixinStandardHelpOptions = true, subcommands = {Main.Verify.class, Main.Replay.class},
    description = "Bourse, a spot exchange: verify and replay a data directory.")
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(final String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code (for tests). */
    public static int run(final String... args) {
        return new CommandLine(Main.class).execute(args);
    }

    /** {@code bourse verify <data-dir>}. */
    @Command(name = "verify", description = "Check every journal record (CRC32C, sequence, hash chain), replay from scratch and compare "
        + "with every snapshot; exit non-zero naming the first problem.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", description = "the data directory")
        Path directory;

        @Override
        public Integer call() {
            if (!Files.isDirectory(directory)) {
                System.out.println("PROBLEM: no such directory: " + directory);
                return 2;
            }
            final Verifier.Report report = Verifier.verify(directory);
            report.lines().forEach(System.out::println);
            if (report.ok()) {
                System.out.println("OK: journal intact, chain unbroken, replay matches every snapshot");
                return 0;
            }
            System.out.println("PROBLEM: " + report.problem());
            return 2;
        }
    }

    /** {@code bourse replay <data-dir> --to-seq N}. */
    @Command(name = "replay", description = "Rebuild the state as of a sequence number and print balances, open orders and the digest.")
    static final class Replay implements Callable<Integer> {
        @Parameters(index = "0", description = "the data directory")
        Path directory;

        @Option(names = "--to-seq", description = "the last command to apply (default: all)")
        long toSeq = Long.MAX_VALUE;

        @Override
        public Integer call() {
            if (!Files.isDirectory(directory)) {
                System.out.println("PROBLEM: no such directory: " + directory);
                return 2;
            }
            final Recovery.Recovered recovered;
            try {
                recovered = Recovery.recover(directory, toSeq, false, DiscardingEventSink.INSTANCE);
            } catch (final JournalCorruptException e) {
                System.out.println("PROBLEM: " + e.getMessage());
                return 2;
            }
            recovered.notes().forEach(note -> System.out.println("note: " + note));
            final Engine engine = recovered.engine();
            if (toSeq != Long.MAX_VALUE && recovered.lastSeq() < toSeq) {
                System.out.println("note: the journal ends at seq " + recovered.lastSeq());
            }
            System.out.println("seq: " + recovered.lastSeq());
            System.out.println("chain hash: " + HexFormat.of().formatHex(recovered.chainHash()));
            System.out.println("state digest: " + engine.digestHex());
            System.out.println();
            System.out.printf("%-12s %-8s %28s %28s%n", "account", "asset", "free", "locked");
            for (final long account : engine.accountIds()) {
                for (int asset = 0; asset < engine.assetIdBound(); asset++) {
                    final long free = engine.free(account, asset);
                    final long locked = engine.locked(account, asset);
                    if (engine.assetName(asset) != null && (free != 0 || locked != 0)) {
                        final int scale = engine.assetScale(asset);
                        System.out.printf("%-12d %-8s %28s %28s%n", account, engine.assetName(asset), decimal(free, scale),
                            decimal(locked, scale));
                    }
                }
            }
            System.out.println();
            System.out.printf("%-10s %-10s %-10s %-5s %-17s %-4s %22s %22s %22s%n", "symbol", "orderId", "account", "side", "type", "tif",
                "price", "origQty", "executedQty");
            for (final int symbolId : engine.symbolIds()) {
                final SymbolSpec spec = engine.symbolSpec(symbolId);
                final int quoteScale = engine.assetScale(spec.quoteAssetId());
                final int baseScale = engine.assetScale(spec.baseAssetId());
                for (final OpenOrder order : engine.openOrders(symbolId, -1)) {
                    System.out.printf("%-10s %-10d %-10d %-5s %-17s %-4s %22s %22s %22s%n", spec.name(), order.orderId(), order.accountId(),
                        order.side(), order.type(), order.timeInForce() == null ? "" : order.timeInForce(),
                        decimal(order.price(), quoteScale), decimal(order.origQty(), baseScale), decimal(order.executedQty(), baseScale));
                }
            }
            return 0;
        }

        private static String decimal(final long units, final int scale) {
            return BigDecimal.valueOf(units, scale).toPlainString();
        }
    }
}
