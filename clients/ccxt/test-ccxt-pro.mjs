// Drives the real, unmodified ccxt.pro Binance client (ccxt's WebSocket side) against a running Bourse node.
//
//   node test-ccxt-pro.mjs [BASE_URL BUYER_KEY BUYER_SECRET SELLER_KEY SELLER_SECRET [SEED]]
//
// or with the environment variables BOURSE_URL, BOURSE_BUYER_KEY, BOURSE_BUYER_SECRET, BOURSE_SELLER_KEY,
// BOURSE_SELLER_SECRET and BOURSE_SEED. The buyer must hold USDT only and the seller BTC only, on a BTCUSDT book nobody
// else trades (gateway's CcxtProClientTest opens and funds two fresh accounts). While the two accounts trade over REST
// (ccxt's createOrder/cancelOrder), the buyer's ccxt.pro instance watches the order book, the public trades, the
// 1-minute candles (market streams at /ws) and its own orders and balance (WebSocket API at /ws-api/v3, as ccxt.pro
// uses for Binance spot user data). At the quiet point after the trading, what each watcher shows must equal what
// the REST API says. Prints one JSON summary on stdout ({"ok": true|false, "checks": [...], ...}); exits 0 only when
// every check passed.
import ccxt from 'ccxt';
import { proExchange } from './node.mjs';

const argv = process.argv.slice(2);
const BASE = (argv[0] || process.env.BOURSE_URL || '').replace(/\/+$/, '');
const BUYER = { apiKey: argv[1] || process.env.BOURSE_BUYER_KEY, secret: argv[2] || process.env.BOURSE_BUYER_SECRET };
const SELLER = { apiKey: argv[3] || process.env.BOURSE_SELLER_KEY, secret: argv[4] || process.env.BOURSE_SELLER_SECRET };
const SEED = Number(argv[5] || process.env.BOURSE_SEED || Date.now() % 1000000007);
const SYMBOL = 'BTC/USDT';
const ORDERS = 40;
const WAIT_MS = 20000;

const summary = { ok: false, ccxtVersion: ccxt.version, base: BASE, seed: SEED, checks: [], watchErrors: [], counts: {} };

function check(name, condition, detail) {
    summary.checks.push({ name, ok: Boolean(condition), detail: detail === undefined ? undefined : String(detail).slice(0, 2000) });
    if (!condition) {
        throw new Error('check failed: ' + name + (detail === undefined ? '' : ' (' + String(detail).slice(0, 2000) + ')'));
    }
}

function near(a, b) {
    return Math.abs(Number(a) - Number(b)) < 1e-9 * Math.max(1, Math.abs(Number(b)));
}

// A small seeded generator (the run prints its seed; BOURSE_SEED replays it).
function random(seed) {
    let state = BigInt(seed) & 0xffffffffffffn;
    return () => {
        state = (state * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
        return Number(state >> 17n) / 2 ** 31;
    };
}

function exchange(credentials) {
    return proExchange(BASE, credentials, undefined, { watchBalance: { fetchBalanceSnapshot: true, awaitBalanceSnapshot: true } });
}

async function until(what, condition, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
        last = await condition();
        if (last === true) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 25));
    }
    check(what + ' (within ' + timeoutMs + ' ms)', false, typeof last === 'string' ? last : JSON.stringify(last));
}

// Runs a watch method in a loop until stopped, handing every answer to onUpdate.
function watchLoop(name, watch, onUpdate, state) {
    const loop = (async () => {
        while (!state.stopped) {
            try {
                onUpdate(await watch());
            } catch (e) {
                if (state.stopped) {
                    return;
                }
                summary.watchErrors.push(name + ': ' + e.constructor.name + ': ' + String(e.message).slice(0, 300));
                await new Promise(resolve => setTimeout(resolve, 100));
            }
        }
    })();
    state.loops.push(loop);
}

function levels(side) {
    return side.map(([price, amount]) => Number(price).toFixed(2) + 'x' + Number(amount).toFixed(5)).join(' ');
}

