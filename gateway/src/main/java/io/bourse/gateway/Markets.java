package io.bourse.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bourse.engine.Command;
import io.bourse.engine.StpMode;
import io.bourse.engine.SymbolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The markets configuration: assets, fee tiers, symbols with Binance's filters (as decimal strings), and the demo
 * accounts funded at genesis. The default is {@code default-markets.json} beside this class (BTC, ETH, USDT; BTCUSDT
 * and ETHUSDT as Binance configures them; two demo accounts); {@code --config FILE} names another file of the same
 * form. At genesis everything is created; on an existing journal only assets and symbols the engine does not have yet
 * are added, so a config file can bring new markets to a running exchange.
 */
public final class Markets {

    /**
     * An asset.
     *
     * @param name  e.g. BTC
     * @param scale decimals
     */
    public record AssetDef(String name, int scale) {
    }

    /**
     * A demo account.
     *
     * @param name     holder name
     * @param country  ISO country
     * @param kycTier  KYC tier
     * @param balances asset name to decimal amount
     */
    public record DemoAccount(String name, String country, int kycTier, Map<String, String> balances) {
    }

    private final List<AssetDef> assets;
    private final List<Command.SetFeeTier> feeTiers;
    private final List<JsonObject> symbols;
    private final List<DemoAccount> demoAccounts;

    private Markets(final List<AssetDef> assets, final List<Command.SetFeeTier> feeTiers, final List<JsonObject> symbols,
        final List<DemoAccount> demoAccounts) {
        this.assets = assets;
        this.feeTiers = feeTiers;
        this.symbols = symbols;
        this.demoAccounts = demoAccounts;
    }

    /** The built-in markets. */
    public static Markets defaults() {
        try (InputStream in = Markets.class.getResourceAsStream("default-markets.json")) {
            if (in == null) {
                throw new IllegalStateException("default-markets.json is missing from the gateway jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The markets of a file, or the defaults when {@code file} is null. */
    public static Markets load(final Path file) {
        if (file == null) {
            return defaults();
        }
        try {
            return parse(Files.readString(file));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the markets file " + file, e);
        }
    }

    /** Parses the JSON form; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Markets parse(final String text) {
        try {
            final JsonObject root = new JsonObject(text);
            final List<AssetDef> assets = new ArrayList<>();
            for (final Object o : root.getJsonArray("assets", new JsonArray())) {
                final JsonObject a = (JsonObject) o;
                assets.add(new AssetDef(a.getString("name"), a.getInteger("scale")));
            }
            final List<Command.SetFeeTier> tiers = new ArrayList<>();
            for (final Object o : root.getJsonArray("feeTiers", new JsonArray())) {
                final JsonObject t = (JsonObject) o;
                tiers.add(new Command.SetFeeTier(t.getInteger("tier"), t.getLong("makerPpm"), t.getLong("takerPpm")));
            }
            final List<JsonObject> symbols = new ArrayList<>();
            for (final Object o : root.getJsonArray("symbols", new JsonArray())) {
                symbols.add((JsonObject) o);
            }
            final List<DemoAccount> demos = new ArrayList<>();
            for (final Object o : root.getJsonArray("demoAccounts", new JsonArray())) {
                final JsonObject d = (JsonObject) o;
                final Map<String, String> balances = new LinkedHashMap<>();
                d.getJsonObject("balances", new JsonObject()).forEach(e -> balances.put(e.getKey(), String.valueOf(e.getValue())));
                demos.add(new DemoAccount(d.getString("name"), d.getString("country", "DE"), d.getInteger("kycTier", 1), balances));
            }
            return new Markets(assets, tiers, symbols, demos);
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException("bad markets configuration: " + e.getMessage(), e);
        }
    }

    /** The demo accounts. */
    public List<DemoAccount> demoAccounts() {
        return demoAccounts;
    }

    /**
     * The commands that bring an engine with {@code current} assets and symbols up to this configuration: missing
     * assets and symbols always; fee tiers only at {@code genesis}. Demo accounts are left to the caller (they need
     * account ids and keys).
     */
    public List<Command> commands(final Catalog current, final boolean genesis) {
        final List<Command> commands = new ArrayList<>();
        final Map<String, Catalog.Asset> known = new HashMap<>();
        int nextAssetId = 1;
        for (final Catalog.Asset asset : current.assets()) {
            known.put(asset.name(), asset);
            nextAssetId = Math.max(nextAssetId, asset.id() + 1);
        }
        for (final AssetDef def : assets) {
            if (!known.containsKey(def.name())) {
                final Catalog.Asset asset = new Catalog.Asset(nextAssetId++, def.name(), def.scale());
                known.put(def.name(), asset);
                commands.add(new Command.AddAsset(asset.id(), asset.name(), asset.scale()));
            }
        }
        if (genesis) {
            commands.addAll(feeTiers);
        }
        int nextSymbolId = 1;
        for (final Catalog.Market market : current.markets()) {
            nextSymbolId = Math.max(nextSymbolId, market.id() + 1);
        }
        for (final JsonObject s : symbols) {
            if (current.market(s.getString("symbol")) == null) {
                commands.add(new Command.AddSymbol(spec(s, nextSymbolId++, known)));
            }
        }
        return commands;
    }

    private static SymbolSpec spec(final JsonObject s, final int symbolId, final Map<String, Catalog.Asset> assets) {
        final String name = s.getString("symbol");
        final Catalog.Asset base = assets.get(s.getString("baseAsset"));
        final Catalog.Asset quote = assets.get(s.getString("quoteAsset"));
        if (base == null || quote == null) {
            throw new IllegalArgumentException("symbol " + name + " names an unknown asset");
        }
        final int bs = base.scale();
        final int qs = quote.scale();
        return new SymbolSpec(symbolId, name, base.id(), quote.id(), amount(s, "tickSize", qs), amount(s, "minPrice", qs), amount(s, "maxPrice", qs),
            amount(s, "stepSize", bs), amount(s, "minQty", bs), amount(s, "maxQty", bs), amount(s, "marketStepSize", bs),
            amount(s, "marketMinQty", bs), amount(s, "marketMaxQty", bs), amount(s, "minNotional", qs), s.getBoolean("applyMinToMarket", false),
            amount(s, "maxNotional", qs), s.getBoolean("applyMaxToMarket", false), s.getInteger("avgPriceMins", 5),
            amount(s, "bidMultiplierUp", 4), amount(s, "bidMultiplierDown", 4), amount(s, "askMultiplierUp", 4), amount(s, "askMultiplierDown", 4),
            s.getInteger("maxNumOrders", 0), s.getBoolean("quoteOrderQtyMarketAllowed", true),
            StpMode.valueOf(s.getString("defaultSelfTradePreventionMode", "EXPIRE_MAKER")));
    }

    private static long amount(final JsonObject s, final String field, final int scale) {
        final Object value = s.getValue(field);
        if (value == null) {
            return 0;
        }
        try {
            return Decimals.parse(String.valueOf(value), scale, field);
        } catch (final ApiException e) {
            throw new IllegalArgumentException(s.getString("symbol") + "." + field + ": " + e.getMessage(), e);
        }
    }

    /** A decimal amount of an asset in minor units. */
    public static long units(final String amount, final Catalog.Asset asset) {
        try {
            return Decimals.parse(amount, asset.scale(), asset.name());
        } catch (final ApiException e) {
            throw new IllegalArgumentException("amount of " + asset.name() + ": " + e.getMessage(), e);
        }
    }
}
