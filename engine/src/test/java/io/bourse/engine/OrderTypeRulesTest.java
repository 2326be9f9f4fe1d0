package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.BTC;
import static io.bourse.engine.EngineFixture.BTCUSDT;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.DAVE;
import static io.bourse.engine.EngineFixture.USDT;
import static io.bourse.engine.EngineFixture.cancel;
import static io.bourse.engine.EngineFixture.closed;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.isClosed;
import static io.bourse.engine.EngineFixture.limit;
import static io.bourse.engine.EngineFixture.limitMaker;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.marketQuote;
import static io.bourse.engine.EngineFixture.notional;
import static io.bourse.engine.EngineFixture.ofType;
import static io.bourse.engine.EngineFixture.px;
import static io.bourse.engine.EngineFixture.qty;
import static io.bourse.engine.EngineFixture.stopLimit;
import static io.bourse.engine.EngineFixture.stopMarket;
import static io.bourse.engine.EngineFixture.trades;
import static io.bourse.engine.EngineFixture.units;
import static io.bourse.engine.Side.BUY;
import static io.bourse.engine.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Order types and time in force, from rest-api.md "New order (TRADE)" (its order-type parameter table and "Trigger
 * order price rules"), enums.md (Order status, Time in force) and faqs/market_orders_faq.md.
 */
class OrderTypeRulesTest {

    private static Event.OrderClosed closeOf(final List<Event> events, final long orderId) {
        return closed(events, orderId);
    }

    /** Establishes a last trade price: BOB sells 0.1 at {@code price}, DAVE buys it at market. */
    private static void lastPrice(final EngineFixture f, final String price) {
        f.placeOk(gtc(BOB, SELL, px(price), qty("0.1")));
        f.placeOk(market(DAVE, BUY, qty("0.1")));
        assertThat(f.engine.lastPrice(BTCUSDT)).isEqualTo(px(price));
    }

    // ------------------------------------------------------------------------------------------------ LIMIT and time in force
    // enums.md Time in force: "GTC Good Til Canceled - An order will be on the book unless the order is canceled."
    // "IOC Immediate Or Cancel - An order will try to fill the order as much as it can before the order expires."
    // "FOK Fill or Kill - An order will expire if the full order cannot be filled upon execution."
    // enums.md Order status: EXPIRED "The order was canceled according to the order type's rules (e.g. LIMIT FOK
    // orders with no fill, LIMIT IOC or MARKET orders that partially fill)".

    @Test
    void limitGtcRestsWhenItDoesNotCross() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30001"), qty("1")));
        final List<Event> events = f.apply(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        assertThat(EngineFixture.kinds(events)).containsExactly(Event.OrderAccepted.class, Event.BalanceChanged.class);
        final Event.OrderAccepted accepted = (Event.OrderAccepted)events.get(0);
        assertThat(accepted.orderId()).isEqualTo(2);
        assertThat(accepted.type()).isEqualTo(OrderType.LIMIT);
        assertThat(accepted.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(accepted.price()).isEqualTo(px("30000"));
        assertThat(accepted.quantity()).isEqualTo(qty("0.5"));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30000"), qty("0.5"));
        assertThat(f.depth(BTCUSDT, SELL)).containsExactly(px("30001"), qty("1"));
        assertThat(f.openOrders(ALICE, BTCUSDT)).isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void iocFillsWhatItCanThenExpires() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.3")));
        f.placeOk(gtc(BOB, SELL, px("30001"), qty("1")));
        final List<Event> events = f.apply(limit(ALICE, BUY, TimeInForce.IOC, px("30000"), qty("0.5")));
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.3"));
        final Event.OrderClosed close = closeOf(events, 3);
        assertThat(close.status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(close.executedQty()).isEqualTo(qty("0.3"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("9000"));
        assertThat(f.depth(BTCUSDT, BUY)).as("an IOC never rests").isEmpty();
        assertThat(f.locked(ALICE, USDT)).as("the unfilled part's hold is released").isZero();
        assertThat(f.openOrders(ALICE, BTCUSDT)).isZero();
        f.assertConserved();
    }

    @Test
    void iocWithNothingToMatchExpiresWithoutTrade() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30001"), qty("1")));
        final List<Event> events = f.apply(limit(ALICE, SELL, TimeInForce.IOC, px("30000"), qty("0.5")));
        assertThat(trades(events)).isEmpty();
        assertThat(closeOf(events, 2).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(closeOf(events, 2).executedQty()).isZero();
        assertThat(f.locked(ALICE, BTC)).isZero();
        f.assertConserved();
    }

    @Test
    void fokThatCannotFillCompletelyExpiresWithoutAnyTrade() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.3")));
        f.placeOk(gtc(CAROL, SELL, px("30100"), qty("0.3")));
        final List<Event> events = f.apply(limit(ALICE, BUY, TimeInForce.FOK, px("30000"), qty("0.5")));
        assertThat(trades(events)).as("all or nothing: 0.3 at or below 30000 is not 0.5").isEmpty();
        assertThat(closeOf(events, 3).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(closeOf(events, 3).executedQty()).isZero();
        assertThat(f.depth(BTCUSDT, SELL)).containsExactly(px("30000"), qty("0.3"), px("30100"), qty("0.3"));
        assertThat(f.free(ALICE, USDT)).isEqualTo(EngineFixture.INITIAL_USDT);
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void fokThatCanFillCompletelyFillsAcrossLevels() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.3")));
        f.placeOk(gtc(CAROL, SELL, px("30100"), qty("0.3")));
        final List<Event> events = f.apply(limit(ALICE, BUY, TimeInForce.FOK, px("30100"), qty("0.5")));
        assertThat(trades(events)).extracting(Event.Trade::price).containsExactly(px("30000"), px("30100"));
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.3"), qty("0.2"));
        assertThat(closeOf(events, 3).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(closeOf(events, 3).executedQty()).isEqualTo(qty("0.5"));
        assertThat(f.depth(BTCUSDT, SELL)).containsExactly(px("30100"), qty("0.1"));
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ MARKET
    // rest-api.md New order, MARKET: "MARKET orders using the quantity field specifies the amount of the base asset
    // the user wants to buy or sell at the market price." "MARKET orders using quoteOrderQty specifies the amount the
    // user wants to spend (when buying) or receive (when selling) the quote asset; the correct quantity will be
    // determined based on the market liquidity and quoteOrderQty." "MARKET orders using quoteOrderQty will not break
    // LOT_SIZE filter rules". faqs/market_orders_faq.md: "If the exchange does not have enough liquidity to fill the
    // order, your MARKET order will be partially filled to the extent of available liquidity, and the remaining
    // quantity will expire." ... "the status field of the API response will be EXPIRED".

    @Test
    void marketBuyByQuantitySweepsTheBookAndFills() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.3")));
        f.placeOk(gtc(CAROL, SELL, px("30100"), qty("0.5")));
        final List<Event> events = f.apply(market(ALICE, BUY, qty("0.5")));
        assertThat(trades(events)).extracting(Event.Trade::price).containsExactly(px("30000"), px("30100"));
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.3"), qty("0.2"));
        final Event.OrderClosed close = closeOf(events, 3);
        assertThat(close.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(close.executedQty()).isEqualTo(qty("0.5"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("9000") + units("6020"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void marketSellByQuantityExpiresWhenTheBookRunsDry() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, BUY, px("30000"), qty("0.2")));
        f.placeOk(gtc(CAROL, BUY, px("29000"), qty("0.2")));
        final List<Event> events = f.apply(market(ALICE, SELL, qty("0.6")));
        assertThat(trades(events)).extracting(Event.Trade::price).containsExactly(px("30000"), px("29000"));
        final Event.OrderClosed close = closeOf(events, 3);
        assertThat(close.status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(close.executedQty()).isEqualTo(qty("0.4"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("6000") + units("5800"));
        assertThat(f.locked(ALICE, BTC)).as("the unsold 0.2 BTC is released").isZero();
        assertThat(f.total(ALICE, BTC)).isEqualTo(EngineFixture.INITIAL_BTC - qty("0.4"));
        f.assertConserved();
    }

    @Test
    void marketBuyByQuoteOrderQtySpendsAtMostTheQuoteAndFills() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        f.placeOk(gtc(CAROL, SELL, px("30100"), qty("1")));
        final List<Event> events = f.apply(marketQuote(ALICE, BUY, units("6000")));
        // 0.1 BTC for 3000 USDT, then 3000 USDT at 30100 buys 0.09966 BTC (whole steps of 0.00001) for 2999.766 USDT.
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.1"), qty("0.09966"));
        final Event.OrderClosed close = closeOf(events, 3);
        assertThat(close.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(close.executedQty()).isEqualTo(qty("0.19966"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("5999.766")).isLessThanOrEqualTo(units("6000"));
        assertThat(close.executedQty() % EngineFixture.STEP).as("LOT_SIZE step kept").isZero();
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void marketBuyByQuoteOrderQtyExpiresWhenTheBookRunsDry() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        final List<Event> events = f.apply(marketQuote(ALICE, BUY, units("6000")));
        final Event.OrderClosed close = closeOf(events, 2);
        assertThat(close.status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(close.executedQty()).isEqualTo(qty("0.1"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("3000"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void marketSellByQuoteOrderQtySellsWhatReceivesTheQuote() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, BUY, px("30000"), qty("1")));
        final List<Event> events = f.apply(marketQuote(ALICE, SELL, units("6000")));
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.2"));
        final Event.OrderClosed close = closeOf(events, 2);
        assertThat(close.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("6000"));
        assertThat(f.locked(ALICE, BTC)).isZero();
        assertThat(f.total(ALICE, BTC)).isEqualTo(EngineFixture.INITIAL_BTC - qty("0.2"));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30000"), qty("0.8"));
        f.assertConserved();
    }

    @Test
    void quoteOrderQtyMarketRejectedWhereTheSymbolDoesNotAllowIt() {
        // errors.md: "Quote order qty market orders are not support for this symbol." - "MARKET orders using the
        // parameter quoteOrderQty are not enabled on the symbol."
        final EngineFixture f = EngineFixture.standard(s -> s.withOrderOptions(false, StpMode.EXPIRE_MAKER));
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        f.assertRejected(marketQuote(ALICE, BUY, units("100")), RejectReason.QUOTE_ORDER_QTY_NOT_ALLOWED, -2010,
            "Quote order qty market orders are not support for this symbol.");
        assertThat(f.placeOk(market(ALICE, BUY, qty("0.01")))).isEqualTo(2);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ LIMIT_MAKER
    // rest-api.md New order, LIMIT_MAKER: "This is a LIMIT order that will be rejected if the order immediately
    // matches and trades as a taker. This is also known as a POST-ONLY order." errors.md: "Order would immediately
    // match and take." - "LIMIT_MAKER order type would immediately match and trade, and not be a pure maker order."

    @Test
    void limitMakerRestsWhenItDoesNotCross() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        final long id = f.placeOk(limitMaker(ALICE, BUY, px("29999.99"), qty("0.5")));
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29999.99"), qty("0.5"));
        final List<Event> events = f.apply(market(CAROL, SELL, qty("0.5")));
        assertThat(trades(events)).singleElement().satisfies(t -> assertThat(t.makerOrderId()).isEqualTo(id));
        f.assertConserved();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"BUY, 30000", "BUY, 30000.01", "SELL, 29000", "SELL, 28999.99"})
    void limitMakerThatWouldTakeIsRejected(final Side side, final String price) {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.placeOk(gtc(BOB, BUY, px("29000"), qty("1")));
        f.assertRejected(limitMaker(ALICE, side, px(price), qty("0.5")), RejectReason.WOULD_TAKE, -2010,
            "Order would immediately match and take.");
        assertThat(f.placeOk(limitMaker(ALICE, side, px("29500"), qty("0.5")))).as("no id used").isEqualTo(3);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ conditional orders
    // rest-api.md New order: STOP_LOSS / TAKE_PROFIT "will execute a MARKET order when the conditions are met (e.g.
    // stopPrice is met ...)"; STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT take timeInForce, quantity, price, stopPrice.
    // "Trigger order price rules against market price for both MARKET and LIMIT versions: Price above market price:
    // STOP_LOSS BUY, TAKE_PROFIT SELL; Price below market price: STOP_LOSS SELL, TAKE_PROFIT BUY". errors.md: "Order
    // would trigger immediately." - "The order's stop price is not valid when compared to the last traded price."

    @ParameterizedTest(name = "{0} {1} stop {2}")
    @CsvSource({"BUY, STOP_LOSS, 30000", "BUY, STOP_LOSS, 29000", "SELL, STOP_LOSS, 30000", "SELL, STOP_LOSS, 31000",
        "SELL, TAKE_PROFIT, 30000", "SELL, TAKE_PROFIT, 29000", "BUY, TAKE_PROFIT, 30000", "BUY, TAKE_PROFIT, 31000"})
    void stopOrderAlreadyPastItsTriggerIsRejected(final Side side, final OrderType type, final String stop) {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        f.assertRejected(stopMarket(ALICE, side, type, px(stop), qty("0.1")), RejectReason.WOULD_TRIGGER, -2010,
            "Order would trigger immediately.");
        final OrderType limitType = type == OrderType.STOP_LOSS ? OrderType.STOP_LOSS_LIMIT : OrderType.TAKE_PROFIT_LIMIT;
        f.assertRejected(stopLimit(ALICE, side, limitType, px(stop), px("30000"), qty("0.1")), RejectReason.WOULD_TRIGGER, -2010,
            "Order would trigger immediately.");
        f.assertConserved();
    }

    @ParameterizedTest(name = "{0} {1} stop {2}")
    @CsvSource({"BUY, STOP_LOSS, 30000.01", "SELL, STOP_LOSS, 29999.99", "SELL, TAKE_PROFIT, 30000.01", "BUY, TAKE_PROFIT, 29999.99"})
    void stopOrderOnTheRightSideOfTheLastPriceWaits(final Side side, final OrderType type, final String stop) {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        final List<Event> events = f.apply(stopMarket(ALICE, side, type, px(stop), qty("0.1")));
        assertThat(events.get(0)).isInstanceOf(Event.OrderAccepted.class);
        assertThat(ofType(events, Event.OrderTriggered.class)).isEmpty();
        assertThat(f.openOrders(ALICE, BTCUSDT)).isEqualTo(1);
        assertThat(f.depth(BTCUSDT, side)).as("a conditional order is not in the book").isEmpty();
        f.assertConserved();
    }

    @Test
    void stopLossSellTriggersWhenTheLastPriceFallsToItsStop() {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        f.placeOk(gtc(CAROL, BUY, px("29000.01"), qty("0.1")));
        f.placeOk(gtc(CAROL, BUY, px("29000"), qty("0.1")));
        f.placeOk(gtc(CAROL, BUY, px("28900"), qty("1")));
        final long stop = f.placeOk(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("29000"), qty("0.3")));
        final List<Event> above = f.apply(market(BOB, SELL, qty("0.1")));
        assertThat(ofType(above, Event.OrderTriggered.class)).as("29000.01 is above the stop").isEmpty();
        final List<Event> events = f.apply(market(BOB, SELL, qty("0.1")));
        final List<Event.OrderTriggered> triggered = ofType(events, Event.OrderTriggered.class);
        assertThat(triggered).singleElement().satisfies(t -> {
            assertThat(t.orderId()).isEqualTo(stop);
            assertThat(t.accountId()).isEqualTo(ALICE);
        });
        final int triggerIndex = events.indexOf(triggered.get(0));
        final List<Event.Trade> trades = trades(events);
        assertThat(events.indexOf(trades.get(0))).as("BOB's trade comes first").isLessThan(triggerIndex);
        assertThat(trades).hasSize(2);
        assertThat(events.indexOf(trades.get(1))).as("then the triggered order trades").isGreaterThan(triggerIndex);
        assertThat(trades.get(1).takerOrderId()).isEqualTo(stop);
        assertThat(trades.get(1).price()).isEqualTo(px("28900"));
        assertThat(trades.get(1).quantity()).isEqualTo(qty("0.3"));
        assertThat(closeOf(events, stop).status()).isEqualTo(OrderStatus.FILLED);
        f.assertConserved();
    }

    @Test
    void stopLossLimitBuyTriggersWhenTheLastPriceRisesToItsStop() {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        f.placeOk(gtc(BOB, SELL, px("30999.99"), qty("0.1")));
        f.placeOk(gtc(BOB, SELL, px("31000"), qty("0.1")));
        f.placeOk(gtc(CAROL, SELL, px("31050"), qty("0.2")));
        final long stop = f.placeOk(stopLimit(ALICE, BUY, OrderType.STOP_LOSS_LIMIT, px("31000"), px("31100"), qty("0.5")));
        assertThat(ofType(f.apply(market(DAVE, BUY, qty("0.1"))), Event.OrderTriggered.class)).isEmpty();
        final List<Event> events = f.apply(market(DAVE, BUY, qty("0.1")));
        assertThat(ofType(events, Event.OrderTriggered.class)).extracting(Event.OrderTriggered::orderId).containsExactly(stop);
        final List<Event.Trade> trades = trades(events);
        assertThat(trades).hasSize(2);
        assertThat(trades.get(1).takerOrderId()).isEqualTo(stop);
        assertThat(trades.get(1).price()).isEqualTo(px("31050"));
        assertThat(isClosed(events, stop)).as("GTC remainder rests at its limit").isFalse();
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("31100"), qty("0.3"));
        f.assertConserved();
    }

    @Test
    void takeProfitSellTriggersWhenTheLastPriceRisesToItsStop() {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        f.placeOk(gtc(CAROL, BUY, px("30500"), qty("1")));
        f.placeOk(gtc(BOB, SELL, px("31000"), qty("0.1")));
        final long stop = f.placeOk(stopMarket(ALICE, SELL, OrderType.TAKE_PROFIT, px("31000"), qty("0.2")));
        final List<Event> events = f.apply(market(DAVE, BUY, qty("0.1")));
        assertThat(ofType(events, Event.OrderTriggered.class)).extracting(Event.OrderTriggered::orderId).containsExactly(stop);
        assertThat(trades(events)).extracting(Event.Trade::takerOrderId).containsExactly(stop + 1, stop);
        assertThat(trades(events).get(1).price()).isEqualTo(px("30500"));
        assertThat(closeOf(events, stop).status()).isEqualTo(OrderStatus.FILLED);
        f.assertConserved();
    }

    @Test
    void takeProfitLimitBuyTriggersWhenTheLastPriceFallsToItsStop() {
        final EngineFixture f = EngineFixture.standard();
        lastPrice(f, "30000");
        f.placeOk(gtc(BOB, BUY, px("29000"), qty("0.1")));
        f.placeOk(gtc(CAROL, SELL, px("29100"), qty("1")));
        final long stop = f.placeOk(stopLimit(ALICE, BUY, OrderType.TAKE_PROFIT_LIMIT, px("29000"), px("29100"), qty("0.2")));
        final List<Event> events = f.apply(market(DAVE, SELL, qty("0.1")));
        assertThat(ofType(events, Event.OrderTriggered.class)).extracting(Event.OrderTriggered::orderId).containsExactly(stop);
        assertThat(trades(events)).hasSize(2);
        assertThat(trades(events).get(1).takerOrderId()).isEqualTo(stop);
        assertThat(trades(events).get(1).price()).isEqualTo(px("29100"));
        assertThat(closeOf(events, stop).status()).isEqualTo(OrderStatus.FILLED);
        f.assertConserved();
    }

    @Test
    void conditionalOrderAcceptedBeforeAnyTradeWaitsForTheFirstTrade() {
        final EngineFixture f = EngineFixture.standard();
        final long stop = f.placeOk(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("30000"), qty("0.1")));
        assertThat(f.openOrders(ALICE, BTCUSDT)).isEqualTo(1);
        f.placeOk(gtc(CAROL, BUY, px("29000"), qty("1")));
        f.placeOk(gtc(BOB, SELL, px("29500"), qty("0.1")));
        final List<Event> events = f.apply(market(DAVE, BUY, qty("0.1")));
        assertThat(ofType(events, Event.OrderTriggered.class)).extracting(Event.OrderTriggered::orderId).containsExactly(stop);
        assertThat(closeOf(events, stop).status()).isEqualTo(OrderStatus.FILLED);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ matching
    // Price-time priority and the maker's price: in the rest-api.md MARKET FULL response the fills walk the book
    // best price first (4000, 3999, 3998, ...), each at the resting order's price. enums.md Order status: NEW
    // "accepted by the engine", PARTIALLY_FILLED "A part of the order has been filled", FILLED "completed".

    @Test
    void betterPriceFirstThenEarlierOrder() {
        final EngineFixture f = EngineFixture.standard();
        final long worse = f.placeOk(gtc(BOB, SELL, px("30010"), qty("0.1")));
        final long first = f.placeOk(gtc(CAROL, SELL, px("30000"), qty("0.1")));
        final long second = f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        final List<Event> events = f.apply(market(ALICE, BUY, qty("0.25")));
        assertThat(trades(events)).extracting(Event.Trade::makerOrderId).containsExactly(first, second, worse);
        assertThat(trades(events)).extracting(Event.Trade::quantity).containsExactly(qty("0.1"), qty("0.1"), qty("0.05"));
        f.assertConserved();
    }

    @Test
    void bidsMatchHighestFirstThenEarlierOrder() {
        final EngineFixture f = EngineFixture.standard();
        final long first = f.placeOk(gtc(BOB, BUY, px("30000"), qty("0.1")));
        final long best = f.placeOk(gtc(CAROL, BUY, px("30000.01"), qty("0.1")));
        final long second = f.placeOk(gtc(DAVE, BUY, px("30000"), qty("0.1")));
        final List<Event> events = f.apply(limit(ALICE, SELL, TimeInForce.GTC, px("29000"), qty("0.3")));
        assertThat(trades(events)).extracting(Event.Trade::makerOrderId).containsExactly(best, first, second);
        assertThat(trades(events)).extracting(Event.Trade::price).containsExactly(px("30000.01"), px("30000"), px("30000"));
        f.assertConserved();
    }

    @Test
    void tradesHappenAtTheMakersPrice() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        final List<Event> buy = f.apply(gtc(ALICE, BUY, px("31000"), qty("0.1")));
        assertThat(trades(buy)).singleElement().satisfies(t -> {
            assertThat(t.price()).isEqualTo(px("30000"));
            assertThat(t.quoteQty()).isEqualTo(notional(px("30000"), qty("0.1")));
            assertThat(t.takerSide()).isEqualTo(BUY);
        });
        f.placeOk(gtc(CAROL, BUY, px("30500"), qty("0.1")));
        final List<Event> sell = f.apply(gtc(DAVE, SELL, px("29000"), qty("0.1")));
        assertThat(trades(sell)).singleElement().satisfies(t -> {
            assertThat(t.price()).isEqualTo(px("30500"));
            assertThat(t.takerSide()).isEqualTo(SELL);
        });
        assertThat(f.engine.lastPrice(BTCUSDT)).isEqualTo(px("30500"));
        f.assertConserved();
    }

    @Test
    void partialFillsKeepTheOrderWorkingUntilFilled() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        final List<Event> first = f.apply(limit(ALICE, BUY, TimeInForce.IOC, px("30000"), qty("0.3")));
        assertThat(isClosed(first, maker)).as("PARTIALLY_FILLED: still working").isFalse();
        final List<Event> second = f.apply(market(CAROL, BUY, qty("0.3")));
        assertThat(isClosed(second, maker)).isFalse();
        assertThat(f.depth(BTCUSDT, SELL)).containsExactly(px("30000"), qty("0.4"));
        assertThat(f.locked(BOB, BTC)).as("the hold shrinks with each fill").isEqualTo(qty("0.4"));
        final List<Event> last = f.apply(gtc(DAVE, BUY, px("30000"), qty("0.5")));
        final Event.OrderClosed close = closeOf(last, maker);
        assertThat(close.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(close.executedQty()).isEqualTo(qty("1"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("30000"));
        assertThat(f.depth(BTCUSDT, SELL)).isEmpty();
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("30000"), qty("0.1"));
        f.assertConserved();
    }

    @Test
    void partiallyFilledOrderCanBeCanceledWithItsExecutedQuantity() {
        final EngineFixture f = EngineFixture.standard();
        final long maker = f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.placeOk(market(ALICE, BUY, qty("0.25")));
        final List<Event> events = f.apply(cancel(BOB, maker));
        final Event.OrderClosed close = closeOf(events, maker);
        assertThat(close.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(close.executedQty()).isEqualTo(qty("0.25"));
        assertThat(close.cumulativeQuoteQty()).isEqualTo(units("7500"));
        assertThat(f.locked(BOB, BTC)).isZero();
        assertThat(f.total(BOB, BTC)).isEqualTo(EngineFixture.INITIAL_BTC - qty("0.25"));
        f.assertConserved();
    }
}
