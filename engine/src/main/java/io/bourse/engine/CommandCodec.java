package io.bourse.engine;

/**
 * The binary form of every {@link Command}, for the journal and the wire: one type byte, then the record's fields
 * in declaration order, big-endian; strings as a 4-byte length (-1 for null) and UTF-8 bytes; enums as one byte
 * ordinal (-1 for null). The type bytes below are part of the journal format and never change meaning.
 */
public final class CommandCodec {
    static final int ADD_ASSET = 1;
    static final int ADD_SYMBOL = 2;
    static final int SET_FEE_TIER = 3;
    static final int CREATE_ACCOUNT = 4;
    static final int DEPOSIT = 5;
    static final int WITHDRAW = 6;
    static final int FREEZE_ACCOUNT = 7;
    static final int UNFREEZE_ACCOUNT = 8;
    static final int SET_SYMBOL_STATUS = 9;
    static final int PLACE_ORDER = 10;
    static final int CANCEL_ORDER = 11;
    static final int CANCEL_REPLACE = 12;
    static final int CANCEL_ALL = 13;
    /** The encoder's first buffer: a typical command fits (a symbol spec grows it), without a snapshot's 64 KiB per call. */
    private static final int ENCODE_CAPACITY = 256;

    private CommandCodec() {
    }

    /** The command as bytes. */
    public static byte[] encode(final Command command) {
        final SnapshotWriter out = new SnapshotWriter(ENCODE_CAPACITY);
        write(out, command);
        return out.toByteArray();
    }

    /** The command these bytes hold; throws {@link IllegalArgumentException} if they hold no valid command. */
    public static Command decode(final byte[] bytes) {
        final SnapshotReader in = new SnapshotReader(bytes);
        final Command command;
        try {
            command = read(in);
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException("not a valid command: " + e.getMessage(), e);
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after command");
        }
        return command;
    }

    private static void write(final SnapshotWriter out, final Command command) {
        switch (command) {
            case Command.AddAsset c -> {
                out.writeByte(ADD_ASSET);
                out.writeInt(c.assetId());
                out.writeString(c.name());
                out.writeInt(c.scale());
            }
            case Command.AddSymbol c -> {
                out.writeByte(ADD_SYMBOL);
                Engine.writeSpec(out, c.spec());
            }
            case Command.SetFeeTier c -> {
                out.writeByte(SET_FEE_TIER);
                out.writeInt(c.tier());
                out.writeLong(c.makerFeePpm());
                out.writeLong(c.takerFeePpm());
            }
            case Command.CreateAccount c -> {
                out.writeByte(CREATE_ACCOUNT);
                out.writeLong(c.accountId());
                out.writeInt(c.feeTier());
                out.writeString(c.country());
                out.writeInt(c.kycTier());
            }
            case Command.Deposit c -> {
                out.writeByte(DEPOSIT);
                out.writeLong(c.accountId());
                out.writeInt(c.assetId());
                out.writeLong(c.amount());
                out.writeString(c.reference());
            }
            case Command.Withdraw c -> {
                out.writeByte(WITHDRAW);
                out.writeLong(c.accountId());
                out.writeInt(c.assetId());
                out.writeLong(c.amount());
                out.writeString(c.reference());
            }
            case Command.FreezeAccount c -> {
                out.writeByte(FREEZE_ACCOUNT);
                out.writeLong(c.accountId());
            }
            case Command.UnfreezeAccount c -> {
                out.writeByte(UNFREEZE_ACCOUNT);
                out.writeLong(c.accountId());
            }
            case Command.SetSymbolStatus c -> {
                out.writeByte(SET_SYMBOL_STATUS);
                out.writeInt(c.symbolId());
                out.writeEnum(c.status());
            }
            case Command.PlaceOrder c -> {
                out.writeByte(PLACE_ORDER);
                writePlace(out, c);
            }
            case Command.CancelOrder c -> {
                out.writeByte(CANCEL_ORDER);
                writeCancel(out, c);
            }
            case Command.CancelReplace c -> {
                out.writeByte(CANCEL_REPLACE);
                writeCancel(out, c.cancel());
                writePlace(out, c.newOrder());
                out.writeBoolean(c.allowFailure());
            }
            case Command.CancelAll c -> {
                out.writeByte(CANCEL_ALL);
                out.writeLong(c.accountId());
                out.writeInt(c.symbolId());
            }
        }
    }

    private static void writePlace(final SnapshotWriter out, final Command.PlaceOrder c) {
        out.writeLong(c.accountId());
        out.writeInt(c.symbolId());
        out.writeString(c.clientOrderId());
        out.writeEnum(c.side());
        out.writeEnum(c.type());
        out.writeEnum(c.timeInForce());
        out.writeLong(c.price());
        out.writeLong(c.quantity());
        out.writeLong(c.quoteOrderQty());
        out.writeLong(c.stopPrice());
        out.writeEnum(c.stpMode());
    }

    private static Command.PlaceOrder readPlace(final SnapshotReader in) {
        return new Command.PlaceOrder(in.readLong(), in.readInt(), in.readString(), in.readEnum(Side.values()),
            in.readEnum(OrderType.values()), in.readEnum(TimeInForce.values()), in.readLong(), in.readLong(), in.readLong(),
            in.readLong(), in.readEnum(StpMode.values()));
    }

    private static void writeCancel(final SnapshotWriter out, final Command.CancelOrder c) {
        out.writeLong(c.accountId());
        out.writeInt(c.symbolId());
        out.writeLong(c.orderId());
        out.writeString(c.clientOrderId());
    }

    private static Command.CancelOrder readCancel(final SnapshotReader in) {
        return new Command.CancelOrder(in.readLong(), in.readInt(), in.readLong(), in.readString());
    }

    private static Command read(final SnapshotReader in) {
        final int type = in.readByte();
        return switch (type) {
            case ADD_ASSET -> new Command.AddAsset(in.readInt(), in.readString(), in.readInt());
            case ADD_SYMBOL -> new Command.AddSymbol(Engine.readSpec(in));
            case SET_FEE_TIER -> new Command.SetFeeTier(in.readInt(), in.readLong(), in.readLong());
            case CREATE_ACCOUNT -> new Command.CreateAccount(in.readLong(), in.readInt(), in.readString(), in.readInt());
            case DEPOSIT -> new Command.Deposit(in.readLong(), in.readInt(), in.readLong(), in.readString());
            case WITHDRAW -> new Command.Withdraw(in.readLong(), in.readInt(), in.readLong(), in.readString());
            case FREEZE_ACCOUNT -> new Command.FreezeAccount(in.readLong());
            case UNFREEZE_ACCOUNT -> new Command.UnfreezeAccount(in.readLong());
            case SET_SYMBOL_STATUS -> new Command.SetSymbolStatus(in.readInt(), in.readEnum(SymbolStatus.values()));
            case PLACE_ORDER -> readPlace(in);
            case CANCEL_ORDER -> readCancel(in);
            case CANCEL_REPLACE -> new Command.CancelReplace(readCancel(in), readPlace(in), in.readBoolean());
            case CANCEL_ALL -> new Command.CancelAll(in.readLong(), in.readInt());
            default -> throw new IllegalArgumentException("unknown command type " + type);
        };
    }
}
