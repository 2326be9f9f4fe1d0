package io.bourse.bench.engine;

/**
 * What one pass over the timed part of a stream did.
 *
 * @param nanos          wall time of the timed part
 * @param trades         trades (maker fills)
 * @param volume         traded steps
 * @param allocatedBytes heap bytes allocated during the timed part, -1 if not measured
 * @param problems       anything that went wrong (refused commands, id mismatches), empty if nothing
 */
public record Pass(long nanos, long trades, long volume, long allocatedBytes, String problems) {

    /** Commands per second for {@code commands} commands. */
    public double throughput(final long commands) {
        return commands * 1e9 / nanos;
    }
}
