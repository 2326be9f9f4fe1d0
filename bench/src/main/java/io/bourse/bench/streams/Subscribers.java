package io.bourse.bench.streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebSocket subscribers: connections spread round-robin over a few {@link SubscriberLoop}s (one selector thread
 * each), opened, measured window by window, summed up and closed from the main thread.
 */
final class Subscribers implements AutoCloseable {
    /** Loopback source addresses take the last octet from 1 to this, then the next third octet (127.0.1.1, ...). */
    private static final int HOSTS_PER_BLOCK = 250;

    private final StreamRegistry registry;
    private final SubscriberLoop[] loops;
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    private final int perSourceAddress;
    /** Connections asked for so far, over all calls to {@link #open} and never reset (the next one's number). */
    private int requested;

    /**
     * @param perSourceAddress connections opened from each loopback source address (127.0.0.1, 127.0.0.2, ...) before
     *                         the next: Binance allows 300 connection attempts per IP every 5 minutes, and one address
     *                         has about 28,000 ephemeral ports
     */
    Subscribers(final StreamRegistry registry, final InetSocketAddress server, final int threads, final int perSourceAddress) throws IOException {
        this.registry = registry;
        this.perSourceAddress = perSourceAddress;
        this.loops = new SubscriberLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new SubscriberLoop(i, registry, server, failures, closes);
        }
    }

    /**
     * Opens {@code count} more connections, the i-th to {@code mix[i % mix.size()]}, and waits until each is subscribed
     * or has failed, or until {@code timeoutSeconds} have passed. Each block of {@code perSourceAddress} connections
     * binds to the next loopback address (over every call, so that an address is not used again a few minutes later).
     * Returns how many are open now, over every call.
     */
    int open(final List<Endpoint> mix, final int count, final double timeoutSeconds) throws InterruptedException {
        return open(mix, count, false, timeoutSeconds);
    }

    /** As {@link #open(List, int, double)}, for connections that stall (stop reading) once subscribed when {@code stalled}. */
    int open(final List<Endpoint> mix, final int count, final boolean stalled, final double timeoutSeconds) throws InterruptedException {
        final List<List<SubscriberLoop.Target>> perLoop = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            perLoop.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            final int number = requested++;
            final InetSocketAddress local = sourceAddress(number / perSourceAddress);
            // Spread each endpoint of the mix evenly over the loops (a plain modulo would give a loop only some of them).
            perLoop.get((number + number / mix.size()) % loops.length).add(new SubscriberLoop.Target(mix.get(i % mix.size()), local,
                stalled));
        }
        final List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            queued.add(loops[i].open(perLoop.get(i)));
        }
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).join();
        final long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return open();
    }

    /** The loopback address of the {@code block}-th block of connections: 127.0.0.1 to 127.0.0.250, 127.0.1.1, ... */
    static InetSocketAddress sourceAddress(final int block) {
        if (block >= HOSTS_PER_BLOCK * 250) {
            throw new IllegalArgumentException("more than " + HOSTS_PER_BLOCK * 250 + " loopback source addresses");
        }
        return new InetSocketAddress("127.0." + block / HOSTS_PER_BLOCK + "." + (1 + block % HOSTS_PER_BLOCK), 0);
    }

    /** How many loopback source addresses the connections opened so far used. */
    int sourceAddresses() {
        return (requested + perSourceAddress - 1) / perSourceAddress;
    }

    int pending() {
        int total = 0;
        for (final SubscriberLoop loop : loops) {
            total += loop.pending();
        }
        return total;
    }

    int open() {
        int total = 0;
        for (final SubscriberLoop loop : loops) {
            total += loop.open();
        }
        return total;
    }

    /** Starts a new window on every loop; the sum of the last one's measurements. */
    WindowStats swap(final long startNanos, final long endNanos) {
        final List<CompletableFuture<WindowStats>> parts = new ArrayList<>();
        for (final SubscriberLoop loop : loops) {
            parts.add(loop.swapStats(startNanos, endNanos));
        }
        WindowStats sum = null;
        for (final CompletableFuture<WindowStats> part : parts) {
            final WindowStats stats = part.join();
            if (sum == null) {
                sum = new WindowStats(registry.size(), stats.startNanos, stats.endNanos);
            }
            sum.add(stats);
        }
        return sum;
    }

    SubscriberLoop.Summary summary() {
        SubscriberLoop.Summary sum = null;
        for (final SubscriberLoop loop : loops) {
            final SubscriberLoop.Summary part = loop.summary().join();
            sum = sum == null ? part : sum.add(part);
        }
        return sum;
    }

    /** Lets the stalled connections read again. */
    void resumeStalled() {
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (final SubscriberLoop loop : loops) {
            done.add(loop.resumeStalled());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    /** Why connections failed before they were subscribed, since the start. */
    Map<String, Long> failures() {
        return snapshot(failures);
    }

    /** How subscribed connections ended (other than by {@link #closeAll}), since the start. */
    Map<String, Long> closes() {
        return snapshot(closes);
    }

    /** Closes every connection and forgets the failures and closes counted so far. */
    void closeAll() {
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (final SubscriberLoop loop : loops) {
            done.add(loop.closeAll());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        failures.clear();
        closes.clear();
    }

    @Override
    public void close() {
        for (final SubscriberLoop loop : loops) {
            loop.close();
        }
    }

    private static Map<String, Long> snapshot(final Map<String, LongAdder> counts) {
        final Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }
}
