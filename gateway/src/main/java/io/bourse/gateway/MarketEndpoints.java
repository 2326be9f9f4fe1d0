package io.bourse.gateway;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.bourse.engine.Engine;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.SymbolStatus;
import io.bourse.history.AggTradeRecord;
import io.bourse.history.HistoryProjector;
import io.bourse.marketdata.KlineInterval;
import io.bourse.history.KlineRecord;
import io.bourse.history.TickerRecord;
import io.bourse.history.TradeRecord;
import io.bourse.marketdata.DepthSnapshot;
import io.bourse.marketdata.PriceLevels;
import io.vertx.core.Future;

/**
 * Binance's public endpoints: ping, time, exchangeInfo, depth, trades, historicalTrades, aggTrades, klines,
 * uiKlines, avgPrice and the tickers. What lives in the engine (books, last and average prices, symbol status) is read
 * with a query on the engine thread; what is history (trades, klines, 24-hour statistics) from the history store,
 * once it has caught up with the request.
 */
public final class MarketEndpoints {
    private static final Set<String> NONE = Set.of();
    private static final Set<String> EXCHANGE_INFO = Set.of("symbol", "symbols", "permissions", "showPermissionSets", "symbolStatus");
    private static final Set<String> DEPTH = Set.of("symbol", "limit", "symbolStatus");
    private static final Set<String> TRADES = Set.of("symbol", "limit");
    private static final Set<String> HISTORICAL_TRADES = Set.of("symbol", "limit", "fromId");
    private static final Set<String> AGG_TRADES = Set.of("symbol", "fromId", "startTime", "endTime", "limit");
    private static final Set<String> KLINES = Set.of("symbol", "interval", "startTime", "endTime", "timeZone", "limit");
    private static final Set<String> SYMBOL = Set.of("symbol");
    private static final Set<String> TICKERS = Set.of("symbol", "symbols", "type", "symbolStatus");
    private static final Set<String> PRICE_TICKERS = Set.of("symbol", "symbols", "symbolStatus");
    private static final String[] ORDER_TYPES = {"LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
        "TAKE_PROFIT_LIMIT"};
    private static final int MAX_DEPTH = 5000;

    /** Books with the update ids of the diff depth streams. */
    @FunctionalInterface
    public interface DepthSource {
        /** The best {@code limit} levels of each side and their update id, or null when not available (then the engine answers). */
        DepthSnapshot depth(int symbolId, int limit);
    }

    private final Catalog catalog;
    private final CommandBus bus;
    private final DepthSource depthSource;
    private final HistoryProjector history;
    private final RateLimiter.Limits limits;
    private final long historyWaitMillis;

    /** The endpoints over these parts. */
    public MarketEndpoints(final Catalog catalog, final CommandBus bus, final DepthSource depthSource, final HistoryProjector history,
        final RateLimiter.Limits limits, final long historyWaitMillis) {
        this.catalog = catalog;
        this.bus = bus;
        this.depthSource = depthSource;
        this.history = history;
        this.limits = limits;
        this.historyWaitMillis = historyWaitMillis;
    }

