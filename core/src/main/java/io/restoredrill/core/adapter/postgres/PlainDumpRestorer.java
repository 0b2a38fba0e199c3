package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.compress.Codec;
import io.restoredrill.core.adapter.compress.Decompression;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores plain pg_dump scripts ({@code .sql}, and {@code .sql.gz} compressed with gzip) in pure Java, with the
 * semantics of {@code psql -v ON_ERROR_STOP=1 -f dump.sql}: statements run one by one in autocommit (except runs
 * of INSERTs, which go in batches of one transaction each), COPY blocks go through PgJDBC's COPY API, and the first
 * error stops the restore, naming its line. The dump is streamed through a fixed
 * buffer, so a dump of any size restores with a small heap.
 *
 * <p>Everything is restored into the target database: {@code \connect} lines are ignored and statements about
 * whole databases ({@code CREATE DATABASE}, {@code ALTER DATABASE}, ...) are skipped. A dump that does not end
 * with pg_dump's closing comment counts as truncated.
 *
 * <p>The other codecs work the same as gzip: {@code .sql.zst}, {@code .sql.lz4}, {@code .sql.bz2} and
 * {@code .sql.xz} are decoded on the way in by {@link Decompression}, which also decodes a compressed dump named
 * {@code .sql}.
 */
public final class PlainDumpRestorer implements BackupRestorer {

    private static final Logger log = LoggerFactory.getLogger(PlainDumpRestorer.class);

    /** Connections a large COPY is spread over, unless told otherwise. */
    public static final int DEFAULT_COPY_CONNECTIONS = 2;

    private static final int HEADER_BYTES = 8 * 1024;
    private static final Pattern DUMPED_FROM =
            Pattern.compile("^-- Dumped from database version (\\d+)", Pattern.MULTILINE);

    private final int copyConnections;
    private final int insertsPerBatch;

    public PlainDumpRestorer() {
        this(DEFAULT_COPY_CONNECTIONS);
    }

    /**
     * @param copyConnections how many connections (each with its own server backend) load a large table's COPY
     *                        data at once; 1 loads everything on one connection, as psql does
     */
    public PlainDumpRestorer(int copyConnections) {
        this(copyConnections, InsertBatch.DEFAULT_MAX_STATEMENTS);
    }

    /**
     * @param insertsPerBatch how many consecutive INSERTs go to the server as one transaction; 1 runs each on its
     *                        own (benchmark/loader-vs-psql.sh measures the difference)
     */
    public PlainDumpRestorer(int copyConnections, int insertsPerBatch) {
        if (copyConnections < 1) {
            throw new IllegalArgumentException("copyConnections must be at least 1, not " + copyConnections);
        }
        if (insertsPerBatch < 1) {
            throw new IllegalArgumentException("insertsPerBatch must be at least 1, not " + insertsPerBatch);
        }
        this.copyConnections = copyConnections;
        this.insertsPerBatch = insertsPerBatch;
    }

    @Override
    public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
        requireSupported(backup);
        byte[] head;
        try {
            PushbackInputStream in = new PushbackInputStream(new KeepOpen(dumpHead), 2);
            if (isEmpty(in)) {
                return Optional.empty();
            }
            try (InputStream text = decompressed(backup, in)) {
                head = readUpTo(text, HEADER_BYTES);
            }
        } catch (IOException e) {
            throw unreadable(backup, e);
        }
        Matcher m = DUMPED_FROM.matcher(new String(head, StandardCharsets.ISO_8859_1));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target,
                                RestoreProgress progress) {
        requireSupported(backup);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        PushbackInputStream in = new PushbackInputStream(new KeepOpen(dump), 2);
        try {
            if (isEmpty(in)) {
                throw new BackupUnusableException(backup.location() + " is empty");
            }
            try (InputStream script = decompressed(backup, in);
                 JdbcScriptTarget jdbc = new JdbcScriptTarget(target, backup.location(), copyConnections,
                         insertsPerBatch)) {
                RestoreStats stats = new PlainDumpScanner(script, backup.location(), jdbc, progress).run();
                log.debug("restored {} into {}: {} statements, {} rows, {} bytes in {} ms", backup.location(),
                        target.describe(), stats.statements(), stats.rowsCopied(), stats.bytesRead(),
                        (System.nanoTime() - started) / 1_000_000);
                return stats;
            }
        } catch (IOException e) {
            throw unreadable(backup, e);
        }
    }

    private static void requireSupported(BackupRef backup) {
        if (!backup.format().isPlainSql()) {
            throw new IllegalArgumentException(PlainDumpRestorer.class.getSimpleName() + " restores plain SQL dumps"
                    + " (.sql, compressed or not), not " + backup.format() + " (" + backup.name() + ")");
        }
    }

    /** The script's bytes, decoded when compressed (see {@link Decompression#plainScript} for the naming rules). */
    private static InputStream decompressed(BackupRef backup, InputStream in) throws IOException {
        return Decompression.plainScript(in, Codec.ofPlainFormat(backup.format()), backup.location());
    }

    private static boolean isEmpty(PushbackInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return true;
        }
        in.unread(first);
        return false;
    }

    private static byte[] readUpTo(InputStream in, int max) throws IOException {
        byte[] out = new byte[max];
        int n = 0;
        try {
            while (n < max) {
                int r = in.read(out, n, max - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (BackupUnusableException e) {
            // A compressed stream cut short: the header may still be all there; restore() reports the truncation.
            log.debug("dump header: compressed stream ends early after {} bytes", n);
        }
        return Arrays.copyOf(out, n);
    }

    private static BackupUnusableException unreadable(BackupRef backup, IOException e) {
        return new BackupUnusableException("cannot read " + backup.location() + ": " + e.getMessage(), e);
    }

    /** The caller owns the stream it passed in; closing our decompressor (to free its native memory) must not close it. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }
    }
}
