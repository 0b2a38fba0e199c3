package io.restoredrill.core.adapter.archive;

import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * How an archive's data is compressed ({@code pg_compress_algorithm}, compress_io.c). Custom-format data blocks
 * hold a zlib stream for gzip (compress_gzip.c calls {@code deflateInit}, not the gzip wrapper), while a directory
 * dump's files are real gzip files; lz4 is the LZ4 frame format and zstd the zstd frame format in both.
 * All decoders are pure Java: the JDK's zlib, Commons Compress's LZ4 frames, aircompressor's zstd.
 */
public enum Compression {
    NONE(""), GZIP(".gz"), LZ4(".lz4"), ZSTD(".zst");

    private static final int BUFFER = 64 * 1024;

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
            case GZIP -> new ZlibInputStream(raw);
            case LZ4 -> new FramedLZ4CompressorInputStream(raw, true);
            case ZSTD -> new ZstdInputStream(raw);
        };
    }

    /** Decodes one data file of a directory or tar archive. */
    InputStream decodeFile(InputStream raw) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(raw, BUFFER);
            default -> decodeBlock(raw);
        };
    }

    /** A zlib stream whose native inflater is freed on close (InflaterInputStream frees only its default one). */
    private static final class ZlibInputStream extends InflaterInputStream {
        ZlibInputStream(InputStream raw) {
            super(raw, new Inflater(), BUFFER);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }

    String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
