package io.bourse.journal;

import io.bourse.engine.Command;

/**
 * Puts commands from many threads into one total order, makes each durable, applies it to the engine and reports
 * its events. Two implementations are planned: {@link LocalSequencer} (ring buffer and journal on one machine, the
 * embedded default) and a replicated one on Aeron Cluster.
 */
public interface Sequencer extends AutoCloseable {

    /**
     * Offers a command from any thread. Returns false, at once, when the sequencer is full or stopped: the caller
     * rejects the request (back-pressure), nothing is queued. On true, the {@link ResultListener} hears about the
     * command exactly once, after it is durable.
     */
    boolean submit(long correlationId, Command command);

    /** Stops taking commands, finishes what was taken, makes it durable, and releases the files. */
    @Override
    void close();
}
