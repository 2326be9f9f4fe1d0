package io.bourse.bench.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * {@code ./bourse bench api}: the REST API under load from a separate process. Starts the exchange as a child JVM
 * ({@link ServerProcess}: what {@code ./bourse start} runs, on a fresh data directory, fsync on, rate limits off), opens
 * and funds accounts through the admin API, warms up, then measures signed orders ({@link LoadGenerator}) in two kinds
 * of row:
 * <ul>
 *   <li>paced: open loop at a fixed rate (10,000 requests/s by default), each request with a scheduled send time and
 *       its latency measured from that time, so a stall is charged to everything scheduled during it (no coordinated
 *       omission);</li>
 *   <li>saturation: closed loop with K connections, each sending its next request as soon as the last is answered;
 *       the throughput is what the server sustains, the latency what a request waits at that load.</li>
 * </ul>
 * Latencies are end to end as the client sees them (HdrHistogram). Every row also reports the CPU the server and the
 * generator used, since both share the machine's cores, and what every other process used (a benchmark on a busy
 * machine measures the machine).
 *
 * <p>Options: {@code --quick} (short rows, for a smoke test), {@code --seconds N} (measured seconds per row),
 * {@code --warmup N} (seconds: half closed loop, half paced, so that the JIT has compiled both), {@code --rate N}
 * (paced rate), {@code --connections K[,K...]} (one saturation row each), {@code --paced-connections N},
 * {@code --accounts N}, {@code --max-open N} (resting orders an account keeps before it cancels),
 * {@code --params body|query}, {@code --rows paced,saturation}, {@code --threads} (the server's CPU per thread group),
 * {@code --timeline} (the worst latency of every 100 ms), {@code --server-jvm "FLAGS"} (extra JVM flags for the
 * server), {@code --dir PATH} (where the data directory goes), {@code --keep-data}, {@code --wait-quiet S} (before each
 * row, wait up to S seconds for the other processes on the machine to go quiet; a row they disturbed anyway is
 * measured again, twice at most), {@code --server-classpath CP} (the server to measure, given by the launcher) and
 * {@code --compare LABEL=CP} (repeatable: measure other builds too, one after the other, and print them side by side).
 */
public final class ApiBench {
    private static final String HOST = "127.0.0.1";
    /** Other processes using more than this (percent of a core) during a row disturbed it. */
    private static final double NOISY_PERCENT = 15;
    private static final int NOISY_RETRIES = 2;

    /** A server build to measure. */
    private record Server(String label, String classpath) {
    }

    /** Command-line options. */
    private record Options(boolean quick, double seconds, double warmup, int rate, List<Integer> connections, int pacedConnections,
        int accounts, int maxOpen, boolean paramsInBody, List<String> rows, boolean threads, boolean timeline, List<String> serverJvm,
        Path directory, boolean keepData, double waitQuiet, List<Server> servers) {

        static Options parse(final String[] args) {
            boolean quick = false;
            boolean threads = false;
            boolean timeline = false;
            boolean keepData = false;
            double waitQuiet = 0;
            Double seconds = null;
            Double warmup = null;
            int rate = 10_000;
            String connections = "64,256";
            int pacedConnections = 64;
            int accounts = 16;
            int maxOpen = 20;
            boolean body = true;
            String rows = "paced,saturation";
            final List<String> serverJvm = new ArrayList<>();
            Path directory = Path.of(System.getProperty("java.io.tmpdir"));
            String classpath = null;
            final List<Server> compared = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--threads" -> threads = true;
                    case "--timeline" -> timeline = true;
                    case "--keep-data" -> keepData = true;
                    case "--wait-quiet" -> waitQuiet = Double.parseDouble(value(args, ++i));
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i));
                    case "--rate" -> rate = Integer.parseInt(value(args, ++i));
                    case "--connections" -> connections = value(args, ++i);
                    case "--paced-connections" -> pacedConnections = Integer.parseInt(value(args, ++i));
                    case "--accounts" -> accounts = Integer.parseInt(value(args, ++i));
                    case "--max-open" -> maxOpen = Integer.parseInt(value(args, ++i));
                    case "--params" -> body = switch (value(args, ++i)) {
                        case "body" -> true;
                        case "query" -> false;
                        default -> throw new IllegalArgumentException("--params takes body or query");
                    };
                    case "--rows" -> rows = value(args, ++i);
                    case "--server-jvm" -> serverJvm.addAll(List.of(value(args, ++i).trim().split("\\s+")));
                    case "--dir" -> directory = Path.of(value(args, ++i));
                    case "--server-classpath" -> classpath = value(args, ++i);
                    case "--compare" -> {
                        final String spec = value(args, ++i);
                        final int eq = spec.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--compare takes LABEL=CLASSPATH");
                        }
                        compared.add(new Server(spec.substring(0, eq), spec.substring(eq + 1)));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (classpath == null) {
                throw new IllegalArgumentException("--server-classpath is required (./bourse bench api passes it)");
            }
            final List<Integer> ks = Stream.of(connections.split(",")).map(String::trim).map(Integer::parseInt).toList();
            if (rate < 1 || pacedConnections < 1 || accounts < 2 || maxOpen < 1 || ks.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
                throw new IllegalArgumentException("rate, connections and max-open must be positive, accounts at least 2");
            }
            serverJvm.removeIf(String::isEmpty);
            final List<Server> servers = new ArrayList<>();
            servers.add(new Server(compared.isEmpty() ? "this build" : "this", classpath));
            servers.addAll(compared);
            return new Options(quick, seconds != null ? seconds : quick ? 3 : 20, warmup != null ? warmup : quick ? 4 : 60, rate, ks,
                pacedConnections, accounts, maxOpen, body, List.of(rows.split(",")), threads, timeline, serverJvm, directory, keepData, waitQuiet,
                List.copyOf(servers));
        }

        private static String value(final String[] args, final int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** One measured row. */
    private record Row(String server, String load, int connections, double seconds, LoadGenerator.Stats stats, double serverCpu,
        double benchCpu, double machineCpu, Map<String, Double> serverThreads, long historyLag) {

        double otherCpu() {
            return Math.max(0, machineCpu - serverCpu - benchCpu);
        }
    }

    private final Options options;

    private ApiBench(final Options options) {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("ApiBench: " + e.getMessage());
            System.err.println("usage: ApiBench --server-classpath CP [--quick] [--seconds N] [--warmup N] [--rate N] [--connections K[,K..]] "
                + "[--paced-connections N] [--accounts N] [--max-open N] [--params body|query] [--rows paced,saturation] [--threads] [--timeline] "
                + "[--server-jvm \"FLAGS\"] [--dir PATH] [--keep-data] [--wait-quiet S] [--compare LABEL=CP]...");
            System.exit(2);
            return;
        }
        System.exit(new ApiBench(options).run());
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "Bourse API benchmark: java %s, %d cores%s; the server and this load generator are separate processes "
            + "on this machine%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            options.quick ? ", quick mode" : "");
        System.out.printf(Locale.ROOT, "load: %d funded accounts trading %s, LIMIT GTC orders within 10 ticks of 30000.00 (about half cross), "
            + "an account with more than %d resting orders cancels its oldest; parameters in the %s; signed HMAC-SHA256; FULL answers%n",
            options.accounts, LoadGenerator.SYMBOL, options.maxOpen, options.paramsInBody ? "form body" : "query string");
        System.out.printf(Locale.ROOT, "client: one thread with a NIO selector (and a pacer thread for the paced row), HTTP/1.1 keep-alive "
            + "connections, one request at a time on each (no pipelining); %.0f s warm-up (half closed loop, half paced), %.0f s per row%n",
            options.warmup, options.seconds);
        final List<Row> rows = new ArrayList<>();
        for (final Server server : options.servers) {
            rows.addAll(measureServer(server));
        }
        print(rows);
        return 0;
    }

    /** Starts one server build, sets up its accounts, warms it up, measures every row, and stops it. */
    private List<Row> measureServer(final Server build) throws Exception {
        final Path work = Files.createTempDirectory(options.directory, "bourse-api-bench-");
        final Path dataDir = work.resolve("data");
        final byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        final String token = HexFormat.of().formatHex(secret);
        System.out.println();
        final ServerProcess server = ServerProcess.start(build.classpath(), dataDir, work.resolve("server.log"), token, options.serverJvm);
        final Thread killer = new Thread(server::close, "api-bench-stop-server");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            System.out.printf(Locale.ROOT, "server%s: pid %d at %s, data in %s (fsync on, rate limits off)%s%n",
                options.servers.size() > 1 ? " '" + build.label() + "'" : "", server.pid(), server.url(), dataDir,
                options.serverJvm.isEmpty() ? "" : ", extra JVM flags " + String.join(" ", options.serverJvm));
            final AdminClient admin = new AdminClient(server, token);
            final LoadGenerator.Account[] accounts = admin.createAccounts(options.accounts);
            final List<Row> rows = new ArrayList<>();
            try (LoadGenerator generator = new LoadGenerator(HOST, server.port(), accounts, options.paramsInBody, options.maxOpen)) {
                final int warmConnections = options.connections.stream().max(Integer::compare).orElse(64);
                // Both load shapes, so that the JIT has compiled the paths of each before anything is measured.
                measure(build, server, admin, generator, "warm-up", 0, warmConnections, options.warmup / 2, false);
                measure(build, server, admin, generator, "warm-up", options.rate, options.pacedConnections, options.warmup / 2, false);
                if (options.rows.contains("paced")) {
                    rows.add(measure(build, server, admin, generator, String.format(Locale.ROOT, "paced %,d/s", options.rate), options.rate,
                        options.pacedConnections, options.seconds, true));
                }
                if (options.rows.contains("saturation")) {
                    for (final int k : options.connections) {
                        rows.add(measure(build, server, admin, generator, "saturation", 0, k, options.seconds, true));
                    }
                }
                System.out.printf(Locale.ROOT, "  at the end: %,d resting orders remembered by the accounts%n", generator.remembered());
            }
            return rows;
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(killer);
            if (options.keepData) {
                System.out.println("  data and server log kept in " + work);
            } else {
                ServerProcess.deleteRecursively(work);
            }
        }
    }

    /** One row; with {@code --wait-quiet}, measured again (twice at most) when other processes disturbed it. */
    private Row measure(final Server build, final ServerProcess server, final AdminClient admin, final LoadGenerator generator, final String load,
        final int rate, final int connections, final double seconds, final boolean retryNoisy) throws Exception {
        for (int attempt = 0;; attempt++) {
            admin.awaitHistory();
            CpuSample.awaitQuiet(server.pid(), options.waitQuiet);
            final long self = ProcessHandle.current().pid();
            final CpuSample serverBefore = CpuSample.of(server.pid(), options.threads);
            final CpuSample benchBefore = CpuSample.of(self, false);
            final LoadGenerator.Stats stats = generator.run(rate, connections, seconds);
            final CpuSample serverAfter = CpuSample.of(server.pid(), options.threads);
            final CpuSample benchAfter = CpuSample.of(self, false);
            final long lag = admin.historyLag();
            final Row row = new Row(build.label(), load, connections, seconds, stats, serverAfter.processPercentSince(serverBefore),
                benchAfter.processPercentSince(benchBefore), serverAfter.machinePercentSince(serverBefore),
                serverAfter.threadPercentSince(serverBefore), lag);
            final Histogram h = stats.latency;
            System.out.printf(Locale.ROOT, "  %s, %d connections: %,.0f requests/s (%,.0f new orders/s), p50 %.2f ms, p99 %.2f ms, "
                + "p99.9 %.2f ms, max %.2f ms, %d errors; CPU: server %.0f%%, generator %.0f%%, other processes %.0f%%%n", load, connections,
                stats.completedInWindow / seconds, stats.newOkInWindow / seconds, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, stats.errorCount(), row.serverCpu(), row.benchCpu(), row.otherCpu());
            if (!retryNoisy || options.waitQuiet <= 0 || row.otherCpu() <= NOISY_PERCENT || attempt >= NOISY_RETRIES) {
                return row;
            }
            System.out.printf(Locale.ROOT, "  (other processes used %.0f%% of a core during that row: measuring it again)%n", row.otherCpu());
        }
    }

    private void print(final List<Row> rows) {
        System.out.println();
        final boolean compare = options.servers.size() > 1;
        final String header = String.format(Locale.ROOT, "%s%-16s %5s %9s %9s %8s %8s %8s %8s %7s %7s %7s %7s %7s %7s",
            compare ? String.format(Locale.ROOT, "%-12s ", "server") : "", "load", "conns", "req/s", "orders/s", "p50 ms", "p99 ms", "p99.9 ms",
            "max ms", "errors", "srv CPU", "gen CPU", "other", "srv us", "gen us");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        final List<Row> ordered = new ArrayList<>(rows);
        if (compare) {
            // Side by side: each load, then each server.
            final List<String> loads = rows.stream().map(r -> r.load() + "/" + r.connections()).distinct().toList();
            ordered.sort(Comparator.comparingInt((Row r) -> loads.indexOf(r.load() + "/" + r.connections())));
        }
        for (final Row r : ordered) {
            final LoadGenerator.Stats s = r.stats();
            final Histogram h = s.latency;
            final double perSecond = Math.max(1, s.completedInWindow / r.seconds());
            System.out.printf(Locale.ROOT, "%s%-16s %5d %,9.0f %,9.0f %8.2f %8.2f %8.2f %8.2f %7d %6.0f%% %6.0f%% %6.0f%% %7.1f %7.1f%n",
                compare ? String.format(Locale.ROOT, "%-12s ", r.server()) : "", r.load(), r.connections(), s.completedInWindow / r.seconds(),
                s.newOkInWindow / r.seconds(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6, s.errorCount(), r.serverCpu(), r.benchCpu(), r.otherCpu(), r.serverCpu() * 1e4 / perSecond,
                r.benchCpu() * 1e4 / perSecond);
        }
        System.out.println();
        System.out.println("req/s: signed order requests (new orders and cancels) answered per second in the row's window; orders/s: new");
        System.out.println("orders accepted (200) per second. Latency: client-side, from the scheduled send time (paced) or the send");
        System.out.println("(saturation) to the whole answer, every request sent in the window. errors: requests not answered 200, by");
        System.out.println("status below (a cancel that comes after its order filled, -2011, is not an error). CPU: percent of one core;");
        System.out.println("the machine has " + Runtime.getRuntime().availableProcessors() + " cores (other: every other process, should be near 0). "
            + "srv us, gen us: CPU microseconds");
        System.out.println("the server and the generator spent per request answered.");
        for (final Row r : ordered) {
            final LoadGenerator.Stats s = r.stats();
            System.out.printf(Locale.ROOT, "%s%s/%d: %,d requests measured; new orders %,d (%,d rested, %,d filled at once, %,d expired), "
                + "cancels %,d (+%,d too late); history %,d commands behind at the end%n", compare ? r.server() + " " : "", r.load(), r.connections(),
                s.measured, s.newOk, s.rested, s.filled, s.expired, s.cancelOk, s.cancelLate, r.historyLag());
            s.errors.forEach((error, count) -> System.out.printf(Locale.ROOT, "    %,d x %s%n", count, error));
            if (options.timeline) {
                final StringBuilder line = new StringBuilder("    worst latency per 100 ms, ms:");
                for (final long worst : s.timeline) {
                    line.append(String.format(Locale.ROOT, " %.1f", worst / 1e6));
                }
                System.out.println(line);
            }
            if (!r.serverThreads().isEmpty()) {
                final double perSecond = Math.max(1, s.completedInWindow / r.seconds());
                final StringBuilder line = new StringBuilder("    server threads, % of a core (CPU us per request):");
                r.serverThreads().entrySet().stream().filter(e -> e.getValue() >= 0.5).limit(10).forEach(e -> line.append(String.format(Locale.ROOT,
                    " %s %.0f%% (%.1f);", e.getKey(), e.getValue(), e.getValue() * 1e4 / perSecond)));
                System.out.println(line);
            }
        }
    }
}
