package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompressed data whose decoding errors (a corrupt zlib, lz4 or zstd stream) fail as an unusable backup naming
 * the TOC entry and the compression, instead of a bare {@code ZipException}.
 */
final class DecodedData extends FilterInputStream {

    private final String what;
    private final Compression compression;

    DecodedData(InputStream decoded, String what, Compression compression) {
        super(decoded);
        this.what = what;
        this.compression = compression;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private BackupUnusableException corrupt(IOException e) {
        if (compression == Compression.NONE) {
            return new BackupUnusableException(what + " cannot be read: " + e.getMessage(), e);
        }
        return new BackupUnusableException(what + " is not valid " + compression.displayName()
                + "-compressed data (" + e.getMessage() + ")", e);
    }
}
