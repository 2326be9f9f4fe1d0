package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.BTC;
import static io.bourse.engine.EngineFixture.BTCUSDT;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.FEE;
import static io.bourse.engine.EngineFixture.INITIAL_BTC;
import static io.bourse.engine.EngineFixture.INITIAL_USDT;
import static io.bourse.engine.EngineFixture.USDT;
import static io.bourse.engine.EngineFixture.closed;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.isClosed;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.ofType;
import static io.bourse.engine.EngineFixture.px;
import static io.bourse.engine.EngineFixture.qty;
import static io.bourse.engine.EngineFixture.trades;
import static io.bourse.engine.EngineFixture.units;
import static io.bourse.engine.Side.BUY;
import static io.bourse.engine.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Self-trade prevention, from faqs/stp_faq.md ("What happens when STP is triggered?", the mode table and Scenarios A
 * to F), enums.md (STP Modes; Order status EXPIRED_IN_MATCH "The order was expired by the exchange due to STP") and
 * rest-api.md New order (selfTradePreventionMode).
 */
class StpRulesTest {

    private static Command.PlaceOrder withStp(final Command.PlaceOrder order, final StpMode mode) {
        return order.withStp(mode);
    }

    // stp_faq.md: "NONE - This mode exempts the order from self-trade prevention. Accounts or Trade group IDs will
    // not be compared, no orders will be expired, and the trade will occur." (Scenario A)

