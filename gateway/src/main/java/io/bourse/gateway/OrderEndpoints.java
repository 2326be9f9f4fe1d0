package io.bourse.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.bourse.engine.Command;
import io.bourse.engine.Event;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderStatus;
import io.bourse.history.HistoryProjector;
import io.bourse.history.OrderRecord;
import io.vertx.core.Future;

/**
 * Binance's order endpoints: POST/GET/DELETE order, order/test, order/cancelReplace, GET/DELETE openOrders,
 * allOrders. Commands go through the {@link CommandBus} and their answers are built from the command's own events;
 * open orders are read from the engine, closed ones from the history (after it has caught up with the request).
 */
public final class OrderEndpoints {
    private static final Set<String> NEW_ORDER = Set.of("symbol", "side", "type", "timeInForce", "quantity", "quoteOrderQty", "price",
        "newClientOrderId", "strategyId", "strategyType", "stopPrice", "trailingDelta", "icebergQty", "newOrderRespType",
        "selfTradePreventionMode", "pegPriceType", "pegOffsetValue", "pegOffsetType", "recvWindow", "timestamp");
    private static final Set<String> TEST_ORDER = union(NEW_ORDER, Set.of("computeCommissionRates"));
    private static final Set<String> CANCEL_REPLACE = union(NEW_ORDER, Set.of("cancelReplaceMode", "cancelNewClientOrderId",
        "cancelOrigClientOrderId", "cancelOrderId", "cancelRestrictions", "orderRateLimitExceededMode"));
    private static final Set<String> QUERY_ORDER = Set.of("symbol", "orderId", "origClientOrderId", "recvWindow", "timestamp");
    private static final Set<String> CANCEL_ORDER = Set.of("symbol", "orderId", "origClientOrderId", "newClientOrderId", "cancelRestrictions",
        "recvWindow", "timestamp");
    private static final Set<String> SYMBOL_ONLY = Set.of("symbol", "recvWindow", "timestamp");
    private static final Set<String> ALL_ORDERS = Set.of("symbol", "orderId", "startTime", "endTime", "limit", "recvWindow", "timestamp");
    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private final Catalog catalog;
    private final CommandBus bus;
    private final OpenOrderDetails details;
    private final HistoryProjector history;
    private final RateLimiter limiter;
    private final long historyWaitMillis;

    /** The endpoints over these parts. */
    public OrderEndpoints(final Catalog catalog, final CommandBus bus, final OpenOrderDetails details, final HistoryProjector history,
        final RateLimiter limiter, final long historyWaitMillis) {
        this.catalog = catalog;
        this.bus = bus;
        this.details = details;
        this.history = history;
        this.limiter = limiter;
        this.historyWaitMillis = historyWaitMillis;
    }

    /** Adds the routes. */
    public void register(final Router router) {
        router.add(new Router.Route("POST", "/api/v3/order", Router.Security.TRADE, NEW_ORDER, p -> 1, this::newOrder));
        router.add(new Router.Route("POST", "/api/v3/order/test", Router.Security.TRADE, TEST_ORDER,
            p -> "true".equalsIgnoreCase(p.raw("computeCommissionRates")) ? 20 : 1, this::testOrder));
        router.add(new Router.Route("GET", "/api/v3/order", Router.Security.USER_DATA, QUERY_ORDER, p -> 4, this::queryOrder));
        router.add(new Router.Route("DELETE", "/api/v3/order", Router.Security.TRADE, CANCEL_ORDER, p -> 1, this::cancelOrder));
        router.add(new Router.Route("POST", "/api/v3/order/cancelReplace", Router.Security.TRADE, CANCEL_REPLACE, p -> 1, this::cancelReplace));
        router.add(new Router.Route("GET", "/api/v3/openOrders", Router.Security.USER_DATA, SYMBOL_ONLY, p -> p.has("symbol") ? 6 : 80,
            this::openOrders));
        router.add(new Router.Route("DELETE", "/api/v3/openOrders", Router.Security.TRADE, SYMBOL_ONLY, p -> 1, this::cancelAll));
        router.add(new Router.Route("GET", "/api/v3/allOrders", Router.Security.USER_DATA, ALL_ORDERS, p -> 20, this::allOrders));
    }

    // ------------------------------------------------------------------------------------------------ new orders

    private Future<Reply> newOrder(final ApiRequest request) {
        final NewOrder order = NewOrder.parse(catalog, request.params(), request.accountId()).precheck();
        countOrder(request);
        return request.onContext(bus.submit(order.command())).map(result -> {
            final Placed placed = placed(order.market(), result.events(), 0);
            if (placed.rejection() != null) {
                return Reply.error(ApiError.of(placed.rejection().reason()));
            }
            return Reply.ok(writeNewOrder(new Json(512).beginObject(), placed, order.respType(), result.transactTimeMillis()).endObject());
        });
    }

