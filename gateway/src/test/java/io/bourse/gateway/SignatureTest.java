package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Binance's documented signature vector, and the exact decimal and parameter parsing at the edge. */
class SignatureTest {

    @Test
    void hmacVectorFromBinanceDocumentation() {
        final String secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        final String payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertThat(Auth.hmacHex(secret, payload)).isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        final ApiKey key = new ApiKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", 1, "doc", secret, null, true, false);
        final Params params = Params.parse(payload + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", null);
        assertThat(params.signaturePayload()).isEqualTo(payload);
        assertThat(Auth.verify(key, params.signaturePayload(), params.signature())).isTrue();
        // The non-ASCII example: the payload is the percent-encoded text as sent.
        final String encoded = "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1"
            + "&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertThat(Auth.hmacHex(secret, encoded)).isEqualTo("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
        assertThat(Params.parse(encoded, null).raw("symbol")).isEqualTo("１２３４５６");
    }

    @Test
    void signaturePayloadIsQueryThenBodyWithoutTheSignature() {
        final Params params = Params.parse("symbol=BTCUSDT&signature=abc", "side=BUY&timestamp=1");
        assertThat(params.signaturePayload()).isEqualTo("symbol=BTCUSDTside=BUY&timestamp=1");
        assertThat(params.signature()).isEqualTo("abc");
    }

    @Test
    void malformedParametersAreRefused() {
        assertThatThrownBy(() -> Params.parse("symbol=%ZZ", null)).extracting(e -> ((ApiException) e).error().code()).isEqualTo(-1100);
        assertThatThrownBy(() -> Params.parse("a=1&a=2", null)).extracting(e -> ((ApiException) e).error().code()).isEqualTo(-1101);
        assertThat(Params.parse("a=1", "a=2").raw("a")).isEqualTo("1");
        assertThat(Params.parse("a=x+y%2B", null).raw("a")).isEqualTo("x y+");
    }

    @Test
    void decimalsAreExact() {
        assertThat(Decimals.parse("1.5", 8, "q")).isEqualTo(150_000_000L);
        assertThat(Decimals.parse("0.00000001", 8, "q")).isEqualTo(1L);
        assertThat(Decimals.parse("30000.10000000000", 8, "q")).isEqualTo(3_000_010_000_000L);
        assertThat(Decimals.parse("007", 2, "q")).isEqualTo(700L);
        assertThatThrownBy(() -> Decimals.parse("0.000000001", 8, "quantity")).isInstanceOf(ApiException.class)
            .hasMessage("Parameter 'quantity' has too much precision.");
        for (final String bad : new String[] {"", ".", "1.", ".5", "-1", "+1", "1e5", "1,5", "0x10", " 1", "１"}) {
            assertThatThrownBy(() -> Decimals.parse(bad, 8, "q")).as(bad).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).error().code()).isEqualTo(-1100);
        }
        assertThatThrownBy(() -> Decimals.parse("92233720368.54775808", 8, "q")).extracting(e -> ((ApiException) e).error().code()).isEqualTo(-1108);
        assertThat(Decimals.format(150_000_000L, 8)).isEqualTo("1.50000000");
        assertThat(Decimals.format(1L, 8)).isEqualTo("0.00000001");
        assertThat(Decimals.format(-1_000_000_000L, 8)).isEqualTo("-10.00000000");
        assertThat(Decimals.stripped(2000, 4)).isEqualTo("0.2");
        assertThat(Decimals.stripped(50000, 4)).isEqualTo("5");
    }

    @Test
    void jsonEscapes() {
        assertThat(new Json().beginObject().field("a\"b", "x\\y\n\u0001").endObject().toString()).isEqualTo("{\"a\\\"b\":\"x\\\\y\\n\\u0001\"}");
    }
}
