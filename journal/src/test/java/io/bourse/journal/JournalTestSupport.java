package io.bourse.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.bourse.engine.Command;
import io.bourse.engine.CommandCodec;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.EventCollector;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

/** Shared pieces of the journal tests: a market setup, a seeded realistic command mix, hashing, replays and file surgery. */
final class JournalTestSupport {
    static final int BTC = 1;
    static final int USDT = 2;
    static final int BTCUSDT = 1;
    static final int ACCOUNTS = 20;
    /** 1000 BTC and 100 million USDT per account, in minor units (8 decimals each). */
    static final long BTC_DEPOSIT = 1_000_00000000L;
    static final long USDT_DEPOSIT = 100_000_000_00000000L;
    /** 30000 USDT per BTC, in quote minor units per whole base unit; the tick is 0.01 USDT. */
    static final long MID_PRICE = 30_000_00000000L;
    static final long TICK = 1_000_000;
    static final long STEP = 1_000;

    private JournalTestSupport() {
    }

    /** Assets, one market, {@link #ACCOUNTS} funded accounts; the last account's deposits are the last commands. */
    static List<Command> setup() {
        final List<Command> commands = new ArrayList<>();
        commands.add(new Command.AddAsset(BTC, "BTC", 8));
        commands.add(new Command.AddAsset(USDT, "USDT", 8));
        commands.add(new Command.AddSymbol(SymbolSpec.of(BTCUSDT, "BTCUSDT", BTC, USDT, TICK, STEP)));
        commands.add(new Command.SetFeeTier(1, 1_000, 1_500));
        for (long account = 1; account <= ACCOUNTS; account++) {
            commands.add(new Command.CreateAccount(account, (int)(account % 2), "DE", 1));
        }
        for (long account = 1; account <= ACCOUNTS; account++) {
            commands.add(new Command.Deposit(account, BTC, BTC_DEPOSIT, "setup-btc-" + account));
            commands.add(new Command.Deposit(account, USDT, USDT_DEPOSIT, "setup-usdt-" + account));
        }
        return commands;
    }

    /** Whether {@link #setup()} has been applied completely to this engine. */
    static boolean setupDone(final Engine engine) {
        return engine.hasAccount(ACCOUNTS) && engine.free(ACCOUNTS, BTC) + engine.locked(ACCOUNTS, BTC) > 0
            && engine.free(ACCOUNTS, USDT) + engine.locked(ACCOUNTS, USDT) > 0;
    }

    /**
     * A seeded stream of realistic commands: limit orders around a slowly wandering mid price that rest and cross,
     * IOC and market orders, cancels of the stream's own earlier orders by client order id, cancel-replaces, deposits
     * and small withdrawals. Each stream names its orders with its own prefix, so several streams can run at once.
     */
    static final class CommandMix {
        private final Random random;
        private final String prefix;
        private final String[] recent = new String[256];
        private final long[] recentAccount = new long[256];
        private long placed;
        private long mid = MID_PRICE;

        CommandMix(final long seed, final String prefix) {
            this.random = new Random(seed);
            this.prefix = prefix;
        }

        Command next() {
            final int roll = random.nextInt(1000);
            if (roll < 560) {
                return limit(TimeInForce.GTC);
            }
            if (roll < 660) {
                return limit(TimeInForce.IOC);
            }
            if (roll < 700) {
                return Command.PlaceOrder.market(account(), BTCUSDT, random.nextBoolean() ? Side.BUY : Side.SELL, quantity())
                    .withClientOrderId(nextClientId());
            }
            if (roll < 900 && placed > 0) {
                final int slot = (int)(random.nextLong(Math.min(placed, recent.length)));
                return new Command.CancelOrder(recentAccount[slot], BTCUSDT, 0, recent[slot]);
            }
            if (roll < 930 && placed > 0) {
                final int slot = (int)(random.nextLong(Math.min(placed, recent.length)));
                final long account = recentAccount[slot];
                final Command.PlaceOrder replacement = limitFor(account, TimeInForce.GTC);
                return new Command.CancelReplace(new Command.CancelOrder(account, BTCUSDT, 0, recent[slot]), replacement,
                    random.nextBoolean());
            }
            if (roll < 960) {
                return new Command.Deposit(account(), random.nextBoolean() ? BTC : USDT, 1 + random.nextInt(100_000_000),
                    prefix + "-dep-" + placed);
            }
            if (roll < 990) {
                return new Command.Withdraw(account(), random.nextBoolean() ? BTC : USDT, 1 + random.nextInt(1_000_000),
                    prefix + "-wd-" + placed);
            }
            return new Command.CancelAll(account(), BTCUSDT);
        }

