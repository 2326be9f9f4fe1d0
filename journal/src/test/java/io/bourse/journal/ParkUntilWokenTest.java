package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * The shared idle strategy: an agent that parks for (much) longer than the test may take is woken by every hand-over,
 * at once, including hand-overs that race with its decision to park. A lost wake-up would stall the test for the whole
 * park.
 */
class ParkUntilWokenTest {
    private static final long LONG_PARK_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** An agent that takes every item a producer publishes, idling with the strategy in between. */
    private static final class Agent implements Runnable {
        final AtomicLong published = new AtomicLong();
        final AtomicLong taken = new AtomicLong();
        final ParkUntilWoken idle = new ParkUntilWoken(0, LONG_PARK_NANOS, () -> published.getAcquire() > taken.getPlain());
        final Thread thread = new Thread(this, "park-until-woken-test");
        volatile boolean running = true;

        @Override
        public void run() {
            while (running) {
                final long available = published.getAcquire();
                if (available > taken.getPlain()) {
                    taken.setRelease(available);
                    idle.idle(1);
                } else {
                    idle.idle(0);
                }
            }
        }

        /** Publishes one item as a queue does (a release store, no fence), then wakes the agent. */
        void handOver(final long item) {
            published.setRelease(item);
            idle.wake();
        }

        boolean awaitTaken(final long item) {
            final long deadline = System.nanoTime() + PATIENCE_NANOS;
            while (taken.getAcquire() < item) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        }

        void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(thread);
            thread.join(PATIENCE_NANOS / 1_000_000);
        }
    }

    @Test
    void aParkedAgentIsWokenAtOnceByTheProducer() throws InterruptedException {
        final Agent agent = new Agent();
        agent.thread.start();
        try {
            for (long item = 1; item <= 20; item++) {
                final long deadline = System.nanoTime() + PATIENCE_NANOS;
                while (agent.thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                assertThat(agent.thread.getState()).as("parked before item " + item).isEqualTo(Thread.State.TIMED_WAITING);
                final long start = System.nanoTime();
                agent.handOver(item);
                assertThat(agent.awaitTaken(item)).as("item " + item + " taken").isTrue();
                assertThat(System.nanoTime() - start).as("woken, not timed out").isLessThan(PATIENCE_NANOS);
            }
        } finally {
            agent.stop();
        }
    }

    @Test
    void handOversThatRaceWithTheParkAreNeverLost() throws InterruptedException {
        final Agent agent = new Agent();
        agent.thread.start();
        try {
            for (long item = 1; item <= 10_000; item++) {
                agent.handOver(item);
                assertThat(agent.awaitTaken(item)).as("item " + item + " taken within " + PATIENCE_NANOS / 1_000_000 + " ms").isTrue();
            }
        } finally {
            agent.stop();
        }
    }
}
