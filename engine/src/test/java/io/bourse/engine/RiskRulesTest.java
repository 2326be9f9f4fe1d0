package io.bourse.engine;

import static io.bourse.engine.EngineFixture.ALICE;
import static io.bourse.engine.EngineFixture.BOB;
import static io.bourse.engine.EngineFixture.BTC;
import static io.bourse.engine.EngineFixture.BTCUSDT;
import static io.bourse.engine.EngineFixture.CAROL;
import static io.bourse.engine.EngineFixture.DAVE;
import static io.bourse.engine.EngineFixture.ERIN;
import static io.bourse.engine.EngineFixture.ETH;
import static io.bourse.engine.EngineFixture.ETHUSDT;
import static io.bourse.engine.EngineFixture.FEE;
import static io.bourse.engine.EngineFixture.INITIAL_BTC;
import static io.bourse.engine.EngineFixture.INITIAL_USDT;
import static io.bourse.engine.EngineFixture.TIER_STD;
import static io.bourse.engine.EngineFixture.TIER_ZERO;
import static io.bourse.engine.EngineFixture.USDT;
import static io.bourse.engine.EngineFixture.cancel;
import static io.bourse.engine.EngineFixture.closed;
import static io.bourse.engine.EngineFixture.gtc;
import static io.bourse.engine.EngineFixture.market;
import static io.bourse.engine.EngineFixture.marketQuote;
import static io.bourse.engine.EngineFixture.ofType;
import static io.bourse.engine.EngineFixture.on;
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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Balances, holds, fees and account/market controls. Binance references: errors.md messages for -2010
 * NEW_ORDER_REJECTED ("Account has insufficient balance for requested action.", "This account may not place or cancel
 * orders.", "Market is closed.", "Price * QTY is zero or less."), faqs/market_orders_faq.md ("If you do not have
 * sufficient balance for the order to be completely filled, the order will be rejected."), and the commission fields
 * of the rest-api.md New order FULL response (a commission per fill, in the commission asset).
 */
class RiskRulesTest {

    private static final long STD_MAKER = EngineFixture.STD_MAKER_PPM;
    private static final long STD_TAKER = EngineFixture.STD_TAKER_PPM;

    /** Applies an administrative or balance command that must be refused with {@code reason}, changing nothing. */
    private static void assertCommandRejected(final EngineFixture f, final Command command, final RejectReason reason) {
        final Map<String, Long> before = f.state();
        final List<Event> events = f.apply(command);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(Event.CommandRejected.class);
        final Event.CommandRejected rejected = (Event.CommandRejected)events.get(0);
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.command()).isEqualTo(command);
        assertThat(f.state()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ holds
    // House rule (brief): a resting buy holds price * qty + ceil(worst-case fee) of the quote asset, a resting sell its
    // base quantity; what a fill does not use is released when the order closes.

    @Test
    void restingBuyHoldsNotionalPlusCeiledWorstCaseFee() {
        final EngineFixture f = EngineFixture.standard();
        final List<Event> events = f.apply(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        final long hold = units("15000") + units("30");
        assertThat(ofType(events, Event.BalanceChanged.class)).containsExactly(
            new Event.BalanceChanged(f.seq(), 0, ALICE, USDT, INITIAL_USDT - hold, hold));
        // 0.00001 BTC at 30000.01 = 0.3000001 USDT; 0.2% of it is 0.0006000002 USDT, ceiled to 0.00060001.
        f.placeOk(gtc(BOB, BUY, px("30000.01"), qty("0.00001")));
        assertThat(f.locked(BOB, USDT)).isEqualTo(30_000_010L + 60_001L);
        assertThat(f.locked(BOB, USDT)).isEqualTo(EngineFixture.notional(px("30000.01"), qty("0.00001"))
            + EngineFixture.feeCeil(30_000_010L, STD_TAKER));
        f.assertConserved();
    }

    @Test
    void restingSellHoldsItsBaseQuantity() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.5")));
        assertThat(f.locked(ALICE, BTC)).isEqualTo(qty("0.5"));
        assertThat(f.free(ALICE, BTC)).isEqualTo(INITIAL_BTC - qty("0.5"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        f.assertConserved();
    }

    @Test
    void buyFilledBelowItsLimitPaysTheTradePriceAndReleasesTheRest() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("29000"), qty("0.5")));
        final List<Event> events = f.apply(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        final Event.Trade trade = trades(events).get(0);
        assertThat(trade.price()).isEqualTo(px("29000"));
        assertThat(trade.quoteQty()).isEqualTo(units("14500"));
        assertThat(trade.takerFee()).isEqualTo(units("29"));
        assertThat(trade.makerFee()).isEqualTo(units("14.5"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.free(ALICE, USDT)).isEqualTo(INITIAL_USDT - units("14529"));
        assertThat(f.free(ALICE, BTC)).isEqualTo(INITIAL_BTC + qty("0.5"));
        assertThat(f.free(BOB, USDT)).isEqualTo(INITIAL_USDT + units("14485.5"));
        assertThat(f.total(BOB, BTC)).isEqualTo(INITIAL_BTC - qty("0.5"));
        assertThat(f.free(FEE, USDT)).isEqualTo(units("43.5"));
        f.assertConserved();
    }

    @Test
    void partlyFilledBuyKeepsItsExcessHoldUntilItCloses() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("29000"), qty("0.5")));
        final long id = f.placeOk(gtc(ALICE, BUY, px("30000"), qty("1")));
        final long hold = units("30000") + units("60");
        assertThat(f.locked(ALICE, USDT)).isEqualTo(hold - units("14529"));
        final List<Event> events = f.apply(cancel(ALICE, id));
        assertThat(closed(events, id).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.free(ALICE, USDT)).isEqualTo(INITIAL_USDT - units("14529"));
        f.assertConserved();
    }

    @Test
    void cancelReleasesExactlyTheHold() {
        final EngineFixture f = EngineFixture.standard();
        final long buy = f.placeOk(gtc(ALICE, BUY, px("30000.01"), qty("0.12345")));
        final long sell = f.placeOk(gtc(ALICE, SELL, px("31000"), qty("0.12345")));
        final List<Event> cancelBuy = f.apply(cancel(ALICE, buy));
        assertThat(ofType(cancelBuy, Event.BalanceChanged.class)).containsExactly(
            new Event.BalanceChanged(f.seq(), 0, ALICE, USDT, INITIAL_USDT, 0));
        final List<Event> cancelSell = f.apply(cancel(ALICE, sell));
        assertThat(ofType(cancelSell, Event.BalanceChanged.class)).containsExactly(
            new Event.BalanceChanged(f.seq(), 0, ALICE, BTC, INITIAL_BTC, 0));
        f.assertConserved();
    }

    @Test
    void stopMarketBuyHoldsAtItsStopPriceAndSettlesAtTheBookWhenTriggered() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("0.1")));
        f.placeOk(market(DAVE, BUY, qty("0.1")));
        final long stop = f.placeOk(stopMarket(ALICE, BUY, OrderType.STOP_LOSS, px("31000"), qty("0.1")));
        assertThat(f.locked(ALICE, USDT)).isEqualTo(units("3100") + units("6.2"));
        f.placeOk(gtc(BOB, SELL, px("31000"), qty("0.1")));
        f.placeOk(gtc(CAROL, SELL, px("31500"), qty("0.1")));
        final List<Event> events = f.apply(market(DAVE, BUY, qty("0.1")));
        assertThat(closed(events, stop).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(trades(events).get(1).price()).isEqualTo(px("31500"));
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.free(ALICE, USDT)).isEqualTo(INITIAL_USDT - units("3150") - units("6.3"));
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ insufficient balance
    // errors.md: "Account has insufficient balance for requested action." - "Not enough funds to complete the action."

    @Test
    void buyNeedsNotionalPlusFeeInFreeQuote() {
        final EngineFixture f = EngineFixture.standard();
        f.account(10, TIER_STD);
        f.deposit(10, USDT, units("300.6"));
        f.account(11, TIER_STD);
        f.deposit(11, USDT, units("300.59999999"));
        f.assertRejected(gtc(11, BUY, px("30000"), qty("0.01")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        assertThat(f.placeOk(gtc(10, BUY, px("30000"), qty("0.01")))).as("exactly enough; no id used").isEqualTo(1);
        assertThat(f.free(10, USDT)).isZero();
        f.assertRejected(gtc(10, BUY, px("0.01"), qty("0.00001")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        f.assertConserved();
    }

    @Test
    void sellNeedsItsQuantityInFreeBase() {
        final EngineFixture f = EngineFixture.standard();
        f.account(12, TIER_STD);
        f.deposit(12, BTC, qty("0.5"));
        f.assertRejected(gtc(12, SELL, px("30000"), qty("0.50001")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        assertThat(f.placeOk(gtc(12, SELL, px("30000"), qty("0.5")))).isEqualTo(1);
        f.assertRejected(market(12, SELL, qty("0.00001")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        f.assertConserved();
    }

    @Test
    void marketBuysNeedTheirCostInFreeQuote() {
        // faqs/market_orders_faq.md: "If you do not have sufficient balance for the order to be completely filled,
        // the order will be rejected."
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(CAROL, SELL, px("30000"), qty("1")));
        f.account(11, TIER_STD);
        f.deposit(11, USDT, units("300.59999999"));
        f.assertRejected(market(11, BUY, qty("0.01")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        f.assertRejected(marketQuote(11, BUY, units("300")), RejectReason.INSUFFICIENT_BALANCE, -2010,
            "Account has insufficient balance for requested action.");
        assertThat(f.placeOk(market(11, BUY, qty("0.00999")))).isEqualTo(2);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ fees
    // rest-api.md New order FULL response: each fill carries its own "commission" and "commissionAsset"; here the
    // commission asset is the quote asset, at the maker or taker rate of the account's tier, rounded down per fill.

    @Test
    void feesFollowTheMakerAndTakerRatesOfEachTier() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, SELL, px("30000"), qty("1")));
        final Event.Trade vipTakes = trades(f.apply(market(ERIN, BUY, qty("1")))).get(0);
        assertThat(vipTakes.takerFee()).as("VIP taker 0.05%").isEqualTo(units("15"));
        assertThat(vipTakes.makerFee()).as("STD maker 0.1%").isEqualTo(units("30"));
        assertThat(f.total(ERIN, USDT)).isEqualTo(INITIAL_USDT - units("30015"));
        assertThat(f.total(ALICE, USDT)).isEqualTo(INITIAL_USDT + units("29970"));
        assertThat(f.free(FEE, USDT)).isEqualTo(units("45"));

        f.placeOk(gtc(ERIN, SELL, px("30000"), qty("1")));
        final Event.Trade stdTakes = trades(f.apply(market(BOB, BUY, qty("1")))).get(0);
        assertThat(stdTakes.takerFee()).as("STD taker 0.2%").isEqualTo(units("60"));
        assertThat(stdTakes.makerFee()).as("VIP maker 0%").isZero();
        assertThat(f.total(BOB, USDT)).isEqualTo(INITIAL_USDT - units("30060"));
        assertThat(f.total(ERIN, USDT)).isEqualTo(INITIAL_USDT - units("30015") + units("30000"));
        assertThat(f.free(FEE, USDT)).isEqualTo(units("105"));
        assertThat(f.total(FEE, BTC)).as("fees are in the quote asset only").isZero();
        f.assertConserved();
    }

    @Test
    void sellerTakerPaysTheFeeOutOfTheProceeds() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, BUY, px("30000"), qty("1")));
        final Event.Trade trade = trades(f.apply(market(ALICE, SELL, qty("1")))).get(0);
        assertThat(trade.takerFee()).isEqualTo(units("60"));
        assertThat(trade.makerFee()).isEqualTo(units("30"));
        assertThat(f.total(ALICE, USDT)).isEqualTo(INITIAL_USDT + units("29940"));
        assertThat(f.total(BOB, USDT)).isEqualTo(INITIAL_USDT - units("30030"));
        assertThat(f.locked(BOB, USDT)).isZero();
        assertThat(f.free(FEE, USDT)).isEqualTo(units("90"));
        f.assertConserved();
    }

    @Test
    void feesRoundDownPerFill() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, SELL, px("30000.01"), qty("0.00001")));
        final Event.Trade trade = trades(f.apply(market(BOB, BUY, qty("0.00001")))).get(0);
        assertThat(trade.quoteQty()).isEqualTo(30_000_010L);
        assertThat(trade.takerFee()).as("floor(0.3000001 x 0.2%)").isEqualTo(60_000L).isEqualTo(EngineFixture.feeFloor(30_000_010L, STD_TAKER));
        assertThat(trade.makerFee()).as("floor(0.3000001 x 0.1%)").isEqualTo(30_000L).isEqualTo(EngineFixture.feeFloor(30_000_010L, STD_MAKER));
        assertThat(f.free(FEE, USDT)).isEqualTo(90_000L);
        f.assertConserved();
    }

    @Test
    void zeroFeeTierPaysNothing() {
        final EngineFixture f = EngineFixture.standard();
        f.fundedAccount(20, TIER_ZERO);
        f.fundedAccount(21, TIER_ZERO);
        f.placeOk(gtc(20, SELL, px("30000"), qty("1")));
        final List<Event> events = f.apply(market(21, BUY, qty("1")));
        assertThat(trades(events).get(0).takerFee()).isZero();
        assertThat(trades(events).get(0).makerFee()).isZero();
        assertThat(ofType(events, Event.BalanceChanged.class)).noneMatch(b -> b.accountId() == FEE);
        assertThat(f.total(FEE, USDT)).isZero();
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ overflow
    // errors.md: "Price * QTY is zero or less." - "price * quantity is too low."; its counterpart here for a notional
    // that does not fit the engine's fixed point is NOTIONAL_OVERFLOW, -2010 "Price * QTY is too large.".

    @Test
    void buyWhoseNotionalOverflowsIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        f.assertRejected(gtc(ALICE, BUY, 9_000_000_000_000_000_000L, qty("10")), RejectReason.NOTIONAL_OVERFLOW, -2010,
            "Price * QTY is too large.");
        assertThat(f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.1")))).isEqualTo(1);
        f.assertConserved();
    }

    @Test
    void sellWhoseNotionalOverflowsIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        // 10 BTC at 90,000,000,000 USDT would pay out 9e19 USDT minor units: more than a long holds.
        f.assertRejected(gtc(ALICE, SELL, 9_000_000_000_000_000_000L, qty("10")), RejectReason.NOTIONAL_OVERFLOW, -2010,
            "Price * QTY is too large.");
        assertThat(f.placeOk(gtc(ALICE, SELL, px("30000"), qty("0.1")))).isEqualTo(1);
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ deposits and withdrawals

    @Test
    void depositCreditsTheFreeBalance() {
        final EngineFixture f = EngineFixture.standard();
        final List<Event> events = f.apply(new Command.Deposit(ALICE, USDT, units("5"), "tx-1"));
        assertThat(events).containsExactly(
            new Event.BalanceAdjusted(f.seq(), 0, ALICE, USDT, units("5"), "tx-1"),
            new Event.BalanceChanged(f.seq(), 0, ALICE, USDT, INITIAL_USDT + units("5"), 0));
        f.assertConserved();
    }

    @Test
    void invalidDepositsAndWithdrawalsAreRejected() {
        final EngineFixture f = EngineFixture.standard();
        assertCommandRejected(f, new Command.Deposit(ALICE, USDT, 0, "zero"), RejectReason.INVALID_ADMIN_COMMAND);
        assertCommandRejected(f, new Command.Deposit(ALICE, USDT, -5, "negative"), RejectReason.INVALID_ADMIN_COMMAND);
        assertCommandRejected(f, new Command.Deposit(ALICE, 99, 5, "no such asset"), RejectReason.INVALID_ADMIN_COMMAND);
        assertCommandRejected(f, new Command.Deposit(999, USDT, 5, "no such account"), RejectReason.UNKNOWN_ACCOUNT);
        assertCommandRejected(f, new Command.Withdraw(ALICE, USDT, 0, "zero"), RejectReason.INVALID_ADMIN_COMMAND);
        assertCommandRejected(f, new Command.Withdraw(999, USDT, 5, "no such account"), RejectReason.UNKNOWN_ACCOUNT);
        f.assertConserved();
    }

    @Test
    void withdrawalOfMoreThanTheFreeBalanceIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        assertThat(RejectReason.INSUFFICIENT_BALANCE.code()).isEqualTo(-2010);
        assertThat(RejectReason.INSUFFICIENT_BALANCE.message()).isEqualTo("Account has insufficient balance for requested action.");
        assertCommandRejected(f, new Command.Withdraw(ALICE, USDT, INITIAL_USDT + 1, "too much"), RejectReason.INSUFFICIENT_BALANCE);
        final List<Event> events = f.apply(new Command.Withdraw(ALICE, USDT, INITIAL_USDT, "all"));
        assertThat(events).containsExactly(
            new Event.BalanceAdjusted(f.seq(), 0, ALICE, USDT, -INITIAL_USDT, "all"),
            new Event.BalanceChanged(f.seq(), 0, ALICE, USDT, 0, 0));
        f.assertConserved();
    }

    @Test
    void lockedFundsCannotBeWithdrawn() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        f.placeOk(gtc(ALICE, SELL, px("31000"), qty("4")));
        final long freeUsdt = f.free(ALICE, USDT);
        assertCommandRejected(f, new Command.Withdraw(ALICE, USDT, freeUsdt + 1, "into the hold"), RejectReason.INSUFFICIENT_BALANCE);
        assertCommandRejected(f, new Command.Withdraw(ALICE, BTC, qty("6.00000001"), "into the hold"), RejectReason.INSUFFICIENT_BALANCE);
        f.apply(new Command.Withdraw(ALICE, USDT, freeUsdt, "all free"));
        f.apply(new Command.Withdraw(ALICE, BTC, qty("6"), "all free"));
        assertThat(f.free(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, USDT)).isEqualTo(units("15030"));
        assertThat(f.locked(ALICE, BTC)).isEqualTo(qty("4"));
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ kill switch
    // errors.md: "This account may not place or cancel orders." - "the account has trading ability disabled."

    @Test
    void freezeCancelsEveryOpenOrderAndRefusesNewOrdersAndWithdrawals() {
        final EngineFixture f = EngineFixture.standard();
        final long buy = f.placeOk(gtc(ALICE, BUY, px("29000"), qty("0.5")));
        final long sell = f.placeOk(gtc(ALICE, SELL, px("31000"), qty("0.5")));
        final long stop = f.placeOk(stopLimit(ALICE, SELL, OrderType.STOP_LOSS_LIMIT, px("28000"), px("27900"), qty("0.5")));
        final long eth = f.placeOk(on(ETHUSDT, gtc(ALICE, BUY, px("2000"), qty("1"))));
        final long bobs = f.placeOk(gtc(BOB, BUY, px("29500"), qty("0.5")));
        final List<Event> events = f.apply(new Command.FreezeAccount(ALICE));
        for (final long id : new long[] {buy, sell, stop}) {
            assertThat(closed(events, id).status()).isEqualTo(OrderStatus.CANCELED);
        }
        assertThat(closed(events, ETHUSDT, eth).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(ofType(events, Event.OrderClosed.class)).hasSize(4).allMatch(c -> c.accountId() == ALICE);
        assertThat(events.get(events.size() - 1)).isEqualTo(new Event.AdminApplied(f.seq(), 0, new Command.FreezeAccount(ALICE)));
        assertThat(f.locked(ALICE, USDT)).isZero();
        assertThat(f.locked(ALICE, BTC)).isZero();
        assertThat(f.free(ALICE, USDT)).isEqualTo(INITIAL_USDT);
        assertThat(f.depth(BTCUSDT, BUY)).containsExactly(px("29500"), qty("0.5"));
        assertThat(f.openOrders(BOB, BTCUSDT)).isEqualTo(1);

        f.assertRejected(gtc(ALICE, BUY, px("29000"), qty("0.5")), RejectReason.ACCOUNT_FROZEN, -2010,
            "This account may not place or cancel orders.");
        f.assertRejected(market(ALICE, SELL, qty("0.5")), RejectReason.ACCOUNT_FROZEN, -2010,
            "This account may not place or cancel orders.");
        assertCommandRejected(f, new Command.Withdraw(ALICE, USDT, units("1"), "frozen"), RejectReason.ACCOUNT_FROZEN);

        f.admin(new Command.UnfreezeAccount(ALICE));
        final List<Event> after = f.apply(market(ALICE, SELL, qty("0.5")));
        assertThat(trades(after)).singleElement().satisfies(t -> assertThat(t.makerOrderId()).isEqualTo(bobs));
        f.apply(new Command.Withdraw(ALICE, USDT, units("1"), "unfrozen"));
        assertThat(f.total(ALICE, USDT)).isEqualTo(INITIAL_USDT + units("14750") - units("29.5") - units("1"));
        f.assertConserved();
    }

    @Test
    void freezeOfUnknownOrFeeAccountIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        assertCommandRejected(f, new Command.FreezeAccount(999), RejectReason.UNKNOWN_ACCOUNT);
        assertCommandRejected(f, new Command.FreezeAccount(FEE), RejectReason.UNKNOWN_ACCOUNT);
        f.assertConserved();
    }

    @Test
    void unknownAccountAndFeeAccountCannotPlaceOrders() {
        final EngineFixture f = EngineFixture.standard();
        f.assertRejected(gtc(999, BUY, px("30000"), qty("0.1")), RejectReason.UNKNOWN_ACCOUNT, -2010,
            "This action is disabled on this account.");
        f.assertRejected(gtc(FEE, BUY, px("30000"), qty("0.1")), RejectReason.UNKNOWN_ACCOUNT, -2010,
            "This action is disabled on this account.");
        f.assertConserved();
    }

    // ------------------------------------------------------------------------------------------------ market status
    // errors.md: "Market is closed." - "The symbol is not trading." Cancels stay possible (a halted market still
    // lets users pull their orders); TRADING resumes matching.

    @ParameterizedTest
    @EnumSource(value = SymbolStatus.class, names = {"HALT", "BREAK"})
    void closedMarketRefusesNewOrdersButStillCancels(final SymbolStatus status) {
        final EngineFixture f = EngineFixture.standard();
        final long resting = f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.placeOk(gtc(CAROL, SELL, px("30001"), qty("1")));
        f.admin(new Command.SetSymbolStatus(BTCUSDT, status));
        assertThat(f.engine.symbolStatus(BTCUSDT)).isEqualTo(status);
        f.assertRejected(gtc(ALICE, BUY, px("30000"), qty("0.5")), RejectReason.MARKET_CLOSED, -2010, "Market is closed.");
        f.assertRejected(market(ALICE, BUY, qty("0.5")), RejectReason.MARKET_CLOSED, -2010, "Market is closed.");
        f.assertRejected(stopMarket(ALICE, BUY, OrderType.STOP_LOSS, px("31000"), qty("0.5")), RejectReason.MARKET_CLOSED, -2010,
            "Market is closed.");
        assertThat(f.depth(BTCUSDT, SELL)).as("resting orders stay").containsExactly(px("30000"), qty("1"), px("30001"), qty("1"));
        assertThat(f.placeOk(on(ETHUSDT, gtc(ALICE, BUY, px("2000"), qty("1"))))).as("other markets trade on").isEqualTo(1);

        final List<Event> canceled = f.apply(cancel(BOB, resting));
        assertThat(closed(canceled, resting).status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(f.locked(BOB, BTC)).isZero();
        f.apply(new Command.CancelAll(CAROL, BTCUSDT));
        assertThat(f.depth(BTCUSDT, SELL)).isEmpty();

        f.admin(new Command.SetSymbolStatus(BTCUSDT, SymbolStatus.TRADING));
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        final List<Event> events = f.apply(gtc(ALICE, BUY, px("30000"), qty("0.5")));
        assertThat(trades(events)).hasSize(1);
        assertThat(closed(events, 4).status()).isEqualTo(OrderStatus.FILLED);
        f.assertConserved();
    }

    @Test
    void unknownSymbolIsRejected() {
        final EngineFixture f = EngineFixture.standard();
        f.assertRejected(on(77, gtc(ALICE, BUY, px("30000"), qty("0.1"))), RejectReason.UNKNOWN_SYMBOL, -1121, "Invalid symbol.");
        assertCommandRejected(f, new Command.SetSymbolStatus(77, SymbolStatus.HALT), RejectReason.UNKNOWN_SYMBOL);
        f.assertConserved();
    }

    @Test
    void ethBalancesAreUntouchedByBtcTrading() {
        final EngineFixture f = EngineFixture.standard();
        f.placeOk(gtc(BOB, SELL, px("30000"), qty("1")));
        f.placeOk(market(ALICE, BUY, qty("1")));
        assertThat(f.total(ALICE, ETH)).isEqualTo(EngineFixture.INITIAL_ETH);
        assertThat(f.total(BOB, ETH)).isEqualTo(EngineFixture.INITIAL_ETH);
        f.assertConserved();
    }
}
