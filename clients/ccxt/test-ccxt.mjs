// Drives the real, unmodified ccxt Binance client against a running Bourse node.
//
//   node test-ccxt.mjs [BASE_URL BUYER_KEY BUYER_SECRET SELLER_KEY SELLER_SECRET]
//
// or with the environment variables BOURSE_URL, BOURSE_BUYER_KEY, BOURSE_BUYER_SECRET, BOURSE_SELLER_KEY and
// BOURSE_SELLER_SECRET. The buyer must hold USDT only and the seller BTC only, on a BTCUSDT book nobody else trades
// (gateway's CcxtClientTest opens and funds two fresh accounts through the admin API). Prints one JSON summary on
// stdout ({"ok": true|false, "checks": [...], "calls": [...], ...}) and exits 0 only when every check passed.
import ccxt from 'ccxt';
import { proExchange, restExchange } from './node.mjs';

const argv = process.argv.slice(2);
const BASE = (argv[0] || process.env.BOURSE_URL || '').replace(/\/+$/, '');
const BUYER = { apiKey: argv[1] || process.env.BOURSE_BUYER_KEY, secret: argv[2] || process.env.BOURSE_BUYER_SECRET };
const SELLER = { apiKey: argv[3] || process.env.BOURSE_SELLER_KEY, secret: argv[4] || process.env.BOURSE_SELLER_SECRET };
const SYMBOL = 'BTC/USDT';

const summary = { ok: false, ccxtVersion: ccxt.version, base: BASE, checks: [], calls: [], orders: {}, errors: {} };
const calls = new Set();

function check(name, condition, detail) {
    summary.checks.push({ name, ok: Boolean(condition), detail: detail === undefined ? undefined : String(detail) });
    if (!condition) {
        throw new Error('check failed: ' + name + (detail === undefined ? '' : ' (' + detail + ')'));
    }
}

function near(a, b) {
    return Math.abs(Number(a) - Number(b)) < 1e-9 * Math.max(1, Math.abs(Number(b)));
}

function exchange(credentials) {
    return restExchange(BASE, credentials, calls);
}

