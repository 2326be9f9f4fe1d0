package io.bourse.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.bourse.engine.Event;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;

/**
 * What the gateway remembers about each open order that the engine's {@link io.bourse.engine.OpenOrder} view does not
 * carry or that is gone once the order closes: its parameters as accepted (for the response to a cancel) and when it
 * began working. Filled from the event stream on the sequencer thread; entries leave when the order closes.
 */
public final class OpenOrderDetails {

    /**
     * An order's static details.
     *
     * @param symbolId          symbol
     * @param orderId           engine id
     * @param accountId         owner
     * @param clientOrderId     client id (may be null)
     * @param side              side
     * @param type              type
     * @param timeInForce       null where the type takes none
     * @param price             limit price
     * @param quantity          original quantity
     * @param quoteOrderQty     original quote quantity
     * @param stopPrice         stop price
     * @param stpMode           self-trade prevention mode
     * @param timeNanos         acceptance time
     * @param workingTimeNanos  when it began working, -1 while a conditional order waits
     */
    public record Details(int symbolId, long orderId, long accountId, String clientOrderId, Side side, OrderType type, TimeInForce timeInForce,
        long price, long quantity, long quoteOrderQty, long stopPrice, StpMode stpMode, long timeNanos, long workingTimeNanos) {

        /** The details of an accepted order. */
        public static Details of(final Event.OrderAccepted e) {
            return new Details(e.symbolId(), e.orderId(), e.accountId(), e.clientOrderId(), e.side(), e.type(), e.timeInForce(), e.price(),
                e.quantity(), e.quoteOrderQty(), e.stopPrice(), e.stpMode(), e.timestampNanos(),
                e.type().isConditional() ? -1 : e.timestampNanos());
        }

        Details triggered(final long nanos) {
            return new Details(symbolId, orderId, accountId, clientOrderId, side, type, timeInForce, price, quantity, quoteOrderQty, stopPrice,
                stpMode, timeNanos, nanos);
        }
    }

    /**
     * A key: orders ids are per symbol.
     *
     * @param symbolId symbol
     * @param orderId  order id
     */
    public record Key(int symbolId, long orderId) {
    }

    private final Map<Key, Details> open = new ConcurrentHashMap<>();

    /** The details of an open order, or null. */
    public Details get(final int symbolId, final long orderId) {
        return open.get(new Key(symbolId, orderId));
    }

    /** Remembers an open order (at start, from the engine's view). */
    public void put(final Details details) {
        open.put(new Key(details.symbolId(), details.orderId()), details);
    }

    /**
     * Follows one command's events (sequencer thread); returns the details of the orders that closed in it, which the
     * responses to cancels need.
     */
    public Map<Key, Details> apply(final List<Event> events) {
        Map<Key, Details> closed = Map.of();
        for (final Event event : events) {
            switch (event) {
                case Event.OrderAccepted e -> open.put(new Key(e.symbolId(), e.orderId()), Details.of(e));
                case Event.OrderTriggered e -> open.computeIfPresent(new Key(e.symbolId(), e.orderId()), (k, d) -> d.triggered(e.timestampNanos()));
                case Event.OrderClosed e -> {
                    final Key key = new Key(e.symbolId(), e.orderId());
                    final Details details = open.remove(key);
                    if (details != null) {
                        if (closed.isEmpty()) {
                            closed = new HashMap<>();
                        }
                        closed.put(key, details);
                    }
                }
                default -> {
                }
            }
        }
        return closed;
    }

    /** How many open orders are remembered. */
    public int size() {
        return open.size();
    }
}
