package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.BTC;
import static io.bourse.engine.EngineFixture.BTCUSDT;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.ETHUSDT;
import static io.bourse.engine.EngineFixture.INITIAL_BTC;
import static io.bourse.engine.EngineFixture.INITIAL_USDT;
import static io.bourse.engine.EngineFixture.USDT;
import static io.bourse.engine.EngineFixture.cancel;
import static io.bourse.engine.EngineFixture.cancelByClientId;
import static io.bourse.engine.EngineFixture.closed;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.isClosed;
import static io.bourse.engine.EngineFixture.limit;
import static io.bourse.engine.EngineFixture.limitMaker;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.ofType;
import static io.bourse.engine.EngineFixture.on;
import static io.bourse.engine.EngineFixture.px;
import static io.bourse.engine.EngineFixture.qty;
import static io.bourse.engine.EngineFixture.stopLimit;
import static io.bourse.engine.EngineFixture.stopMarket;
import static io.bourse.engine.EngineFixture.units;
import static io.bourse.engine.Side.BUY;
import static io.bourse.engine.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Cancels, client order ids and cancel-replace, from rest-api.md "Cancel order (TRADE)", "Cancel All Open Orders on a
 * Symbol (TRADE)", "Cancel an Existing Order and Send a New Order (TRADE)", the newClientOrderId parameter of "New
 * order (TRADE)", and errors.md ("Unknown order sent.", "Duplicate order sent.").
 */
class CancelRulesTest {

    /** Applies a cancel that must be refused with {@code reason} (Binance -2011 "Unknown order sent."), changing nothing. */
    private static void assertCancelRejected(final EngineFixture f, final Command.CancelOrder command, final RejectReason reason) {
        final Map<String, Long> before = f.state();
        final List<Event> events = f.apply(command);
        assertThat(events).containsExactly(new Event.CancelRejected(f.seq(), f.lastTimestamp(), command.symbolId(), command.accountId(),
            command.orderId(), command.clientOrderId(), reason));
        assertThat(f.state()).isEqualTo(before);
    }

    private static void assertUnknownOrder(final EngineFixture f, final Command.CancelOrder command) {
        assertThat(RejectReason.UNKNOWN_ORDER.code()).isEqualTo(-2011);
        assertThat(RejectReason.UNKNOWN_ORDER.message()).isEqualTo("Unknown order sent.");
        assertCancelRejected(f, command, RejectReason.UNKNOWN_ORDER);
    }

    // ------------------------------------------------------------------------------------------------ cancel
    // rest-api.md Cancel order: "Either orderId or origClientOrderId must be sent." Response "status": "CANCELED".
    // errors.md: "Unknown order sent." - "The order (by either orderId, clOrdId, origClOrdId) could not be found."

