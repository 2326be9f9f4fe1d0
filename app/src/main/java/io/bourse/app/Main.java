package io.bourse.app;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.SymbolSpec;
import io.bourse.gateway.ApiKey;
import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.bourse.journal.JournalCorruptException;
import io.bourse.journal.Recovery;
import io.bourse.journal.Verifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code bourse} command line. */
@Command(name = "bourse", mixinStandardHelpOptions = true, subcommands = {Main.Start.class, Main.Verify.class, Main.Replay.class},
    description = "Bourse, a spot exchange: start it, verify and replay a data directory.")
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

    /** {@code bourse start}: the exchange with the Binance-compatible REST API and the admin API, until SIGTERM or Ctrl-C. */
    @Command(name = "start", description = "Start the exchange: journal and snapshots in the data directory, HTTP on 127.0.0.1.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (env BOURSE_PORT; default 8080)")
        Integer port;

        @Option(names = "--data-dir", description = "data directory (env BOURSE_DATA_DIR; default ./data)")
        Path dataDir;

        @Option(names = "--config", description = "markets file (JSON: assets, fee tiers, symbols, demo accounts)")
        Path config;

        @Option(names = "--rate-limits", description = "on (Binance's limits) or off (env BOURSE_RATE_LIMITS; default on)")
        String rateLimits;

        @Option(names = "--history-jdbc-url", description = "history database JDBC URL (env BOURSE_HISTORY_JDBC_URL)")
        String historyJdbcUrl;

        @Override
        public Integer call() throws InterruptedException {
            final NodeConfig nodeConfig;
            try {
                nodeConfig = config(System.getenv());
            } catch (final IllegalArgumentException e) {
                System.err.println("bourse start: " + e.getMessage());
                return 2;
            }
            final ExchangeNode node;
            try {
                node = ExchangeNode.start(nodeConfig);
            } catch (final RuntimeException e) {
                System.err.println("bourse start: " + e.getMessage());
                return 1;
            }
            final CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("bourse: stopping (final snapshot)");
                node.close();
                stopped.countDown();
            }, "bourse-shutdown"));
            printBanner(node, System.getenv("BOURSE_ADMIN_TOKEN") == null);
            stopped.await();
            return 0;
        }

        NodeConfig config(final Map<String, String> env) {
            final Path dir = dataDir != null ? dataDir : Path.of(env.getOrDefault("BOURSE_DATA_DIR", "data"));
            NodeConfig result = NodeConfig.defaults(dir);
            final String portText = port != null ? port.toString() : env.get("BOURSE_PORT");
            if (portText != null) {
                try {
                    final int value = Integer.parseInt(portText.trim());
                    if (value < 0 || value > 65_535) {
                        throw new NumberFormatException();
                    }
                    result = result.withPort(value);
                } catch (final NumberFormatException e) {
                    throw new IllegalArgumentException("bad port: " + portText, e);
                }
            }
            final String limits = rateLimits != null ? rateLimits : env.getOrDefault("BOURSE_RATE_LIMITS", "on");
            switch (limits.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> {
                }
                case "off" -> result = result.withRateLimits(result.rateLimits().off());
                default -> throw new IllegalArgumentException("--rate-limits takes on or off, not " + limits);
            }
            if (env.get("BOURSE_ADMIN_TOKEN") != null && !env.get("BOURSE_ADMIN_TOKEN").isBlank()) {
                result = result.withAdminToken(env.get("BOURSE_ADMIN_TOKEN").trim());
            }
            if (config != null) {
                result = result.withMarketsFile(config);
            }
            final String jdbc = historyJdbcUrl != null ? historyJdbcUrl : env.get("BOURSE_HISTORY_JDBC_URL");
            if (jdbc != null && !jdbc.isBlank()) {
                result = result.withHistoryJdbcUrl(jdbc.trim());
            }
            return result;
        }

        private static void printBanner(final ExchangeNode node, final boolean printToken) {
            System.out.println("Bourse is running at " + node.url() + "  (Binance Spot REST under /api/v3, admin API under /admin/v1)");
            System.out.println("data directory: " + node.config().dataDir().toAbsolutePath().normalize());
            node.recoveryNotes().forEach(note -> System.out.println("recovery: " + note));
            System.out.println("rate limits: " + (node.config().rateLimits().enabled() ? "on (Binance's defaults)" : "off"));
            System.out.println("admin token: " + (printToken ? node.adminToken() : "(from BOURSE_ADMIN_TOKEN)"));
            for (final ApiKey key : node.demoKeys()) {
                System.out.println("demo account " + key.accountId() + " (" + key.name() + "): apiKey=" + key.apiKey()
                    + " secretKey=" + key.hmacSecret());
            }
            System.out.println("Ctrl-C stops it cleanly; a restart recovers the state.");
        }
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
