package io.restoredrill.core.adapter.compress;

import io.restoredrill.core.domain.BackupFormat;

import java.util.Optional;

/**
 * The compression codecs restore-drill decodes, each recognised by the magic bytes its format starts with. All of
 * them are decoded in pure Java, so they work inside Lambda as well as locally.
 */
public enum Codec {
    /** Not compressed. */
    NONE("uncompressed", ""),
    /** gzip (RFC 1952), one or more members, as {@code gzip} and {@code pigz} write it. */
    GZIP("gzip", ".gz"),
    /** Zstandard frames (RFC 8878), as {@code zstd} and {@code pg_dump -Z zstd} write them. */
    ZSTD("zstd", ".zst"),
    /** The LZ4 frame format, as the {@code lz4} program and {@code pg_dump -Z lz4} write it. */
    LZ4("lz4", ".lz4"),
    /** bzip2, one or more streams, as {@code bzip2} and {@code pbzip2} write it. */
    BZIP2("bzip2", ".bz2"),
    /** The .xz container (LZMA2), as {@code xz} writes it. */
    XZ("xz", ".xz"),
    /**
     * A zlib stream (RFC 1950), as pg_dump writes the data blocks of a custom-format archive compressed with gzip.
     * Never recognised by {@link #ofMagic} (two bytes of text such as {@code "x^"} make a valid zlib header, and no
     * one stores plain dumps as bare zlib): only decoded when an archive's header says so.
     */
    ZLIB("zlib", "");

    /** How many leading bytes {@link #ofMagic} looks at. */
    public static final int MAGIC_LENGTH = 10;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    private static final byte[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};
    private static final byte[] LZ4_LEGACY_MAGIC = {0x02, 0x21, 0x4c, 0x18};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00};
    // bzip2: "BZh", the block size '1'..'9', then a block header (pi) or, for an empty stream, the end mark (sqrt pi).
    // Checking all ten bytes keeps a text file that happens to start with "BZh1" from looking compressed.
    private static final byte[] BZIP2_BLOCK = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
    private static final byte[] BZIP2_END = {0x17, 0x72, 0x45, 0x38, 0x50, (byte) 0x90};

    private final String displayName;
    private final String fileSuffix;

    Codec(String displayName, String fileSuffix) {
        this.displayName = displayName;
        this.fileSuffix = fileSuffix;
    }

    /** The name people know the codec by ("zstd", "bzip2"), for messages. */
    public String displayName() {
        return displayName;
    }

    /** The file name ending the codec's own program gives its output ({@code .zst}); empty for {@link #NONE}. */
    public String fileSuffix() {
        return fileSuffix;
    }

    /**
     * The codec a plain dump's format (that is, its file name) announces.
     *
     * @throws IllegalArgumentException for a format that is not a plain SQL script
     */
    public static Codec ofPlainFormat(BackupFormat format) {
        return switch (format) {
            case PLAIN_SQL -> NONE;
            case GZIP_SQL -> GZIP;
            case ZSTD_SQL -> ZSTD;
            case LZ4_SQL -> LZ4;
            case BZIP2_SQL -> BZIP2;
            case XZ_SQL -> XZ;
            default -> throw new IllegalArgumentException(format + " is not a plain SQL dump");
        };
    }

    /**
     * The codec whose format starts with these bytes; {@link #NONE} when none does (plain text, or a format this
     * enum does not know).
     *
     * @param head   the first bytes of the stream (up to {@link #MAGIC_LENGTH} are looked at)
     * @param length how many bytes of {@code head} are valid (a stream may be shorter than the magic)
     */
    public static Codec ofMagic(byte[] head, int length) {
        if (startsWith(head, length, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, length, ZSTD_MAGIC)) {
            return ZSTD;
        }
        if (startsWith(head, length, LZ4_MAGIC)) {
            return LZ4;
        }
        if (startsWith(head, length, XZ_MAGIC)) {
            return XZ;
        }
        if (isBzip2(head, length)) {
            return BZIP2;
        }
        return NONE;
    }

    /**
     * A format that is recognisably compressed but that restore-drill does not decode, named for a message: today
     * only the legacy LZ4 format ({@code lz4 -l}).
     */
    static Optional<String> unsupportedFormatOf(byte[] head, int length) {
        return startsWith(head, length, LZ4_LEGACY_MAGIC)
                ? Optional.of("the legacy lz4 format (lz4 -l), which restore-drill does not read; compress with lz4's"
                        + " default frame format instead")
                : Optional.empty();
    }

    private static boolean isBzip2(byte[] head, int length) {
        if (length < 10 || head[0] != 'B' || head[1] != 'Z' || head[2] != 'h' || head[3] < '1' || head[3] > '9') {
            return false;
        }
        boolean block = true;
        boolean end = true;
        for (int i = 0; i < 6; i++) {
            block &= head[4 + i] == BZIP2_BLOCK[i];
            end &= head[4 + i] == BZIP2_END[i];
        }
        return block || end;
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
