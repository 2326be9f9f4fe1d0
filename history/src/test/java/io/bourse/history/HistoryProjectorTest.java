package io.bourse.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.journal.LocalSequencer;
import io.bourse.journal.ResultListener;

class HistoryProjectorTest {
    @TempDir
    Path directory;

    private static Market flow(final long seed, final int steps) {
        final Market m = Market.standard(Market.millis("2024-05-30T12:00:00Z"));
        final RandomFlow flow = new RandomFlow(seed, m);
        for (int i = 0; i < steps; i++) {
            flow.step();
        }
        return m;
    }

    @BothDatabases
    void offeredEventsBecomeVisible(final TestDatabase db) {
        final Market m = flow(1, 600);
        final HistoryProjector projector = new HistoryProjector(JdbcHistoryStore.open(db.newUrl(directory)));
        try {
            assertThat(projector.catchUp(directory.resolve("no-journal-here"))).isZero();
            for (final Market.Applied applied : m.log) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(projector.awaitSeq(m.seq(), 30_000)).isTrue();
            assertThat(projector.projectedSeq()).isEqualTo(m.seq());
            assertThat(projector.store().lastProjectedSeq()).isEqualTo(m.seq());
            ReferenceCheck.assertMatches(projector.store(), Reference.of(m.log));
            assertThat(projector.awaitSeq(m.seq() + 1, 20)).isFalse();
            assertThatThrownBy(() -> projector.catchUp(directory)).isInstanceOf(IllegalStateException.class);
        } finally {
            projector.close();
        }
        assertThat(projector.failure()).isNull();
        assertThatThrownBy(() -> projector.offer(m.seq() + 1, List.of())).isInstanceOf(IllegalStateException.class);
    }

    @BothDatabases
    void aSlowDatabaseBlocksTheOffererInsteadOfQueueingWithoutBound(final TestDatabase db) throws Exception {
        final Market m = flow(2, 100);
        final CountDownLatch release = new CountDownLatch(1);
        final HistoryStore slow = new DelegatingStore(JdbcHistoryStore.open(db.newUrl(directory))) {
            @Override
            public void flush() {
                try {
                    release.await();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.flush();
            }
        };
        final int capacity = 4;
        final int batch = 2;
        final HistoryProjector projector = new HistoryProjector(slow, capacity, batch, 3, 1);
        final AtomicInteger offered = new AtomicInteger();
        final Thread producer = new Thread(() -> {
            for (final Market.Applied applied : m.log) {
                projector.offer(applied.seq(), applied.events());
                offered.incrementAndGet();
            }
        });
        try {
            producer.start();
            int last = -1;
            while (offered.get() != last) {
                last = offered.get();
                Thread.sleep(200);
            }
            assertThat(producer.isAlive()).as("the producer is blocked").isTrue();
            assertThat(offered.get()).as("what the queue and one batch hold").isLessThanOrEqualTo(capacity + batch);
            release.countDown();
            producer.join(30_000);
            assertThat(offered.get()).isEqualTo(m.log.size());
            assertThat(projector.awaitSeq(m.seq(), 30_000)).isTrue();
            ReferenceCheck.assertMatches(projector.store(), Reference.of(m.log));
        } finally {
            release.countDown();
            projector.close();
        }
    }

    @BothDatabases
    void aFailedTransactionIsRetried(final TestDatabase db) {
        final Market m = flow(3, 300);
        final AtomicInteger failures = new AtomicInteger();
        final HistoryStore flaky = new DelegatingStore(JdbcHistoryStore.open(db.newUrl(directory))) {
            @Override
            public void flush() {
                if (failures.get() < 2) {
                    failures.incrementAndGet();
                    throw new HistoryStoreException("injected failure");
                }
                super.flush();
            }
        };
        final HistoryProjector projector = new HistoryProjector(flaky, 1_024, 64, 5, 1);
        try {
            for (final Market.Applied applied : m.log) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(projector.awaitSeq(m.seq(), 30_000)).isTrue();
            assertThat(failures.get()).isEqualTo(2);
            assertThat(projector.failure()).isNull();
            ReferenceCheck.assertMatches(projector.store(), Reference.of(m.log));
        } finally {
            projector.close();
        }
    }

    @BothDatabases
    void aProjectorThatKeepsFailingStopsAndDropsOffersInsteadOfBlocking(final TestDatabase db) throws Exception {
        final Market m = flow(4, 200);
        final AtomicInteger flushes = new AtomicInteger();
        final HistoryStore broken = new DelegatingStore(JdbcHistoryStore.open(db.newUrl(directory))) {
            @Override
            public void flush() {
                flushes.incrementAndGet();
                throw new HistoryStoreException("injected failure");
            }
        };
        final HistoryProjector projector = new HistoryProjector(broken, 4, 2, 3, 1);
        try {
            final long started = System.nanoTime();
            for (final Market.Applied applied : m.log) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("offers never block for good").isLessThan(10);
            assertThat(projector.failure()).isInstanceOf(HistoryStoreException.class);
            assertThat(flushes.get()).isEqualTo(3);
            assertThat(projector.projectedSeq()).isZero();
            assertThat(projector.awaitSeq(1, 10_000)).as("returns at once once failed").isFalse();
        } finally {
            projector.close();
        }
    }

    /**
     * A real journal (LocalSequencer, snapshots every 250 commands). One projector sees every command; another sees the
     * first half, is closed, then gets 200 more applied without a commit (a crash), and restarts with catch-up: both
     * histories must be equal, and stay equal when the exchange restarts and live events flow to both.
     */
    @BothDatabases
    void catchUpAfterARestartGivesTheSameHistory(final TestDatabase db) throws Exception {
        final Path data = directory.resolve("data");
        final String fullUrl = db.newUrl(directory);
        final String partialUrl = db.newUrl(directory);
        final Market generated = flow(5, 2_000);
        final List<Command> commands = generated.commands;
        final int firstRun = commands.size() - 300;
        final long half = firstRun / 2;
        final AtomicLong clock = new AtomicLong(Market.millis("2024-06-30T23:50:00Z") * 1_000_000L);

        final HistoryProjector full = new HistoryProjector(JdbcHistoryStore.open(fullUrl));
        HistoryProjector partial = new HistoryProjector(JdbcHistoryStore.open(partialUrl));
        try {
            assertThat(full.catchUp(data)).isZero();
            assertThat(partial.catchUp(data)).isZero();
            final List<Market.Applied> seen = Collections.synchronizedList(new ArrayList<>());
            final HistoryProjector firstPartial = partial;
            run(data, clock, commands.subList(0, firstRun), (correlation, seq, timestamp, events) -> {
                seen.add(new Market.Applied(seq, events));
                full.offer(seq, events);
                if (seq <= half) {
                    firstPartial.offer(seq, events);
                }
            });
            assertThat(snapshotSeqs(data)).anyMatch(seq -> seq > 0 && seq <= half);
            assertThat(full.awaitSeq(firstRun, 60_000)).isTrue();
            assertThat(partial.awaitSeq(half, 60_000)).isTrue();
            partial.close();

            try (JdbcHistoryStore crashed = JdbcHistoryStore.open(partialUrl)) {
                assertThat(crashed.lastProjectedSeq()).isEqualTo(half);
                for (final Market.Applied applied : seen) {
                    if (applied.seq() > half && applied.seq() <= half + 200) {
                        crashed.apply(applied.seq(), applied.events());
                    }
                }
            }

            partial = new HistoryProjector(JdbcHistoryStore.open(partialUrl));
            assertThat(partial.catchUp(data)).isEqualTo(full.projectedSeq());
            final HistoryDump expected = HistoryDump.of(full.store(), Market.BTCUSDT, Market.ACCOUNTS);
            assertThat(HistoryDump.of(partial.store(), Market.BTCUSDT, Market.ACCOUNTS)).isEqualTo(expected);
            ReferenceCheck.assertMatches(partial.store(), Reference.of(seen));

            final HistoryProjector restarted = partial;
            run(data, clock, commands.subList(firstRun, commands.size()), (correlation, seq, timestamp, events) -> {
                seen.add(new Market.Applied(seq, events));
                full.offer(seq, events);
                restarted.offer(seq, events);
            });
            assertThat(full.awaitSeq(commands.size(), 60_000)).isTrue();
            assertThat(restarted.awaitSeq(commands.size(), 60_000)).isTrue();
            assertThat(HistoryDump.of(restarted.store(), Market.BTCUSDT, Market.ACCOUNTS))
                .isEqualTo(HistoryDump.of(full.store(), Market.BTCUSDT, Market.ACCOUNTS));
            ReferenceCheck.assertMatches(restarted.store(), Reference.of(seen));
        } finally {
            full.close();
            partial.close();
        }
    }

    /** Runs a LocalSequencer on {@code data} until it has applied {@code commands}, then closes it. */
    private static void run(final Path data, final AtomicLong clock, final List<Command> commands, final ResultListener listener)
        throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(commands.size());
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(data).fsync(false)
            .snapshotEveryCommands(250).clock(() -> clock.addAndGet(2_000_000L)).listener((correlation, seq, timestamp, events) -> {
                listener.onResult(correlation, seq, timestamp, events);
                done.countDown();
            }));
        try {
            long correlation = 0;
            for (final Command command : commands) {
                while (!sequencer.submit(correlation, command)) {
                    Thread.onSpinWait();
                }
                correlation++;
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            sequencer.close();
        }
        assertThat(sequencer.failure()).isNull();
    }

