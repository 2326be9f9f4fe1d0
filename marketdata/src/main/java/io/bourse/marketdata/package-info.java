/**
 * Market data: Binance's market streams computed from the engine's events, independent of any transport.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link io.bourse.marketdata.MarketDataProjector}: fed every command's events in sequence order on the
 *       sequencer's thread; keeps per symbol the aggregated book with its {@code lastUpdateId}, aggregate trades, klines
 *       of every interval and the rolling 24-hour window; publishes {@link io.bourse.marketdata.MarketDataUpdate}s to one
 *       {@link io.bourse.marketdata.MarketDataListener}; answers {@code depth} snapshots on any thread.</li>
 *   <li>{@link io.bourse.marketdata.DepthConflator}: one per symbol and speed, merges diffs for {@code @depth@100ms}
 *       and the 1000 ms {@code @depth}.</li>
 *   <li>{@link io.bourse.marketdata.BinanceJson}: each update as its Binance payload.</li>
 * </ul>
 *
 * <h2>Wiring (for the gateway)</h2>
 * <ol>
 *   <li>Create the projector with the listener that fans updates out to the transport, and before the next command
 *       {@link io.bourse.marketdata.MarketDataProjector#bootstrap bootstrap} it from the recovered engine on the
 *       engine's thread (e.g. inside the sequencer's query), or feed it from the journal's first command.</li>
 *   <li>Call {@link io.bourse.marketdata.MarketDataProjector#onCommand onCommand(seq, timestampNanos, events)} in the
 *       sequencer's result callback, for every command, in order; and
 *       {@link io.bourse.marketdata.MarketDataProjector#advanceTime advanceTime} on the same thread about once a
 *       second (candles close and the 24-hour window moves without trades).</li>
 *   <li>Serve REST {@code depth} and the {@code @depthN} streams from
 *       {@link io.bourse.marketdata.MarketDataProjector#depth depth}, whose {@code lastUpdateId} matches the diffs (the
 *       engine's own depth has no update id).</li>
 *   <li>A subscriber to a diff stream must be registered for diffs before it fetches its snapshot; it then follows
 *       Binance's documented procedure, and the ids never skip.</li>
 * </ol>
 */
package io.bourse.marketdata;