    /** Adds the routes. */
    public void register(final Router router) {
        router.add(new Router.Route("GET", "/api/v3/ping", Router.Security.NONE, NONE, p -> 1, r -> Future.succeededFuture(Reply.ok("{}"))));
        router.add(new Router.Route("GET", "/api/v3/time", Router.Security.NONE, NONE, p -> 1,
            r -> Future.succeededFuture(Reply.ok(new Json(32).beginObject().field("serverTime", r.receivedMillis()).endObject()))));
        router.add(new Router.Route("GET", "/api/v3/exchangeInfo", Router.Security.NONE, EXCHANGE_INFO, p -> 20, this::exchangeInfo));
        router.add(new Router.Route("GET", "/api/v3/depth", Router.Security.NONE, DEPTH, MarketEndpoints::depthWeight, this::depth));
        router.add(new Router.Route("GET", "/api/v3/trades", Router.Security.NONE, TRADES, p -> 25, this::trades));
        router.add(new Router.Route("GET", "/api/v3/historicalTrades", Router.Security.NONE, HISTORICAL_TRADES, p -> 25, this::trades));
        router.add(new Router.Route("GET", "/api/v3/aggTrades", Router.Security.NONE, AGG_TRADES, p -> 4, this::aggTrades));
        router.add(new Router.Route("GET", "/api/v3/klines", Router.Security.NONE, KLINES, p -> 2, this::klines));
        router.add(new Router.Route("GET", "/api/v3/uiKlines", Router.Security.NONE, KLINES, p -> 2, this::klines));
        router.add(new Router.Route("GET", "/api/v3/avgPrice", Router.Security.NONE, SYMBOL, p -> 2, this::avgPrice));
        router.add(new Router.Route("GET", "/api/v3/ticker/24hr", Router.Security.NONE, TICKERS, MarketEndpoints::tickerWeight, this::ticker24h));
        router.add(new Router.Route("GET", "/api/v3/ticker/price", Router.Security.NONE, PRICE_TICKERS, p -> p.has("symbol") ? 2 : 4,
            this::tickerPrice));
        router.add(new Router.Route("GET", "/api/v3/ticker/bookTicker", Router.Security.NONE, PRICE_TICKERS, p -> p.has("symbol") ? 2 : 4,
            this::bookTicker));
    }

    // ------------------------------------------------------------------------------------------------ exchangeInfo

    private Future<Reply> exchangeInfo(final ApiRequest request) {
        final Params p = request.params();
        final List<Catalog.Market> wanted = Symbols.oneOrList(catalog, p);
        final SymbolStatus statusFilter = symbolStatus(p.optional("symbolStatus"));
        if (statusFilter != null && wanted != null) {
            throw ApiError.badCombination().exception();
        }
        final String permissions = p.optional("permissions");
        p.optionalBoolean("showPermissionSets", true);
        return request.onContext(bus.query(Catalog::of)).map(current -> {
            final Json json = new Json(4096).beginObject().field("timezone", "UTC").field("serverTime", request.receivedMillis());
            writeRateLimits(json.name("rateLimits"));
            json.name("exchangeFilters").beginArray().endArray().name("symbols").beginArray();
            for (final Catalog.Market market : current.markets()) {
                if ((wanted == null || wanted.stream().anyMatch(m -> m.id() == market.id()))
                    && (statusFilter == null || market.status() == statusFilter) && (permissions == null || permissions.contains("SPOT"))) {
                    writeSymbol(json, market);
                }
            }
            return Reply.ok(json.endArray().endObject());
        });
    }

    private static SymbolStatus symbolStatus(final String text) {
        if (text == null) {
            return null;
        }
        for (final SymbolStatus status : SymbolStatus.values()) {
            if (status.name().equals(text)) {
                return status;
            }
        }
        throw new ApiError(400, -1122, "Invalid symbolStatus.").exception();
    }

    private void writeRateLimits(final Json json) {
        json.beginArray();
        json.beginObject().field("rateLimitType", "REQUEST_WEIGHT").field("interval", "MINUTE").field("intervalNum", 1)
            .field("limit", limits.requestWeightPerMinute()).endObject();
        json.beginObject().field("rateLimitType", "ORDERS").field("interval", "SECOND").field("intervalNum", 10)
            .field("limit", limits.ordersPer10Seconds()).endObject();
        json.beginObject().field("rateLimitType", "ORDERS").field("interval", "DAY").field("intervalNum", 1)
            .field("limit", limits.ordersPerDay()).endObject();
        json.endArray();
    }

