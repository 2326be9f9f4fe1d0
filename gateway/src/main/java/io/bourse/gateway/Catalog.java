package io.bourse.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.SymbolSpec;
import io.bourse.engine.SymbolStatus;

/**
 * The gateway's copy of the static market configuration (assets with their scales, symbols with their filters), used
 * to parse requests without asking the engine. Built from the engine once at start, then kept current from the
 * engine's own events ({@code AddAsset}, {@code AddSymbol}, {@code SetSymbolStatus}), so it never runs ahead of the
 * engine. Readers see immutable snapshots; only the sequencer thread writes.
 */
public final class Catalog {

    /**
     * An asset.
     *
     * @param id    engine id
     * @param name  e.g. BTC
     * @param scale decimals
     */
    public record Asset(int id, String name, int scale) {
    }

    /**
     * A symbol with its assets.
     *
     * @param spec   the engine's spec
     * @param base   base asset
     * @param quote  quote asset
     * @param status trading status
     */
    public record Market(SymbolSpec spec, Asset base, Asset quote, SymbolStatus status) {
        /** The symbol's name. */
        public String name() {
            return spec.name();
        }

        /** The symbol's id. */
        public int id() {
            return spec.symbolId();
        }
    }

    private record Snapshot(Map<String, Asset> assets, Map<Integer, Asset> assetsById, Map<String, Market> markets,
        Map<Integer, Market> marketsById, List<Market> ordered) {
    }

    private volatile Snapshot snapshot;
    private final Map<Integer, Long> lastTradeMillis = new ConcurrentHashMap<>();

    private Catalog(final Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** An empty catalog, to be {@link #load}ed. */
    public static Catalog empty() {
        return new Catalog(new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), List.of()));
    }

    /** Replaces the contents with the engine's current state (call on the engine's thread); returns this. */
    public Catalog load(final Engine engine) {
        snapshot = of(engine).snapshot;
        return this;
    }

    /** The catalog of an engine's current state (call on the engine's thread). */
    public static Catalog of(final Engine engine) {
        final Map<String, Asset> assets = new HashMap<>();
        final Map<Integer, Asset> assetsById = new HashMap<>();
        for (int id = 0; id < engine.assetIdBound(); id++) {
            if (engine.assetName(id) != null) {
                final Asset asset = new Asset(id, engine.assetName(id), engine.assetScale(id));
                assets.put(asset.name(), asset);
                assetsById.put(id, asset);
            }
        }
        final Map<String, Market> markets = new HashMap<>();
        final Map<Integer, Market> marketsById = new HashMap<>();
        final List<Market> ordered = new ArrayList<>();
        for (final int id : engine.symbolIds()) {
            final SymbolSpec spec = engine.symbolSpec(id);
            final Market market = new Market(spec, assetsById.get(spec.baseAssetId()), assetsById.get(spec.quoteAssetId()), engine.symbolStatus(id));
            markets.put(market.name(), market);
            marketsById.put(id, market);
            ordered.add(market);
        }
        return new Catalog(new Snapshot(assets, assetsById, markets, marketsById, ordered));
    }

    /** Follows the engine's administrative events (call on the sequencer thread, in order). */
    public void apply(final List<Event> events) {
        for (final Event event : events) {
            if (event instanceof Event.Trade trade) {
                lastTradeMillis.put(trade.symbolId(), trade.timestampNanos() / 1_000_000);
            } else if (event instanceof Event.AdminApplied admin) {
                switch (admin.command()) {
                    case Command.AddAsset c -> addAsset(new Asset(c.assetId(), c.name(), c.scale()));
                    case Command.AddSymbol c -> putMarket(c.spec(), SymbolStatus.TRADING);
                    case Command.SetSymbolStatus c -> {
                        final Market market = snapshot.marketsById().get(c.symbolId());
                        if (market != null) {
                            putMarket(market.spec(), c.status());
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    private void addAsset(final Asset asset) {
        final Snapshot s = snapshot;
        final Map<String, Asset> assets = new HashMap<>(s.assets());
        final Map<Integer, Asset> assetsById = new HashMap<>(s.assetsById());
        assets.put(asset.name(), asset);
        assetsById.put(asset.id(), asset);
        snapshot = new Snapshot(assets, assetsById, s.markets(), s.marketsById(), s.ordered());
    }

    private void putMarket(final SymbolSpec spec, final SymbolStatus status) {
        final Snapshot s = snapshot;
        final Market market = new Market(spec, s.assetsById().get(spec.baseAssetId()), s.assetsById().get(spec.quoteAssetId()), status);
        final Map<String, Market> markets = new HashMap<>(s.markets());
        final Map<Integer, Market> marketsById = new HashMap<>(s.marketsById());
        markets.put(market.name(), market);
        marketsById.put(market.id(), market);
        final List<Market> ordered = new ArrayList<>(marketsById.values());
        ordered.sort((a, b) -> Integer.compare(a.id(), b.id()));
        snapshot = new Snapshot(s.assets(), s.assetsById(), markets, marketsById, List.copyOf(ordered));
    }

    /** The symbol, or null. */
    public Market market(final String name) {
        return snapshot.markets().get(name);
    }

    /** The symbol, or null. */
    public Market market(final int symbolId) {
        return snapshot.marketsById().get(symbolId);
    }

    /** Every symbol, by id. */
    public List<Market> markets() {
        return snapshot.ordered();
    }

    /** The asset, or null. */
    public Asset asset(final String name) {
        return snapshot.assets().get(name);
    }

    /** The asset, or null. */
    public Asset asset(final int assetId) {
        return snapshot.assetsById().get(assetId);
    }

    /** Every asset, by id. */
    public List<Asset> assets() {
        final List<Asset> list = new ArrayList<>(snapshot.assetsById().values());
        list.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return list;
    }

    /** Time of the symbol's last trade in epoch millis, or 0. */
    public long lastTradeMillis(final int symbolId) {
        return lastTradeMillis.getOrDefault(symbolId, 0L);
    }

    /** Sets the time of the symbol's last trade (at start, from the history). */
    public void lastTradeMillis(final int symbolId, final long millis) {
        lastTradeMillis.merge(symbolId, millis, Math::max);
    }
}
