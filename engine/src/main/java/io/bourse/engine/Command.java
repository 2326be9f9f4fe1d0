package io.bourse.engine;

import java.util.Objects;

/**
 * Every command the engine understands, in one place. A command is pure intent: the sequencer gives it its global
 * sequence number and timestamp, and the engine receives the three together ({@link Engine#apply}).
 *
 * <p>Units: prices in quote-asset minor units per whole base unit; quantities in base-asset minor units; amounts and
 * quote quantities in minor units of their asset. Nothing here is scaled by a tick or a step: the engine checks that.
 */
public sealed interface Command {

    /** Registers an asset with its number of decimals. */
    record AddAsset(int assetId, String name, int scale) implements Command {
        public AddAsset {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Registers a market. */
    record AddSymbol(SymbolSpec spec) implements Command {
        public AddSymbol {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /** Sets the maker and taker fee rates of a fee tier, in parts per million of the notional (1000 = 0.1%). */
    record SetFeeTier(int tier, long makerFeePpm, long takerFeePpm) implements Command {
    }

    /** Opens an account; the KYC fields are carried for compliance and are part of the state. */
    record CreateAccount(long accountId, int feeTier, String country, int kycTier) implements Command {
        public CreateAccount {
            Objects.requireNonNull(country, "country");
        }
    }

    /** Credits an account's free balance (a deposit or an operator's adjustment); {@code reference} is for the audit. */
    record Deposit(long accountId, int assetId, long amount, String reference) implements Command {
        public Deposit {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** Debits an account's free balance (a withdrawal); rejected when the free balance is short. */
    record Withdraw(long accountId, int assetId, long amount, String reference) implements Command {
        public Withdraw {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** Kill switch: cancels every open order of the account and refuses its new orders and withdrawals. */
    record FreezeAccount(long accountId) implements Command {
    }

    /** Lifts the kill switch. */
    record UnfreezeAccount(long accountId) implements Command {
    }

    /** Halts, breaks or resumes a market; open orders stay, only TRADING matches. */
    record SetSymbolStatus(int symbolId, SymbolStatus status) implements Command {
        public SetSymbolStatus {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * A new order. {@code quantity} or {@code quoteOrderQty} (MARKET only) is set, the other is 0; {@code price} is 0
     * for MARKET, STOP_LOSS and TAKE_PROFIT; {@code stopPrice} is 0 unless the type is conditional; {@code timeInForce}
     * is null where the type takes none; {@code stpMode} null means the symbol's default; {@code clientOrderId} null
     * means none (the gateway normally supplies one).
     */
    record PlaceOrder(
        long accountId,
        int symbolId,
        String clientOrderId,
        Side side,
        OrderType type,
        TimeInForce timeInForce,
        long price,
        long quantity,
        long quoteOrderQty,
        long stopPrice,
        StpMode stpMode) implements Command {

        public PlaceOrder {
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(type, "type");
        }

        /** A GTC/IOC/FOK limit order. */
        public static PlaceOrder limit(
            final long accountId, final int symbolId, final Side side, final TimeInForce tif, final long price, final long qty) {
            return new PlaceOrder(accountId, symbolId, null, side, OrderType.LIMIT, tif, price, qty, 0, 0, null);
        }

        /** A market order by base quantity. */
        public static PlaceOrder market(final long accountId, final int symbolId, final Side side, final long qty) {
            return new PlaceOrder(accountId, symbolId, null, side, OrderType.MARKET, null, 0, qty, 0, 0, null);
        }

        /** This order with another client order id. */
        public PlaceOrder withClientOrderId(final String id) {
            return new PlaceOrder(accountId, symbolId, id, side, type, timeInForce, price, quantity, quoteOrderQty, stopPrice, stpMode);
        }

        /** This order with another self-trade prevention mode. */
        public PlaceOrder withStp(final StpMode mode) {
            return new PlaceOrder(accountId, symbolId, clientOrderId, side, type, timeInForce, price, quantity, quoteOrderQty, stopPrice,
                mode);
        }
    }

    /** Cancels one open order, named by {@code orderId} (if &gt; 0) or else by {@code clientOrderId}. */
    record CancelOrder(long accountId, int symbolId, long orderId, String clientOrderId) implements Command {
    }

    /**
     * Cancels an order and places a new one, in that order, as Binance's cancelReplace. With {@code allowFailure}
     * false (STOP_ON_FAILURE) the new order is placed only if the cancel succeeded; with true (ALLOW_FAILURE) it is
     * placed either way.
     */
    record CancelReplace(CancelOrder cancel, PlaceOrder newOrder, boolean allowFailure) implements Command {
        public CancelReplace {
            Objects.requireNonNull(cancel, "cancel");
            Objects.requireNonNull(newOrder, "newOrder");
        }
    }

    /** Cancels every open order (conditional ones included) of an account on a symbol. */
    record CancelAll(long accountId, int symbolId) implements Command {
    }
}
