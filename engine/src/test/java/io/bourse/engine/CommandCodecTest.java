package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static final List<Command> EVERY_KIND = List.of(
        new Command.AddAsset(1, "BTC", 8),
        new Command.AddSymbol(SymbolSpec.of(1, "BTCUSDT", 1, 2, 1_000_000, 1_000).withPriceBounds(1_000_000, 100_000_000_000_000L)
            .withQtyBounds(1_000, 900_000_000_000L).withMarketLot(1_000, 1_000, 10_000_000_000L)
            .withNotional(5_00000000L, true, 9_000_000_00000000L, false, 5).withPercentPriceBySide(50_000, 2_000, 50_000, 2_000)
            .withMaxNumOrders(200).withOrderOptions(false, StpMode.EXPIRE_BOTH)),
        new Command.SetFeeTier(3, 750, 1000),
        new Command.CreateAccount(42, 3, "DE", 2),
        new Command.Deposit(42, 2, 123_456, "tx-\u00e9"),
        new Command.Withdraw(42, 2, 456, "w-1"),
        new Command.FreezeAccount(42),
        new Command.UnfreezeAccount(42),
        new Command.SetSymbolStatus(1, SymbolStatus.HALT),
        new Command.PlaceOrder(42, 1, "x-abc", Side.SELL, OrderType.STOP_LOSS_LIMIT, TimeInForce.IOC, 1, 2, 0, 4, StpMode.NONE),
        Command.PlaceOrder.market(42, 1, Side.BUY, 5_000),
        new Command.CancelOrder(42, 1, 0, "x-abc"),
        new Command.CancelReplace(new Command.CancelOrder(42, 1, 7, null),
            Command.PlaceOrder.limit(42, 1, Side.BUY, TimeInForce.GTC, 3_000_000, 2_000).withClientOrderId("n"), true),
        new Command.CancelAll(42, 1));

    @Test
    void everyCommandKindRoundTrips() {
        for (final Command command : EVERY_KIND) {
            assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(command);
        }
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> CommandCodec.decode(new byte[] {99})).isInstanceOf(IllegalArgumentException.class);
        final byte[] place = CommandCodec.encode(Command.PlaceOrder.market(1, 1, Side.BUY, 1));
        assertThatThrownBy(() -> CommandCodec.decode(Arrays.copyOf(place, place.length - 3)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.decode(Arrays.copyOf(place, place.length + 1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
