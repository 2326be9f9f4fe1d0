package io.bourse.bench.streams;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.bourse.bench.api.AdminClient;
import io.bourse.bench.api.CpuSample;
import io.bourse.bench.api.LoadGenerator;
import io.bourse.bench.api.ServerProcess;

import org.HdrHistogram.Histogram;

/**
 * {@code ./bourse bench streams}: Binance market streams over WebSocket under trading load. Starts the exchange as a
 * child JVM ({@link ServerProcess}, as {@code ./bourse bench api} does), opens and funds accounts, connects N
 * WebSocket subscribers (1,000 by default) from this process to {@code btcusdt@depth@100ms}, {@code btcusdt@depth} and
 * {@code btcusdt@trade} through Binance's three kinds of endpoint (raw {@code /ws/<stream>}, combined
 * {@code /stream?streams=..}, and {@code /ws} with a {@code SUBSCRIBE} request), drives signed orders at 10,000/s
 * (paced, {@link LoadGenerator}) and measures, for every message every subscriber receives:
 * <ul>
 *   <li>the latency from the engine's event to the receipt: the receipt's wall clock minus the payload's {@code E}
 *       (and {@code T} for trades), both on this machine's clock; {@code E} is in milliseconds, so each figure is
 *       up to 1 ms too high;</li>
 *   <li>the fan-out lag: the receipt minus the first subscriber's receipt of the same event (same {@code u}, same
 *       {@code t}), on this process's nanosecond clock, so without the millisecond rounding ({@link FanOut});</li>
 *   <li>per subscriber: {@code U} of each diff = the last {@code u} + 1, trade ids consecutive, and connections the
 *       server closed (a slow consumer's close, with its code and reason).</li>
 * </ul>
 * Two such rows by default: "book" (every subscriber on the book, one in twenty on the trades too) and "trades" (the
 * issue's literal mix: three in four on the trades, which at this order flow is a few thousand messages a second
 * each). Then idle connections: K connections that listen to a symbol nobody trades (or to nothing) at two or more K,
 * the server's heap after forced full collections and its resident set at each, and from the slope the bytes per idle
 * connection and how many fit in 4 GiB of heap.
 *
 * <p>The subscribers run on a couple of selector threads ({@link SubscriberLoop}), so that the machine's cores go to
 * the server; every row reports the CPU of the server, of the subscribers, of the load generator and of every other
 * process on the machine.
 *
 * <p>With each load row, a few stalled subscribers (10 by default) subscribe to the trades and the book and then stop
 * reading, as a consumer that fell behind: the server should close them with a reason (or keep every message for
 * them), never skip messages silently, and the other subscribers should not notice. They read again after the window,
 * which shows how the server ended them and whether any of their messages went missing.
 *
 * <p>Options: {@code --quick}, {@code --subscribers N}, {@code --stalled K}, {@code --stalled-endpoint SPEC},
 * {@code --rows book,trades,idle}, {@code --mix LIST} (a custom
 * row, "custom": the endpoints the subscribers take in turn, comma-separated, each {@code /ws/<stream>},
 * {@code /stream?streams=<a>/<b>}, {@code /ws+<a>/<b>} for {@code /ws} and a {@code SUBSCRIBE}, or {@code /ws} alone,
 * optionally followed by {@code *N} for N in a row), {@code --client-threads T}, {@code --per-source N} (connections
 * per loopback source address), {@code --rate N}, {@code --paced-connections N}, {@code --accounts N},
 * {@code --max-open N}, {@code --seconds S}, {@code --warmup S} (the first row's; later rows a third of it),
 * {@code --idle K,K[,..]} (a number or {@code max}: as many as both processes' open-file limits allow),
 * {@code --idle-mix LIST}, {@code --server-jvm "FLAGS"}, {@code --dir PATH}, {@code --keep-data},
 * {@code --wait-quiet S} and {@code --server-classpath CP} (given by the launcher).
 */