    private Future<Reply> testOrder(final ApiRequest request) {
        NewOrder.parse(catalog, request.params(), request.accountId()).precheck();
        if (!request.params().optionalBoolean("computeCommissionRates", false)) {
            return Future.succeededFuture(Reply.ok("{}"));
        }
        final long account = request.accountId();
        return request.onContext(bus.query(engine -> engine.feeRates(account))).map(rates -> {
            final long maker = rates == null ? 0 : rates[0];
            final long taker = rates == null ? 0 : rates[1];
            final Json json = new Json().beginObject().name("standardCommissionForOrder").beginObject().decimal("maker", maker * 100, 8)
                .decimal("taker", taker * 100, 8).endObject();
            json.name("specialCommissionForOrder").beginObject().decimal("maker", 0, 8).decimal("taker", 0, 8).endObject();
            json.name("taxCommissionForOrder").beginObject().decimal("maker", 0, 8).decimal("taker", 0, 8).endObject();
            json.name("discount").beginObject().field("enabledForAccount", false).field("enabledForSymbol", false).field("discountAsset", "BNB")
                .decimal("discount", 0, 8).endObject();
            return Reply.ok(json.endObject());
        });
    }

    private void countOrder(final ApiRequest request) {
        final RateLimiter.Decision decision = limiter.acquireOrder(request.accountId(), request.receivedMillis());
        request.header("X-MBX-ORDER-COUNT-10s", Long.toString(decision.used()));
        request.header("X-MBX-ORDER-COUNT-1d", Long.toString(decision.usedDay()));
        if (decision.error() != null) {
            request.header("Retry-After", Long.toString(decision.retryAfterSeconds()));
            throw decision.error().exception();
        }
    }

    /**
     * What happened to a new order in a command's events, from {@code from} on.
     *
     * @param rejection the rejection, or null
     * @param view      the order as it stands after the command (null when rejected)
     * @param fills     the trades it took part in, in matching order
     */
    private record Placed(Event.OrderRejected rejection, OrderView view, List<Event.Trade> fills) {
    }

    private static Placed placed(final Catalog.Market market, final List<Event> events, final int from) {
        Event.OrderAccepted accepted = null;
        Event.OrderClosed closed = null;
        final List<Event.Trade> fills = new ArrayList<>();
        long executed = 0;
        long quote = 0;
        long workingNanos = -1;
        for (int i = from; i < events.size(); i++) {
            final Event event = events.get(i);
            if (accepted == null) {
                if (event instanceof Event.OrderRejected rejected) {
                    return new Placed(rejected, null, List.of());
                }
                if (event instanceof Event.OrderAccepted a) {
                    accepted = a;
                    workingNanos = a.type().isConditional() ? -1 : a.timestampNanos();
                }
                continue;
            }
            final long id = accepted.orderId();
            final int symbolId = accepted.symbolId();
            if (event instanceof Event.Trade t && t.symbolId() == symbolId && (t.takerOrderId() == id || t.makerOrderId() == id)) {
                fills.add(t);
                executed += t.quantity();
                quote += t.quoteQty();
            } else if (event instanceof Event.OrderClosed c && c.symbolId() == symbolId && c.orderId() == id) {
                closed = c;
            } else if (event instanceof Event.OrderTriggered t && t.symbolId() == symbolId && t.orderId() == id) {
                workingNanos = t.timestampNanos();
            }
        }
        if (accepted == null) {
            throw new IllegalStateException("a new order produced neither acceptance nor rejection");
        }
        final OrderStatus status = closed != null ? closed.status() : executed > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
        final long ms = accepted.timestampNanos() / 1_000_000;
        final OrderView view = new OrderView(market, accepted.orderId(), accepted.clientOrderId(), accepted.price(), accepted.quantity(),
            closed != null ? closed.executedQty() : executed, closed != null ? closed.cumulativeQuoteQty() : quote, status, accepted.timeInForce(),
            accepted.type(), accepted.side(), accepted.stopPrice(), ms, ms, workingNanos < 0 ? -1 : workingNanos / 1_000_000,
            accepted.quoteOrderQty(), accepted.stpMode());
        return new Placed(null, view, fills);
    }

