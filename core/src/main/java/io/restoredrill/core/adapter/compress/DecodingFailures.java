package io.restoredrill.core.adapter.compress;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decoder's output, with its failures turned into one specific message. Codecs fail in their own ways
 * (java.util.zip's EOFException and ZipException, aircompressor's unchecked MalformedInputException, Commons
 * Compress's and XZ for Java's IOExceptions, and on hostile input an index or argument exception from deep inside
 * a decoder); each becomes a {@link BackupUnusableException} naming the source, the codec and how many decoded bytes
 * came out before it.
 */
final class DecodingFailures extends FilterInputStream {

    private final Codec codec;
    private final String source;
    private long decoded;

    DecodingFailures(InputStream decoder, Codec codec, String source) {
        super(decoder);
        this.codec = codec;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                decoded++;
            }
            return b;
        } catch (SourceReadGuard.SourceReadException e) {
            throw e.original();
        } catch (IOException | RuntimeException e) {
            throw unusable(source, codec, decoded, e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            if (n > 0) {
                decoded += n;
            }
            return n;
        } catch (SourceReadGuard.SourceReadException e) {
            throw e.original();
        } catch (IOException | RuntimeException e) {
            throw unusable(source, codec, decoded, e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // Through read(), so that a skip over corrupt data fails the same way.
        byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    static BackupUnusableException unusable(String source, Codec codec, long decoded, Exception e) {
        String detail = e.getMessage() != null ? e.getMessage()
                : e instanceof java.io.EOFException ? "the data ends before the stream does" : e.getClass().getSimpleName();
        return new BackupUnusableException(source + " is truncated or corrupt: its " + codec.displayName()
                + " data cannot be decoded after " + decoded + " uncompressed bytes (" + detail + ")", e);
    }
}
