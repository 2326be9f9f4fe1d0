package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.bourse.marketdata.KlineInterval;

/**
 * Stream names and live requests without a server: which names Binance would accept, and the exact responses and error
 * codes of {@code web-socket-streams.md} ("Error Messages").
 */
class MarketStreamsRequestsTest {

    /** A connection's state, in memory. */
    private static final class FakeSession implements StreamRequests.Session {
        final List<String> names = new ArrayList<>();
        boolean combined;

        @Override
        public String subscribe(final List<StreamName> streams) {
            if (names.size() + streams.size() > 3) {
                return "Invalid request: too many streams";
            }
            for (final StreamName s : streams) {
                if (!names.contains(s.name())) {
                    names.add(s.name());
                }
            }
            return null;
        }

        @Override
        public void unsubscribe(final List<String> list) {
            names.removeAll(list);
        }

        @Override
        public List<String> subscriptions() {
            return names;
        }

        @Override
        public boolean combined() {
            return combined;
        }

        @Override
        public void combined(final boolean value) {
            combined = value;
        }
    }

    @Test
    void streamNamesAsBinanceWritesThem() {
        assertThat(StreamName.parse("btcusdt@trade").kind()).isEqualTo(StreamName.Kind.TRADE);
        assertThat(StreamName.parse("btcusdt@aggTrade").kind()).isEqualTo(StreamName.Kind.AGG_TRADE);
        assertThat(StreamName.parse("btcusdt@bookTicker").kind()).isEqualTo(StreamName.Kind.BOOK_TICKER);
        assertThat(StreamName.parse("btcusdt@miniTicker").kind()).isEqualTo(StreamName.Kind.MINI_TICKER);
        assertThat(StreamName.parse("!ticker@arr").kind()).isEqualTo(StreamName.Kind.ALL_TICKERS);
        assertThat(StreamName.parse("!miniTicker@arr").kind()).isEqualTo(StreamName.Kind.ALL_MINI_TICKERS);
        assertThat(StreamName.parse("btcusdt@depth").speedMillis()).isEqualTo(1000);
        assertThat(StreamName.parse("btcusdt@depth@1000ms").speedMillis()).isEqualTo(1000);
        assertThat(StreamName.parse("btcusdt@depth@100ms").speedMillis()).isEqualTo(100);
        assertThat(StreamName.parse("btcusdt@depth20@100ms").levels()).isEqualTo(20);
        assertThat(StreamName.parse("btcusdt@depth5@1000ms").levels()).isEqualTo(5);
        assertThat(StreamName.parse("btcusdt@kline_1M").interval()).isEqualTo(KlineInterval.MONTH1);
        assertThat(StreamName.parse("btcusdt@kline_1m").interval()).isEqualTo(KlineInterval.M1);
        for (final KlineInterval interval : KlineInterval.values()) {
            assertThat(StreamName.parse("ethbtc@kline_" + interval.code()).interval()).isEqualTo(interval);
        }
        // Well-formed, so accepted (silently, when no such lowercase symbol is listed).
        assertThat(StreamName.parse("BTCUSDT@trade")).isNotNull();
        assertThat(StreamName.parse("xrpxrp@ticker")).isNotNull();
        for (final String invalid : new String[] {"", "btcusdt", "@trade", "btcusdt@", "btcusdt@trades", "btcusdt@aggtrade", "btcusdt@depth7",
            "btcusdt@depth@500ms", "btcusdt@kline_2s", "btcusdt@kline", "btc-usdt@trade", "btc usdt@trade", "!ticker", "!bookTicker@arr",
            "btcusdt@depth@100ms@100ms", "a".repeat(40) + "@trade"}) {
            assertThat(StreamName.parse(invalid)).as(invalid).isNull();
        }
    }