    private static Json writeNewOrder(final Json json, final Placed placed, final String respType, final long transactTime) {
        final OrderView view = placed.view();
        view.writeAckFields(json, transactTime);
        if ("ACK".equals(respType)) {
            return json;
        }
        view.writeResultFields(json);
        if ("FULL".equals(respType)) {
            final int scale = view.market().quote().scale();
            json.name("fills").beginArray();
            for (final Event.Trade t : placed.fills()) {
                final boolean taker = t.takerOrderId() == view.orderId();
                json.beginObject().decimal("price", t.price(), scale).decimal("qty", t.quantity(), view.market().base().scale())
                    .decimal("commission", taker ? t.takerFee() : t.makerFee(), scale).field("commissionAsset", view.market().quote().name())
                    .field("tradeId", t.tradeId()).endObject();
            }
            json.endArray();
        }
        return json;
    }

    // ------------------------------------------------------------------------------------------------ cancels

    private Future<Reply> cancelOrder(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final Long orderId = p.optionalLong("orderId");
        final String orig = origClientOrderId(p, "origClientOrderId");
        if (orderId == null && orig == null) {
            throw ApiError.eitherMandatory("orderId", "origClientOrderId").exception();
        }
        final String cancelId = NewOrder.clientOrderId(p, "newClientOrderId");
        final String restriction = cancelRestriction(p.optional("cancelRestrictions"));
        final Command.CancelOrder cancel = new Command.CancelOrder(request.accountId(), market.id(), orderId == null ? 0 : orderId, orig);
        return checkRestriction(request, market, cancel, restriction)
            .compose(v -> request.onContext(bus.submit(cancel, cancelId)))
            .map(result -> {
                for (final Event event : result.events()) {
                    if (event instanceof Event.CancelRejected rejected) {
                        return Reply.error(ApiError.of(rejected.reason()));
                    }
                    if (event instanceof Event.OrderClosed closed) {
                        return Reply.ok(canceledView(market, result, closed).writeCanceled(new Json(512), cancelId, result.transactTimeMillis()));
                    }
                }
                throw new IllegalStateException("a cancel produced neither a close nor a rejection");
            });
    }

    private Future<Reply> cancelAll(final ApiRequest request) {
        final Catalog.Market market = Symbols.required(catalog, request.params());
        final String cancelId = NewOrder.random();
        return request.onContext(bus.submit(new Command.CancelAll(request.accountId(), market.id()), cancelId)).map(result -> {
            final Json json = new Json(1024).beginArray();
            for (final Event event : result.events()) {
                if (event instanceof Event.CancelRejected rejected) {
                    return Reply.error(ApiError.of(rejected.reason()));
                }
                if (event instanceof Event.OrderClosed closed) {
                    canceledView(market, result, closed).writeCanceled(json, cancelId, result.transactTimeMillis());
                }
            }
            return Reply.ok(json.endArray());
        });
    }

    private static OrderView canceledView(final Catalog.Market market, final CommandBus.Result result, final Event.OrderClosed closed) {
        final OpenOrderDetails.Details d = result.closed().get(new OpenOrderDetails.Key(closed.symbolId(), closed.orderId()));
        if (d == null) {
            throw new IllegalStateException("no details of canceled order " + closed.orderId());
        }
        return OrderView.of(market, d, closed.executedQty(), closed.cumulativeQuoteQty(), closed.status(), result.transactTimeMillis());
    }

    private static String cancelRestriction(final String text) {
        if (text != null && !"ONLY_NEW".equals(text) && !"ONLY_PARTIALLY_FILLED".equals(text)) {
            throw ApiError.invalidCancelRestrictions().exception();
        }
        return text;
    }

    /**
     * Checks {@code cancelRestrictions} against the order's status just before the cancel is sent. The engine does not
     * know the restriction, so an order that fills in between is still canceled: a narrow race, documented here.
     */
    private Future<Void> checkRestriction(final ApiRequest request, final Catalog.Market market, final Command.CancelOrder cancel,
        final String restriction) {
        if (restriction == null) {
            return Future.succeededFuture();
        }
        final long account = request.accountId();
        return request.onContext(bus.query(engine -> engine.openOrders(market.id(), account))).compose(open -> {
            for (final OpenOrder o : open) {
                if (matches(o, cancel.orderId(), cancel.clientOrderId())) {
                    final OrderStatus wanted = "ONLY_NEW".equals(restriction) ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
                    if (o.status() != wanted) {
                        return Future.failedFuture(ApiError.cancelRejected("Order was not canceled due to cancel restrictions.").exception());
                    }
                }
            }
            return Future.succeededFuture();
        });
    }

    private static boolean matches(final OpenOrder o, final long orderId, final String clientOrderId) {
        return orderId > 0 ? o.orderId() == orderId : clientOrderId != null && clientOrderId.equals(o.clientOrderId());
    }