    private static void writeSymbol(final Json json, final Catalog.Market market) {
        final SymbolSpec s = market.spec();
        final int bs = market.base().scale();
        final int qs = market.quote().scale();
        json.beginObject().field("symbol", s.name()).field("status", market.status().name()).field("baseAsset", market.base().name())
            .field("baseAssetPrecision", bs).field("quoteAsset", market.quote().name()).field("quotePrecision", qs)
            .field("quoteAssetPrecision", qs).field("baseCommissionPrecision", bs).field("quoteCommissionPrecision", qs);
        json.name("orderTypes").beginArray();
        for (final String type : ORDER_TYPES) {
            json.value(type);
        }
        json.endArray().field("icebergAllowed", false).field("ocoAllowed", false).field("otoAllowed", false).field("opoAllowed", false)
            .field("quoteOrderQtyMarketAllowed", s.quoteOrderQtyMarketAllowed()).field("allowTrailingStop", false)
            .field("cancelReplaceAllowed", true).field("amendAllowed", false).field("pegInstructionsAllowed", false)
            .field("isSpotTradingAllowed", true).field("isMarginTradingAllowed", false);
        json.name("filters").beginArray();
        json.beginObject().field("filterType", "PRICE_FILTER").decimal("minPrice", s.minPrice(), qs).decimal("maxPrice", s.maxPrice(), qs)
            .decimal("tickSize", s.tickSize(), qs).endObject();
        json.beginObject().field("filterType", "LOT_SIZE").decimal("minQty", s.minQty(), bs).decimal("maxQty", s.maxQty(), bs)
            .decimal("stepSize", s.stepSize(), bs).endObject();
        json.beginObject().field("filterType", "MARKET_LOT_SIZE").decimal("minQty", s.marketMinQty(), bs).decimal("maxQty", s.marketMaxQty(), bs)
            .decimal("stepSize", s.marketStepSize(), bs).endObject();
        json.beginObject().field("filterType", "NOTIONAL").decimal("minNotional", s.minNotional(), qs).field("applyMinToMarket", s.applyMinToMarket())
            .decimal("maxNotional", s.maxNotional(), qs).field("applyMaxToMarket", s.applyMaxToMarket()).field("avgPriceMins", s.avgPriceMins())
            .endObject();
        if (s.bidMultiplierUp() > 0) {
            json.beginObject().field("filterType", "PERCENT_PRICE_BY_SIDE")
                .field("bidMultiplierUp", Decimals.stripped(s.bidMultiplierUp(), 4))
                .field("bidMultiplierDown", Decimals.stripped(s.bidMultiplierDown(), 4))
                .field("askMultiplierUp", Decimals.stripped(s.askMultiplierUp(), 4))
                .field("askMultiplierDown", Decimals.stripped(s.askMultiplierDown(), 4))
                .field("avgPriceMins", s.avgPriceMins()).endObject();
        }
        if (s.maxNumOrders() > 0) {
            json.beginObject().field("filterType", "MAX_NUM_ORDERS").field("maxNumOrders", s.maxNumOrders()).endObject();
        }
        json.endArray().name("permissions").beginArray().endArray().name("permissionSets").beginArray().beginArray().value("SPOT").endArray()
            .endArray().field("defaultSelfTradePreventionMode", s.defaultStpMode().name()).name("allowedSelfTradePreventionModes").beginArray();
        for (final StpMode mode : StpMode.values()) {
            json.value(mode.name());
        }
        json.endArray().endObject();
    }

    // ------------------------------------------------------------------------------------------------ book

    private record Book(long lastUpdateId, long[] bidPrices, long[] bidQtys, int bids, long[] askPrices, long[] askQtys, int asks) {
        static Book of(final Engine engine, final int symbolId, final int levels) {
            final long[] bp = new long[levels];
            final long[] bq = new long[levels];
            final long[] ap = new long[levels];
            final long[] aq = new long[levels];
            final int bids = engine.depth(symbolId, Side.BUY, levels, bp, bq);
            final int asks = engine.depth(symbolId, Side.SELL, levels, ap, aq);
            return new Book(engine.lastSequence(), bp, bq, bids, ap, aq, asks);
        }
    }

