package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Event;
import io.bourse.engine.Side;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.TimeInForce;

class LocalSequencerTest {
    @TempDir
    Path directory;

    private static List<Command> setup() {
        return List.of(
            new Command.AddAsset(1, "BTC", 8),
            new Command.AddAsset(2, "USDT", 8),
            new Command.AddSymbol(SymbolSpec.of(1, "BTCUSDT", 1, 2, 1_000_000, 1_000)),
            new Command.CreateAccount(1, 0, "DE", 1),
            new Command.CreateAccount(2, 0, "FR", 1),
            new Command.Deposit(1, 2, 1_000_000_00000000L, "d1"),
            new Command.Deposit(2, 1, 1_000_00000000L, "d2"));
    }

    @Test
    void journalsAppliesAndRecoversTheSameState() throws Exception {
        final ConcurrentHashMap<Long, List<Event>> results = new ConcurrentHashMap<>();
        final int orders = 2_000;
        final CountDownLatch done = new CountDownLatch(setup().size() + orders);
        final ResultListener listener = (correlation, seq, ts, events) -> {
            results.put(correlation, events);
            done.countDown();
        };
        final String digest;
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory).listener(listener)
            .segmentBytes(64 * 1024).snapshotEveryCommands(500));
        try {
            long correlation = 0;
            for (final Command command : setup()) {
                assertThat(sequencer.submit(correlation++, command)).isTrue();
            }
            final long first = correlation;
            final Thread buyer = new Thread(() -> {
                for (int i = 0; i < orders / 2; i++) {
                    while (!sequencer.submit(first + i, Command.PlaceOrder.limit(1, 1, Side.BUY, TimeInForce.GTC,
                        (30_000 + i % 7) * 100_000_000L, 1_000_000))) {
                        Thread.onSpinWait();
                    }
                }
            });
            final Thread seller = new Thread(() -> {
                for (int i = 0; i < orders / 2; i++) {
                    while (!sequencer.submit(first + orders / 2 + i, Command.PlaceOrder.limit(2, 1, Side.SELL, TimeInForce.GTC,
                        (30_003 + i % 7) * 100_000_000L, 1_000_000))) {
                        Thread.onSpinWait();
                    }
                }
            });
            buyer.start();
            seller.start();
            buyer.join();
            seller.join();
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            sequencer.close();
            assertThat(sequencer.failure()).isNull();
            sequencer.engine().checkInvariants();
            digest = sequencer.engine().digestHex();
            assertThat(sequencer.durableSeq()).isEqualTo(setup().size() + orders);
        } finally {
            sequencer.close();
        }
        assertThat(results).hasSize(setup().size() + orders);
        assertThat(JournalReader.segments(directory).size()).isGreaterThan(1);
        final Recovery.Recovered fromSnapshot = Recovery.recover(directory);
        assertThat(fromSnapshot.engine().digestHex()).isEqualTo(digest);
        final Recovery.Recovered fromZero = Recovery.recover(directory, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
        assertThat(fromZero.lastSeq()).isEqualTo(setup().size() + orders);
        for (final Path snapshot : SnapshotStore.list(directory)) {
            Files.delete(snapshot);
        }
        assertThat(Recovery.recover(directory).engine().digestHex()).isEqualTo(digest);
    }
}
