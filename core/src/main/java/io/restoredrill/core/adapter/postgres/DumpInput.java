package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A plain dump as {@link PlainDumpScanner} reads it: a fixed window over the stream ({@code buf[pos, limit)}), how
 * many bytes went before the window, and the dump's line at {@code pos}. The lexer and the COPY reader move
 * {@code pos} and {@code line} themselves, on the restore's hottest path, so the fields are the interface; only
 * {@link #fill()} moves the window.
 *
 * <p>Memory does not grow with the dump: the window is {@link #BUFFER_SIZE} bytes whatever its size.
 */
final class DumpInput {

    static final int BUFFER_SIZE = 1 << 20;

    final byte[] buf = new byte[BUFFER_SIZE];
    int pos;
    int limit;
    /** The dump's line at {@code pos}, counted from 1. */
    long line = 1;

    private final InputStream in;
    private final String dumpName;
    private boolean eof;
    /** Bytes of the dump that were before {@code buf[0]}. */
    private long discarded;

    DumpInput(InputStream in, String dumpName) {
        this.in = in;
        this.dumpName = dumpName;
    }

    String dumpName() {
        return dumpName;
    }

    /** True once the stream has ended: what is in the window is all that is left. */
    boolean atEnd() {
        return eof;
    }

    /** Makes more bytes available after {@code limit}, keeping those from {@code pos}; false at end of dump. */
    boolean fill() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            discarded += pos;
            pos = 0;
            limit = keep;
        }
        int before = limit;
        try {
            while (limit < buf.length) {
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                    break;
                }
                limit += n;
            }
        } catch (EOFException | ZipException e) {
            throw new BackupUnusableException(dumpName + " is truncated or corrupt: the compressed stream breaks off"
                    + " after " + (discarded + limit) + " uncompressed bytes (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackupUnusableException("cannot read " + dumpName + " after " + (discarded + limit)
                    + " bytes: " + e.getMessage(), e);
        }
        return limit > before;
    }

    /** The byte {@code k} ahead of {@code pos}, or -1 past the end of the dump. */
    int peek(int k) {
        while (pos + k >= limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buf[pos + k];
    }

    /** Bytes of the dump before {@code pos}. */
    long bytesConsumed() {
        return discarded + pos;
    }

    BackupUnusableException truncated(String why) {
        return new BackupUnusableException(dumpName + " is truncated: " + why);
    }
}
