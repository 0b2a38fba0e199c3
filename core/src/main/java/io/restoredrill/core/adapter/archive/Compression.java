package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.adapter.compress.Codec;
import io.restoredrill.core.adapter.compress.Decompression;


import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * How an archive's data is compressed ({@code pg_compress_algorithm}, compress_io.c). Custom-format data blocks
 * hold a zlib stream for gzip (compress_gzip.c calls {@code deflateInit}, not the gzip wrapper), while a directory
 * dump's files are real gzip files; lz4 is the LZ4 frame format and zstd the zstd frame format in both.
 * The decoders are the plain dumps' ({@link Decompression}), all pure Java.
 */
public enum Compression {
    NONE(""), GZIP(".gz"), LZ4(".lz4"), ZSTD(".zst");

    private final String fileSuffix;

    Compression(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    /** The algorithm byte of archive headers from 1.15 on; empty for a value pg_dump never wrote. */
    static Optional<Compression> ofAlgorithm(int algorithm) {
        return algorithm >= 0 && algorithm < values().length ? Optional.of(values()[algorithm]) : Optional.empty();
    }

    /** What pg_dump appends to a directory dump's data file names. */
    String fileSuffix() {
        return fileSuffix;
    }

    /** Decodes one data block of a custom archive (the bytes of its chunks, in order). */
    InputStream decodeBlock(InputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> Decompression.decoder(Codec.ZLIB, raw);
            case LZ4 -> Decompression.decoder(Codec.LZ4, raw);
            case ZSTD -> Decompression.decoder(Codec.ZSTD, raw);
        };
    }

    /** Decodes one data file of a directory or tar archive. */
    InputStream decodeFile(InputStream raw) throws IOException {
        return switch (this) {
            case GZIP -> Decompression.decoder(Codec.GZIP, raw);
            default -> decodeBlock(raw);
        };
    }

    String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
