package io.bourse.gateway.ws;

import java.util.Arrays;

/**
 * The subscriptions of one event loop's connections to one {@link Topic}: an array with O(1) add and remove (the last
 * entry moves into the hole, and each subscription knows its index). Owned by that loop's thread.
 */
final class SubscriberList {
    private static final Subscription[] EMPTY = new Subscription[0];

    private Subscription[] entries = EMPTY;
    private int size;

    int size() {
        return size;
    }

    Subscription get(final int i) {
        return entries[i];
    }

    void add(final Subscription s) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, Math.max(4, size * 2));
        }
        s.index = size;
        entries[size++] = s;
    }

    void remove(final Subscription s) {
        final int i = s.index;
        if (i < 0 || i >= size || entries[i] != s) {
            throw new IllegalStateException("subscription " + s.name + " is not at " + i);
        }
        final Subscription last = entries[--size];
        entries[i] = last;
        last.index = i;
        entries[size] = null;
        s.index = -1;
        if (size == 0 && entries.length > 64) {
            entries = EMPTY;
        }
    }
}