async function main() {
    if (!BASE || !BUYER.apiKey || !BUYER.secret || !SELLER.apiKey || !SELLER.secret) {
        throw new Error('usage: node test-ccxt-pro.mjs BASE_URL BUYER_KEY BUYER_SECRET SELLER_KEY SELLER_SECRET [SEED]');
    }
    const buyer = exchange(BUYER);
    const seller = exchange(SELLER);
    // ccxt refuses plain ws:// URLs (the node serves no TLS) until its http agent is loaded.
    await buyer.loadHttpProxyAgent();
    await buyer.loadMarkets();
    await seller.loadMarkets();
    const state = { stopped: false, loops: [] };

    // Watchers first: the order book (its snapshot is REST depth, then diffs), trades, candles, own orders, balance.
    let book = await buyer.watchOrderBook(SYMBOL);
    watchLoop('watchOrderBook', () => buyer.watchOrderBook(SYMBOL), b => { book = b; }, state);
    const trades = [];
    watchLoop('watchTrades', () => buyer.watchTrades(SYMBOL), ts => trades.push(...ts), state);
    let candles = [];
    watchLoop('watchOHLCV', () => buyer.watchOHLCV(SYMBOL, '1m'), cs => { candles = cs; }, state);
    const orderUpdates = [];
    watchLoop('watchOrders', () => buyer.watchOrders(SYMBOL), os => orderUpdates.push(...os.map(o => ({ ...o }))), state);
    let balance;
    watchLoop('watchBalance', () => buyer.watchBalance(), b => { balance = b; }, state);
    // Subscriptions are live once the first answers arrived from the public streams and the user stream is subscribed.
    await until('user data stream subscribed', async () => buyer.clients !== undefined
        && Object.keys(buyer.clients).some(url => url.includes('/ws-api/v3')) || 'no ws-api client yet');

    // Trading: the buyer rests bids below 30000 and crosses sometimes; the seller rests asks and crosses sometimes.
    const next = random(SEED);
    const buyerOrders = new Map();
    for (let i = 0; i < ORDERS; i++) {
        const r = next();
        const offset = Math.floor(next() * 10) * 0.5;
        const amount = (1 + Math.floor(next() * 20)) / 1000;
        if (r < 0.45) {
            const order = await buyer.createOrder(SYMBOL, 'limit', 'buy', amount, 29990 - offset + (next() < 0.3 ? 20 : 0));
            buyerOrders.set(order.id, order);
        } else if (r < 0.9) {
            await seller.createOrder(SYMBOL, 'limit', 'sell', amount, 30000 + offset - (next() < 0.3 ? 20 : 0));
        } else {
            const open = await buyer.fetchOpenOrders(SYMBOL);
            if (open.length > 0) {
                await buyer.cancelOrder(open[0].id, SYMBOL);
            }
        }
    }
    // One sure trade: a bid the seller's market order takes at least in part.
    const sure = await buyer.createOrder(SYMBOL, 'limit', 'buy', 0.002, 29995);
    buyerOrders.set(sure.id, sure);
    await seller.createOrder(SYMBOL, 'market', 'sell', 0.001);

    // The quiet point: everything the REST API says, every watcher must show.
    // ccxt's watchTrades follows <symbol>@trade; the REST list of the same trades is /api/v3/trades (ccxt's default
    // fetchTrades reads aggTrades, whose ids are another sequence). REST may lag the stream by a few milliseconds.
    // ccxt sorts what fetchTrades returns by timestamp only, so trades of one command (one time) come back in any order:
    // put them back in id order, as the server sent them.
    const restOf = async () => (await buyer.fetchTrades(SYMBOL, undefined, 1000, { fetchTradesMethod: 'publicGetTrades' }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    let restTrades = await restOf();
    await until('watchTrades and REST trades list the same trades', async () => {
        restTrades = await restOf();
        const watchedIds = trades.map(t => Number(t.id));
        const restIds = restTrades.map(t => Number(t.id));
        if (restIds.length > 0 && JSON.stringify(watchedIds) === JSON.stringify(restIds)) {
            return true;
        }
        const raw = await buyer.publicGetTrades({ symbol: 'BTCUSDT', limit: 1000 });
        return JSON.stringify({ watched: trades.map(t => [t.id, t.timestamp]), rest: restIds, raw: raw.map(t => [t.id, t.time]) });
    });
    summary.counts.trades = restTrades.length;
    const ids = trades.map(t => Number(t.id));
    check('watchTrades: trade ids consecutive from 1', ids.every((id, i) => id === i + 1), JSON.stringify(ids));
    check('watchTrades: prices, amounts and sides equal REST', trades.every((t, i) => near(t.price, restTrades[i].price)
        && near(t.amount, restTrades[i].amount) && t.side === restTrades[i].side), JSON.stringify(trades.slice(0, 3)));
    const aggs = await buyer.publicGetAggTrades({ symbol: 'BTCUSDT', limit: 1000 });
    check('REST aggTrades: ids consecutive and times in order', aggs.every((a, i) => Number(a.a) === i + 1
        && (i === 0 || Number(a.T) >= Number(aggs[i - 1].T))), JSON.stringify(aggs.map(a => [a.a, a.T, a.f, a.l])));
    check('REST aggTrades cover every trade once', aggs.length > 0 && Number(aggs[0].f) === 1
        && aggs.every((a, i) => i === 0 || Number(a.f) === Number(aggs[i - 1].l) + 1) && Number(aggs[aggs.length - 1].l) === ids.length,
        JSON.stringify(aggs.map(a => [a.a, a.f, a.l])));

    const restBook = await buyer.fetchOrderBook(SYMBOL, 1000);
    await until('watchOrderBook equals REST depth', () => (levels(book.bids) === levels(restBook.bids)
        && levels(book.asks) === levels(restBook.asks)) || JSON.stringify({ watched: [levels(book.bids), levels(book.asks)],
        rest: [levels(restBook.bids), levels(restBook.asks)] }));
    summary.counts.bookLevels = restBook.bids.length + restBook.asks.length;
    check('watchOrderBook nonce is REST lastUpdateId or later', book.nonce >= restBook.nonce, JSON.stringify([book.nonce, restBook.nonce]));

    const restCandles = await buyer.fetchOHLCV(SYMBOL, '1m', undefined, 5);
    const lastRest = restCandles[restCandles.length - 1];
    await until('watchOHLCV shows the last candle as REST does', () => {
        const mine = candles.find(c => c[0] === lastRest[0]);
        return (mine !== undefined && [1, 2, 3, 4, 5].every(k => near(mine[k], lastRest[k])))
            || JSON.stringify({ watched: candles.slice(-2), rest: lastRest });
    });

    const restOrders = await buyer.fetchOrders(SYMBOL);
    summary.counts.buyerOrders = restOrders.length;
    await until('watchOrders saw every own order in its final state', () => {
        const missing = restOrders.filter(o => {
            const seen = orderUpdates.filter(u => u.id === o.id);
            const lastSeen = seen[seen.length - 1];
            return lastSeen === undefined || lastSeen.status !== o.status || !near(lastSeen.filled, o.filled);
        });
        return missing.length === 0 || 'not yet: ' + JSON.stringify(missing.map(o => [o.id, o.status, o.filled]));
    });
    check('watchOrders: updates only for the buyer\'s orders', orderUpdates.every(u => restOrders.some(o => o.id === u.id)),
        JSON.stringify(orderUpdates.map(u => u.id)));
    check('watchOrders: each order first seen open', restOrders.every(o => {
        const first = orderUpdates.find(u => u.id === o.id);
        return first !== undefined && (first.status === 'open' || first.status === 'closed');
    }), JSON.stringify(orderUpdates.slice(0, 5).map(u => [u.id, u.status])));
    summary.counts.orderUpdates = orderUpdates.length;

    const restBalance = await buyer.fetchBalance();
    await until('watchBalance equals REST balance', () => (balance !== undefined && ['BTC', 'USDT'].every(a =>
        near(balance[a] ? balance[a].free : 0, restBalance[a] ? restBalance[a].free : 0)
        && near(balance[a] ? balance[a].used : 0, restBalance[a] ? restBalance[a].used : 0)))
        || JSON.stringify({ watched: balance && [balance.BTC, balance.USDT], rest: [restBalance.BTC, restBalance.USDT] }));

    check('no watch errors', summary.watchErrors.length === 0, JSON.stringify(summary.watchErrors));
    state.stopped = true;
    summary.ok = true;
    await Promise.race([Promise.all([buyer.close(), seller.close()]), new Promise(resolve => setTimeout(resolve, 3000))]);
}

main().catch(e => {
    summary.failure = e.constructor.name + ': ' + e.message;
}).finally(() => {
    console.log(JSON.stringify(summary));
    process.exit(summary.ok ? 0 : 1);
});