    @Test
    void jsonErrorsSayWhereAsBinancesParserDoes() {
        final FakeSession s = new FakeSession();
        assertThat(StreamRequests.handle("garbage", s))
            .isEqualTo("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"},\"id\":null}");
        assertThat(StreamRequests.handle("", s)).contains("EOF while parsing a value at line 1 column 0");
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIBE\",", s)).contains("\"code\":3").contains("EOF while parsing an object");
        assertThat(StreamRequests.handle("{\"method\" \"SUBSCRIBE\"}", s)).contains("expected `:` at line 1 column 11");
        assertThat(StreamRequests.handle("{\n\"id\":1,\n\"method\":[1 2]}", s)).contains("expected `,` or `]` at line 3 column 13");
        assertThat(StreamRequests.handle("{\"id\":1} x", s)).contains("trailing characters at line 1 column 10");
        assertThat(StreamRequests.handle("[".repeat(100), s)).contains("recursion limit exceeded");
        assertThat(StreamRequests.handle("{\"id\":\"\\q\"}", s)).contains("invalid escape");
    }

    @Test
    void requestsGetBinancesResponsesAndErrors() {
        final FakeSession s = new FakeSession();
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],\"id\":1}", s))
            .isEqualTo("{\"result\":null,\"id\":1}");
        assertThat(StreamRequests.handle("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}", s))
            .isEqualTo("{\"result\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],\"id\":3}");
        assertThat(StreamRequests.handle("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":312}", s))
            .isEqualTo("{\"result\":null,\"id\":312}");
        assertThat(StreamRequests.handle("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}", s))
            .isEqualTo("{\"result\":null,\"id\":5}");
        assertThat(StreamRequests.handle("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":2}", s))
            .isEqualTo("{\"result\":true,\"id\":2}");
        // Ids: 64-bit integers, short alphanumeric strings (a UUID fits), null.
        assertThat(StreamRequests.handle("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":-9223372036854775808}", s))
            .endsWith(",\"id\":-9223372036854775808}");
        assertThat(StreamRequests.handle("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}", s))
            .endsWith(",\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}");
        assertThat(StreamRequests.handle("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":null}", s)).endsWith(",\"id\":null}");
        for (final String badId : new String[] {"1.5", "\"a b\"", "\"" + "x".repeat(37) + "\"", "true", "[1]", "99999999999999999999"}) {
            assertThat(StreamRequests.handle("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + badId + "}", s)).as(badId)
                .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"},\"id\":null}");
        }
        assertThat(StreamRequests.handle("{\"params\":[],\"id\":4}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: missing field `method` at line 1 column 20\"},\"id\":4}");
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIB\",\"id\":4}", s)).isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: "
            + "unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` "
            + "at line 1 column 20\"},\"id\":4}");
        assertThat(StreamRequests.handle("[1]", s)).contains("\"code\":2");
        // Properties.
        assertThat(StreamRequests.handle("{\"method\":\"SET_PROPERTY\",\"params\":[\"combine\",true],\"id\":6}", s))
            .isEqualTo("{\"error\":{\"code\":0,\"msg\":\"Unknown property\"},\"id\":6}");
        assertThat(StreamRequests.handle("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",1],\"id\":7}", s))
            .isEqualTo("{\"error\":{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\"},\"id\":7}");
        assertThat(StreamRequests.handle("{\"method\":\"SET_PROPERTY\",\"params\":[1,true],\"id\":8}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: property name must be a string\"},\"id\":8}");
        assertThat(StreamRequests.handle("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true,1],\"id\":9}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: too many parameters\"},\"id\":9}");
        assertThat(StreamRequests.handle("{\"method\":\"GET_PROPERTY\",\"id\":10}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: property name must be a string\"},\"id\":10}");
        // Streams: one invalid name refuses the whole request; the limit is the session's.
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"oops\"],\"id\":11}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":11}");
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",7],\"id\":12}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":12}");
        assertThat(s.names).containsExactly("btcusdt@aggTrade");
        assertThat(StreamRequests.handle("{\"method\":\"SUBSCRIBE\",\"params\":[\"a@trade\",\"b@trade\",\"c@trade\"],\"id\":13}", s))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: too many streams\"},\"id\":13}");
    }
}