    @Test
    void noneLetsTheSelfTradeHappen() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.NONE));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("1")), StpMode.NONE));
        final long taker = maker + 1;
        assertThat(trades(events)).singleElement().satisfies(t -> {
            assertThat(t.makerAccountId()).isEqualTo(ALICE);
            assertThat(t.takerAccountId()).isEqualTo(ALICE);
            assertThat(t.quantity()).isEqualTo(qty("1"));
        });
        assertThat(closed(events, maker).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(closed(events, taker).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(f.total(ALICE, BTC)).isEqualTo(INITIAL_BTC);
        assertThat(f.total(ALICE, USDT)).as("a self-trade still pays both fees").isEqualTo(INITIAL_USDT - units("90"));
        assertThat(f.total(FEE, USDT)).isEqualTo(units("90"));
        f.assertConserved();
    }

    // stp_faq.md: "EXPIRE_TAKER - This mode prevents a trade by immediately expiring the taker order's remaining
    // quantity." Scenario C: "The orders already on the book will remain, while the taker order will expire." with
    // status EXPIRED_IN_MATCH.

    @Test
    void expireTakerExpiresTheTakerAndLeavesTheMakers() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(withStp(gtc(ALICE, BUY, px("30020"), qty("0.12")), StpMode.NONE));
        f.placeOk(withStp(gtc(ALICE, BUY, px("30010"), qty("0.13")), StpMode.NONE));
        f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("0.81")), StpMode.NONE));
        final List<Long> bids = f.depth(BTCUSDT, BUY);
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("0.3")), StpMode.EXPIRE_TAKER));
        assertThat(trades(events)).isEmpty();
        assertThat(ofType(events, Event.OrderClosed.class)).singleElement().satisfies(c -> {
            assertThat(c.orderId()).isEqualTo(4);
            assertThat(c.status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
            assertThat(c.executedQty()).isZero();
        });
        assertThat(f.depth(BTCUSDT, BUY)).isEqualTo(bids);
        assertThat(f.depth(BTCUSDT, SELL)).isEmpty();
        assertThat(f.locked(ALICE, BTC)).isZero();
        f.assertConserved();
    }

    @Test
    void expireTakerAfterTradingWithOthersKeepsWhatItTraded() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, BUY, px("30020"), qty("0.1")));
        final long own = f.placeOk(gtc(ALICE, BUY, px("30010"), qty("0.5")));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("0.3")), StpMode.EXPIRE_TAKER));
        assertThat(trades(events)).singleElement().satisfies(t -> assertThat(t.makerAccountId()).isEqualTo(BOB));
        final Event.OrderClosed taker = closed(events, 3);
        assertThat(taker.status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(taker.executedQty()).isEqualTo(qty("0.1"));
        assertThat(isClosed(events, own)).isFalse();
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30010"), qty("0.5"));
        assertThat(f.locked(ALICE, BTC)).isZero();
        f.assertConserved();
    }

    // stp_faq.md: "EXPIRE_MAKER - This mode prevents a trade by immediately expiring the potential maker order's
    // remaining quantity." Scenario B: "The orders that were on the book will expire due to STP, and the taker order
    // will go on the book."

    @Test
    void expireMakerExpiresOwnMakersAndTheTakerRests() {
        final EngineFixture f = EngineFixture.standard();
        final long m1 = f.placeOk(withStp(gtc(ALICE, BUY, px("30020"), qty("0.12")), StpMode.NONE));
        final long m2 = f.placeOk(withStp(gtc(ALICE, BUY, px("30010"), qty("0.13")), StpMode.NONE));
        final long m3 = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("0.81")), StpMode.NONE));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("3")), StpMode.EXPIRE_MAKER));
        assertThat(trades(events)).isEmpty();
        for (final long maker : new long[] {m1, m2, m3}) {
            final Event.OrderClosed close = closed(events, maker);
            assertThat(close.status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
            assertThat(close.executedQty()).isZero();
        }
        assertThat(isClosed(events, 4)).as("the taker goes on the book").isFalse();
        assertThat(f.depth(BTCUSDT, BUY)).isEmpty();
        assertThat(f.depth(BTCUSDT, SELL)).containsExactly(px("30000"), qty("3"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, BTC)).isEqualTo(qty("3"));
        f.assertConserved();
    }

    @Test
    void expireMakerTakerKeepsTradingWithOtherAccounts() {
        final EngineFixture f = EngineFixture.standard();
        final long own1 = f.placeOk(gtc(ALICE, BUY, px("30020"), qty("0.1")));
        final long bobs = f.placeOk(gtc(BOB, BUY, px("30010"), qty("0.2")));
        final long own2 = f.placeOk(gtc(ALICE, BUY, px("30010"), qty("0.1")));
        final long carols = f.placeOk(gtc(CAROL, BUY, px("30000"), qty("0.5")));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("0.4")), StpMode.EXPIRE_MAKER));
        final long taker = carols + 1;
        assertThat(trades(events)).extracting(Event.Trade::makerOrderId).containsExactly(bobs, carols);
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.2"), qty("0.2"));
        assertThat(closed(events, own1).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(closed(events, own2).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(closed(events, bobs).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(closed(events, taker).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(events.indexOf(closed(events, own1))).isLessThan(events.indexOf(trades(events).get(0)));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30000"), qty("0.3"));
        f.assertConserved();
    }

    // stp_faq.md: "EXPIRE_BOTH - This mode prevents a trade by immediately expiring both the taker and the potential
    // maker orders' remaining quantities." Scenario D: "Both orders will expire."

    @Test
    void expireBothExpiresTakerAndMaker() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.NONE));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("3")), StpMode.EXPIRE_BOTH));
        assertThat(trades(events)).isEmpty();
        assertThat(closed(events, maker).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(closed(events, maker + 1).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(f.depth(BTCUSDT, BUY)).isEmpty();
        assertThat(f.depth(BTCUSDT, SELL)).isEmpty();
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, BTC)).isZero();
        assertThat(f.total(ALICE, USDT)).isEqualTo(INITIAL_USDT);
        f.assertConserved();
    }

    @Test
    void expireBothAfterTradingWithOthers() {
        final EngineFixture f = EngineFixture.standard();
        final long bobs = f.placeOk(gtc(BOB, BUY, px("30010"), qty("0.1")));
        final long own = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("1")));
        final long carols = f.placeOk(gtc(CAROL, BUY, px("30000"), qty("1")));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("0.5")), StpMode.EXPIRE_BOTH));
        assertThat(trades(events)).extracting(Event.Trade::makerOrderId).containsExactly(bobs);
        assertThat(closed(events, own).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        final Event.OrderClosed taker = closed(events, carols + 1);
        assertThat(taker.status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(taker.executedQty()).isEqualTo(qty("0.1"));
        assertThat(f.depth(BTCUSDT, BUY)).as("CAROL's order is behind ALICE's and untouched").containsExactly(px("30000"), qty("1"));
        f.assertConserved();
    }

    // stp_faq.md: "STP behavior is typically determined by the STP mode of the taker order only." Scenario E: maker
    // EXPIRE_MAKER, taker EXPIRE_TAKER: "The taker order's STP mode will be used, so the taker order will be expired."

    @Test
    void theTakersModeDecides() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.EXPIRE_MAKER));
        final List<Event> events = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("1")), StpMode.EXPIRE_TAKER));
        assertThat(trades(events)).isEmpty();
        assertThat(closed(events, maker + 1).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(isClosed(events, maker)).isFalse();

        final List<Event> none = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("1")), StpMode.NONE));
        assertThat(trades(none)).as("maker EXPIRE_MAKER does not stop a NONE taker").hasSize(1);
        assertThat(closed(none, maker).status()).isEqualTo(OrderStatus.FILLED);

        final long bothMaker = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.EXPIRE_BOTH));
        final List<Event> makerSide = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("1")), StpMode.EXPIRE_MAKER));
        assertThat(trades(makerSide)).isEmpty();
        assertThat(closed(makerSide, bothMaker).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        assertThat(isClosed(makerSide, bothMaker + 1)).as("EXPIRE_MAKER taker rests").isFalse();
        f.assertConserved();
    }

    // stp_faq.md "How do I know which symbol uses STP?": "defaultSelfTradePreventionMode - Orders will use this STP
    // mode if the user does not provide one on order placement."

    @Test
    void symbolDefaultIsUsedWhenTheOrderNamesNoMode() {
        final EngineFixture f = EngineFixture.standard(s -> s.withOrderOptions(true, StpMode.EXPIRE_TAKER));
        final List<Event> placed = f.apply(gtc(ALICE, BUY, px("30000"), qty("1")));
        assertThat(((Event.OrderAccepted)placed.get(0)).stpMode()).isEqualTo(StpMode.EXPIRE_TAKER);
        final List<Event> events = f.apply(gtc(ALICE, SELL, px("30000"), qty("1")));
        assertThat(((Event.OrderAccepted)events.get(0)).stpMode()).isEqualTo(StpMode.EXPIRE_TAKER);
        assertThat(trades(events)).isEmpty();
        assertThat(closed(events, 2).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        final List<Event> explicit = f.apply(withStp(gtc(ALICE, SELL, px("30000"), qty("1")), StpMode.NONE));
        assertThat(((Event.OrderAccepted)explicit.get(0)).stpMode()).as("an explicit mode wins").isEqualTo(StpMode.NONE);
        assertThat(trades(explicit)).hasSize(1);
        f.assertConserved();
    }

    @Test
    void symbolDefaultNoneLetsSelfTradesHappen() {
        final EngineFixture f = EngineFixture.standard(s -> s.withOrderOptions(true, StpMode.NONE));
        f.placeOk(gtc(ALICE, BUY, px("30000"), qty("1")));
        final List<Event> events = f.apply(gtc(ALICE, SELL, px("30000"), qty("1")));
        assertThat(((Event.OrderAccepted)events.get(0)).stpMode()).isEqualTo(StpMode.NONE);
        assertThat(trades(events)).hasSize(1);
        f.assertConserved();
    }

    // stp_faq.md Scenario F: a MARKET order with EXPIRE_MAKER: "The existing order expires with the status
    // EXPIRED_IN_MATCH, due to STP. The new order also expires but with status EXPIRED, due to low liquidity on the
    // order book."

    @Test
    void marketOrderExpiresOwnMakerThenExpiresForLiquidity() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.NONE));
        final List<Event> events = f.apply(withStp(market(ALICE, SELL, qty("1")), StpMode.EXPIRE_MAKER));
        assertThat(trades(events)).isEmpty();
        assertThat(closed(events, maker).status()).isEqualTo(OrderStatus.EXPIRED_IN_MATCH);
        final Event.OrderClosed taker = closed(events, maker + 1);
        assertThat(taker.status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(taker.executedQty()).isZero();
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, BTC)).isZero();
        f.assertConserved();
    }

    // stp_faq.md "What defines a self-trade?": "The order traded against the same account."

    @Test
    void ordersOfDifferentAccountsAreNeverPrevented() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(withStp(gtc(ALICE, BUY, px("30000"), qty("1")), StpMode.EXPIRE_BOTH));
        final List<Event> events = f.apply(withStp(gtc(BOB, SELL, px("30000"), qty("1")), StpMode.EXPIRE_BOTH));
        assertThat(trades(events)).hasSize(1);
        assertThat(ofType(events, Event.OrderClosed.class)).allMatch(c -> c.status() == OrderStatus.FILLED);
        f.assertConserved();
    }
}
