package io.bourse.bench.engine;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;

/** Heap allocation counters of the JVM's threads (HotSpot's per-thread TLAB accounting). */
final class Allocation {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** Bytes the calling thread has allocated so far. */
    static long currentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes all live threads have allocated so far (for exchange-core's pipeline threads). */
    static long allThreads() {
        return THREADS.getTotalThreadAllocatedBytes();
    }
}
