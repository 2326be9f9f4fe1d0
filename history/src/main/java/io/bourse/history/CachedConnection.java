package io.bourse.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** A connection with its prepared statements kept for reuse; used by one thread at a time. */
final class CachedConnection implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    CachedConnection(final Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared once per connection (its parameters and batch are left as the last user left them). */
    PreparedStatement prepare(final String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Closes the statements and the connection, ignoring errors (it is usually closed because something failed). */
    @Override
    public void close() {
        for (final PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (final SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // closing anyway
        }
    }
}
