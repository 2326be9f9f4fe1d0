package io.bourse.history;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registers, once per test run, the end-of-run cleanup of {@link TestPostgres} in JUnit's root store, which closes its
 * {@link AutoCloseable} values when the whole run ends (the JVM shutdown hook is the fallback).
 */
final class PostgresLifecycle implements BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresLifecycle.class);

    @Override
    public void beforeEach(final ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestPostgres.class, key -> (AutoCloseable) TestPostgres::stop,
            AutoCloseable.class);
    }
}
