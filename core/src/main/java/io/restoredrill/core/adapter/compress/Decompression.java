package io.restoredrill.core.adapter.compress;

import io.airlift.compress.zstd.ZstdInputStream;
import io.restoredrill.core.domain.BackupUnusableException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The one place compressed input is decoded: plain dumps ({@code .sql.gz}, {@code .sql.zst}, {@code .sql.lz4},
 * {@code .sql.bz2}, {@code .sql.xz}) and, for the archive reader, compressed data blocks and files.
 *
 * <p>Every stream returned here reports a decoding failure (truncated or corrupt input, whatever the codec's own
 * exception) as a {@link BackupUnusableException} that names the source, the codec and how far decoding got. A
 * failure to read the underlying input (a dropped S3 connection, a disk error) is not the backup's fault and is
 * passed on as the {@link IOException} it was.
 */
public final class Decompression {

    private static final Logger log = LoggerFactory.getLogger(Decompression.class);

    // Commons Compress's bzip2 and lz4 decoders read a few bytes at a time: they need a buffer under them.
    private static final int INPUT_BUFFER = 64 * 1024;
    private static final int GZIP_INPUT_BUFFER = 256 * 1024;
    // xz -9 needs 65 MiB; a header that asks for more than this is refused rather than allowed to exhaust the heap.
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    private Decompression() {
    }

    /**
     * The script a plain dump holds. The codec is recognised by the content's first bytes: a file named as plain SQL
     * that is in fact compressed is decoded all the same (a dump's name often loses its ending on the way to
     * storage); a file whose name announces a codec must hold that codec's data, else it is unusable, since a
     * backup that is not what it claims to be is a broken backup.
     *
     * @param raw    the stored bytes, not empty; the caller still owns (and closes) it
     * @param named  the codec the file name announces ({@link Codec#NONE} for {@code .sql})
     * @param source the backup's location, for messages
     * @throws BackupUnusableException when the content contradicts the name or uses a format not supported
     */
    public static InputStream plainScript(InputStream raw, Codec named, String source) throws IOException {
        Objects.requireNonNull(named, "named");
        PushbackInputStream in = new PushbackInputStream(raw, Codec.MAGIC_LENGTH);
        byte[] head = in.readNBytes(Codec.MAGIC_LENGTH);
        in.unread(head);
        Codec found = Codec.ofMagic(head, head.length);
        Codec.unsupportedFormatOf(head, head.length).ifPresent(format -> {
            throw new BackupUnusableException(source + " is compressed in " + format);
        });
        if (named == Codec.NONE) {
            if (found != Codec.NONE) {
                log.info("{} is {}-compressed, though its name says plain SQL: decoding it as {}", source,
                        found.displayName(), found.displayName());
                return decoding(in, found, source);
            }
            return in;
        }
        if (found != named) {
            throw new BackupUnusableException(source + " is not " + named.displayName() + "-compressed, though its"
                    + " name ends in " + named.fileSuffix() + ": " + describe(found, head));
        }
        return decoding(in, named, source);
    }

    /**
     * {@code raw} decoded as {@code codec}, without looking at its content first: for data whose codec is known
     * from elsewhere (an archive's header, a directory archive's file name).
     *
     * @param raw    the compressed bytes; closing the returned stream closes it
     * @param source what the data is (a file, "TOC entry 3361 in x.dump"), for messages
     * @throws BackupUnusableException when the codec's header cannot be read
     */
    public static InputStream decoding(InputStream raw, Codec codec, String source) throws IOException {
        Objects.requireNonNull(codec, "codec");
        if (codec == Codec.NONE) {
            return raw;
        }
        InputStream guarded = new SourceReadGuard(raw);
        try {
            return new DecodingFailures(open(codec, guarded), codec, source);
        } catch (SourceReadGuard.SourceReadException e) {
            throw e.original();
        } catch (IOException | RuntimeException e) {
            // Most decoders read their stream header in the constructor.
            throw DecodingFailures.unusable(source, codec, 0, e);
        }
    }

    /**
     * The bare decoder of {@code codec} over {@code in}, without {@link #decoding}'s failure messages: for a caller
     * that words failures itself (the archive reader names the TOC entry).
     */
    public static InputStream decoder(Codec codec, InputStream in) throws IOException {
        return open(codec, in);
    }

    private static InputStream open(Codec codec, InputStream in) throws IOException {
        return switch (codec) {
            case GZIP -> new GZIPInputStream(in, GZIP_INPUT_BUFFER);
            case ZSTD -> new ZstdInputStream(new BufferedInputStream(in, INPUT_BUFFER));
            // decompressConcatenated: pbzip2, lz4 with several frames and `cat a.lz4 b.lz4` write several streams.
            case LZ4 -> new FramedLZ4CompressorInputStream(new BufferedInputStream(in, INPUT_BUFFER), true);
            case BZIP2 -> new BZip2CompressorInputStream(new BufferedInputStream(in, INPUT_BUFFER), true);
            case XZ -> new XZInputStream(new BufferedInputStream(in, INPUT_BUFFER), XZ_MEMORY_LIMIT_KIB);
            case ZLIB -> new ZlibInputStream(in);
            case NONE -> throw new IllegalArgumentException("nothing to decode");
        };
    }

    /** InflaterInputStream with a buffer of our size frees its Inflater's native memory on close only if told to. */
    private static final class ZlibInputStream extends InflaterInputStream {
        ZlibInputStream(InputStream in) {
            super(in, new Inflater(), GZIP_INPUT_BUFFER);
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

    private static String describe(Codec found, byte[] head) {
        if (found != Codec.NONE) {
            return "its content is " + found.displayName() + "-compressed (rename it to end in " + found.fileSuffix()
                    + ", or to .sql to have the content decide)";
        }
        if (head.length == 0) {
            return "it is empty";
        }
        return "its first bytes are " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(head.length, 6));
    }
}
