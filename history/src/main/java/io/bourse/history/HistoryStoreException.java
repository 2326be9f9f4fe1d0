package io.bourse.history;

/** A history database operation failed (the database is unreachable, full, or refused a statement). */
public final class HistoryStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public HistoryStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** A failure without an underlying cause. */
    public HistoryStoreException(final String message) {
        super(message);
    }
}
