package io.bourse.journal;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of an agent thread that other threads hand work to (the sequencer, the market data publisher):
 * after a few idle duty cycles spent spinning (a burst often has more coming), it flags the thread as sleeping, looks
 * once more for work, and parks; a producer that has handed work over calls {@link #wake()}, which unparks the thread
 * if it is parked. The park is bounded, so that time-based work (snapshots, the streams' schedules) still happens when
 * nobody hands anything over. On a machine with few cores this leaves the CPU to the threads that produce the work, and
 * work never waits for a backoff timer to expire.
 *
 * <h2>Why no wake-up is lost</h2>
 * The agent writes {@code sleeping} (volatile) and then looks for work; a producer publishes its work and then, after a
 * full fence, reads {@code sleeping}. The fence keeps the producer's read from passing its own publication (a release
 * store, which alone may be reordered with a later load), so at least one side sees the other: either the agent finds
 * the work, or the producer finds it sleeping and unparks it (an unpark before the park makes the park return at once).
 *
 * <p>{@link #idle} belongs to the agent thread; {@link #wake()} is safe on any thread.
 */
public final class ParkUntilWoken implements IdleStrategy {
    /** Idle cycles spent spinning before parking, by default. */
    public static final int DEFAULT_SPIN_CYCLES = 50;

    private final int spinCycles;
    private final long maxParkNanos;
    private final BooleanSupplier hasWork;
    private volatile boolean sleeping;
    private volatile Thread agent;
    private int idleCycles;

    /**
     * @param spinCycles   idle cycles spent spinning before parking
     * @param maxParkNanos the longest park (how late time-based work may be when nothing wakes the agent)
     * @param hasWork      whether work has been handed over (called on the agent thread, just before it parks)
     */
    public ParkUntilWoken(final int spinCycles, final long maxParkNanos, final BooleanSupplier hasWork) {
        if (spinCycles < 0 || maxParkNanos <= 0) {
            throw new IllegalArgumentException("spinCycles must not be negative and maxParkNanos must be positive");
        }
        this.spinCycles = spinCycles;
        this.maxParkNanos = maxParkNanos;
        this.hasWork = hasWork;
    }

    /** Unparks the agent if it is parked (after its producer has published the work); a fence and a read otherwise. */
    public void wake() {
        VarHandle.fullFence();
        if (sleeping) {
            final Thread thread = agent;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            idleCycles = 0;
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (++idleCycles <= spinCycles) {
            Thread.onSpinWait();
            return;
        }
        if (agent == null) {
            agent = Thread.currentThread();
        }
        sleeping = true;
        if (!hasWork.getAsBoolean()) {
            LockSupport.parkNanos(this, maxParkNanos);
        }
        sleeping = false;
    }

    @Override
    public void reset() {
        idleCycles = 0;
    }
}
