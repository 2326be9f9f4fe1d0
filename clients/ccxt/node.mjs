// ccxt clients pointed at a Bourse node instead of Binance: shared by test-ccxt.mjs and test-ccxt-pro.mjs.
import ccxt from 'ccxt';

const OPTIONS = {
    fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false,
    fetchOpenOrders: { warnWithoutSymbol: false },
};

// Every URL of a (nested) URL table moved to base, keeping its path.
function onNode(urls, base) {
    const moved = {};
    for (const [name, url] of Object.entries(urls)) {
        moved[name] = typeof url === 'string' ? base + new URL(url).pathname : onNode(url, base);
    }
    return moved;
}

function point(ex, base, calls) {
    // Every API family points at the node, so an unexpected call shows up as a refusal here, never as traffic to
    // Binance; the spot ones are the ones DEPENDENCIES.md names. WebSocket URLs too (ccxt.pro): for spot user data,
    // ccxt pro 4.5.84 opens urls.api.ws['ws-api'].spot and subscribes with userDataStream.subscribe.signature.
    const api = {};
    for (const [name, url] of Object.entries(ex.urls.api)) {
        api[name] = typeof url === 'string' ? base + new URL(url).pathname : url;
    }
    const ws = ex.urls.api.ws !== undefined ? { ws: onNode(ex.urls.api.ws, base.replace(/^http/, 'ws')) } : {};
    ex.urls.api = { ...api, public: base + '/api/v3', private: base + '/api/v3', v1: base + '/api/v1', ...ws };
    if (calls !== undefined) {
        const fetch = ex.fetch.bind(ex);
        ex.fetch = async (url, method = 'GET', headers = undefined, body = undefined) => {
            calls.add(method + ' ' + new URL(url).pathname);
            return fetch(url, method, headers, body);
        };
    }
    return ex;
}

// A REST client of the node for these credentials; every REST call's "METHOD /path" is added to calls when given.
export function restExchange(base, credentials, calls = undefined, options = {}) {
    return point(new ccxt.binance({ apiKey: credentials.apiKey, secret: credentials.secret, timeout: 15000,
        options: { ...OPTIONS, ...options } }), base, calls);
}

// A ccxt.pro client (REST and WebSocket) of the node. Call loadHttpProxyAgent() once before watching: ccxt refuses
// plain ws:// URLs (the node serves no TLS) until its http agent is loaded.
export function proExchange(base, credentials, calls = undefined, options = {}) {
    return point(new ccxt.pro.binance({ apiKey: credentials.apiKey, secret: credentials.secret, timeout: 15000,
        options: { ...OPTIONS, ...options } }), base, calls);
}
