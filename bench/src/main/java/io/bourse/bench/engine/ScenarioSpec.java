package io.bourse.bench.engine;

/**
 * The shape of one scenario: how many symbols, accounts and resting orders, and how many commands to time.
 *
 * @param name              shown in the table (a, b1, b2)
 * @param symbols           number of symbols
 * @param accounts          number of accounts, ids 1..accounts
 * @param accountsPerSymbol how many of them trade each symbol (every account funds only the symbols it trades)
 * @param restingPerSymbol  resting orders per book: the pre-fill size, and the level the mix hovers around
 * @param benchCommands     commands in the timed mix
 * @param seed              generator seed
 */
public record ScenarioSpec(String name, int symbols, int accounts, int accountsPerSymbol, int restingPerSymbol, int benchCommands,
                           long seed) {

    /** The reference (and starting mid) price of a symbol, in ticks: 30000.00 for the first, lower for the others. */
    public long referencePrice(final int symbolIndex) {
        return 3_000_000L - 20_000L * symbolIndex;
    }

    /** The lowest price the stream ever uses for a symbol (a market sell is an IOC at this price for exchange-core). */
    public long floorPrice(final int symbolIndex) {
        return referencePrice(symbolIndex) * 3 / 4;
    }

    /** The highest price the stream ever uses for a symbol (a market buy is an IOC at this price for exchange-core). */
    public long capPrice(final int symbolIndex) {
        return referencePrice(symbolIndex) * 5 / 4;
    }

    /** The account with this index in the pool of the symbol. */
    public long account(final int symbolIndex, final int poolIndex) {
        return 1 + ((long) symbolIndex * (accounts / Math.max(1, symbols)) + poolIndex) % accounts;
    }

    /** Total resting orders after the pre-fill. */
    public int totalResting() {
        return symbols * restingPerSymbol;
    }
}
