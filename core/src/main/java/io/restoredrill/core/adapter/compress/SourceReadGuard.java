package io.restoredrill.core.adapter.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Marks failures to read the compressed input itself, so that {@link DecodingFailures} can tell "the network or
 * disk failed" (passed on unchanged) from "the data does not decode" (the backup is unusable). Decoders pass their
 * input's IOExceptions through, so the mark survives them.
 */
final class SourceReadGuard extends FilterInputStream {

    SourceReadGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    /** An IOException of the underlying input, carried through a decoder. */
    static final class SourceReadException extends IOException {
        SourceReadException(IOException original) {
            super(original.getMessage(), original);
        }

        IOException original() {
            return (IOException) getCause();
        }
    }
}
