package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.InputStream;

/**
 * The bytes of one data block of a custom archive, as a stream: the block is a series of chunks, each an int
 * length and that many bytes, ended by a chunk of length 0 ({@code _CustomReadFunc} in pg_backup_custom.c). Lengths
 * are checked against what is left of the archive, so a lying length fails naming the entry instead of reading
 * the next block as data.
 */
final class BlockChunks extends InputStream {

    private final ArchiveInput in;
    private final String what;
    private long left;
    private boolean ended;

    BlockChunks(ArchiveInput in, String what) {
        this.in = in;
        this.what = what;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (left == 0) {
            if (ended) {
                return -1;
            }
            long at = in.position();
            long length = in.readInt("the chunk length of " + what);
            if (length < 0) {
                throw new BackupUnusableException(in.name() + " is corrupt: " + what + " has a chunk of length "
                        + length + " at byte " + at);
            }
            if (length == 0) {
                ended = true;
                return -1;
            }
            in.requireRemaining(length, "the chunk length of " + what, at);
            left = length;
        }
        int n = in.readSome(b, off, (int) Math.min(len, left), what + " (" + left + " more bytes expected in its chunk)");
        left -= n;
        return n;
    }

    /** Skips what the decoder did not read, up to the block's end. */
    void skipToEnd() {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // skipping
        }
    }
}
