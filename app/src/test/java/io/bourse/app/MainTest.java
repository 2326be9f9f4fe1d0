package io.bourse.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;
import io.bourse.journal.JournalReader;
import io.bourse.journal.LocalSequencer;

class MainTest {
    @TempDir
    Path directory;

    private String digestAfter(final List<Command> commands) throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(commands.size());
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory)
            .listener((correlation, seq, ts, events) -> done.countDown()).segmentBytes(4096).snapshotEveryCommands(5));
        try {
            long correlation = 0;
            for (final Command command : commands) {
                assertThat(sequencer.submit(correlation++, command)).isTrue();
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            sequencer.close();
        }
        return sequencer.engine().digestHex();
    }

    private static List<Command> commands() {
        return List.of(
            new Command.AddAsset(1, "BTC", 8),
            new Command.AddAsset(2, "USDT", 8),
            new Command.AddSymbol(SymbolSpec.of(1, "BTCUSDT", 1, 2, 1_000_000, 1_000)),
            new Command.CreateAccount(7, 0, "DE", 1),
            new Command.CreateAccount(8, 0, "DE", 1),
            new Command.Deposit(7, 2, 1_000_000_00000000L, "d7"),
            new Command.Deposit(8, 1, 10_00000000L, "d8"),
            Command.PlaceOrder.limit(8, 1, Side.SELL, TimeInForce.GTC, 30_000_00000000L, 50_000_000),
            Command.PlaceOrder.limit(7, 1, Side.BUY, TimeInForce.GTC, 29_000_00000000L, 10_000_000),
            Command.PlaceOrder.limit(7, 1, Side.BUY, TimeInForce.GTC, 30_000_00000000L, 20_000_000));
    }

    private static Result run(final String... args) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            final int code = Main.run(args);
            return new Result(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private record Result(int code, String out) {
    }

    @Test
    void verifyPassesOnAnIntactDirectoryAndNamesTheFirstProblemOtherwise() throws Exception {
        final String digest = digestAfter(commands());
        final Result ok = run("verify", directory.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("replayed state digest: " + digest).contains("OK:");

        final Path segment = JournalReader.segments(directory).get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            final long middle = file.length() / 2;
            file.seek(middle);
            final int original = file.read();
            file.seek(middle);
            file.write(original ^ 0x40);
        }
        final Result bad = run("verify", directory.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).contains("PROBLEM: journal corrupt: " + segment).contains("offset");
    }

    @Test
    void replayPrintsTheStateAsOfAnySequenceNumber() throws Exception {
        final String digest = digestAfter(commands());
        final Result all = run("replay", directory.toString());
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("state digest: " + digest).contains("seq: 10")
            .contains("BTCUSDT").contains("29000.00000000");
        final Result early = run("replay", directory.toString(), "--to-seq", "8");
        assertThat(early.code()).isZero();
        assertThat(early.out()).contains("seq: 8").doesNotContain("29000.00000000").contains("30000.00000000")
            .doesNotContain("state digest: " + digest);
    }
}
