package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.DAVE;
import static io.bourse.engine.EngineFixture.NANOS_PER_SECOND;
import static io.bourse.engine.EngineFixture.cancel;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.limitMaker;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.marketQuote;
import static io.bourse.engine.EngineFixture.px;
import static io.bourse.engine.EngineFixture.qty;
import static io.bourse.engine.EngineFixture.stopLimit;
import static io.bourse.engine.EngineFixture.stopMarket;
import static io.bourse.engine.EngineFixture.units;
import static io.bourse.engine.Side.BUY;
import static io.bourse.engine.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Symbol filters, from Binance's filters.md and the "Filter failures" table of errors.md: every failure is code -1013
 * with the message "Filter failure: NAME", and a rejected order changes nothing (no balance event, no order id used).
 */
class FilterRulesTest {

    private static void assertFilterFailure(final EngineFixture f, final Command.PlaceOrder order, final RejectReason reason,
        final String filterName) {
        f.assertRejected(order, reason, -1013, "Filter failure: " + filterName);
    }

    /** Makes one trade of {@code quantity} at {@code price} between BOB (maker, sell) and CAROL (taker, market buy). */
    private static void trade(final EngineFixture f, final String price, final String quantity) {
        f.placeOk(gtc(BOB, SELL, px(price), qty(quantity)));
        f.placeOk(market(CAROL, BUY, qty(quantity)));
        assertThat(f.engine.lastPrice(EngineFixture.BTCUSDT)).isEqualTo(px(price));
    }

