package io.bourse.gateway.ws;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, checking it every few milliseconds, up to a timeout (never a fixed sleep). */
final class Await {
    private static final long POLL_MILLIS = 2;

    private Await() {
    }

    /** Whether the condition held before the timeout. */
    static boolean until(final BooleanSupplier condition, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
