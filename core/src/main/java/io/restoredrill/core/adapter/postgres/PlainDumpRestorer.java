package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.compress.Codec;
import io.restoredrill.core.adapter.compress.Decompression;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.BackupMembers;
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
 * <p>A script written by pg_dumpall (its first lines say {@code -- PostgreSQL database cluster dump}) is a whole
 * cluster: restored into a {@link TemporaryDatabase}, its roles are created by {@link ClusterGlobals}' rules and each
 * database a {@code \connect} switches to goes into a temporary database of its own ({@link ClusterScriptTarget});
 * it must end with pg_dumpall's closing comment. One with no database in it ({@code pg_dumpall --globals-only}) is
 * not a data backup, and fails before any server is started when its end is within the header's reach.
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
    /** A cluster dump's first database header may follow many roles: read this far to find the version. */
    private static final int CLUSTER_HEADER_BYTES = 1 << 20;
    private static final int SIGNATURE_BYTES = 256;
    private static final Pattern CLUSTER_SIGNATURE =
            Pattern.compile("\\A(?:\\s*--[^\n]*\n)*?-- PostgreSQL database cluster dump\\s*\n");
    private static final Pattern CONNECT_LINE = Pattern.compile("(?m)^\\\\(?:connect|c)\\s");
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
                if (isClusterDump(head)) {
                    byte[] more = readUpTo(text, CLUSTER_HEADER_BYTES - head.length);
                    head = Arrays.copyOf(head, head.length + more.length);
                    System.arraycopy(more, 0, head, head.length - more.length, more.length);
                }
            }
        } catch (IOException e) {
            throw unreadable(backup, e);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (isClusterDump(head) && text.contains(PlainDumpScanner.CLUSTER_COMPLETE_MARKER)
                && !CONNECT_LINE.matcher(text).find()) {
            throw notADataBackup(backup);
        }
        Matcher m = DUMPED_FROM.matcher(text);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** True when the script's first lines are pg_dumpall's. */
    static boolean isClusterDump(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, SIGNATURE_BYTES), StandardCharsets.ISO_8859_1);
        return CLUSTER_SIGNATURE.matcher(start).lookingAt();
    }

    private static BackupUnusableException notADataBackup(BackupRef backup) {
        return new BackupUnusableException(backup.location() + " is not a data backup: it was written by"
                + " pg_dumpall --globals-only (or --roles-only, --tablespaces-only) and holds roles and tablespaces but"
                + " no database; back up the databases with pg_dump or a full pg_dumpall, and keep the globals file"
                + " beside them");
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target,
                                RestoreProgress progress) {
        Objects.requireNonNull(target, "target");
        return withScript(backup, dump, progress, (script, started) -> {
            if (isClusterDump(peek(script))) {
                throw new BackupUnusableException(backup.location() + " was written by pg_dumpall and holds a"
                        + " whole cluster, which restores only into a temporary database that may create others"
                        + " beside it, not into the one database " + target.describe());
            }
            return restoreScript(backup, script, target, progress, started);
        });
    }

    /**
     * A plain dump into the temporary database's own database; a pg_dumpall script into as many temporary
     * databases as it holds, beside it.
     */
    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, TemporaryDatabase target,
                                RestoreProgress progress) {
        Objects.requireNonNull(target, "target");
        return withScript(backup, dump, progress, (script, started) -> {
            if (!isClusterDump(peek(script))) {
                return restoreScript(backup, script, target.endpoint(), progress, started);
            }
            try (ClusterScriptTarget cluster = new ClusterScriptTarget(target, backup.location(), copyConnections,
                    insertsPerBatch)) {
                RestoreStats scanned = new PlainDumpScanner(script, backup.location(), cluster, progress,
                        PlainDumpScanner.CLUSTER_COMPLETE_MARKER).run();
                if (cluster.databases().isEmpty()) {
                    throw notADataBackup(backup);
                }
                log.info("restored {} databases of {} ({}); roles the server already had, left as they were: {}",
                        cluster.databases().size(), backup.location(), cluster.databases().stream()
                                .map(d -> d.name() + " as " + d.restoredAs()).toList(), cluster.existingRoles());
                return new RestoreStats(scanned.bytesRead(), scanned.rowsCopied(), scanned.statements(),
                        cluster.databases());
            }
        });
    }

    /** What a restore does with the dump's script once it is known not to be empty and is decompressed. */
    @FunctionalInterface
    private interface ScriptRestore {
        RestoreStats restore(PushbackInputStream script, long startedNanos) throws IOException;
    }

    /**
     * The part both restores share: refuse an empty dump, decompress it by its content, hand the script (whose first
     * bytes can be peeked at) to {@code restore}; a read error names the backup.
     */
    private RestoreStats withScript(BackupRef backup, InputStream dump, RestoreProgress progress,
                                    ScriptRestore restore) {
        requireSupported(backup);
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        PushbackInputStream in = new PushbackInputStream(new KeepOpen(dump), 2);
        try {
            if (isEmpty(in)) {
                throw new BackupUnusableException(backup.location() + " is empty");
            }
            try (PushbackInputStream script = new PushbackInputStream(decompressed(backup, in), SIGNATURE_BYTES)) {
                return restore.restore(script, started);
            }
        } catch (IOException e) {
            throw unreadable(backup, e);
        }
    }

    private RestoreStats restoreScript(BackupRef backup, InputStream script, DatabaseEndpoint target,
                                       RestoreProgress progress, long started) {
        try (JdbcScriptTarget jdbc = new JdbcScriptTarget(target, backup.location(), copyConnections,
                insertsPerBatch).buildingIndexesAlongside().openingAnExtraConnectionAhead()) {
            RestoreStats stats = new PlainDumpScanner(script, backup.location(), jdbc, progress).run();
            log.debug("restored {} into {}: {} statements, {} rows, {} bytes in {} ms", backup.location(),
                    target.describe(), stats.statements(), stats.rowsCopied(), stats.bytesRead(),
                    (System.nanoTime() - started) / 1_000_000);
            return stats;
        }
    }

    private static byte[] peek(PushbackInputStream script) throws IOException {
        byte[] head = readUpTo(script, SIGNATURE_BYTES);
        script.unread(head);
        return head;
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
