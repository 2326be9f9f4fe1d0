package io.bourse.gateway;

import java.util.concurrent.ThreadLocalRandom;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Fixed;
import io.bourse.engine.OrderType;
import io.bourse.engine.RejectReason;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolStatus;
import io.bourse.engine.TimeInForce;

/**
 * The parameters of a new order (POST order, order/test, cancelReplace), checked as Binance checks them and turned
 * into the engine's {@link Command.PlaceOrder}: decimals exactly into minor units, the parameters each type requires
 * and refuses, a generated client order id when none is sent. The engine checks the filters.
 *
 * @param market   the symbol
 * @param command  the engine command
 * @param respType ACK, RESULT or FULL
 */
public record NewOrder(Catalog.Market market, Command.PlaceOrder command, String respType) {
    /** The legal range of a client order id. */
    public static final String CLIENT_ORDER_ID_RANGE = "^[a-zA-Z0-9-_]{1,36}$";
    /** Base 62 digits in ASCII order, so that generated ids compare as their times do. */
    private static final String ORDERED_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Digits of the time prefix: 62^8 milliseconds last until the year 8900. */
    private static final int TIME_DIGITS = 8;

    /** Reads a new order for {@code accountId} from the parameters. */
    public static NewOrder parse(final Catalog catalog, final Params p, final long accountId) {
        final Catalog.Market market = Symbols.required(catalog, p);
        final Side side = side(p.required("side"));
        final OrderType type = type(p.required("type"));
        if (p.has("icebergQty")) {
            throw ApiError.newOrderRejected("Iceberg orders are not supported for this symbol.").exception();
        }
        if (p.has("trailingDelta")) {
            throw ApiError.newOrderRejected("Trailing stop orders are not supported for this symbol.").exception();
        }
        if (p.has("pegPriceType") || p.has("pegOffsetValue") || p.has("pegOffsetType")) {
            throw ApiError.newOrderRejected("Pegged orders are not supported for this symbol.").exception();
        }
        p.optionalLong("strategyId");
        final Long strategyType = p.optionalLong("strategyType");
        if (strategyType != null && strategyType < 1_000_000) {
            throw ApiError.badStrategyType().exception();
        }
        final TimeInForce tif;
        if (type.takesTimeInForce()) {
            tif = timeInForce(p.required("timeInForce"));
        } else {
            if (p.has("timeInForce")) {
                throw ApiError.timeInForceNotRequired().exception();
            }
            tif = null;
        }
        final int baseScale = market.base().scale();
        final int quoteScale = market.quote().scale();
        long quantity = 0;
        long quoteOrderQty = 0;
        if (type == OrderType.MARKET) {
            final String q = p.optional("quantity");
            final String qq = p.optional("quoteOrderQty");
            if (q == null && qq == null) {
                throw ApiError.eitherMandatory("quantity", "quoteOrderQty").exception();
            }
            if (q != null && qq != null) {
                throw ApiError.notRequired("quoteOrderQty").exception();
            }
            if (q != null) {
                quantity = positive(Decimals.parse(q, baseScale, "quantity"), "Invalid quantity.");
            } else {
                quoteOrderQty = positive(Decimals.parse(qq, quoteScale, "quoteOrderQty"), "Invalid quoteOrderQty.");
            }
        } else {
            quantity = positive(Decimals.parse(p.required("quantity"), baseScale, "quantity"), "Invalid quantity.");
            if (p.has("quoteOrderQty")) {
                throw ApiError.notRequired("quoteOrderQty").exception();
            }
        }
        long price = 0;
        if (type.hasPrice()) {
            price = positive(Decimals.parse(p.required("price"), quoteScale, "price"), "Invalid price.");
        } else if (p.has("price")) {
            throw ApiError.notRequired("price").exception();
        }
        long stopPrice = 0;
        if (type.isConditional()) {
            stopPrice = positive(Decimals.parse(p.required("stopPrice"), quoteScale, "stopPrice"), "Invalid stop price.");
        } else if (p.has("stopPrice")) {
            throw ApiError.notRequired("stopPrice").exception();
        }
        final String clientOrderId = clientOrderId(p, "newClientOrderId");
        final String respType = respType(p.optional("newOrderRespType"), type);
        final StpMode stp = stpMode(p.optional("selfTradePreventionMode"));
        return new NewOrder(market, new Command.PlaceOrder(accountId, market.id(), clientOrderId, side, type, tif, price, quantity, quoteOrderQty,
            stopPrice, stp), respType);
    }

