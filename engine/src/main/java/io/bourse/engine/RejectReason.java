package io.bourse.engine;

/**
 * Why the engine refused a command. Each reason maps to exactly one Binance error code and message, so the gateway
 * can answer in Binance's own words without interpreting anything.
 */
public enum RejectReason {
    INSUFFICIENT_BALANCE(-2010, "Account has insufficient balance for requested action."),
    WOULD_TAKE(-2010, "Order would immediately match and take."),
    WOULD_TRIGGER(-2010, "Order would trigger immediately."),
    MARKET_CLOSED(-2010, "Market is closed."),
    ACCOUNT_FROZEN(-2010, "This account may not place or cancel orders."),
    DUPLICATE_ORDER(-2010, "Duplicate order sent."),
    QUOTE_ORDER_QTY_NOT_ALLOWED(-2010, "Quote order qty market orders are not support for this symbol."),
    ORDER_TYPE_NOT_ALLOWED(-2010, "Unsupported order combination"),
    NOTIONAL_OVERFLOW(-2010, "Price * QTY is too large."),
    UNKNOWN_ACCOUNT(-2010, "This action is disabled on this account."),
    FILTER_PRICE(-1013, "Filter failure: PRICE_FILTER"),
    FILTER_LOT_SIZE(-1013, "Filter failure: LOT_SIZE"),
    FILTER_MARKET_LOT_SIZE(-1013, "Filter failure: MARKET_LOT_SIZE"),
    FILTER_NOTIONAL(-1013, "Filter failure: NOTIONAL"),
    FILTER_PERCENT_PRICE_BY_SIDE(-1013, "Filter failure: PERCENT_PRICE_BY_SIDE"),
    FILTER_MAX_NUM_ORDERS(-1013, "Filter failure: MAX_NUM_ORDERS"),
    INVALID_PARAMETERS(-1128, "Combination of optional parameters invalid."),
    UNKNOWN_SYMBOL(-1121, "Invalid symbol."),
    UNKNOWN_ORDER(-2011, "Unknown order sent."),
    ORDER_DOES_NOT_EXIST(-2013, "Order does not exist."),
    CLIENT_ORDER_ID_MISMATCH(-2039, "Client order ID is not correct for this order ID."),
    /** An administrative command that does not fit the state (duplicate ids, unknown asset, bad configuration). */
    INVALID_ADMIN_COMMAND(-1130, "Invalid data sent for a parameter."),
    /** A deposit would take an asset's outstanding supply past {@link Engine#MAX_ASSET_SUPPLY}. */
    SUPPLY_LIMIT(-1130, "Amount exceeds the asset's supply limit.");

    private final int code;
    private final String message;

    RejectReason(final int code, final String message) {
        this.code = code;
        this.message = message;
    }

    /** Binance error code. */
    public int code() {
        return code;
    }

    /** Binance error message. */
    public String message() {
        return message;
    }
}