    // ------------------------------------------------------------------------------------------------ PRICE_FILTER
    // filters.md PRICE_FILTER: "minPrice defines the minimum price/stopPrice allowed", "maxPrice defines the maximum
    // price/stopPrice allowed", "tickSize defines the intervals that a price/stopPrice can be increased/decreased by";
    // to pass: price >= minPrice, price <= maxPrice, price % tickSize == 0; "Any of the above variables can be set
    // to 0, which disables that rule". errors.md: "Filter failure: PRICE_FILTER".

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"BUY, 999.99", "BUY, 100000.01", "BUY, 30000.005", "SELL, 999.99", "SELL, 100000.01", "SELL, 30000.001"})
    void priceOutsidePriceFilterIsRejected(final Side side, final String price) {
        final EngineFixture f = EngineFixture.standard(s -> s.withPriceBounds(px("1000"), px("100000")));
        assertFilterFailure(f, gtc(ALICE, side, px(price), qty("0.1")), RejectReason.FILTER_PRICE, "PRICE_FILTER");
        assertThat(f.placeOk(gtc(ALICE, side, px("30000.01"), qty("0.1")))).as("the rejection used no order id").isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void priceOnPriceFilterBoundsIsAccepted() {
        final EngineFixture f = EngineFixture.standard(s -> s.withPriceBounds(px("1000"), px("100000")));
        assertThat(f.placeOk(gtc(ALICE, BUY, px("1000"), qty("0.1")))).isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("100000"), qty("0.1")))).isEqualTo(2);
        f.assertConserved();
    }

    @ParameterizedTest(name = "stop {0}")
    @CsvSource({"999.99", "100000.01", "29000.005"})
    void stopPriceOutsidePriceFilterIsRejected(final String stop) {
        final EngineFixture f = EngineFixture.standard(s -> s.withPriceBounds(px("1000"), px("100000")));
        assertFilterFailure(f, stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px(stop), qty("0.1")), RejectReason.FILTER_PRICE,
            "PRICE_FILTER");
        assertFilterFailure(f, stopLimit(ALICE, SELL, OrderType.STOP_LOSS_LIMIT, px(stop), px("29000"), qty("0.1")),
            RejectReason.FILTER_PRICE, "PRICE_FILTER");
        assertThat(f.placeOk(stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("29000"), qty("0.1")))).isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void zeroPriceBoundsAreDisabled() {
        final EngineFixture f = EngineFixture.standard();
        assertThat(f.placeOk(gtc(ALICE, BUY, px("0.01"), qty("1")))).isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("90000000"), qty("1")))).isEqualTo(2);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ LOT_SIZE
    // filters.md LOT_SIZE: "quantity >= minQty", "quantity <= maxQty", "quantity % stepSize == 0".
    // errors.md: "Filter failure: LOT_SIZE".

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BUY, 0.00099", "BUY, 100.001", "BUY, 0.001505", "SELL, 0.00099", "SELL, 100.001", "SELL, 0.001505"})
    void quantityOutsideLotSizeIsRejected(final Side side, final String quantity) {
        final EngineFixture f = EngineFixture.standard(s -> s.withQtyBounds(qty("0.001"), qty("100")));
        assertFilterFailure(f, gtc(ALICE, side, px("1"), qty(quantity)), RejectReason.FILTER_LOT_SIZE, "LOT_SIZE");
        assertThat(f.placeOk(gtc(ALICE, side, px("1"), qty("0.001")))).as("the rejection used no order id").isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void quantityOnLotSizeBoundsIsAccepted() {
        final EngineFixture f = EngineFixture.standard(s -> s.withQtyBounds(qty("0.001"), qty("100")));
        assertThat(f.placeOk(gtc(ALICE, BUY, px("1"), qty("100")))).isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, BUY, px("1"), qty("0.001")))).isEqualTo(2);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.001")))).isEqualTo(3);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ MARKET_LOT_SIZE
    // filters.md MARKET_LOT_SIZE: "defines the quantity rules for MARKET orders": quantity >= minQty,
    // quantity <= maxQty, quantity % stepSize == 0. errors.md: "Filter failure: MARKET_LOT_SIZE" - "MARKET order's
    // quantity is too high, too low, and/or not following the step size rule for the symbol."

    @ParameterizedTest(name = "market {0} {1}")
    @CsvSource({"BUY, 0.005", "BUY, 0.015", "BUY, 1.01", "SELL, 0.005", "SELL, 0.015", "SELL, 1.01"})
    void marketQuantityOutsideMarketLotSizeIsRejected(final Side side, final String quantity) {
        final EngineFixture f = EngineFixture.standard(s -> s.withMarketLot(qty("0.01"), qty("0.01"), qty("1")));
        f.placeOk(gtc(BOB, side.opposite(), px("30000"), qty("2")));
        assertFilterFailure(f, market(ALICE, side, qty(quantity)), RejectReason.FILTER_MARKET_LOT_SIZE, "MARKET_LOT_SIZE");
        assertThat(f.placeOk(gtc(ALICE, side, px("30000"), qty(quantity))))
            .as("MARKET_LOT_SIZE does not apply to LIMIT orders; the rejection used no id").isEqualTo(2);
        f.assertConserved();
    }

    @Test
    void marketQuantityOnMarketLotSizeBoundsIsAccepted() {
        final EngineFixture f = EngineFixture.standard(s -> s.withMarketLot(qty("0.01"), qty("0.01"), qty("1")));
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("2")));
        f.placeOk(market(ALICE, BUY, qty("0.01")));
        f.placeOk(market(ALICE, BUY, qty("1")));
        assertThat(f.depth(EngineFixture.BTCUSDT, SELL)).containsExactly(px("30000"), qty("0.99"));
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ NOTIONAL
    // filters.md NOTIONAL: "price * quantity <= maxNotional", "price * quantity >= minNotional"; "applyMinToMarket
    // determines whether the minNotional will be applied to MARKET orders", "applyMaxToMarket determines whether the
    // maxNotional will be applied to MARKET orders"; "For MARKET orders, the average price used over the last
    // avgPriceMins minutes will be used for calculation." rest-api.md New order, MARKET: quoteOrderQty "specifies
    // the amount the user wants to spend (when buying) or receive (when selling) the quote asset".
    // errors.md: "Filter failure: NOTIONAL" - "price * quantity is not within range of the minNotional and maxNotional".

    private static EngineFixture notional(final boolean minToMarket, final boolean maxToMarket) {
        return EngineFixture.standard(s -> s.withNotional(units("10"), minToMarket, units("100000"), maxToMarket, 5));
    }

    @ParameterizedTest(name = "{0} {1} at {2}")
    @CsvSource({"BUY, 0.0003, 30000", "SELL, 0.0003, 30000", "BUY, 3.33334, 30000", "SELL, 4, 30000", "BUY, 0.00001, 999999.99"})
    void limitNotionalOutsideRangeIsRejected(final Side side, final String quantity, final String price) {
        final EngineFixture f = notional(false, false);
        assertFilterFailure(f, gtc(ALICE, side, px(price), qty(quantity)), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertThat(f.placeOk(gtc(ALICE, side, px("30000"), qty("0.001")))).as("the rejection used no order id").isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void limitNotionalOnBoundsIsAccepted() {
        final EngineFixture f = notional(false, false);
        assertThat(f.placeOk(gtc(ALICE, BUY, px("20000"), qty("0.0005")))).as("10 USDT == minNotional").isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("50000"), qty("2")))).as("100000 USDT == maxNotional").isEqualTo(2);
        f.assertConserved();
    }

    @Test
    void marketOrdersSkipNotionalWithoutApplyToMarket() {
        final EngineFixture f = notional(false, false);
        trade(f, "30000", "0.1");
        f.placeOk(market(DAVE, SELL, qty("0.0003")));
        f.placeOk(market(DAVE, SELL, qty("4")));
        f.placeOk(marketQuote(DAVE, BUY, units("5")));
        f.assertConserved();
    }

    @Test
    void marketBelowMinNotionalAtAveragePriceIsRejectedWithApplyMinToMarket() {
        final EngineFixture f = notional(true, false);
        trade(f, "30000", "0.1");
        f.placeOk(gtc(BOB, SELL, px("50000"), qty("1")));
        // At the book's 50000 this would be 15 USDT; at the 30000 average it is 9 USDT, below minNotional 10.
        assertFilterFailure(f, market(ALICE, BUY, qty("0.0003")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, market(ALICE, SELL, qty("0.0003")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertThat(f.placeOk(market(ALICE, BUY, qty("0.00034")))).as("10.2 USDT at the average; no id used").isEqualTo(4);
        f.assertConserved();
    }

    @Test
    void marketAboveMaxNotionalAtAveragePriceIsRejectedWithApplyMaxToMarket() {
        final EngineFixture f = notional(false, true);
        trade(f, "30000", "0.1");
        assertFilterFailure(f, market(ALICE, SELL, qty("3.33334")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, market(ALICE, BUY, qty("3.33334")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertThat(f.placeOk(market(ALICE, SELL, qty("3.33333")))).as("99999.9 USDT; no id used").isEqualTo(3);
        f.assertConserved();
    }

    @Test
    void quoteOrderQtyMarketUsesTheQuoteAmountAsNotional() {
        final EngineFixture f = notional(true, true);
        trade(f, "30000", "0.1");
        assertFilterFailure(f, marketQuote(ALICE, BUY, units("9.99999999")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, marketQuote(ALICE, SELL, units("9.99999999")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, marketQuote(ALICE, BUY, units("100000.00000001")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertThat(f.placeOk(marketQuote(ALICE, BUY, units("10")))).isEqualTo(3);
        assertThat(f.placeOk(marketQuote(ALICE, BUY, units("100000")))).isEqualTo(4);
        f.assertConserved();
    }

    @Test
    void hugeLimitOrderFailsNotionalInsteadOfOverflowing() {
        final EngineFixture f = notional(false, false);
        // 90,000,000,000 USDT * 10 BTC: the notional does not fit in a long, and is certainly above maxNotional.
        assertFilterFailure(f, gtc(ALICE, BUY, 9_000_000_000_000_000_000L, qty("10")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, gtc(ALICE, SELL, 9_000_000_000_000_000_000L, qty("10")), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        f.assertConserved();
    }

    @Test
    void hugeMarketOrderFailsNotionalInsteadOfOverflowing() {
        final EngineFixture f = notional(false, true);
        trade(f, "30000", "0.1");
        // 9e10 BTC at the 30000 average: the notional does not fit in a long, and is certainly above maxNotional.
        assertFilterFailure(f, market(ALICE, SELL, 9_000_000_000_000_000_000L), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        assertFilterFailure(f, market(ALICE, BUY, 9_000_000_000_000_000_000L), RejectReason.FILTER_NOTIONAL, "NOTIONAL");
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ PERCENT_PRICE_BY_SIDE
    // filters.md PERCENT_PRICE_BY_SIDE: "defines the valid range for the price based on the average of the previous
    // trades. avgPriceMins is the number of minutes the average price is calculated over." Buy orders pass if
    // "Order price <= weightedAveragePrice * bidMultiplierUp" and "Order price >= weightedAveragePrice *
    // bidMultiplierDown"; sell orders with askMultiplierUp / askMultiplierDown. The multipliers below are the doc's
    // exchangeInfo example: bidMultiplierUp 1.2, bidMultiplierDown 0.2, askMultiplierUp 5, askMultiplierDown 0.8.
    // errors.md: "Filter failure: PERCENT_PRICE_BY_SIDE" (listed as PERCENT_PRICE: "price is X% too high or X% too low
    // from the average weighted price over the last Y minutes").

    private static EngineFixture percentPrice() {
        return EngineFixture.standard(s -> s.withPercentPriceBySide(12_000, 2_000, 50_000, 8_000));
    }

    @Test
    void percentPriceBySideIsSkippedBeforeTheFirstTrade() {
        final EngineFixture f = percentPrice();
        assertThat(f.placeOk(gtc(ALICE, BUY, px("1"), qty("0.01")))).isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("1000000"), qty("0.01")))).isEqualTo(2);
        f.assertConserved();
    }

    @Test
    void bidBandAroundTheAveragePrice() {
        final EngineFixture f = percentPrice();
        trade(f, "30000", "0.1");
        assertFilterFailure(f, gtc(ALICE, BUY, px("36000.01"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertFilterFailure(f, gtc(ALICE, BUY, px("5999.99"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertThat(f.placeOk(gtc(ALICE, BUY, px("36000"), qty("0.01")))).as("1.2 x average, inclusive; no id used").isEqualTo(3);
        assertThat(f.placeOk(gtc(ALICE, BUY, px("6000"), qty("0.01")))).as("0.2 x average, inclusive").isEqualTo(4);
        f.assertConserved();
    }

    @Test
    void askBandAroundTheAveragePrice() {
        final EngineFixture f = percentPrice();
        trade(f, "30000", "0.1");
        assertFilterFailure(f, gtc(ALICE, SELL, px("150000.01"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertFilterFailure(f, gtc(ALICE, SELL, px("23999.99"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertThat(f.placeOk(gtc(ALICE, SELL, px("150000"), qty("0.01")))).as("5 x average, inclusive; no id used").isEqualTo(3);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("24000"), qty("0.01")))).as("0.8 x average, inclusive").isEqualTo(4);
        f.assertConserved();
    }

    @Test
    void bandIsAroundTheVolumeWeightedAverage() {
        final EngineFixture f = percentPrice();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.placeOk(gtc(BOB, SELL, px("34000"), qty("3")));
        f.placeOk(market(CAROL, BUY, qty("4")));
        // (1 x 30000 + 3 x 34000) / 4 = 33000; a plain mean of the two prices would be 32000.
        assertFilterFailure(f, gtc(ALICE, BUY, px("39600.01"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertThat(f.placeOk(gtc(ALICE, BUY, px("39600"), qty("0.01")))).isEqualTo(4);
        f.assertConserved();
    }

    @Test
    void bandAppliesToTheLimitPriceOfLimitMakerAndStopLimitOrders() {
        final EngineFixture f = percentPrice();
        trade(f, "30000", "0.1");
        assertFilterFailure(f, limitMaker(ALICE, BUY, px("36000.01"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertFilterFailure(f, stopLimit(ALICE, BUY, OrderType.STOP_LOSS_LIMIT, px("31000"), px("36000.01"), qty("0.01")),
            RejectReason.FILTER_PERCENT_PRICE_BY_SIDE, "PERCENT_PRICE_BY_SIDE");
        assertFilterFailure(f, stopLimit(ALICE, SELL, OrderType.TAKE_PROFIT_LIMIT, px("31000"), px("23999.99"), qty("0.01")),
            RejectReason.FILTER_PERCENT_PRICE_BY_SIDE, "PERCENT_PRICE_BY_SIDE");
        assertThat(f.placeOk(stopLimit(ALICE, BUY, OrderType.STOP_LOSS_LIMIT, px("31000"), px("36000"), qty("0.01")))).isEqualTo(3);
        f.assertConserved();
    }

    @Test
    void averageWindowRollsWithCommandTime() {
        final EngineFixture f = percentPrice();
        f.at(30 * NANOS_PER_SECOND);
        trade(f, "30000", "1");
        f.at(270 * NANOS_PER_SECOND);
        trade(f, "40000", "1");
        // 4m45s: both trades are within the last 5 minutes, average 35000, bid band up to 42000.
        f.at(285 * NANOS_PER_SECOND);
        assertFilterFailure(f, gtc(ALICE, BUY, px("45000"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        assertThat(f.placeOk(gtc(ALICE, BUY, px("42000"), qty("0.01")))).isEqualTo(5);
        // 7m: the 30000 trade (6m30s ago) left the window, the 40000 trade (2m30s ago) is in it: band up to 48000.
        f.at(420 * NANOS_PER_SECOND);
        assertThat(f.placeOk(gtc(ALICE, BUY, px("45000"), qty("0.01")))).isEqualTo(6);
        assertFilterFailure(f, gtc(ALICE, BUY, px("48000.01"), qty("0.01")), RejectReason.FILTER_PERCENT_PRICE_BY_SIDE,
            "PERCENT_PRICE_BY_SIDE");
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ MAX_NUM_ORDERS
    // filters.md MAX_NUM_ORDERS: "the maximum number of orders an account is allowed to have open on a symbol. Note
    // that both "algo" orders and normal orders are counted for this filter." rest-api.md New order: "This adds 1
    // order to the EXCHANGE_MAX_ORDERS filter and the MAX_NUM_ORDERS filter." errors.md: "Filter failure:
    // MAX_NUM_ORDERS" - "Account has too many open orders on the symbol."

    @Test
    void maxNumOrdersCountsConditionalOrdersPerAccount() {
        final EngineFixture f = EngineFixture.standard(s -> s.withMaxNumOrders(3));
        f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.1")));
        f.placeOk(gtc(ALICE, SELL, px("31000"), qty("0.1")));
        final long stop = f.placeOk(stopLimit(ALICE, SELL, OrderType.STOP_LOSS_LIMIT, px("28000"), px("27900"), qty("0.1")));
        assertFilterFailure(f, gtc(ALICE, BUY, px("29000"), qty("0.1")), RejectReason.FILTER_MAX_NUM_ORDERS, "MAX_NUM_ORDERS");
        assertFilterFailure(f, stopMarket(ALICE, SELL, OrderType.STOP_LOSS, px("28000"), qty("0.1")),
            RejectReason.FILTER_MAX_NUM_ORDERS, "MAX_NUM_ORDERS");
        assertFilterFailure(f, market(ALICE, BUY, qty("0.1")), RejectReason.FILTER_MAX_NUM_ORDERS, "MAX_NUM_ORDERS");
        assertThat(f.placeOk(gtc(BOB, BUY, px("29000"), qty("0.1")))).as("another account has its own count").isEqualTo(4);
        f.apply(cancel(ALICE, stop));
        assertThat(f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.1")))).as("a canceled order frees its slot").isEqualTo(5);
        f.assertConserved();
    }

    @Test
    void filledOrdersNoLongerCountTowardsMaxNumOrders() {
        final EngineFixture f = EngineFixture.standard(s -> s.withMaxNumOrders(2));
        f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.1")));
        f.placeOk(gtc(ALICE, SELL, px("30001"), qty("0.1")));
        assertFilterFailure(f, gtc(ALICE, SELL, px("30002"), qty("0.1")), RejectReason.FILTER_MAX_NUM_ORDERS, "MAX_NUM_ORDERS");
        f.placeOk(market(BOB, BUY, qty("0.1")));
        assertThat(f.openOrders(ALICE, EngineFixture.BTCUSDT)).isEqualTo(1);
        assertThat(f.placeOk(gtc(ALICE, SELL, px("30002"), qty("0.1")))).isEqualTo(4);
        f.assertConserved();
    }
}