    /**
     * Refuses the order here, with the engine's answer, when a check that needs no state fails (the parameter shape,
     * PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL of a priced order: {@link Engine#checkStateless}), so that it
     * never reaches the journal. Only while the market trades: otherwise the engine's answer is about the market.
     */
    public NewOrder precheck() {
        if (market.status() == SymbolStatus.TRADING) {
            final RejectReason reason = Engine.checkStateless(command, market.spec(), Fixed.pow10(market.base().scale()));
            if (reason != null) {
                throw ApiError.of(reason).exception();
            }
        }
        return this;
    }

    /** A client id parameter, or a generated one when not sent ({@code -1118} when empty, {@code -1100} when illegal). */
    public static String clientOrderId(final Params p, final String param) {
        final String given = p.raw(param);
        if (given == null) {
            return random();
        }
        if (given.isEmpty()) {
            throw ApiError.emptyNewClientOrderId().exception();
        }
        checkClientOrderId(given, param);
        return given;
    }

    /** Refuses a client order id outside {@link #CLIENT_ORDER_ID_RANGE}. */
    public static void checkClientOrderId(final String id, final String param) {
        if (id.length() > 36) {
            throw ApiError.illegalChars(param, CLIENT_ORDER_ID_RANGE).exception();
        }
        for (int i = 0; i < id.length(); i++) {
            final char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw ApiError.illegalChars(param, CLIENT_ORDER_ID_RANGE).exception();
            }
        }
    }

    /**
     * A Binance-style generated client order id: 22 letters and digits. The first 8 are the time in milliseconds in
     * base 62 (digits in ASCII order), the other 14 random: ids sort by time, so the history's index of client order
     * ids grows at its end instead of taking inserts at random places (one page written per order).
     */
    public static String random() {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final char[] chars = new char[22];
        long millis = System.currentTimeMillis();
        for (int i = TIME_DIGITS - 1; i >= 0; i--) {
            chars[i] = ORDERED_DIGITS.charAt((int) (millis % ORDERED_DIGITS.length()));
            millis /= ORDERED_DIGITS.length();
        }
        for (int i = TIME_DIGITS; i < chars.length; i++) {
            chars[i] = ORDERED_DIGITS.charAt(random.nextInt(ORDERED_DIGITS.length()));
        }
        return new String(chars);
    }

    private static long positive(final long value, final String message) {
        if (value <= 0) {
            throw ApiError.invalidMessage(message).exception();
        }
        return value;
    }

    static Side side(final String text) {
        return switch (text) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> throw ApiError.invalidSide().exception();
        };
    }

    static OrderType type(final String text) {
        for (final OrderType type : OrderType.values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        throw ApiError.invalidOrderType().exception();
    }

    private static TimeInForce timeInForce(final String text) {
        for (final TimeInForce tif : TimeInForce.values()) {
            if (tif.name().equals(text)) {
                return tif;
            }
        }
        throw ApiError.invalidTimeInForce().exception();
    }

    private static String respType(final String text, final OrderType type) {
        if (text == null) {
            return type == OrderType.MARKET || type == OrderType.LIMIT ? "FULL" : "ACK";
        }
        if (!"ACK".equals(text) && !"RESULT".equals(text) && !"FULL".equals(text)) {
            throw ApiError.illegalChars("newOrderRespType", "^(ACK|RESULT|FULL)$").exception();
        }
        return text;
    }

    private static StpMode stpMode(final String text) {
        if (text == null) {
            return null;
        }
        for (final StpMode mode : StpMode.values()) {
            if (mode.name().equals(text)) {
                return mode;
            }
        }
        throw ApiError.illegalChars("selfTradePreventionMode", "^(NONE|EXPIRE_TAKER|EXPIRE_MAKER|EXPIRE_BOTH)$").exception();
    }
}