public final class StreamsBench {
    private static final String HOST = "127.0.0.1";
    /**
     * The "book" row: every subscriber listens to the book (900 to {@code @depth@100ms}, 100 to {@code @depth}) through
     * every kind of endpoint, and one in twenty to the trades too, so that the trades' fan-out stays within what two
     * shared cores can carry beside 10,000 orders/s (each trade subscriber receives a few thousand trades a second).
     */
    private static final String BOOK_MIX = "/stream?streams=btcusdt@depth@100ms/btcusdt@trade,/ws/btcusdt@depth@100ms*11,"
        + "/stream?streams=btcusdt@depth@100ms*4,/ws+btcusdt@depth@100ms*2,/ws/btcusdt@depth*2";
    /** The "trades" row: the literal load, every endpoint kind, three subscribers in four on the trades. */
    private static final String TRADES_MIX = "/stream?streams=btcusdt@depth@100ms/btcusdt@trade,/ws/btcusdt@depth@100ms,/ws/btcusdt@trade,"
        + "/ws+btcusdt@depth/btcusdt@trade";
    private static final String DEFAULT_IDLE_MIX = "/ws/ethusdt@trade,/stream?streams=ethusdt@depth@100ms,/ws";
    /** Other processes using more than this (percent of a core) during the row disturbed it. */
    private static final double NOISY_PERCENT = 15;
    private static final int NOISY_RETRIES = 2;
    /** File descriptors each process keeps free of connections (jars, journal, history database, selectors). */
    private static final int FD_MARGIN = 400;
    private static final long HEAP_BUDGET_BYTES = 4L << 30;
    private static final long BAR_MICROS = 200_000;
    private static final long GOAL_MICROS = 5_000;
    private static final double IDLE_CPU_SECONDS = 5;