    private static String origClientOrderId(final Params p, final String param) {
        final String value = p.raw(param);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw ApiError.emptyOrigClientOrderId().exception();
        }
        NewOrder.checkClientOrderId(value, param);
        return value;
    }

    // ------------------------------------------------------------------------------------------------ cancelReplace

    private Future<Reply> cancelReplace(final ApiRequest request) {
        final Params p = request.params();
        final String mode = p.required("cancelReplaceMode");
        if (!"STOP_ON_FAILURE".equals(mode) && !"ALLOW_FAILURE".equals(mode)) {
            throw ApiError.illegalChars("cancelReplaceMode", "^(STOP_ON_FAILURE|ALLOW_FAILURE)$").exception();
        }
        final String rateMode = p.optional("orderRateLimitExceededMode");
        if (rateMode != null && !"DO_NOTHING".equals(rateMode) && !"CANCEL_ONLY".equals(rateMode)) {
            throw ApiError.illegalChars("orderRateLimitExceededMode", "^(DO_NOTHING|CANCEL_ONLY)$").exception();
        }
        final NewOrder order = NewOrder.parse(catalog, p, request.accountId());
        final Long cancelOrderId = p.optionalLong("cancelOrderId");
        final String cancelOrig = origClientOrderId(p, "cancelOrigClientOrderId");
        if (cancelOrderId == null && cancelOrig == null) {
            throw ApiError.eitherMandatory("cancelOrderId", "cancelOrigClientOrderId").exception();
        }
        final String cancelId = NewOrder.clientOrderId(p, "cancelNewClientOrderId");
        final String restriction = cancelRestriction(p.optional("cancelRestrictions"));
        countOrder(request);
        final Command.CancelOrder cancel = new Command.CancelOrder(request.accountId(), order.market().id(),
            cancelOrderId == null ? 0 : cancelOrderId, cancelOrig);
        final boolean allowFailure = "ALLOW_FAILURE".equals(mode);
        return checkRestriction(request, order.market(), cancel, restriction)
            .compose(v -> request.onContext(bus.submit(new Command.CancelReplace(cancel, order.command(), allowFailure), cancelId)))
            .map(result -> cancelReplaceReply(order, result, cancelId));
    }

    private static Reply cancelReplaceReply(final NewOrder order, final CommandBus.Result result, final String cancelId) {
        final List<Event> events = result.events();
        Event.CancelRejected cancelRejected = null;
        Event.OrderClosed canceled = null;
        int next = events.size();
        for (int i = 0; i < events.size(); i++) {
            final Event event = events.get(i);
            if (event instanceof Event.OrderRejected rejected && cancelRejected == null && canceled == null) {
                // The new order failed its checks before anything was canceled: a plain error, as Binance answers.
                return Reply.error(ApiError.of(rejected.reason()));
            }
            if (event instanceof Event.CancelRejected r) {
                cancelRejected = r;
                next = i + 1;
                break;
            }
            if (event instanceof Event.OrderClosed c) {
                canceled = c;
                next = i + 1;
                break;
            }
        }
        final boolean attempted = next < events.size();
        final Placed placed = attempted ? placed(order.market(), events, next) : null;
        final boolean cancelOk = canceled != null;
        final boolean newOk = placed != null && placed.rejection() == null;
        final Json json = new Json(1024).beginObject();
        if (!cancelOk || !newOk) {
            final ApiError error = !cancelOk && !newOk ? new ApiError(400, -2022, "Order cancel-replace failed.")
                : new ApiError(409, -2021, "Order cancel-replace partially failed.");
            json.field("code", error.code()).field("msg", error.msg()).name("data").beginObject();
            writeCancelReplaceData(json, order, result, cancelId, cancelRejected, canceled, placed);
            return new Reply(error.httpStatus(), json.endObject().endObject().toString());
        }
        writeCancelReplaceData(json, order, result, cancelId, null, canceled, placed);
        return Reply.ok(json.endObject());
    }

    private static void writeCancelReplaceData(final Json json, final NewOrder order, final CommandBus.Result result, final String cancelId,
        final Event.CancelRejected cancelRejected, final Event.OrderClosed canceled, final Placed placed) {
        json.field("cancelResult", canceled != null ? "SUCCESS" : "FAILURE");
        json.field("newOrderResult", placed == null ? "NOT_ATTEMPTED" : placed.rejection() == null ? "SUCCESS" : "FAILURE");
        json.name("cancelResponse");
        if (canceled != null) {
            canceledView(order.market(), result, canceled).writeCanceled(json, cancelId, result.transactTimeMillis());
        } else {
            final ApiError error = ApiError.of(cancelRejected.reason());
            json.beginObject().field("code", error.code()).field("msg", error.msg()).endObject();
        }
        json.name("newOrderResponse");
        if (placed == null) {
            json.nullValue();
        } else if (placed.rejection() != null) {
            final ApiError error = ApiError.of(placed.rejection().reason());
            json.beginObject().field("code", error.code()).field("msg", error.msg()).endObject();
        } else {
            writeNewOrder(json.beginObject(), placed, order.respType(), result.transactTimeMillis()).endObject();
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    private record OpenAt(long seq, List<OpenOrder> orders) {
    }

    private Future<Reply> queryOrder(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final Long orderId = p.optionalLong("orderId");
        final String orig = origClientOrderId(p, "origClientOrderId");
        if (orderId == null && orig == null) {
            throw ApiError.eitherMandatory("orderId", "origClientOrderId").exception();
        }
        final long account = request.accountId();
        final long id = orderId == null ? 0 : orderId;
        return request.onContext(bus.query(engine -> new OpenAt(engine.lastSequence(), engine.openOrders(market.id(), account))))
            .compose(open -> {
                for (final OpenOrder o : open.orders()) {
                    if (matches(o, id, orig)) {
                        checkBoth(orderId, orig, o.clientOrderId());
                        return Future.succeededFuture(Reply.ok(OrderView.of(market, o, details.get(market.id(), o.orderId()))
                            .writeQuery(new Json(512))));
                    }
                }
                return request.blocking(() -> {
                    awaitHistory(open.seq());
                    return history.store().order(market.id(), account, id, id > 0 ? null : orig);
                }).map(found -> {
                    final OrderRecord record = found.orElseThrow(() -> ApiError.noSuchOrder().exception());
                    checkBoth(orderId, orig, record.clientOrderId());
                    return Reply.ok(OrderView.of(market, record).writeQuery(new Json(512)));
                });
            });
    }

    private static void checkBoth(final Long orderId, final String orig, final String actual) {
        if (orderId != null && orig != null && !orig.equals(actual)) {
            throw ApiError.clientOrderIdMismatch().exception();
        }
    }

    private Future<Reply> openOrders(final ApiRequest request) {
        final Catalog.Market only = Symbols.optional(catalog, request.params());
        final List<Catalog.Market> markets = only != null ? List.of(only) : catalog.markets();
        final long account = request.accountId();
        return request.onContext(bus.query(engine -> {
            final List<List<OpenOrder>> all = new ArrayList<>();
            for (final Catalog.Market market : markets) {
                all.add(engine.openOrders(market.id(), account));
            }
            return all;
        })).map(all -> {
            final Json json = new Json(1024).beginArray();
            for (int i = 0; i < markets.size(); i++) {
                final Catalog.Market market = markets.get(i);
                for (final OpenOrder o : all.get(i)) {
                    OrderView.of(market, o, details.get(market.id(), o.orderId())).writeQuery(json);
                }
            }
            return Reply.ok(json.endArray());
        });
    }

    private Future<Reply> allOrders(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final Long fromId = p.optionalLong("orderId");
        final Long start = p.optionalLong("startTime");
        final Long end = p.optionalLong("endTime");
        checkRange(start, end);
        final int limit = p.limit("limit", 500, 1000, false);
        final long account = request.accountId();
        final long seq = bus.durableSeq();
        return request.blocking(() -> {
            awaitHistory(seq);
            return history.store().allOrders(market.id(), account, fromId, start, end, limit);
        }).map(orders -> {
            final Json json = new Json(1024).beginArray();
            for (final OrderRecord o : orders) {
                OrderView.of(market, o).writeQuery(json);
            }
            return Reply.ok(json.endArray());
        });
    }

    /** Refuses a time range longer than 24 hours ({@code -1127}) or reversed ({@code -1128}). */
    static void checkRange(final Long start, final Long end) {
        if (start != null && end != null) {
            if (end < start) {
                throw ApiError.badCombination().exception();
            }
            if (end - start > DAY_MILLIS) {
                throw ApiError.lookupIntervalTooBig().exception();
            }
        }
    }

    /** Waits until the history has every command up to {@code seq}; {@code -1007} when it does not get there in time. */
    private void awaitHistory(final long seq) {
        if (!history.awaitSeq(seq, historyWaitMillis)) {
            throw ApiError.timeout().exception();
        }
    }

    private static Set<String> union(final Set<String> a, final Set<String> b) {
        final java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
