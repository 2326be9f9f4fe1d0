package io.bourse.bench;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The system's epoch clock, made strictly increasing. The sequencer reads its clock once per duty cycle and stamps
 * every command of a batch with that one value, so with this clock two batches never share a timestamp and the
 * benchmark can count batches (group commits) from the timestamps its listener sees.
 */
final class JournalBenchClock implements EpochNanoClock {
    private final SystemEpochNanoClock system = new SystemEpochNanoClock();
    private long last;

    @Override
    public long nanoTime() {
        last = Math.max(last + 1, system.nanoTime());
        return last;
    }
}