    /** Command-line options. */
    private record Options(boolean quick, int subscribers, int stalled, Endpoint stalledEndpoint, Map<String, List<Endpoint>> mixes,
        int clientThreads, int perSource, int rate,
        int pacedConnections, int accounts, int maxOpen, double seconds, double warmup, List<String> idle, List<Endpoint> idleMix, List<String> rows,
        List<String> serverJvm, Path directory, boolean keepData, double waitQuiet, String classpath) {

        static Options parse(final String[] args) {
            boolean quick = false;
            boolean keepData = false;
            int subscribers = 1_000;
            int stalled = 10;
            String stalledEndpoint = "/stream?streams=btcusdt@depth@100ms/btcusdt@trade";
            final Map<String, List<Endpoint>> mixes = new LinkedHashMap<>();
            mixes.put("book", Endpoint.parseList(BOOK_MIX));
            mixes.put("trades", Endpoint.parseList(TRADES_MIX));
            String custom = null;
            int clientThreads = 2;
            int perSource = 250;
            int rate = 10_000;
            int pacedConnections = 64;
            int accounts = 16;
            int maxOpen = 20;
            Double seconds = null;
            Double warmup = null;
            String idle = null;
            String idleMix = DEFAULT_IDLE_MIX;
            String rows = null;
            double waitQuiet = 0;
            final List<String> serverJvm = new ArrayList<>();
            Path directory = Path.of(System.getProperty("java.io.tmpdir"));
            String classpath = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--keep-data" -> keepData = true;
                    case "--subscribers" -> subscribers = Integer.parseInt(value(args, ++i));
                    case "--stalled" -> stalled = Integer.parseInt(value(args, ++i));
                    case "--stalled-endpoint" -> stalledEndpoint = value(args, ++i);
                    case "--mix" -> custom = value(args, ++i);
                    case "--client-threads" -> clientThreads = Integer.parseInt(value(args, ++i));
                    case "--per-source" -> perSource = Integer.parseInt(value(args, ++i));
                    case "--rate" -> rate = Integer.parseInt(value(args, ++i));
                    case "--paced-connections" -> pacedConnections = Integer.parseInt(value(args, ++i));
                    case "--accounts" -> accounts = Integer.parseInt(value(args, ++i));
                    case "--max-open" -> maxOpen = Integer.parseInt(value(args, ++i));
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i));
                    case "--idle" -> idle = value(args, ++i);
                    case "--idle-mix" -> idleMix = value(args, ++i);
                    case "--rows" -> rows = value(args, ++i);
                    case "--wait-quiet" -> waitQuiet = Double.parseDouble(value(args, ++i));
                    case "--server-jvm" -> serverJvm.addAll(List.of(value(args, ++i).trim().split("\\s+")));
                    case "--dir" -> directory = Path.of(value(args, ++i));
                    case "--server-classpath" -> classpath = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (classpath == null) {
                throw new IllegalArgumentException("--server-classpath is required (./bourse bench streams passes it)");
            }
            if (subscribers < 1 || stalled < 0 || clientThreads < 1 || perSource < 1 || rate < 1 || pacedConnections < 1 || accounts < 2
                || maxOpen < 1) {
                throw new IllegalArgumentException("subscribers, threads, rate, connections and max-open must be positive, accounts at least 2");
            }
            if (custom != null) {
                mixes.put("custom", Endpoint.parseList(custom));
            }
            final List<String> rowList = List.of((rows != null ? rows : custom != null ? "custom,idle" : "book,trades,idle").split(","));
            if (rowList.stream().anyMatch(r -> !r.equals("idle") && !mixes.containsKey(r))) {
                throw new IllegalArgumentException("--rows takes " + String.join(", ", mixes.keySet()) + " and idle");
            }
            final List<String> idleList = List.of((idle != null ? idle : quick ? "500,2000" : "1000,5000,max").split(","));
            for (final String k : idleList) {
                if (!k.equals("max") && Integer.parseInt(k) < 0) {
                    throw new IllegalArgumentException("--idle takes connection counts (or max)");
                }
            }
            serverJvm.removeIf(String::isEmpty);
            return new Options(quick, subscribers, stalled, Endpoint.parse(stalledEndpoint), mixes, clientThreads, perSource, rate,
                pacedConnections, accounts, maxOpen, seconds != null ? seconds : quick ? 5 : 20, warmup != null ? warmup : quick ? 5 : 30, idleList,
                Endpoint.parseList(idleMix), rowList, serverJvm, directory, keepData, waitQuiet, classpath);
        }

        private static String value(final String[] args, final int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** The row under load. */
    private record LoadRow(String name, List<Endpoint> mix, WindowStats stats, double seconds, LoadGenerator.Stats load,
        SubscriberLoop.Summary summary, OrderTrades.Joined orderToTrade, int subscribed,
        double connectSeconds, Map<String, Long> failures, Map<String, Long> closes, double serverCpu, double loopCpu, double generatorCpu,
        double otherCpu, Map<String, Double> serverThreads) {
    }

    /** One count of idle connections. */
    private record IdleRow(int asked, int open, long heapBytes, long rssBytes, int serverFds, double serverCpu, Map<String, Long> failures) {
    }

    private final Options options;
    private final List<String> notes = new ArrayList<>();
    private final OrderTrades orderTrades = new OrderTrades();

    private StreamsBench(final Options options) {
        this.options = options;
    }

    public static void main(final String[] args) throws Exception {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("StreamsBench: " + e.getMessage());
            System.err.println("usage: StreamsBench --server-classpath CP [--quick] [--subscribers N] [--stalled K] [--stalled-endpoint SPEC] "
                + "[--mix LIST] [--client-threads T] "
                + "[--per-source N] [--rate N] "
                + "[--paced-connections N] [--accounts N] [--max-open N] [--seconds S] [--warmup S] [--idle K,K[,..]|max] [--idle-mix LIST] "
                + "[--rows book,trades,idle] [--server-jvm \"FLAGS\"] [--dir PATH] [--keep-data] [--wait-quiet S]");
            System.exit(2);
            return;
        }
        System.exit(new StreamsBench(options).run());
    }

    private int run() throws Exception {
        System.out.printf(Locale.ROOT, "Bourse market streams benchmark: java %s, %d cores%s; the server is a child process, the load generator "
            + "and the WebSocket subscribers share this one%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
            options.quick ? ", quick mode" : "");
        System.out.printf(Locale.ROOT, "load: %,d signed orders/s paced (open loop) over %d keep-alive HTTP connections, %d accounts trading %s "
            + "around 30000.00 (about half cross; see bench api); %.0f s warm-up, %.0f s measured%n", options.rate, options.pacedConnections,
            options.accounts, LoadGenerator.SYMBOL, options.warmup, options.seconds);
        System.out.printf(Locale.ROOT, "subscribers: %,d WebSocket connections on %d selector thread%s of this process, %d per loopback source "
            + "address (127.0.0.1, .2, ...: Binance allows 300 connections per IP in 5 minutes)%n", options.subscribers,
            options.clientThreads, options.clientThreads == 1 ? "" : "s", options.perSource);
        if (options.stalled > 0) {
            System.out.printf(Locale.ROOT, "  and %d stalled subscribers to %s, which stop reading once subscribed (slow consumers) until the "
                + "window ends%n", options.stalled, options.stalledEndpoint.spec());
        }
        for (final String row : options.rows) {
            if (!row.equals("idle")) {
                System.out.printf(Locale.ROOT, "  row '%s': %s%n", row, describeMix(options.mixes.get(row), options.subscribers));
            }
        }
        final Path work = Files.createTempDirectory(options.directory, "bourse-streams-bench-");
        final byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        final String token = HexFormat.of().formatHex(secret);
        final ServerProcess server = ServerProcess.start(options.classpath, work.resolve("data"), work.resolve("server.log"), token,
            options.serverJvm);
        final Thread killer = new Thread(server::close, "streams-bench-stop-server");
        Runtime.getRuntime().addShutdownHook(killer);
        final long self = ProcessHandle.current().pid();
        try {
            System.out.printf(Locale.ROOT, "server: pid %d at %s, classes from %s, data in %s (fsync on, rate limits off)%s; open files: "
                + "server %s, this process %s%n", server.pid(), server.url(), options.classpath.split(":")[0], work.resolve("data"),
                options.serverJvm.isEmpty() ? "" : ", extra JVM flags " + String.join(" ", options.serverJvm), limitText(server.pid()),
                limitText(self));
            final AdminClient admin = new AdminClient(server, token);
            final LoadGenerator.Account[] accounts = admin.createAccounts(options.accounts);
            final List<List<Endpoint>> allMixes = new ArrayList<>(options.mixes.values());
            allMixes.add(options.idleMix);
            final StreamRegistry registry = new StreamRegistry(allMixes);
            final List<LoadRow> loads = new ArrayList<>();
            final List<IdleRow> idle = new ArrayList<>();
            try (Subscribers subscribers = new Subscribers(registry, new InetSocketAddress(HOST, server.port()), options.clientThreads,
                options.perSource);
                LoadGenerator generator = new LoadGenerator(HOST, server.port(), accounts, true, options.maxOpen)) {
                generator.fillListener(orderTrades);
                for (final String row : options.rows) {
                    System.out.println();
                    if (row.equals("idle")) {
                        idle.addAll(measureIdle(server, subscribers));
                    } else {
                        final LoadRow load = measureLoad(row, loads.isEmpty() ? options.warmup : Math.max(5, options.warmup / 3), registry,
                            server, admin, subscribers, generator);
                        if (load != null) {
                            loads.add(load);
                        }
                    }
                    subscribers.closeAll();
                    Thread.sleep(1_000);
                }
            }
            System.out.println();
            for (final LoadRow load : loads) {
                printLoad(registry, load);
            }
            if (!idle.isEmpty()) {
                printIdle(idle);
            }
            printNotes(!loads.isEmpty(), !idle.isEmpty());
            return loads.size() < options.rows.stream().filter(r -> !r.equals("idle")).count() ? 1 : 0;
        } finally {
            server.close();
            Runtime.getRuntime().removeShutdownHook(killer);
            if (options.keepData) {
                System.out.println("data and server log kept in " + work);
            } else {
                ServerProcess.deleteRecursively(work);
            }
        }
    }

    /** Connects the subscribers, warms up, measures one window under load; null if no subscriber could connect. */
    private LoadRow measureLoad(final String name, final double warmup, final StreamRegistry registry, final ServerProcess server,
        final AdminClient admin, final Subscribers subscribers, final LoadGenerator generator) throws Exception {
        final List<Endpoint> mix = options.mixes.get(name);
        final long connectStart = System.nanoTime();
        final int subscribed = subscribers.open(mix, options.subscribers, 120);
        final double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf(Locale.ROOT, "row '%s': %,d of %,d subscribers connected and subscribed in %.1f s%s%n", name, subscribed,
            options.subscribers, connectSeconds, describe(subscribers.failures(), "; failed: "));
        if (options.stalled > 0 && subscribed > 0) {
            subscribers.open(List.of(options.stalledEndpoint), options.stalled, true, 60);
        }
        if (subscribed == 0) {
            System.out.println("  no subscriber: nothing to measure (the server has no market streams yet?); its log ends with:");
            System.out.println(server.logTail().indent(4));
            return null;
        }
        System.out.printf(Locale.ROOT, "  warm-up: %,d orders/s for %.0f s%n", options.rate, warmup);
        generator.run(options.rate, options.pacedConnections, warmup);
        final long self = ProcessHandle.current().pid();
        for (int attempt = 0;; attempt++) {
            admin.awaitHistory();
            CpuSample.awaitQuiet(server.pid(), options.waitQuiet);
            final CpuSample serverBefore = CpuSample.of(server.pid(), true);
            final CpuSample selfBefore = CpuSample.of(self, true);
            final long start = System.nanoTime() + 50_000_000L;
            subscribers.swap(start, start + (long) (options.seconds * 1e9));
            orderTrades.window(start, start + (long) (options.seconds * 1e9));
            final LoadGenerator.Stats load = generator.run(options.rate, options.pacedConnections, options.seconds);
            final CpuSample serverAfter = CpuSample.of(server.pid(), true);
            final CpuSample selfAfter = CpuSample.of(self, true);
            final WindowStats stats = subscribers.swap(Long.MAX_VALUE, Long.MAX_VALUE);
            if (options.stalled > 0) {
                // What the server kept for the stalled subscribers, or its close, arrives now: their gaps and closes count.
                subscribers.resumeStalled();
                Thread.sleep(3_000);
            }
            final int trades = registry.indexOrNone(LoadGenerator.SYMBOL.toLowerCase(Locale.ROOT) + "@trade");
            final OrderTrades.Joined joined = trades < 0 ? null : orderTrades.join(registry.fanOut(trades));
            final double serverCpu = serverAfter.processPercentSince(serverBefore);
            final double selfCpu = selfAfter.processPercentSince(selfBefore);
            final double loopCpu = selfAfter.threadPercentSince(selfBefore).entrySet().stream().filter(e -> e.getKey().startsWith("streams-loop"))
                .mapToDouble(Map.Entry::getValue).sum();
            final double otherCpu = Math.max(0, serverAfter.machinePercentSince(serverBefore) - serverCpu - selfCpu);
            final LoadRow row = new LoadRow(name, mix, stats, options.seconds, load, subscribers.summary(), joined, subscribed, connectSeconds,
                subscribers.failures(),
                subscribers.closes(), serverCpu, loopCpu, Math.max(0, selfCpu - loopCpu), otherCpu, serverAfter.threadPercentSince(serverBefore));
            long messages = 0;
            for (final StreamStats s : stats.streams) {
                messages += s.messages;
            }
            System.out.printf(Locale.ROOT, "  measured: %,.0f orders/s answered, %,.0f messages/s delivered, %d connections closed by the server; "
                + "CPU: server %.0f%%, subscribers %.0f%%, generator %.0f%%, other processes %.0f%%%n", load.completedInWindow / options.seconds,
                messages / options.seconds, stats.closeCount(), serverCpu, loopCpu, row.generatorCpu(), otherCpu);
            if (options.waitQuiet <= 0 || otherCpu <= NOISY_PERCENT || attempt >= NOISY_RETRIES) {
                return row;
            }
            System.out.printf(Locale.ROOT, "  (other processes used %.0f%% of a core during that window: measuring it again)%n", otherCpu);
        }
    }

    /** Opens idle connections in steps and weighs the server at each. */
    private List<IdleRow> measureIdle(final ServerProcess server, final Subscribers subscribers) throws Exception {
        final long self = ProcessHandle.current().pid();
        final List<Integer> counts = idleCounts(server.pid(), self);
        System.out.printf(Locale.ROOT, "idle connections: %s, taking in turn %s%n", counts,
            String.join(" | ", options.idleMix.stream().map(Endpoint::spec).distinct().toList()));
        final List<IdleRow> rows = new ArrayList<>();
        int asked = 0;
        for (final int count : counts) {
            if (count > asked) {
                subscribers.open(options.idleMix, count - asked, 600);
                asked = count;
            }
            Thread.sleep(2_000);
            final CpuSample before = CpuSample.of(server.pid(), false);
            Thread.sleep((long) (IDLE_CPU_SECONDS * 1_000));
            final double cpu = CpuSample.of(server.pid(), false).processPercentSince(before);
            final long heap = ServerProbe.heapUsedAfterGc(server.pid());
            final IdleRow row = new IdleRow(count, subscribers.open(), heap, ServerProbe.rssBytes(server.pid()), ServerProbe.openFiles(server.pid()),
                cpu, subscribers.failures());
            System.out.printf(Locale.ROOT, "  %,d idle connections asked, %,d open: server heap %.1f MB after a full GC, RSS %.1f MB, "
                + "%,d open files, CPU %.1f%%%s%n", count, row.open(), heap / 1e6, row.rssBytes() / 1e6, row.serverFds(), cpu,
                describe(row.failures(), "; failed: "));
            rows.add(row);
        }
        return rows;
    }

    /** The idle counts asked for, with {@code max} (and anything above it) as many as the open-file limits allow. */
    private List<Integer> idleCounts(final long server, final long self) throws InterruptedException {
        int highest = 0;
        for (final String k : options.idle) {
            highest = Math.max(highest, k.equals("max") ? Integer.MAX_VALUE : Integer.parseInt(k));
        }
        final long wanted = highest == Integer.MAX_VALUE ? 1_000_000 : highest + FD_MARGIN + 1_000;
        for (final long pid : new long[] {server, self}) {
            if (ServerProbe.maxOpenFiles(pid) < wanted) {
                final String outcome = ServerProbe.tryRaiseOpenFiles(pid, wanted);
                notes.add(String.format(Locale.ROOT, "Open-file limit of %s (pid %d): %s.", pid == self ? "this process" : "the server", pid,
                    outcome));
            }
        }
        final long fdRoom = Math.min(ServerProbe.maxOpenFiles(server) - ServerProbe.openFiles(server),
            ServerProbe.maxOpenFiles(self) - ServerProbe.openFiles(self)) - FD_MARGIN;
        final int max = (int) Math.max(0, Math.min(Integer.MAX_VALUE, fdRoom / 1_000 * 1_000));
        final List<Integer> counts = new ArrayList<>();
        for (final String k : options.idle) {
            final int count = k.equals("max") ? max : Integer.parseInt(k);
            if (count > max) {
                notes.add(String.format(Locale.ROOT, "%,d idle connections asked for, %,d measured: the open-file limits allow no more (one "
                    + "descriptor per connection in each process).", count, max));
            }
            final int capped = Math.min(count, max);
            if (!counts.contains(capped)) {
                counts.add(capped);
            }
        }
        counts.sort(Integer::compare);
        return counts;
    }

    private void printLoad(final StreamRegistry registry, final LoadRow row) {
        final WindowStats stats = row.stats();
        final double seconds = row.seconds();
        System.out.printf(Locale.ROOT, "Row '%s': %,d subscribers (%s); %,.0f orders/s answered (%,.0f new orders accepted/s) of %,d/s sent; "
            + "%.0f s window%n", row.name(), row.subscribed(), describeMix(row.mix(), row.subscribed()), row.load().completedInWindow / seconds,
            row.load().newOkInWindow / seconds, options.rate, seconds);
        final String header = String.format(Locale.ROOT, "%-24s %5s %10s %7s %8s %7s %7s %7s %8s %8s %8s %9s %9s", "stream (latency from E)", "subs",
            "msgs/s", "/sub/s", "KB/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "<=200ms", "fan p99", "fan p99.9");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        long messages = 0;
        long bytes = 0;
        final Histogram all = new Histogram(StreamStats.HIGHEST_MICROS, 3);
        final OrderTrades.Joined joined = row.orderToTrade();
        for (int i = 0; i < registry.size(); i++) {
            final StreamStats s = stats.streams[i];
            final int subs = row.summary().openPerStream()[i];
            if (s.messages == 0 && subs == 0) {
                continue;
            }
            messages += s.messages;
            bytes += s.payloadBytes;
            all.add(s.fromEventMicros);
            printLatencyRow(registry.name(i), subs, s.messages, s.payloadBytes, seconds, s.fromEventMicros, s.fanOutNanos);
            if (registry.kind(i) == StreamRegistry.Kind.TRADE && s.fromTradeTimeMicros.getTotalCount() > 0) {
                printLatencyRow("  same, from T", subs, s.messages, s.payloadBytes, seconds, s.fromTradeTimeMicros, null);
            }
            if (registry.name(i).equals(LoadGenerator.SYMBOL.toLowerCase(Locale.ROOT) + "@trade") && joined != null && joined.trades() > 0) {
                printLatencyRow("  order sent -> 1st recv", 0, joined.micros().getTotalCount(), 0, seconds, joined.micros(), null);
            }
        }
        System.out.println("-".repeat(header.length()));
        printLatencyRow("all", row.subscribed(), messages, bytes, seconds, all, null);
        System.out.printf(Locale.ROOT, "delivered: %,.0f messages/s, %.1f MB/s of JSON, %.1f MB/s on the wire (frames with headers); "
            + "%,.0f other messages/s%n", messages / seconds, bytes / seconds / 1e6, stats.wireBytes / seconds / 1e6, stats.otherMessages / seconds);
        System.out.println();
        final String checks = String.format(Locale.ROOT, "%-24s %10s %10s %12s %10s %16s", "checks (in the window)", "events/s", "gaps", "ids missed",
            "out of order", "ms after E < 0");
        System.out.println(checks);
        System.out.println("-".repeat(checks.length()));
        for (int i = 0; i < registry.size(); i++) {
            final StreamStats s = stats.streams[i];
            if (s.messages == 0 || registry.kind(i) == StreamRegistry.Kind.OTHER) {
                continue;
            }
            final double events = s.highestId >= s.lowestId ? (s.highestId - s.lowestId + 1) / seconds : 0;
            System.out.printf(Locale.ROOT, "%-24s %,10.0f %,10d %,12d %,12d %,16d%n", registry.name(i), events, s.gaps, s.missedIds, s.outOfOrder,
                s.beforeEventTime);
        }
        if (joined != null && joined.trades() > 0) {
            System.out.printf(Locale.ROOT, "order sent -> 1st recv: %,d trades of orders sent in the window, %,d received by no subscriber, "
                + "%.1f%% received before the order's own answer (send -> answer of those orders: p50 %.2f ms, p99 %.2f ms)%n", joined.trades(),
                joined.notReceived(), 100.0 * joined.beforeAnswer() / joined.trades(), joined.answerMicros().getValueAtPercentile(50) / 1e3,
                joined.answerMicros().getValueAtPercentile(99) / 1e3);
        }
        final SubscriberLoop.Summary summary = row.summary();
        System.out.printf(Locale.ROOT, "subscribers: %,d subscribed in %.1f s%s; %,d of them closed by the server during the run; %,d with a gap "
            + "and %,d with an event out of order over the whole run (warm-up included); %,d still open at the end%n", row.subscribed(),
            row.connectSeconds(), describe(row.failures(), " (failed: ") + (row.failures().isEmpty() ? "" : ")"),
            summary.ended() - summary.stalledEnded(), summary.withGaps(), summary.withOutOfOrder(), summary.open() - summary.stalled()
            + summary.stalledEnded());
        if (!row.closes().isEmpty()) {
            System.out.println("closed by the server" + describe(row.closes(), ": "));
        }
        if (summary.stalled() > 0) {
            System.out.printf(Locale.ROOT, "stalled subscribers: %d, of which %d closed by the server and %d with a gap once they read again "
                + "(a gap is a message skipped silently)%n", summary.stalled(), summary.stalledEnded(), summary.stalledWithGaps());
        }
        System.out.printf(Locale.ROOT, "this client: a selector pass (reading every ready socket) took p99 %.2f ms, p99.9 %.2f ms, max %.2f ms: "
            + "the most a message waited in this process before it was read%n", stats.passNanos.getValueAtPercentile(99) / 1e6,
            stats.passNanos.getValueAtPercentile(99.9) / 1e6, stats.passNanos.getMaxValue() / 1e6);
        System.out.printf(Locale.ROOT, "CPU, %% of one core (%d cores): server %.0f%%, subscribers %.0f%%, load generator %.0f%%, other processes "
            + "%.0f%%%n", Runtime.getRuntime().availableProcessors(), row.serverCpu(), row.loopCpu(), row.generatorCpu(), row.otherCpu());
        final StringBuilder threads = new StringBuilder("server threads:");
        row.serverThreads().entrySet().stream().filter(e -> e.getValue() >= 0.5).limit(12).forEach(e -> threads.append(String.format(Locale.ROOT,
            " %s %.0f%%;", e.getKey(), e.getValue())));
        System.out.println(threads);
        final Histogram orders = row.load().latency;
        System.out.printf(Locale.ROOT, "orders meanwhile: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms from the scheduled send to the "
            + "answer; %,d errors%s%n", orders.getValueAtPercentile(50) / 1e6, orders.getValueAtPercentile(99) / 1e6,
            orders.getValueAtPercentile(99.9) / 1e6, orders.getMaxValue() / 1e6, row.load().errorCount(), describe(row.load().errors, ": "));
        System.out.println();
    }

    private static void printLatencyRow(final String name, final int subs, final long messages, final long bytes, final double seconds,
        final Histogram micros, final Histogram fanOutNanos) {
        final boolean any = micros.getTotalCount() > 0;
        final boolean fan = fanOutNanos != null && fanOutNanos.getTotalCount() > 0;
        System.out.printf(Locale.ROOT, "%-24s %5s %,10.0f %7s %8s %7s %7s %7s %8s %8s %8s %9s %9s%n", name, subs == 0 ? "-" : Integer.toString(subs),
            messages / seconds, subs == 0 ? "-" : String.format(Locale.ROOT, "%.1f", messages / seconds / subs),
            bytes == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", bytes / seconds / 1e3), any ? ms(micros.getValueAtPercentile(50)) : "-",
            any ? ms(micros.getValueAtPercentile(90)) : "-", any ? ms(micros.getValueAtPercentile(99)) : "-",
            any ? ms(micros.getValueAtPercentile(99.9)) : "-", any ? ms(micros.getMaxValue()) : "-",
            any ? String.format(Locale.ROOT, "%.3f%%", micros.getPercentileAtOrBelowValue(BAR_MICROS)) : "-",
            fan ? ms(fanOutNanos.getValueAtPercentile(99) / 1_000) : "-", fan ? ms(fanOutNanos.getValueAtPercentile(99.9) / 1_000) : "-");
    }

    private static String ms(final long micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.1f", micros / 1e3);
    }

    private void printIdle(final List<IdleRow> rows) {
        System.out.println("Idle connections (the server's heap after two forced full GCs, jcmd GC.run; RSS from /proc)");
        final String header = String.format(Locale.ROOT, "%10s %10s %10s %10s %12s %12s", "asked", "open", "heap MB", "RSS MB", "server fds",
            "server CPU");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        for (final IdleRow r : rows) {
            System.out.printf(Locale.ROOT, "%,10d %,10d %10.1f %10.1f %,12d %11.1f%%%n", r.asked(), r.open(), r.heapBytes() / 1e6, r.rssBytes() / 1e6,
                r.serverFds(), r.serverCpu());
        }
        final IdleRow low = rows.get(0);
        final IdleRow high = rows.get(rows.size() - 1);
        final int span = high.open() - low.open();
        if (span > 0) {
            final double heapPer = (double) (high.heapBytes() - low.heapBytes()) / span;
            final double rssPer = (double) (high.rssBytes() - low.rssBytes()) / span;
            System.out.printf(Locale.ROOT, "per idle connection (slope from %,d to %,d open): heap %,.0f bytes, RSS %,.0f bytes; 4 GiB of heap "
                + "would hold about %,.0f idle connections (extrapolated from %,d measured; goal 100,000)%n", low.open(), high.open(), heapPer,
                rssPer,
                heapPer > 0 ? (HEAP_BUDGET_BYTES - low.heapBytes() + heapPer * low.open()) / heapPer : Double.NaN, high.open());
        } else {
            System.out.println("per idle connection: needs two different counts of open connections");
        }
        System.out.println();
    }

    private void printNotes(final boolean load, final boolean idle) {
        System.out.println("Notes:");
        if (load) {
            System.out.println("- Latency from E: the subscriber's receipt (wall clock, read once per socket read, microseconds) minus");
            System.out.println("  the payload's E (T for 'from T'), which the server stamped on the same machine's clock in whole milliseconds:");
            System.out.println("  each figure is 0 to 1 ms (0.5 ms on average) above the true one, so under 1 ms means 'within a millisecond'.");
            System.out.println("  For @depth@100ms and @depth, E is the time of the last change merged into the diff, so the latency also holds");
            System.out.println("  what was left of the 100 ms (1000 ms) window after that change: little under steady trading, more when quiet.");
            System.out.printf(Locale.ROOT, "  <=200ms: the share of messages within the issue's bar (%d ms); the goal is p99.9 < %d ms.%n",
                BAR_MICROS / 1000, GOAL_MICROS / 1000);
            System.out.println("- Finer measures, with Binance's payloads unchanged, both on this process's nanosecond clock (no rounding, no");
            System.out.println("  clock shared with the server): 'fan p99/p99.9' is the fan-out lag, each receipt minus the first subscriber's");
            System.out.println("  receipt of the same event (same u, same t): what serving many subscribers adds (this client's delays included).");
            System.out.println("  'order sent -> 1st recv' joins the trade ids of each order's FULL answer (fills[].tradeId) with the first");
            System.out.println("  receipt of those trades on the stream: an upper bound of engine-to-subscriber at microsecond resolution, since it");
            System.out.println("  also holds the order's way in (HTTP, sequencer, journal fsync); its msgs/s column counts the trades joined.");
            System.out.println("- msgs/s: messages received by all subscribers together; /sub/s per subscriber; KB/s of JSON payload. events/s:");
            System.out.println("  distinct ids per second (trades for @trade, book update ids for the diff streams). gaps: a diff whose U is not");
            System.out.println("  the last u + 1, a trade whose id is not the last + 1, per subscriber (the first event of each is not checked);");
            System.out.println("  a subscriber the server closed is counted under 'closed by the server' with the close frame's code and reason.");
            System.out.println("- One process holds the load generator and the subscribers, the server another; the machine's cores are shared, so");
            System.out.println("  the CPU line matters as much as the latencies (and 'other processes' should be near 0).");
        }
        if (idle) {
            System.out.println("- Idle connections: opened in steps to the idle endpoints (a symbol nobody trades, or no stream), then, at each");
            System.out.println("  step, the server's CPU over 5 s (pings included) and its heap in use after two jcmd GC.run (full collections).");
            System.out.println("  The bytes per connection are the slope between the first and the last step, so what the server holds anyway");
            System.out.println("  cancels out; the 4 GiB figure divides what is left of 4 GiB above the zero-connection intercept by that slope,");
            System.out.println("  assuming it stays linear. RSS adds native memory (Netty's direct buffers, thread stacks), not the kernel's socket");
            System.out.println("  buffers.");
            System.out.println("  Each connection costs a file descriptor in both processes, so the open-file limits cap what is measured.");
        }
        for (final String note : notes) {
            System.out.println("- " + note);
        }
    }

    /** The endpoints of a mix with how many of {@code subscribers} take each. */
    private static String describeMix(final List<Endpoint> mix, final int subscribers) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < subscribers; i++) {
            counts.merge(mix.get(i % mix.size()).spec(), 1, Integer::sum);
        }
        final StringBuilder text = new StringBuilder();
        counts.forEach((spec, count) -> text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", count, spec)));
        return text.toString();
    }

    private static String limitText(final long pid) {
        final long limit = ServerProbe.maxOpenFiles(pid);
        return limit == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", limit);
    }

    private static String describe(final Map<String, Long> counts, final String prefix) {
        if (counts.isEmpty()) {
            return "";
        }
        final StringBuilder text = new StringBuilder(prefix);
        final Map<String, Long> sorted = new TreeMap<>(counts);
        sorted.forEach((what, count) -> text.append(String.format(Locale.ROOT, "%,d x %s; ", count, what)));
        return text.substring(0, text.length() - 2);
    }
}