    @Test
    void cancelByOrderId() {
        final EngineFixture f = EngineFixture.standard();
        final long id = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        final List<Event> events = f.apply(cancel(ALICE, id));
        final Event.OrderClosed close = closed(events, id);
        assertThat(close.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(close.accountId()).isEqualTo(ALICE);
        assertThat(close.executedQty()).isZero();
        assertThat(f.depth(BTCUSDT, BUY)).isEmpty();
        assertThat(f.openOrders(ALICE, BTCUSDT)).isZero();
        assertThat(f.free(ALICE, USDT)).isEqualTo(INITIAL_USDT);
        f.assertConserved();
    }

    @Test
    void cancelByClientOrderId() {
        final EngineFixture f = EngineFixture.standard();
        final List<Event> placed = f.apply(gtc(ALICE, SELL, px("30000"), qty("0.5")).withClientOrderId("my-order-1"));
        final Event.OrderAccepted accepted = (Event.OrderAccepted)placed.get(0);
        assertThat(accepted.clientOrderId()).isEqualTo("my-order-1");
        final List<Event> events = f.apply(cancelByClientId(ALICE, "my-order-1"));
        assertThat(closed(events, accepted.orderId()).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(f.free(ALICE, BTC)).isEqualTo(INITIAL_BTC);
        f.assertConserved();
    }

    @Test
    void cancelOfUnknownOrderIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")).withClientOrderId("real"));
        assertUnknownOrder(f, cancel(ALICE, 42));
        assertUnknownOrder(f, cancelByClientId(ALICE, "imaginary"));
        assertUnknownOrder(f, new Command.CancelOrder(ALICE, ETHUSDT, 1, null));
        f.assertConserved();
    }

    @Test
    void cancelNamingNoOrderIsRejected() {
        // errors.md: "Cancel order is invalid. Check origClOrdId and orderId." - "No origClOrdId or orderId was sent in."
        // (a -2011 CANCEL_REJECTED message).
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        final Map<String, Long> before = f.state();
        final List<Event> events = f.apply(new Command.CancelOrder(ALICE, BTCUSDT, 0, null));
        assertThat(events).singleElement().isInstanceOf(Event.CancelRejected.class);
        assertThat(((Event.CancelRejected)events.get(0)).reason().code()).isEqualTo(-2011);
        assertThat(f.state()).isEqualTo(before);
        f.assertConserved();
    }

    @Test
    void anotherAccountsOrderIsUnknown() {
        final EngineFixture f = EngineFixture.standard();
        final long id = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")).withClientOrderId("alice-1"));
        assertUnknownOrder(f, cancel(BOB, id));
        assertUnknownOrder(f, cancelByClientId(BOB, "alice-1"));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30000"), qty("0.5"));
        assertThat(closed(f.apply(cancel(ALICE, id)), id).status()).isEqualTo(OrderStatus.CANCELED);
        f.assertConserved();
    }

    @Test
    void closedOrdersAreUnknown() {
        final EngineFixture f = EngineFixture.standard();
        final long filled = f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.5")).withClientOrderId("sold"));
        f.placeOk(market(BOB, BUY, qty("0.5")));
        assertUnknownOrder(f, cancel(ALICE, filled));
        assertUnknownOrder(f, cancelByClientId(ALICE, "sold"));
        final long canceled = f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.5")));
        f.apply(cancel(ALICE, canceled));
        assertUnknownOrder(f, cancel(ALICE, canceled));
        f.assertConserved();
    }

    @Test
    void cancelWithOrderIdAndMatchingClientOrderIdCancels() {
        final EngineFixture f = EngineFixture.standard();
        final long id = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")).withClientOrderId("mine"));
        final List<Event> events = f.apply(new Command.CancelOrder(ALICE, BTCUSDT, id, "mine"));
        assertThat(closed(events, id).status()).isEqualTo(OrderStatus.CANCELED);
        f.assertConserved();
    }

    @Test
    void cancelWithOrderIdAndAnotherOrdersClientOrderIdIsRejected() {
        // rest-api.md Cancel order: "If both orderId and origClientOrderId are provided, the orderId is searched first,
        // then the origClientOrderId from that result is checked against that order. If both conditions are not met
        // the request will be rejected."
        final EngineFixture f = EngineFixture.standard();
        final long first = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")).withClientOrderId("first"));
        f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")).withClientOrderId("second"));
        final Map<String, Long> before = f.state();
        final List<Event> events = f.apply(new Command.CancelOrder(ALICE, BTCUSDT, first, "second"));
        assertThat(events).as("the client order id does not belong to order %s", first)
            .singleElement().isInstanceOf(Event.CancelRejected.class);
        assertThat(f.state()).isEqualTo(before);
        f.assertConserved();
    }

    @Test
    void conditionalOrderCanBeCanceledAndReleasesItsHold() {
        final EngineFixture f = EngineFixture.standard();
        final long buyStop = f.placeOk(stopLimit(ALICE, BUY, OrderType.STOP_LOSS_LIMIT, px("31000"), px("31100"), qty("0.5")));
        final long sellStop = f.placeOk(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("29000"), qty("0.5")).withClientOrderId("sl"));
        assertThat(f.locked(ALICE, USDT)).isEqualTo(units("15550") + units("31.1"));
        assertThat(f.locked(ALICE, BTC)).isEqualTo(qty("0.5"));
        assertThat(closed(f.apply(cancel(ALICE, buyStop)), buyStop).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(closed(f.apply(cancelByClientId(ALICE, "sl")), sellStop).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, BTC)).isZero();
        assertThat(f.openOrders(ALICE, BTCUSDT)).isZero();
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ client order ids
    // rest-api.md New order, newClientOrderId: "A unique id among open orders. ... Orders with the same
    // newClientOrderID can be accepted only when the previous one is filled, otherwise the order will be rejected."
    // errors.md: "Duplicate order sent." - "The clOrdId is already in use."

    @Test
    void duplicateClientOrderIdAmongOpenOrdersIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        final long first = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")).withClientOrderId("dup"));
        f.assertRejected(gtc(ALICE, SELL, px("31000"), qty("0.5")).withClientOrderId("dup"), RejectReason.DUPLICATE_ORDER, -2010,
            "Duplicate order sent.");
        f.assertRejected(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("28000"), qty("0.5")).withClientOrderId("dup"),
            RejectReason.DUPLICATE_ORDER, -2010, "Duplicate order sent.");
        assertThat(f.placeOk(gtc(BOB, SELL, px("31000"), qty("0.5")).withClientOrderId("dup")))
            .as("another account's ids are its own; the rejections used no id").isEqualTo(2);
        f.apply(cancel(ALICE, first));
        assertThat(f.placeOk(gtc(ALICE, SELL, px("31000"), qty("0.5")).withClientOrderId("dup"))).as("free again once closed")
            .isEqualTo(3);
        f.assertConserved();
    }

    @Test
    void clientOrderIdOfAConditionalOrderIsInUse() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("28000"), qty("0.5")).withClientOrderId("stop"));
        f.assertRejected(gtc(ALICE, BUY, px("29000"), qty("0.5")).withClientOrderId("stop"), RejectReason.DUPLICATE_ORDER, -2010,
            "Duplicate order sent.");
        f.assertConserved();
    }

    @Test
    void clientOrderIdIsReusableAfterTheOrderFilledOrExpired() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.5")).withClientOrderId("again"));
        f.placeOk(market(BOB, BUY, qty("0.5")));
        final long ioc = f.placeOk(limit(ALICE, SELL, TimeInForce.IOC, px("30000"), qty("0.5")).withClientOrderId("again"));
        assertThat(ioc).isEqualTo(3);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.5")).withClientOrderId("again"))).isEqualTo(4);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ cancel-replace
    // rest-api.md Cancel an Existing Order and Send a New Order: "cancelReplaceMode ... STOP_ON_FAILURE - If the
    // cancel request fails, the new order placement will not be attempted. ALLOW_FAILURE - new order placement will
    // be attempted even if cancel request fails." "Filters and Order Count are evaluated before the processing of
    // the cancellation and order placement occurs." Example -2021: cancelResult SUCCESS with newOrderResponse -2010
    // "Order would immediately match and take."

    @Test
    void cancelReplaceCancelsThenPlaces() {
        final EngineFixture f = EngineFixture.standard();
        final long old = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")));
        final List<Event> events = f.apply(new Command.CancelReplace(cancel(ALICE, old), gtc(ALICE, BUY, px("29500"), qty("1")), false));
        final Event.OrderClosed close = closed(events, old);
        assertThat(close.status()).isEqualTo(OrderStatus.CANCELED);
        final Event.OrderAccepted accepted = ofType(events, Event.OrderAccepted.class).get(0);
        assertThat(accepted.orderId()).isEqualTo(old + 1);
        assertThat(events.indexOf(close)).as("cancel first").isLessThan(events.indexOf(accepted));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29500"), qty("1"));
        assertThat(f.locked(ALICE, USDT)).isEqualTo(units("29500") + units("59"));
        f.assertConserved();
    }

    @Test
    void cancelReplaceStopOnFailurePlacesNothingWhenTheCancelFails() {
        final EngineFixture f = EngineFixture.standard();
        final long bobs = f.placeOk(gtc(BOB, BUY, px("29000"), qty("0.5")));
        final Map<String, Long> before = f.state();
        final Command.CancelOrder bad = cancel(ALICE, bobs);
        final List<Event> events = f.apply(new Command.CancelReplace(bad, gtc(ALICE, BUY, px("29500"), qty("1")), false));
        assertThat(events).containsExactly(new Event.CancelRejected(f.seq(), 0, BTCUSDT, ALICE, bobs, null, RejectReason.UNKNOWN_ORDER));
        assertThat(f.state()).isEqualTo(before);
        assertThat(f.placeOk(gtc(ALICE, BUY, px("29500"), qty("1")))).as("no id used").isEqualTo(2);
        f.assertConserved();
    }

    @Test
    void cancelReplaceAllowFailurePlacesTheNewOrderAnyway() {
        final EngineFixture f = EngineFixture.standard();
        final List<Event> events = f.apply(new Command.CancelReplace(cancel(ALICE, 7), gtc(ALICE, BUY, px("29500"), qty("1")), true));
        assertThat(EngineFixture.kinds(events)).startsWith(Event.CancelRejected.class, Event.OrderAccepted.class);
        assertThat(((Event.CancelRejected)events.get(0)).reason()).isEqualTo(RejectReason.UNKNOWN_ORDER);
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29500"), qty("1"));
        f.assertConserved();
    }

    @Test
    void cancelReplaceWhoseNewOrderWouldTakeStillCancels() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        final long old = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")));
        final List<Event> events = f.apply(new Command.CancelReplace(cancel(ALICE, old), limitMaker(ALICE, BUY, px("30000"), qty("0.5")),
            false));
        assertThat(closed(events, old).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(ofType(events, Event.OrderRejected.class)).singleElement()
            .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.WOULD_TAKE));
        assertThat(f.openOrders(ALICE, BTCUSDT)).isZero();
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void cancelReplaceWhoseNewOrderFailsAFilterKeepsTheOldOrder() {
        final EngineFixture f = EngineFixture.standard(s -> s.withPriceBounds(px("1000"), px("100000")));
        final long old = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")));
        final List<Event> events = f.apply(new Command.CancelReplace(cancel(ALICE, old), gtc(ALICE, BUY, px("29500.005"), qty("0.5")),
            false));
        assertThat(ofType(events, Event.OrderRejected.class)).singleElement()
            .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.FILTER_PRICE));
        assertThat(isClosed(events, old)).as("filters are evaluated before the cancellation").isFalse();
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29000"), qty("0.5"));
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ cancel all
    // rest-api.md Cancel All Open Orders on a Symbol: "Cancels all active orders on a symbol. This includes orders
    // that are part of an order list." (here: every open order of the requesting account on that symbol,
    // conditional ones included).

    @Test
    void cancelAllCancelsOnlyThatAccountsOrdersOnThatSymbol() {
        final EngineFixture f = EngineFixture.standard();
        final long buy = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")));
        final long sell = f.placeOk(gtc(ALICE, SELL, px("31000"), qty("0.5")));
        final long stop = f.placeOk(stopLimit(ALICE, SELL, OrderType.STOP_LOSS_LIMIT, px("28000"), px("27900"), qty("0.5")));
        final long bobs = f.placeOk(gtc(BOB, BUY, px("29000"), qty("0.5")));
        final long carols = f.placeOk(stopMarket(CAROL, SELL, OrderType.STOP_LOSS, px("28000"), qty("0.5")));
        final long eth = f.placeOk(on(ETHUSDT, gtc(ALICE, BUY, px("2000"), qty("1"))));
        final List<Event> events = f.apply(new Command.CancelAll(ALICE, BTCUSDT));
        assertThat(ofType(events, Event.OrderClosed.class)).extracting(Event.OrderClosed::orderId).containsExactlyInAnyOrder(buy, sell, stop);
        assertThat(ofType(events, Event.OrderClosed.class)).allMatch(c -> c.status() == OrderStatus.CANCELED && c.accountId() == ALICE);
        assertThat(f.openOrders(ALICE, BTCUSDT)).isZero();
        assertThat(f.openOrders(ALICE, ETHUSDT)).isEqualTo(1);
        assertThat(f.openOrders(BOB, BTCUSDT)).isEqualTo(1);
        assertThat(f.openOrders(CAROL, BTCUSDT)).isEqualTo(1);
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29000"), qty("0.5"));
        assertThat(f.locked(ALICE, BTC)).isZero();
        assertThat(f.locked(ALICE, USDT)).as("only the ETHUSDT order's hold is left").isEqualTo(units("2000") + units("4"));
        assertThat(closed(f.apply(cancel(BOB, bobs)), bobs).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(closed(f.apply(cancel(CAROL, carols)), carols).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(closed(f.apply(new Command.CancelOrder(ALICE, ETHUSDT, eth, null)), ETHUSDT, eth).status())
            .isEqualTo(OrderStatus.CANCELED);
        f.assertConserved();
    }

    @Test
    void cancelAllWithNothingOpenIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, BUY, px("29000"), qty("0.5")));
        final Map<String, Long> before = f.state();
        final List<Event> events = f.apply(new Command.CancelAll(ALICE, BTCUSDT));
        assertThat(events).singleElement().isInstanceOf(Event.CancelRejected.class);
        final RejectReason reason = ((Event.CancelRejected)events.get(0)).reason();
        assertThat(reason.code()).isEqualTo(-2011);
        assertThat(reason.message()).isEqualTo("Unknown order sent.");
        assertThat(f.state()).isEqualTo(before);
        f.assertConserved();
    }
}