// Waits for a ccxt pro watch* promise, failing the run instead of hanging when nothing comes.
async function within(name, promise, ms = 10000) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(name + ': nothing within ' + ms + ' ms')), ms);
    });
    try {
        return await Promise.race([promise, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

async function expectError(name, expected, action) {
    try {
        await action();
    } catch (e) {
        summary.errors[name] = { class: e.constructor.name, message: String(e.message).slice(0, 300) };
        check(name + ' -> ' + expected.name, e instanceof expected, e.constructor.name + ': ' + e.message);
        return;
    }
    check(name + ' -> ' + expected.name, false, 'no error was thrown');
}

function totals(balances) {
    const sum = {};
    for (const b of balances) {
        for (const asset of ['BTC', 'USDT']) {
            sum[asset] = (sum[asset] || 0) + Number((b[asset] && b[asset].total) || 0);
        }
    }
    return sum;
}

async function main() {
    if (!BASE || !BUYER.apiKey || !BUYER.secret || !SELLER.apiKey || !SELLER.secret) {
        throw new Error('usage: node test-ccxt.mjs BASE_URL BUYER_KEY BUYER_SECRET SELLER_KEY SELLER_SECRET (or the BOURSE_* env variables)');
    }
    const buyer = exchange(BUYER);
    const seller = exchange(SELLER);

    // Markets: exchangeInfo only, parsed into ccxt's market structure.
    const markets = await buyer.loadMarkets();
    await seller.loadMarkets();
    check('loadMarkets has BTC/USDT and ETH/USDT', markets[SYMBOL] && markets['ETH/USDT'], Object.keys(markets));
    const market = markets[SYMBOL];
    check('BTC/USDT is a spot market', market.spot === true && market.active === true && market.id === 'BTCUSDT', JSON.stringify(market.info.status));
    check('BTC/USDT amount step 0.00001', near(market.precision.amount, 0.00001), market.precision.amount);
    check('BTC/USDT price tick 0.01', near(market.precision.price, 0.01), market.precision.price);
    check('BTC/USDT min notional 5', near(market.limits.cost.min, 5), market.limits.cost.min);

    // Balances before.
    const buyerStart = await buyer.fetchBalance();
    const sellerStart = await seller.fetchBalance();
    summary.start = { buyer: buyerStart.total, seller: sellerStart.total };
    check('buyer has USDT', Number(buyerStart.USDT && buyerStart.USDT.free) >= 20000, JSON.stringify(buyerStart.total));
    check('seller has BTC', Number(sellerStart.BTC && sellerStart.BTC.free) >= 1, JSON.stringify(sellerStart.total));
    const before = totals([buyerStart, sellerStart]);

    // A resting bid, visible as open.
    const bid = await buyer.createOrder(SYMBOL, 'limit', 'buy', 0.5, 30000);
    summary.orders.bid = bid.id;
    check('limit bid rests', bid.status === 'open' && near(bid.amount, 0.5) && near(bid.filled, 0) && near(bid.price, 30000),
        JSON.stringify([bid.status, bid.amount, bid.filled, bid.price]));
    check('limit bid has ccxt client order id', typeof bid.clientOrderId === 'string' && bid.clientOrderId.startsWith('x-'), bid.clientOrderId);
    const bidLocked = await buyer.fetchBalance();
    // Bourse charges every fee in the quote asset and reserves the worst-case taker fee with a bid.
    check('bid locks 15000 USDT plus at most the 0.1% fee', bidLocked.USDT.used >= 15000 && bidLocked.USDT.used <= 15015,
        bidLocked.USDT.used);
    const openBids = await buyer.fetchOpenOrders(SYMBOL);
    check('fetchOpenOrders shows the bid', openBids.length === 1 && openBids[0].id === bid.id, openBids.map(o => o.id));

    // A crossing ask: 0.5 fills at the bid's price, 0.3 rests.
    const ask = await seller.createOrder(SYMBOL, 'limit', 'sell', 0.8, 29990);
    summary.orders.ask = ask.id;
    check('crossing ask partially fills', ask.status === 'open' && near(ask.filled, 0.5) && near(ask.remaining, 0.3),
        JSON.stringify([ask.status, ask.filled, ask.remaining]));
    check('crossing ask has FULL fills', Array.isArray(ask.trades) && ask.trades.length === 1 && near(ask.trades[0].price, 30000)
        && near(ask.trades[0].amount, 0.5), JSON.stringify(ask.trades && ask.trades.map(t => [t.price, t.amount])));
    check('crossing ask fill fee is 15 USDT', ask.trades[0].fee && near(ask.trades[0].fee.cost, 15) && ask.trades[0].fee.currency === 'USDT',
        JSON.stringify(ask.trades[0].fee));
    check('crossing ask average and cost', near(ask.average, 30000) && near(ask.cost, 15000), JSON.stringify([ask.average, ask.cost]));

    // A market buy takes 0.1 of the resting ask.
    const marketBuy = await buyer.createOrder(SYMBOL, 'market', 'buy', 0.1);
    summary.orders.marketBuy = marketBuy.id;
    check('market buy fills', marketBuy.status === 'closed' && near(marketBuy.filled, 0.1) && near(marketBuy.average, 29990),
        JSON.stringify([marketBuy.status, marketBuy.filled, marketBuy.average]));
    check('market buy fee: 0.1% in USDT', marketBuy.trades.length === 1 && marketBuy.trades[0].fee.currency === 'USDT'
        && near(marketBuy.trades[0].fee.cost, 2.999), JSON.stringify(marketBuy.trades.map(t => t.fee)));

    // Order queries.
    const bidNow = await buyer.fetchOrder(bid.id, SYMBOL);
    check('fetchOrder: the bid is filled', bidNow.status === 'closed' && near(bidNow.filled, 0.5) && bidNow.clientOrderId === bid.clientOrderId,
        JSON.stringify([bidNow.status, bidNow.filled]));
    const sellerOpen = await seller.fetchOpenOrders(SYMBOL);
    check('fetchOpenOrders: the ask rests with 0.2 left', sellerOpen.length === 1 && sellerOpen[0].id === ask.id
        && near(sellerOpen[0].remaining, 0.2) && near(sellerOpen[0].filled, 0.6), JSON.stringify(sellerOpen.map(o => [o.id, o.remaining])));
    const buyerOpenAll = await buyer.fetchOpenOrders();
    check('fetchOpenOrders without symbol: buyer has none', buyerOpenAll.length === 0, buyerOpenAll.length);
    const buyerOrders = await buyer.fetchOrders(SYMBOL);
    check('fetchOrders: buyer has 2 orders', buyerOrders.length === 2 && buyerOrders.every(o => o.status === 'closed'),
        JSON.stringify(buyerOrders.map(o => [o.id, o.status])));
    const buyerClosed = await buyer.fetchClosedOrders(SYMBOL);
    check('fetchClosedOrders: buyer has 2', buyerClosed.length === 2, buyerClosed.length);

    // A second resting bid, cancelled; cancelling again is OrderNotFound.
    const low = await buyer.createOrder(SYMBOL, 'limit', 'buy', 0.01, 25000.5);
    const lowCanceled = await buyer.cancelOrder(low.id, SYMBOL);
    check('cancelOrder: canceled', lowCanceled.status === 'canceled' && lowCanceled.id === low.id, lowCanceled.status);
    await expectError('cancel twice', ccxt.OrderNotFound, () => buyer.cancelOrder(low.id, SYMBOL));
    await expectError('fetchOrder unknown', ccxt.OrderNotFound, () => buyer.fetchOrder('987654321', SYMBOL));

    // The ask's remainder, cancelled.
    const askCanceled = await seller.cancelOrder(ask.id, SYMBOL);
    check('cancelOrder: ask remainder canceled', askCanceled.status === 'canceled' && near(askCanceled.filled, 0.6),
        JSON.stringify([askCanceled.status, askCanceled.filled]));
    check('no open orders left', (await seller.fetchOpenOrders(SYMBOL)).length === 0);
    const sellerOrders = await seller.fetchOrders(SYMBOL);
    check('fetchOrders: seller has the canceled ask', sellerOrders.length === 1 && sellerOrders[0].status === 'canceled',
        JSON.stringify(sellerOrders.map(o => [o.id, o.status])));
    const buyerClosedAfter = await buyer.fetchClosedOrders(SYMBOL);
    check('fetchClosedOrders excludes canceled', buyerClosedAfter.length === 2, buyerClosedAfter.length);
    const buyerCanceled = await buyer.fetchCanceledOrders(SYMBOL);
    check('fetchCanceledOrders: buyer has 1', buyerCanceled.length === 1 && buyerCanceled[0].id === low.id, buyerCanceled.length);

    // My trades and conservation: what both hold plus the fees equals what they held before.
    const buyerTrades = await buyer.fetchMyTrades(SYMBOL);
    const sellerTrades = await seller.fetchMyTrades(SYMBOL);
    check('fetchMyTrades: buyer has 2', buyerTrades.length === 2 && buyerTrades.every(t => t.side === 'buy'),
        JSON.stringify(buyerTrades.map(t => [t.side, t.price, t.amount, t.takerOrMaker])));
    check('fetchMyTrades: seller has 2', sellerTrades.length === 2 && sellerTrades.every(t => t.side === 'sell'),
        JSON.stringify(sellerTrades.map(t => [t.side, t.price, t.amount, t.takerOrMaker])));
    check('maker and taker flags', buyerTrades[0].takerOrMaker === 'maker' && buyerTrades[1].takerOrMaker === 'taker'
        && sellerTrades[0].takerOrMaker === 'taker' && sellerTrades[1].takerOrMaker === 'maker',
        JSON.stringify([buyerTrades.map(t => t.takerOrMaker), sellerTrades.map(t => t.takerOrMaker)]));
    const fees = { BTC: 0, USDT: 0 };
    for (const t of [...buyerTrades, ...sellerTrades]) {
        fees[t.fee.currency] += Number(t.fee.cost);
    }
    const buyerEnd = await buyer.fetchBalance();
    const sellerEnd = await seller.fetchBalance();
    summary.end = { buyer: buyerEnd.total, seller: sellerEnd.total };
    summary.fees = fees;
    const after = totals([buyerEnd, sellerEnd]);
    check('BTC is conserved', near(after.BTC + fees.BTC, before.BTC), JSON.stringify({ before, after, fees }));
    check('USDT is conserved', near(after.USDT + fees.USDT, before.USDT), JSON.stringify({ before, after, fees }));
    check('buyer got 0.6 BTC less fees', near(buyerEnd.BTC.total - Number(buyerStart.BTC ? buyerStart.BTC.total : 0), 0.6 - fees.BTC),
        JSON.stringify(buyerEnd.BTC));
    check('seller got 17999 USDT less 0.1%', near(sellerEnd.USDT.total, 17999 - 17.999), JSON.stringify(sellerEnd.USDT));
    check('nothing stays locked', near(buyerEnd.USDT.used, 0) && near(sellerEnd.BTC.used, 0),
        JSON.stringify([buyerEnd.USDT.used, sellerEnd.BTC.used]));

    // Market data.
    // The trades may straddle a minute boundary: check the last close and what all candles add up to.
    const candles = await buyer.fetchOHLCV(SYMBOL, '1m');
    const last = candles[candles.length - 1];
    check('fetchOHLCV: last candle closes at 29990', candles.length >= 1 && near(last[4], 29990), JSON.stringify(last));
    check('fetchOHLCV: high 30000, volume 0.6', near(Math.max(...candles.map(c => c[2])), 30000)
        && near(candles.reduce((sum, c) => sum + c[5], 0), 0.6) && candles.every(c => c.length === 6 && c[0] % 60000 === 0),
        JSON.stringify(candles));
    const hourly = await buyer.fetchOHLCV(SYMBOL, '1h', undefined, 10);
    check('fetchOHLCV 1h', hourly.length >= 1 && near(hourly[hourly.length - 1][4], 29990), JSON.stringify(hourly));
    const ticker = await buyer.fetchTicker(SYMBOL);
    check('fetchTicker', near(ticker.last, 29990) && near(ticker.open, 30000) && near(ticker.baseVolume, 0.6) && near(ticker.high, 30000),
        JSON.stringify([ticker.last, ticker.open, ticker.baseVolume, ticker.high]));
    const tickers = await buyer.fetchTickers();
    check('fetchTickers: all', tickers[SYMBOL] && tickers['ETH/USDT'] && near(tickers[SYMBOL].last, 29990), Object.keys(tickers));
    const someTickers = await buyer.fetchTickers([SYMBOL]);
    check('fetchTickers: one', Object.keys(someTickers).length === 1 && near(someTickers[SYMBOL].last, 29990), Object.keys(someTickers));
    const book = await buyer.fetchOrderBook(SYMBOL, 5);
    check('fetchOrderBook: empty after the cancels', book.bids.length === 0 && book.asks.length === 0 && book.nonce > 0,
        JSON.stringify(book));
    const resting = await seller.createOrder(SYMBOL, 'limit', 'sell', 0.05, 31000);
    const bookWithAsk = await buyer.fetchOrderBook(SYMBOL);
    check('fetchOrderBook: sees a new ask', bookWithAsk.asks.length === 1 && near(bookWithAsk.asks[0][0], 31000)
        && near(bookWithAsk.asks[0][1], 0.05), JSON.stringify(bookWithAsk.asks));
    await seller.cancelOrder(resting.id, SYMBOL);
    const trades = await buyer.fetchTrades(SYMBOL);
    check('fetchTrades: 2 public trades', trades.length === 2 && near(trades[0].price, 30000) && trades[0].side === 'sell'
        && trades[1].side === 'buy', JSON.stringify(trades.map(t => [t.price, t.amount, t.side])));

    // Errors as ccxt maps them.
    await expectError('too big order', ccxt.InsufficientFunds, () => buyer.createOrder(SYMBOL, 'limit', 'buy', 100, 30000));
    await expectError('too big market sell', ccxt.InsufficientFunds, () => buyer.createOrder('ETH/USDT', 'market', 'sell', 10));
    const badSecret = exchange({ apiKey: BUYER.apiKey, secret: 'x'.repeat(64) });
    badSecret.markets = buyer.markets;
    badSecret.marketsById = buyer.marketsById;
    badSecret.symbols = buyer.symbols;
    await expectError('bad secret fetchBalance', ccxt.AuthenticationError, () => badSecret.fetchBalance());
    await expectError('bad secret createOrder', ccxt.AuthenticationError, () => badSecret.createOrder(SYMBOL, 'limit', 'buy', 0.001, 30000));
    const badKey = exchange({ apiKey: 'nosuchkey' + 'A'.repeat(55), secret: BUYER.secret });
    await expectError('unknown api key', ccxt.AuthenticationError, () => badKey.fetchBalance());
    // An unknown symbol: ccxt refuses it itself, and maps the server's -1121 for one it does not know about.
    await expectError('unknown symbol (client side)', ccxt.BadSymbol, () => buyer.fetchTicker('NOPE/USDT'));
    await expectError('unknown symbol (server, public)', ccxt.BadSymbol, () => buyer.publicGetTickerPrice({ symbol: 'NOPEUSDT' }));
    await expectError('unknown symbol (server, signed order)', ccxt.BadSymbol, () => buyer.privatePostOrder({
        symbol: 'NOPEUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '1',
    }));
    // -1013: ccxt maps it to BadRequest, except for the LOT_SIZE and PRICE_FILTER messages (InvalidOrder).
    await expectError('filter failure NOTIONAL', ccxt.BadRequest, () => buyer.createOrder(SYMBOL, 'limit', 'buy', 0.00001, 30000));
    await expectError('filter failure LOT_SIZE', ccxt.InvalidOrder, () => buyer.privatePostOrder({
        symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.000001', price: '30000',
    }));

    const finalBalance = await buyer.fetchBalance();
    check('errors changed nothing', near(finalBalance.USDT.total, buyerEnd.USDT.total) && near(finalBalance.BTC.total, buyerEnd.BTC.total),
        JSON.stringify(finalBalance.total));

    // ccxt pro: the buyer's orders, balance and trades over the WebSocket API's user data stream.
    const pro = proExchange(BASE, BUYER, calls);
    // ccxt refuses plain ws:// URLs (the node serves no TLS) until its http agent is loaded.
    await pro.loadHttpProxyAgent();
    await pro.loadMarkets();
    await within('authenticate', pro.authenticate());
    summary.wsUrls = { userData: pro.urls.api.ws['ws-api'].spot };
    let ordersUpdate = pro.watchOrders(SYMBOL);
    let balanceUpdate = pro.watchBalance();
    const watched = await buyer.createOrder(SYMBOL, 'limit', 'buy', 0.02, 29000);
    let orders = await within('watchOrders (new)', ordersUpdate);
    let mine = orders.filter(o => o.id === watched.id);
    check('watchOrders: the new bid', mine.length === 1 && mine[mine.length - 1].status === 'open' && near(mine[0].amount, 0.02)
        && near(mine[0].price, 29000) && mine[0].clientOrderId === watched.clientOrderId, JSON.stringify(orders.map(o => [o.id, o.status])));
    let balance = await within('watchBalance', balanceUpdate);
    const restBalance = await buyer.fetchBalance();
    check('watchBalance: USDT as REST sees it', near(balance.USDT.free, restBalance.USDT.free) && near(balance.USDT.used, restBalance.USDT.used),
        JSON.stringify([balance.USDT, restBalance.USDT]));

    // The seller fills half of it: the buyer's stream shows the partial fill and the trade.
    ordersUpdate = pro.watchOrders(SYMBOL);
    const tradesUpdate = pro.watchMyTrades(SYMBOL);
    await seller.createOrder(SYMBOL, 'market', 'sell', 0.01);
    const myTrades = await within('watchMyTrades', tradesUpdate);
    const lastTrade = myTrades[myTrades.length - 1];
    check('watchMyTrades: the fill', lastTrade.order === watched.id && near(lastTrade.price, 29000) && near(lastTrade.amount, 0.01)
        && lastTrade.takerOrMaker === 'maker' && lastTrade.fee.currency === 'USDT' && near(lastTrade.fee.cost, 0.29),
        JSON.stringify([lastTrade.order, lastTrade.price, lastTrade.amount, lastTrade.takerOrMaker, lastTrade.fee]));
    orders = await within('watchOrders (fill)', ordersUpdate);
    mine = orders.filter(o => o.id === watched.id);
    check('watchOrders: partially filled', near(mine[mine.length - 1].filled, 0.01) && mine[mine.length - 1].status === 'open',
        JSON.stringify(mine.map(o => [o.status, o.filled])));

    // Cancelled over REST: the stream says canceled.
    ordersUpdate = pro.watchOrders(SYMBOL);
    balanceUpdate = pro.watchBalance();
    await buyer.cancelOrder(watched.id, SYMBOL);
    orders = await within('watchOrders (cancel)', ordersUpdate);
    mine = orders.filter(o => o.id === watched.id);
    check('watchOrders: canceled', mine[mine.length - 1].status === 'canceled' && near(mine[mine.length - 1].filled, 0.01),
        JSON.stringify(mine.map(o => [o.status, o.filled])));
    balance = await within('watchBalance (after cancel)', balanceUpdate);
    const restAfter = await buyer.fetchBalance();
    check('watchBalance: nothing locked after the cancel', near(balance.USDT.used, 0) && near(balance.USDT.free, restAfter.USDT.free)
        && near(balance.BTC.free, restAfter.BTC.free), JSON.stringify([balance.USDT, balance.BTC, restAfter.USDT, restAfter.BTC]));
    await pro.close();
    summary.ok = true;
}

let exitCode = 1;
try {
    await main();
    exitCode = 0;
} catch (e) {
    summary.failure = (e && e.constructor ? e.constructor.name + ': ' : '') + (e && e.message ? e.message : String(e));
} finally {
    summary.calls = [...calls].sort();
    console.log(JSON.stringify(summary));
}
process.exit(exitCode);
