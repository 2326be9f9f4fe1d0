package io.bourse.journal;

import java.util.List;

import io.bourse.engine.Event;

/** Hears each command's outcome once it is durable; called on the sequencer's thread, so it must be quick. */
@FunctionalInterface
public interface ResultListener {

    /** The command submitted with {@code correlationId} got {@code seq} and produced {@code events}. */
    void onResult(long correlationId, long seq, long timestampNanos, List<Event> events);
}
