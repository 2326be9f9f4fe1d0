package io.bourse.gateway;

import io.bourse.history.HistoryProjector;
import io.bourse.history.JdbcHistoryStore;

/**
 * Opens the history for a node: by default SQLite in the data directory ({@code history.db}); any other JDBC URL
 * (PostgreSQL) by configuration.
 */
public final class HistoryProjections {
    private HistoryProjections() {
    }

    /** The projector, over the store {@code config} names. */
    public static HistoryProjector open(final NodeConfig config) {
        final String url = config.historyJdbcUrl();
        return new HistoryProjector(JdbcHistoryStore.open(url != null ? url : JdbcHistoryStore.defaultUrl(config.dataDir())));
    }
}
