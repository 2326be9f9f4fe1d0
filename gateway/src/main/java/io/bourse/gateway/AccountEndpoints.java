package io.bourse.gateway;

import java.util.List;
import java.util.Set;

import io.bourse.engine.Engine;
import io.bourse.history.HistoryProjector;
import io.bourse.history.TradeRecord;
import io.vertx.core.Future;

/** Binance's account endpoints: account, myTrades, and the legacy userDataStream listenKey bookkeeping. */
public final class AccountEndpoints {
    private static final Set<String> ACCOUNT = Set.of("omitZeroBalances", "recvWindow", "timestamp");
    private static final Set<String> MY_TRADES = Set.of("symbol", "orderId", "startTime", "endTime", "fromId", "limit", "recvWindow", "timestamp");
    private static final Set<String> NONE = Set.of();
    private static final Set<String> LISTEN_KEY = Set.of("listenKey");

    private final Catalog catalog;
    private final CommandBus bus;
    private final HistoryProjector history;
    private final ListenKeys listenKeys;
    private final long historyWaitMillis;

    /** The endpoints over these parts. */
    public AccountEndpoints(final Catalog catalog, final CommandBus bus, final HistoryProjector history, final ListenKeys listenKeys,
        final long historyWaitMillis) {
        this.catalog = catalog;
        this.bus = bus;
        this.history = history;
        this.listenKeys = listenKeys;
        this.historyWaitMillis = historyWaitMillis;
    }

    /** Adds the routes. */
    public void register(final Router router) {
        router.add(new Router.Route("GET", "/api/v3/account", Router.Security.USER_DATA, ACCOUNT, p -> 20, this::account));
        router.add(new Router.Route("GET", "/api/v3/myTrades", Router.Security.USER_DATA, MY_TRADES, p -> p.has("orderId") ? 5 : 20,
            this::myTrades));
        router.add(new Router.Route("POST", "/api/v3/userDataStream", Router.Security.API_KEY, NONE, p -> 2, r -> Future.succeededFuture(
            Reply.ok(new Json(96).beginObject().field("listenKey", listenKeys.start(r.accountId(), r.receivedMillis())).endObject()))));
        router.add(new Router.Route("PUT", "/api/v3/userDataStream", Router.Security.API_KEY, LISTEN_KEY, p -> 2, r -> {
            listenKeys.keepAlive(r.params().required("listenKey"), r.accountId(), r.receivedMillis());
            return Future.succeededFuture(Reply.ok("{}"));
        }));
        router.add(new Router.Route("DELETE", "/api/v3/userDataStream", Router.Security.API_KEY, LISTEN_KEY, p -> 2, r -> {
            listenKeys.close(r.params().required("listenKey"), r.accountId());
            return Future.succeededFuture(Reply.ok("{}"));
        }));
    }

    private record Balances(long[] free, long[] locked, long[] feeRates, boolean frozen, long updateNanos) {
        static Balances of(final Engine engine, final long accountId, final List<Catalog.Asset> assets) {
            final long[] free = new long[assets.size()];
            final long[] locked = new long[assets.size()];
            for (int i = 0; i < free.length; i++) {
                free[i] = engine.free(accountId, assets.get(i).id());
                locked[i] = engine.locked(accountId, assets.get(i).id());
            }
            final long[] rates = engine.feeRates(accountId);
            return new Balances(free, locked, rates == null ? new long[2] : rates, engine.isFrozen(accountId), engine.lastTimestamp());
        }
    }

    private Future<Reply> account(final ApiRequest request) {
        final boolean omitZero = request.params().optionalBoolean("omitZeroBalances", false);
        final long account = request.accountId();
        final boolean canTrade = request.key().canTrade();
        final List<Catalog.Asset> assets = catalog.assets();
        return request.onContext(bus.query(engine -> Balances.of(engine, account, assets))).map(b -> {
            final long maker = b.feeRates()[0];
            final long taker = b.feeRates()[1];
            final Json json = new Json(256 + 96 * assets.size()).beginObject().field("makerCommission", maker / 100)
                .field("takerCommission", taker / 100).field("buyerCommission", 0).field("sellerCommission", 0);
            json.name("commissionRates").beginObject().decimal("maker", maker * 100, 8).decimal("taker", taker * 100, 8).decimal("buyer", 0, 8)
                .decimal("seller", 0, 8).endObject();
            json.field("canTrade", canTrade && !b.frozen()).field("canWithdraw", !b.frozen()).field("canDeposit", true).field("brokered", false)
                .field("requireSelfTradePrevention", false).field("preventSor", false).field("updateTime", b.updateNanos() / 1_000_000)
                .field("accountType", "SPOT").name("balances").beginArray();
            for (int i = 0; i < assets.size(); i++) {
                if (omitZero && b.free()[i] == 0 && b.locked()[i] == 0) {
                    continue;
                }
                final int scale = assets.get(i).scale();
                json.beginObject().field("asset", assets.get(i).name()).decimal("free", b.free()[i], scale).decimal("locked", b.locked()[i], scale)
                    .endObject();
            }
            json.endArray().name("permissions").beginArray().value("SPOT").endArray().field("uid", account);
            return Reply.ok(json.endObject());
        });
    }

    private Future<Reply> myTrades(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final Long orderId = p.optionalLong("orderId");
        final Long fromId = p.optionalLong("fromId");
        final Long start = p.optionalLong("startTime");
        final Long end = p.optionalLong("endTime");
        if ((orderId != null || fromId != null) && (start != null || end != null)) {
            throw ApiError.badCombination().exception();
        }
        OrderEndpoints.checkRange(start, end);
        final int limit = p.limit("limit", 500, 1000, false);
        final long account = request.accountId();
        final long seq = bus.durableSeq();
        return request.blocking(() -> {
            if (!history.awaitSeq(seq, historyWaitMillis)) {
                throw ApiError.timeout().exception();
            }
            return history.store().myTrades(market.id(), account, orderId, fromId, start, end, limit);
        }).map(trades -> {
            final Json json = new Json(256 * trades.size() + 2).beginArray();
            for (final TradeRecord t : trades) {
                if (t.buyAccountId() == account && (orderId == null || t.buyOrderId() == orderId)) {
                    writeTrade(json, market, t, true);
                }
                if (t.sellAccountId() == account && (orderId == null || t.sellOrderId() == orderId)) {
                    writeTrade(json, market, t, false);
                }
            }
            return Reply.ok(json.endArray());
        });
    }

    private static void writeTrade(final Json json, final Catalog.Market m, final TradeRecord t, final boolean buyer) {
        final int qs = m.quote().scale();
        json.beginObject().field("symbol", m.name()).field("id", t.tradeId()).field("orderId", buyer ? t.buyOrderId() : t.sellOrderId())
            .field("orderListId", -1).decimal("price", t.price(), qs).decimal("qty", t.quantity(), m.base().scale())
            .decimal("quoteQty", t.quoteQty(), qs).decimal("commission", buyer ? t.buyerFee() : t.sellerFee(), qs)
            .field("commissionAsset", m.quote().name()).field("time", t.timeMillis()).field("isBuyer", buyer)
            .field("isMaker", buyer == t.buyerIsMaker()).field("isBestMatch", true).endObject();
    }
}
