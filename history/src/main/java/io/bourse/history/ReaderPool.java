package io.bourse.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The connections queries run on: opened on demand up to a bound, each with its prepared statements cached, handed to
 * one thread at a time. A connection on which a statement failed is closed rather than returned.
 */
final class ReaderPool implements AutoCloseable {

    /** Opens a configured connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final Opener opener;
    private final int max;
    private final BlockingQueue<CachedConnection> idle;
    private final List<CachedConnection> all = new ArrayList<>();
    private boolean closed;

    ReaderPool(final Opener opener, final int max) {
        this.opener = opener;
        this.max = max;
        this.idle = new ArrayBlockingQueue<>(max);
    }

    /** A connection for this thread's query; waits when all are in use. */
    CachedConnection borrow() throws SQLException {
        final CachedConnection ready = idle.poll();
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (closed) {
                throw new HistoryStoreException("the history store is closed");
            }
            if (all.size() < max) {
                final CachedConnection reader = new CachedConnection(opener.open());
                all.add(reader);
                return reader;
            }
        }
        try {
            final CachedConnection reader = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (reader == null) {
                throw new HistoryStoreException("no history connection free after " + BORROW_TIMEOUT_SECONDS + " s");
            }
            return reader;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryStoreException("interrupted while waiting for a history connection", e);
        }
    }

    /** Gives the connection back, or closes it when a statement failed on it. */
    void release(final CachedConnection reader, final boolean broken) {
        synchronized (this) {
            if (broken || closed) {
                all.remove(reader);
                reader.close();
                return;
            }
        }
        idle.offer(reader);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (final CachedConnection reader : all) {
            reader.close();
        }
        all.clear();
        idle.clear();
    }
}
