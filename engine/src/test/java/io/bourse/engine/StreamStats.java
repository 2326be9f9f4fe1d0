package io.bourse.engine;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts what a random command stream made the engine do, for the one-line summary the stream tests print. */
final class StreamStats {
    private long commands;
    private long accepted;
    private long trades;
    private long triggered;
    private long open;
    private long maxOpen;
    private final Map<OrderStatus, Long> closed = new EnumMap<>(OrderStatus.class);
    private final Map<RejectReason, Long> orderRejects = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> cancelRejects = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> commandRejects = new EnumMap<>(RejectReason.class);

    void count(final List<Event> events) {
        commands++;
        for (final Event event : events) {
            switch (event) {
                case Event.OrderAccepted e -> {
                    accepted++;
                    open++;
                    maxOpen = Math.max(maxOpen, open);
                }
                case Event.OrderClosed e -> {
                    open--;
                    closed.merge(e.status(), 1L, Long::sum);
                }
                case Event.Trade e -> trades++;
                case Event.OrderTriggered e -> triggered++;
                case Event.OrderRejected e -> orderRejects.merge(e.reason(), 1L, Long::sum);
                case Event.CancelRejected e -> cancelRejects.merge(e.reason(), 1L, Long::sum);
                case Event.CommandRejected e -> commandRejects.merge(e.reason(), 1L, Long::sum);
                default -> {
                }
            }
        }
    }

    long commands() {
        return commands;
    }

    long trades() {
        return trades;
    }

    String summary(final long seed) {
        return "seed=" + seed + " commands=" + commands + " accepted=" + accepted + " trades=" + trades + " triggered=" + triggered
            + " maxOpen=" + maxOpen + " closed=" + closed + " orderRejects=" + orderRejects + " cancelRejects=" + cancelRejects
            + " commandRejects=" + commandRejects;
    }
}
