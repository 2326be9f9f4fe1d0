package io.bourse.gateway;

import java.util.concurrent.atomic.AtomicLong;

import io.bourse.engine.Command;
import io.bourse.engine.Event;
import io.bourse.engine.SymbolStatus;
import io.bourse.history.HistoryProjector;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The operator's API under {@code /admin/v1} ({@code Authorization: Bearer <admin token>}, JSON in and out): open
 * accounts with API keys, credit deposits and debit withdrawals, halt and resume symbols, freeze and unfreeze
 * accounts, and a health report. Every change is a journaled command, like any order.
 */
public final class AdminEndpoints {
    private static final int MAX_NAME = 64;

    private final Catalog catalog;
    private final CommandBus bus;
    private final ApiKeyStore keys;
    private final HistoryProjector history;
    private final AtomicLong nextAccountId;

    /** The endpoints; new accounts get ids from {@code firstFreeAccountId} on. */
    public AdminEndpoints(final Catalog catalog, final CommandBus bus, final ApiKeyStore keys, final HistoryProjector history,
        final long firstFreeAccountId) {
        this.catalog = catalog;
        this.bus = bus;
        this.keys = keys;
        this.history = history;
        this.nextAccountId = new AtomicLong(firstFreeAccountId);
    }

    /** Adds the routes. */
    public void register(final Router router) {
        router.add(new Router.Route("POST", "/admin/v1/accounts", Router.Security.ADMIN, null, p -> 0, this::createAccount));
        router.add(new Router.Route("POST", "/admin/v1/deposits", Router.Security.ADMIN, null, p -> 0, r -> balance(r, true)));
        router.add(new Router.Route("POST", "/admin/v1/withdrawals", Router.Security.ADMIN, null, p -> 0, r -> balance(r, false)));
        router.add(new Router.Route("POST", "/admin/v1/symbols/{}/halt", Router.Security.ADMIN, null, p -> 0,
            r -> symbolStatus(r, SymbolStatus.HALT)));
        router.add(new Router.Route("POST", "/admin/v1/symbols/{}/resume", Router.Security.ADMIN, null, p -> 0,
            r -> symbolStatus(r, SymbolStatus.TRADING)));
        router.add(new Router.Route("POST", "/admin/v1/accounts/{}/freeze", Router.Security.ADMIN, null, p -> 0, r -> freeze(r, true)));
        router.add(new Router.Route("POST", "/admin/v1/accounts/{}/unfreeze", Router.Security.ADMIN, null, p -> 0, r -> freeze(r, false)));
        router.add(new Router.Route("GET", "/admin/v1/health", Router.Security.ADMIN, null, p -> 0, this::health));
    }

    private Future<Reply> createAccount(final ApiRequest request) {
        final JsonObject body = json(request.body());
        final String name = string(body, "name", true);
        if (name.length() > MAX_NAME) {
            throw ApiError.invalidParameter("name").exception();
        }
        final String country = string(body, "country", true);
        if (!country.matches("^[A-Z]{2}$")) {
            throw ApiError.invalidParameter("country").exception();
        }
        final long kycTier = number(body, "kycTier");
        if (kycTier > Integer.MAX_VALUE) {
            throw ApiError.invalidParameter("kycTier").exception();
        }
        final String publicKeyText = string(body, "ed25519PublicKey", false);
        final String publicKey;
        try {
            publicKey = publicKeyText == null ? null : ApiKey.canonicalEd25519(publicKeyText);
        } catch (final IllegalArgumentException e) {
            throw ApiError.invalidParameter("ed25519PublicKey").exception();
        }
        final Object canTradeValue = body.getValue("canTrade");
        if (canTradeValue != null && !(canTradeValue instanceof Boolean)) {
            throw ApiError.invalidParameter("canTrade").exception();
        }
        final boolean canTrade = canTradeValue == null || (Boolean) canTradeValue;
        final long accountId = nextAccountId.getAndIncrement();
        return request.onContext(bus.submit(new Command.CreateAccount(accountId, 0, country, (int) kycTier))).compose(result -> {
            final ApiError rejected = rejection(result);
            if (rejected != null) {
                return Future.succeededFuture(Reply.error(rejected));
            }
            final String secret = publicKey == null ? ApiKeyStore.randomToken() : null;
            final ApiKey key = new ApiKey(ApiKeyStore.randomToken(), accountId, name, secret, publicKey, canTrade, false);
            return request.blocking(() -> {
                keys.add(key);
                return Reply.ok(new Json(256).beginObject().field("accountId", accountId).field("apiKey", key.apiKey())
                    .field("secretKey", secret).endObject());
            });
        });
    }