        private long account() {
            return 1 + random.nextInt(ACCOUNTS);
        }

        private long quantity() {
            return STEP * (1 + random.nextInt(1_000));
        }

        private Command.PlaceOrder limit(final TimeInForce tif) {
            return limitFor(account(), tif);
        }

        private Command.PlaceOrder limitFor(final long account, final TimeInForce tif) {
            mid = Math.max(20_000_00000000L, Math.min(40_000_00000000L, mid + TICK * 100 * (random.nextInt(3) - 1)));
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            // Mostly resting a little away from the mid, sometimes crossing it by a few dollars.
            final long offset = TICK * 100 * (random.nextInt(60) - 15);
            final long price = side == Side.BUY ? mid - offset : mid + offset;
            final String clientId = nextClientId();
            recent[(int)(placed % recent.length)] = clientId;
            recentAccount[(int)(placed % recent.length)] = account;
            placed++;
            return Command.PlaceOrder.limit(account, BTCUSDT, side, tif, price, quantity()).withClientOrderId(clientId);
        }

        private String nextClientId() {
            return prefix + "-" + placed;
        }
    }

    /** A short stable hash of a command's events (their records' text, which names every field). */
    static String eventsHash(final List<Event> events) {
        return shortHash(events.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A short stable hash of a command's binary form. */
    static String commandHash(final Command command) {
        return shortHash(CommandCodec.encode(command));
    }

    static String shortHash(final byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes), 0, 8);
    }

    /** Sees each record of a clean replay from zero, after the engine applied it. */
    @FunctionalInterface
    interface ReplayVisitor {
        void onApplied(long seq, byte[] payload, Command command, List<Event> events, Engine engine);
    }

    /**
     * Replays the whole journal from scratch into a fresh engine, ignoring snapshots, without touching the files;
     * every record must decode. Returns the engine and the scan result.
     */
    static Replay replayFromZero(final Path directory, final long toSeq, final ReplayVisitor visitor) {
        final Engine engine = new Engine();
        final JournalReader.ScanResult scan = JournalReader.scan(directory, (type, seq, timestamp, payload, chain) -> {
            if (seq > toSeq) {
                return;
            }
            if (type != JournalFormat.TYPE_COMMAND) {
                throw new AssertionError("unexpected record type " + type + " at seq " + seq);
            }
            final Command command = CommandCodec.decode(payload);
            final EventCollector events = new EventCollector();
            engine.apply(seq, timestamp, command, events);
            if (visitor != null) {
                visitor.onApplied(seq, payload, command, events.events(), engine);
            }
        });
        return new Replay(engine, scan);
    }

    record Replay(Engine engine, JournalReader.ScanResult scan) {
    }

    /** Journals {@code commands} with a plain writer (fsync off), starting at seq 1, timestamps 1000 ns apart. */
    static void writeJournal(final Path directory, final List<Command> commands, final long segmentBytes) {
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        try (JournalWriter writer = new JournalWriter(directory, 0, JournalFormat.GENESIS_HASH, segmentBytes, false)) {
            long seq = 0;
            for (final Command command : commands) {
                seq++;
                writer.append(JournalFormat.TYPE_COMMAND, seq, 1_000_000_000L + seq * 1_000, CommandCodec.encode(command));
                if (seq % 100 == 0) {
                    writer.flush();
                }
            }
        }
    }

    /** The setup followed by {@code count} commands of one seeded mix. */
    static List<Command> commands(final long seed, final int count) {
        final List<Command> commands = new ArrayList<>(setup());
        final CommandMix mix = new CommandMix(seed, "m");
        for (int i = 0; i < count; i++) {
            commands.add(mix.next());
        }
        return commands;
    }

    /** A record's place in a segment file. */
    record RecordPosition(long offset, int length, long seq) {
    }

    /** The records of one segment file, parsed by their length fields (the file must be intact). */
    static List<RecordPosition> records(final Path segment) {
        final byte[] bytes = read(segment);
        final ByteBuffer view = ByteBuffer.wrap(bytes);
        final List<RecordPosition> records = new ArrayList<>();
        int offset = JournalFormat.SEGMENT_HEADER_LENGTH;
        while (offset < bytes.length) {
            final int length = view.getInt(offset);
            records.add(new RecordPosition(offset, length, view.getLong(offset + 5)));
            offset += length;
        }
        return records;
    }

    static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(final Path file, final byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the regular files of {@code from} into a new directory {@code to}. */
    static Path copyDirectory(final Path from, final Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (final Path file : files.toList()) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
