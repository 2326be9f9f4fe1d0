package io.bourse.gateway.ws;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * The frames the publisher encoded in one duty cycle, in command order, handed as one unit to every event loop that
 * has subscribers: entry {@code i} is a payload for {@link #topic(int)}, encoded once ({@link #raw(int)}) and, when a
 * subscriber wants it, once more inside the combined wrapper ({@link #combined(int)}). A batch can instead be a
 * {@link Control} telling each loop to close its connections (the publisher lost updates, or is shutting down).
 *
 * <h2>Threads</h2>
 * Filled by the publisher, then never changed: loops only read it (the hand-over through a concurrent queue publishes
 * it safely). The buffers are heap buffers shared by every write: each write takes a {@code retainedDuplicate()}, and
 * the batch's own reference is never released, so the garbage collector owns them.
 */
final class FrameBatch {
    /** What a control batch asks of every loop. */
    enum Control {
        /** Frames to deliver. */
        NONE,
        /** Updates were lost: close every market connection so that clients resubscribe and resync. */
        RESYNC,
        /** Market data failed and stays down: close every connection. */
        FAILED,
        /** The node is stopping: say so ({@code serverShutdown}) and close every connection. */
        SHUTDOWN
    }

    private static final int INITIAL_CAPACITY = 16;

    final Control control;
    /** The publisher's clock when it handed the batch over (epoch nanos), for latency measurements. */
    long publishedNanos;
    private Topic[] topics;
    private ByteBuf[] raws;
    private ByteBuf[] combineds;
    private int size;

    FrameBatch() {
        this(Control.NONE);
    }

    FrameBatch(final Control control) {
        this.control = control;
        final int capacity = control == Control.NONE ? INITIAL_CAPACITY : 0;
        topics = new Topic[capacity];
        raws = new ByteBuf[capacity];
        combineds = new ByteBuf[capacity];
    }

    void add(final Topic topic, final ByteBuf raw, final ByteBuf combined) {
        if (size == topics.length) {
            final int grown = Math.max(INITIAL_CAPACITY, size * 2);
            topics = Arrays.copyOf(topics, grown);
            raws = Arrays.copyOf(raws, grown);
            combineds = Arrays.copyOf(combineds, grown);
        }
        topics[size] = topic;
        raws[size] = raw;
        combineds[size] = combined;
        size++;
    }

    int size() {
        return size;
    }

    Topic topic(final int i) {
        return topics[i];
    }

    ByteBuf raw(final int i) {
        return raws[i];
    }

    /** The combined form, or null if no subscriber wanted it when the batch was built. */
    ByteBuf combined(final int i) {
        return combineds[i];
    }
}