    private static List<Long> snapshotSeqs(final Path data) throws Exception {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("snapshot-") && n.endsWith(".snap"))
                .map(n -> Long.parseLong(n.substring("snapshot-".length(), n.length() - ".snap".length()))).toList();
        }
    }

    /** PostgreSQL only: every connection of the store is killed by the server; the projector and the queries reconnect. */
    @Test
    @ExtendWith(PostgresLifecycle.class)
    void postgresConnectionLossIsSurvived() throws Exception {
        final String url = TestDatabase.POSTGRES.newUrl(directory);
        final String application = "bourse-kill-test-" + ProcessHandle.current().pid();
        final Properties properties = new Properties();
        properties.setProperty("ApplicationName", application);
        final Market m = flow(6, 600);
        final int half = m.log.size() / 2;
        final HistoryProjector projector = new HistoryProjector(JdbcHistoryStore.open(url, properties), 1_024, 64, 10, 20);
        try {
            for (final Market.Applied applied : m.log.subList(0, half)) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(projector.awaitSeq(half, 30_000)).isTrue();
            assertThat(projector.store().trades(Market.BTCUSDT, null, 10)).isNotEmpty();
            try (Connection admin = DriverManager.getConnection(url);
                 PreparedStatement kill = admin.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
                kill.setString(1, application);
                try (ResultSet row = kill.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getInt(1)).as("writer and reader killed").isGreaterThanOrEqualTo(2);
                }
            }
            for (final Market.Applied applied : m.log.subList(half, m.log.size())) {
                projector.offer(applied.seq(), applied.events());
            }
            assertThat(projector.awaitSeq(m.seq(), 30_000)).isTrue();
            assertThat(projector.failure()).isNull();
            ReferenceCheck.assertMatches(projector.store(), Reference.of(m.log));
        } finally {
            projector.close();
        }
    }
}