    private Future<Reply> balance(final ApiRequest request, final boolean deposit) {
        final JsonObject body = json(request.body());
        final long accountId = number(body, "accountId");
        final Catalog.Asset asset = catalog.asset(string(body, "asset", true));
        if (asset == null) {
            throw ApiError.invalidParameter("asset").exception();
        }
        final long amount = Decimals.parse(string(body, "amount", true), asset.scale(), "amount");
        if (amount <= 0) {
            throw ApiError.invalidParameter("amount").exception();
        }
        final String given = string(body, "reference", false);
        final String reference = given != null ? given : (deposit ? "admin-deposit-" : "admin-withdrawal-") + NewOrder.random();
        final Command command = deposit ? new Command.Deposit(accountId, asset.id(), amount, reference)
            : new Command.Withdraw(accountId, asset.id(), amount, reference);
        return request.onContext(bus.submit(command)).map(result -> {
            final ApiError rejected = rejection(result);
            if (rejected != null) {
                return Reply.error(rejected);
            }
            final Json json = new Json(256).beginObject().field("seq", result.seq()).field("accountId", accountId).field("asset", asset.name())
                .decimal("amount", amount, asset.scale()).field("reference", reference);
            for (final Event event : result.events()) {
                if (event instanceof Event.BalanceChanged b && b.accountId() == accountId && b.assetId() == asset.id()) {
                    json.decimal("free", b.free(), asset.scale()).decimal("locked", b.locked(), asset.scale());
                }
            }
            return Reply.ok(json.endObject());
        });
    }

    private Future<Reply> symbolStatus(final ApiRequest request, final SymbolStatus status) {
        final Catalog.Market market = catalog.market(request.pathParam());
        if (market == null) {
            throw ApiError.invalidSymbol().exception();
        }
        return request.onContext(bus.submit(new Command.SetSymbolStatus(market.id(), status))).map(result -> {
            final ApiError rejected = rejection(result);
            return rejected != null ? Reply.error(rejected)
                : Reply.ok(new Json(96).beginObject().field("symbol", market.name()).field("status", status.name()).endObject());
        });
    }

    private Future<Reply> freeze(final ApiRequest request, final boolean frozen) {
        // Digits only, as for a JSON accountId: Long.parseLong would also take "+1" and "-1".
        final String id = request.pathParam();
        if (!id.matches("^[0-9]{1,18}$")) {
            throw ApiError.invalidParameter("accountId").exception();
        }
        final long accountId = Long.parseLong(id);
        final Command command = frozen ? new Command.FreezeAccount(accountId) : new Command.UnfreezeAccount(accountId);
        return request.onContext(bus.submit(command)).map(result -> {
            final ApiError rejected = rejection(result);
            if (rejected != null) {
                return Reply.error(rejected);
            }
            int canceled = 0;
            for (final Event event : result.events()) {
                if (event instanceof Event.OrderClosed) {
                    canceled++;
                }
            }
            return Reply.ok(new Json(96).beginObject().field("accountId", accountId).field("frozen", frozen).field("canceledOrders", canceled)
                .endObject());
        });
    }

    private record Health(long sequence, String digest) {
    }

    private Future<Reply> health(final ApiRequest request) {
        return request.onContext(bus.query(engine -> new Health(engine.lastSequence(), engine.digestHex()))).map(h -> Reply.ok(new Json(256)
            .beginObject().field("status", "UP").field("sequence", h.sequence()).field("stateDigest", h.digest())
            .field("journalPosition", bus.durableSeq()).field("projectedSeq", history.projectedSeq()).endObject()));
    }

    private static ApiError rejection(final CommandBus.Result result) {
        for (final Event event : result.events()) {
            if (event instanceof Event.CommandRejected rejected) {
                return ApiError.of(rejected.reason());
            }
        }
        return null;
    }

    private static JsonObject json(final String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.invalidJson().exception();
        }
        try {
            return new JsonObject(body);
        } catch (final DecodeException | ClassCastException e) {
            throw ApiError.invalidJson().exception();
        }
    }

    private static String string(final JsonObject body, final String name, final boolean mandatory) {
        final Object value = body.getValue(name);
        if (value == null) {
            if (mandatory) {
                throw ApiError.mandatory(name).exception();
            }
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw ApiError.invalidParameter(name).exception();
        }
        return text;
    }

    private static long number(final JsonObject body, final String name) {
        final Object value = body.getValue(name);
        if (value == null) {
            throw ApiError.mandatory(name).exception();
        }
        if (value instanceof Integer || value instanceof Long) {
            final long n = ((Number) value).longValue();
            if (n < 0) {
                throw ApiError.invalidParameter(name).exception();
            }
            return n;
        }
        if (value instanceof String text && text.matches("^[0-9]{1,18}$")) {
            return Long.parseLong(text);
        }
        throw ApiError.invalidParameter(name).exception();
    }
}
