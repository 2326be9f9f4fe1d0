package io.bourse.gateway.ws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One market stream that can have subscribers: a symbol's (or the whole market's) stream of one kind, under one name.
 * The publisher encodes each payload once per topic and asks {@link #subscribers()} first, so that nobody pays for
 * streams nobody listens to; each event loop keeps the subscriptions of its own connections in its own
 * {@link SubscriberList}, so delivery needs no lock.
 *
 * <h2>Threads</h2>
 * {@link #subscribers()} and {@link #combinedSubscribers()} are safe on any thread. {@link #list(int)} and
 * {@link #existing(int)} belong to event loop {@code loop}: only that loop reads or changes its list.
 */
final class Topic {
    final StreamName stream;
    /** The engine's symbol id, -1 for an all-market stream. */
    final int symbolId;
    /** {@code {"stream":"<name>","data":} in UTF-8: the combined wrapper's head. */
    final byte[] combinedHead;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger combinedSubscribers = new AtomicInteger();
    private volatile SubscriberList[] perLoop = new SubscriberList[0];

    Topic(final StreamName stream, final int symbolId) {
        this.stream = stream;
        this.symbolId = symbolId;
        this.combinedHead = ("{\"stream\":\"" + stream.name() + "\",\"data\":").getBytes(StandardCharsets.UTF_8);
    }

    String name() {
        return stream.name();
    }

    /** Subscriptions over all loops. */
    int subscribers() {
        return subscribers.get();
    }

    /** Subscriptions over all loops of connections that want the combined wrapper. */
    int combinedSubscribers() {
        return combinedSubscribers.get();
    }

    void countSubscriber(final int delta, final boolean combined) {
        subscribers.addAndGet(delta);
        if (combined) {
            combinedSubscribers.addAndGet(delta);
        }
    }

    void countCombined(final int delta) {
        combinedSubscribers.addAndGet(delta);
    }

    /** Loop {@code loop}'s subscriptions, or null if it never had one. Called on that loop. */
    SubscriberList existing(final int loop) {
        final SubscriberList[] lists = perLoop;
        return loop < lists.length ? lists[loop] : null;
    }

    /** Loop {@code loop}'s subscriptions, created on first use. Called on that loop. */
    SubscriberList list(final int loop) {
        final SubscriberList found = existing(loop);
        return found != null ? found : create(loop);
    }

    private synchronized SubscriberList create(final int loop) {
        SubscriberList[] lists = perLoop;
        if (loop >= lists.length) {
            lists = Arrays.copyOf(lists, loop + 1);
        } else {
            lists = lists.clone();
        }
        final SubscriberList list = new SubscriberList();
        lists[loop] = list;
        perLoop = lists;
        return list;
    }

    @Override
    public String toString() {
        return stream.name();
    }
}