    private static long depthWeight(final Params p) {
        final int limit = p.limit("limit", 100, MAX_DEPTH, true);
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    /**
     * The book from the market data projector, so that its {@code lastUpdateId} is the per-symbol id of the diff depth
     * streams (Binance's local-book procedure depends on it). The sequencer query is a barrier: it runs after every
     * command acknowledged before this request has been projected, so a client sees its own orders; the copy of the
     * levels is then made on this request's thread, not the sequencer's. Without market data the engine's book answers,
     * with the engine's sequence number as the id.
     */
    private Future<Reply> depth(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final int limit = p.limit("limit", 100, MAX_DEPTH, true);
        final SymbolStatus status = symbolStatus(p.optional("symbolStatus"));
        return request.onContext(bus.query(engine -> engine.symbolStatus(market.id()))).compose(current -> {
            if (status != null && current != status) {
                throw new ApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.").exception();
            }
            final DepthSnapshot book = depthSource.depth(market.id(), limit);
            if (book != null) {
                return Future.succeededFuture(depthReply(market, book.lastUpdateId(), book.bids(), book.asks()));
            }
            return request.onContext(bus.query(engine -> Book.of(engine, market.id(), limit))).map(engineBook -> depthReply(market,
                engineBook.lastUpdateId(), PriceLevels.of(engineBook.bidPrices(), engineBook.bidQtys(), engineBook.bids()),
                PriceLevels.of(engineBook.askPrices(), engineBook.askQtys(), engineBook.asks())));
        });
    }

    private static Reply depthReply(final Catalog.Market market, final long lastUpdateId, final PriceLevels bids, final PriceLevels asks) {
        final int qs = market.quote().scale();
        final int bs = market.base().scale();
        final Json json = new Json(64 + 48 * (bids.size() + asks.size())).beginObject().field("lastUpdateId", lastUpdateId);
        json.name("bids").beginArray();
        for (int i = 0; i < bids.size(); i++) {
            json.beginArray().decimalValue(bids.price(i), qs).decimalValue(bids.quantity(i), bs).endArray();
        }
        json.endArray().name("asks").beginArray();
        for (int i = 0; i < asks.size(); i++) {
            json.beginArray().decimalValue(asks.price(i), qs).decimalValue(asks.quantity(i), bs).endArray();
        }
        return Reply.ok(json.endArray().endObject());
    }

    private Future<Reply> bookTicker(final ApiRequest request) {
        final List<Catalog.Market> wanted = Symbols.oneOrList(catalog, request.params());
        final boolean single = request.params().has("symbol");
        final SymbolStatus status = symbolStatus(request.params().optional("symbolStatus"));
        final List<Catalog.Market> markets = wanted != null ? wanted : catalog.markets();
        return request.onContext(bus.query(engine -> {
            final List<Book> books = new ArrayList<>();
            for (final Catalog.Market market : markets) {
                books.add(status == null || engine.symbolStatus(market.id()) == status ? Book.of(engine, market.id(), 1) : null);
            }
            return books;
        })).map(books -> {
            final Json json = new Json(256 * markets.size());
            if (!single) {
                json.beginArray();
            }
            for (int i = 0; i < markets.size(); i++) {
                final Book book = books.get(i);
                if (book == null) {
                    if (single) {
                        throw new ApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.").exception();
                    }
                    continue;
                }
                final Catalog.Market m = markets.get(i);
                json.beginObject().field("symbol", m.name());
                writeTop(json, m, book);
                json.endObject();
            }
            if (!single) {
                json.endArray();
            }
            return Reply.ok(json);
        });
    }

    private static void writeTop(final Json json, final Catalog.Market m, final Book book) {
        final int qs = m.quote().scale();
        final int bs = m.base().scale();
        json.decimal("bidPrice", book.bids() > 0 ? book.bidPrices()[0] : 0, qs).decimal("bidQty", book.bids() > 0 ? book.bidQtys()[0] : 0, bs)
            .decimal("askPrice", book.asks() > 0 ? book.askPrices()[0] : 0, qs).decimal("askQty", book.asks() > 0 ? book.askQtys()[0] : 0, bs);
    }

    private Future<Reply> tickerPrice(final ApiRequest request) {
        final List<Catalog.Market> wanted = Symbols.oneOrList(catalog, request.params());
        final boolean single = request.params().has("symbol");
        final SymbolStatus status = symbolStatus(request.params().optional("symbolStatus"));
        final List<Catalog.Market> markets = wanted != null ? wanted : catalog.markets();
        return request.onContext(bus.query(engine -> {
            final long[] prices = new long[markets.size()];
            for (int i = 0; i < prices.length; i++) {
                final int id = markets.get(i).id();
                prices[i] = status == null || engine.symbolStatus(id) == status ? engine.lastPrice(id) : -1;
            }
            return prices;
        })).map(prices -> {
            final Json json = new Json(64 * markets.size());
            if (!single) {
                json.beginArray();
            }
            for (int i = 0; i < prices.length; i++) {
                if (prices[i] < 0) {
                    if (single) {
                        throw new ApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.").exception();
                    }
                    continue;
                }
                json.beginObject().field("symbol", markets.get(i).name()).decimal("price", prices[i], markets.get(i).quote().scale()).endObject();
            }
            if (!single) {
                json.endArray();
            }
            return Reply.ok(json);
        });
    }

    private Future<Reply> avgPrice(final ApiRequest request) {
        final Catalog.Market market = Symbols.required(catalog, request.params());
        return request.onContext(bus.query(engine -> engine.averagePrice(market.id()))).map(price -> Reply.ok(new Json(96).beginObject()
            .field("mins", market.spec().avgPriceMins()).decimal("price", price, market.quote().scale())
            .field("closeTime", catalog.lastTradeMillis(market.id())).endObject()));
    }

    // ------------------------------------------------------------------------------------------------ history

    private <T> Future<T> fromHistory(final ApiRequest request, final java.util.concurrent.Callable<T> query) {
        final long seq = bus.durableSeq();
        return request.blocking(() -> {
            if (!history.awaitSeq(seq, historyWaitMillis)) {
                throw ApiError.timeout().exception();
            }
            return query.call();
        });
    }

    private Future<Reply> trades(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final int limit = p.limit("limit", 500, 1000, false);
        final Long fromId = p.optionalLong("fromId");
        return fromHistory(request, () -> history.store().trades(market.id(), fromId, limit)).map(trades -> {
            final Json json = new Json(160 * trades.size() + 2).beginArray();
            for (final TradeRecord t : trades) {
                json.beginObject().field("id", t.tradeId()).decimal("price", t.price(), market.quote().scale())
                    .decimal("qty", t.quantity(), market.base().scale()).decimal("quoteQty", t.quoteQty(), market.quote().scale())
                    .field("time", t.timeMillis()).field("isBuyerMaker", t.buyerIsMaker()).field("isBestMatch", true).endObject();
            }
            return Reply.ok(json.endArray());
        });
    }

    private Future<Reply> aggTrades(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final Long fromId = p.optionalLong("fromId");
        final Long start = p.optionalLong("startTime");
        final Long end = p.optionalLong("endTime");
        if (fromId != null && (start != null || end != null)) {
            throw ApiError.badCombination().exception();
        }
        if (start != null && end != null && (end < start || end - start > 3_600_000L)) {
            throw ApiError.badCombination().exception();
        }
        final int limit = p.limit("limit", 500, 1000, false);
        return fromHistory(request, () -> history.store().aggTrades(market.id(), fromId, start, end, limit)).map(aggs -> {
            final Json json = new Json(128 * aggs.size() + 2).beginArray();
            for (final AggTradeRecord a : aggs) {
                json.beginObject().field("a", a.aggId()).decimal("p", a.price(), market.quote().scale())
                    .decimal("q", a.quantity(), market.base().scale())
                    .field("f", a.firstTradeId()).field("l", a.lastTradeId()).field("T", a.timeMillis()).field("m", a.buyerIsMaker())
                    .field("M", true).endObject();
            }
            return Reply.ok(json.endArray());
        });
    }

    private Future<Reply> klines(final ApiRequest request) {
        final Params p = request.params();
        final Catalog.Market market = Symbols.required(catalog, p);
        final KlineInterval interval = KlineInterval.of(p.required("interval"));
        if (interval == null) {
            throw ApiError.invalidInterval().exception();
        }
        final Long start = p.optionalLong("startTime");
        final Long end = p.optionalLong("endTime");
        final String timeZone = p.optional("timeZone");
        if (timeZone != null && !timeZone.matches("^[+-]?0{1,2}(:00)?$")) {
            throw ApiError.invalidParameter("timeZone").exception();
        }
        final int limit = p.limit("limit", 500, 1000, false);
        return fromHistory(request, () -> history.store().klines(market.id(), interval, start, end, limit)).map(klines -> {
            final int qs = market.quote().scale();
            final int bs = market.base().scale();
            final Json json = new Json(200 * klines.size() + 2).beginArray();
            for (final KlineRecord k : klines) {
                json.beginArray().value(k.openTimeMillis()).decimalValue(k.open(), qs).decimalValue(k.high(), qs).decimalValue(k.low(), qs)
                    .decimalValue(k.close(), qs).decimalValue(k.volume(), bs).value(k.closeTimeMillis()).decimalValue(k.quoteVolume(), qs)
                    .value(k.trades()).decimalValue(k.takerBuyBaseVolume(), bs).decimalValue(k.takerBuyQuoteVolume(), qs).value("0").endArray();
            }
            return Reply.ok(json.endArray());
        });
    }

    private static long tickerWeight(final Params p) {
        if (p.has("symbol")) {
            return 2;
        }
        final String list = p.raw("symbols");
        if (list == null) {
            return 80;
        }
        final int count = list.split(",", -1).length;
        return count <= 20 ? 2 : count <= 100 ? 40 : 80;
    }

    private Future<Reply> ticker24h(final ApiRequest request) {
        final Params p = request.params();
        final List<Catalog.Market> wanted = Symbols.oneOrList(catalog, p);
        final boolean single = p.has("symbol");
        final String type = p.optional("type");
        if (type != null && !"FULL".equals(type) && !"MINI".equals(type)) {
            throw new ApiError(400, -1139, "Invalid ticker type.").exception();
        }
        final boolean full = !"MINI".equals(type);
        final SymbolStatus status = symbolStatus(p.optional("symbolStatus"));
        final List<Catalog.Market> markets = wanted != null ? wanted : catalog.markets();
        final long now = request.receivedMillis();
        return request.onContext(bus.query(engine -> {
            final List<Book> books = new ArrayList<>();
            for (final Catalog.Market market : markets) {
                books.add(status == null || engine.symbolStatus(market.id()) == status ? Book.of(engine, market.id(), 1) : null);
            }
            return books;
        })).compose(books -> fromHistory(request, () -> {
            final List<TickerRecord> tickers = new ArrayList<>();
            for (final Catalog.Market market : markets) {
                tickers.add(history.store().ticker24h(market.id(), now));
            }
            return tickers;
        }).map(tickers -> {
            final Json json = new Json(512 * markets.size());
            if (!single) {
                json.beginArray();
            }
            for (int i = 0; i < markets.size(); i++) {
                if (books.get(i) == null) {
                    if (single) {
                        throw new ApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.").exception();
                    }
                    continue;
                }
                writeTicker(json, markets.get(i), tickers.get(i), books.get(i), full);
            }
            if (!single) {
                json.endArray();
            }
            return Reply.ok(json);
        }));
    }

    private static void writeTicker(final Json json, final Catalog.Market m, final TickerRecord t, final Book book, final boolean full) {
        final int qs = m.quote().scale();
        final int bs = m.base().scale();
        json.beginObject().field("symbol", m.name());
        if (full) {
            final long change = t.count() == 0 ? 0 : t.lastPrice() - t.openPrice();
            final String percent = t.openPrice() == 0 ? "0.000"
                : BigDecimal.valueOf(change).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(t.openPrice()), 3, RoundingMode.HALF_UP)
                    .toPlainString();
            final long weighted = t.volume() == 0 ? 0
                : BigDecimal.valueOf(t.quoteVolume()).movePointRight(bs).divide(BigDecimal.valueOf(t.volume()), 0, RoundingMode.HALF_UP).longValue();
            json.decimal("priceChange", change, qs).field("priceChangePercent", percent).decimal("weightedAvgPrice", weighted, qs)
                .decimal("prevClosePrice", t.prevClosePrice(), qs).decimal("lastPrice", t.lastPrice(), qs).decimal("lastQty", t.lastQty(), bs);
            writeTop(json, m, book);
            json.decimal("openPrice", t.openPrice(), qs);
        } else {
            json.decimal("openPrice", t.openPrice(), qs);
        }
        json.decimal("highPrice", t.highPrice(), qs).decimal("lowPrice", t.lowPrice(), qs);
        if (!full) {
            json.decimal("lastPrice", t.lastPrice(), qs);
        }
        json.decimal("volume", t.volume(), bs).decimal("quoteVolume", t.quoteVolume(), qs).field("openTime", t.openTimeMillis())
            .field("closeTime", t.closeTimeMillis()).field("firstId", t.firstTradeId()).field("lastId", t.lastTradeId()).field("count", t.count())
            .endObject();
    }
}
